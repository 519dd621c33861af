// The daily health check's checks, each one answer: ok or a problem, in one line an admin can act on.
// Nothing here throws; a check that cannot run is itself a problem.

import { oktaCredentials } from '../config';
import { asOffboardError } from '../errors';
import type { AppContext } from '../handlers/context';
import type { OktaCall } from '../okta/requests';
import { STALE_QUEUE_MS } from '../run/engine';
import { OFFBOARDING_SPEC } from '../run/runsTable';
import { loadPlan } from '../run/plan';
import { googleWorkspaceFinding } from '../google/health';
import { readSettings, SETTINGS_SPEC } from '../sheet/settings';
import { pendingAudit } from '../sheet/auditLog';
import { openTable, type TabSpec } from '../sheet/table';
import { APPROVED_USERS_SPEC, AUDIT_LOG_SPEC, QUEUE_SPEC, RUN_DETAILS_SPEC, TASKS_SPEC } from '../sheet/tabs';
import { CONFIRM_WARN_MS, decodeSamples, latencyFigures, type LatencyFigures } from './latency';
import { describeWorker, ensureOneWorker } from './workerTrigger';

export type CheckName =
  | 'okta credential'
  | 'slack bot'
  | 'report channel'
  | 'worker trigger'
  | 'tabs and headers'
  | 'settings'
  | 'active runs'
  | 'google authorization'
  | 'google workspace'
  | 'click latency';

export interface Finding {
  check: CheckName;
  ok: boolean;
  text: string;
}

/** How far back the click figures look. */
export const LATENCY_WINDOW_MS = 7 * 24 * 60 * 60_000;
/** The channel probe is scheduled this far ahead (Slack allows up to 120 days) and deleted at once. */
const PROBE_AHEAD_S = 100 * 24 * 60 * 60;

export function runChecks(ctx: AppContext): Finding[] {
  const checks: [CheckName, (ctx: AppContext) => Omit<Finding, 'check'>][] = [
    ['okta credential', oktaCredential],
    ['slack bot', slackBot],
    ['report channel', reportChannel],
    ['worker trigger', workerTrigger],
    ['tabs and headers', tabsAndHeaders],
    ['settings', settingsValues],
    ['active runs', activeRuns],
    ['google authorization', googleAuthorization],
    ['google workspace', googleWorkspace],
    ['click latency', clickLatency],
  ];
  return checks.map(([check, run]) => {
    try {
      return { check, ...run(ctx) };
    } catch (e) {
      return { check, ok: false, text: `the check failed: ${asOffboardError(e).message}` };
    }
  });
}

/** A harmless read that needs only okta.users.read: one user, whoever it is. */
const LIST_ONE_USER: OktaCall = {
  operation: 'listUsers',
  method: 'GET',
  path: '/api/v1/users',
  query: { limit: '1' },
};

/**
 * SSWS: the token's owner (GET /users/me), who must be active; the call also keeps the token from
 * expiring after 30 idle days. OAuth: the service app gets a token and may read users.
 */
function oktaCredential(ctx: AppContext): Omit<Finding, 'check'> {
  const credentials = oktaCredentials(ctx.config);
  if (credentials.mode === 'none' || credentials.mode === 'incomplete') {
    return { ok: false, text: 'no Okta credential is configured (run Check configuration)' };
  }
  const client = ctx.okta(ctx.services.clock.now() + 20_000);
  if (credentials.mode === 'oauth') {
    const r = client.send(LIST_ONE_USER);
    if (!r.ok)
      return { ok: false, text: `the OAuth service app does not work (${r.error.code}: ${r.error.summary})` };
    return {
      ok: true,
      text: `the OAuth service app ${credentials.clientId} works${credentials.dpop ? ' (DPoP)' : ''}`,
    };
  }
  const r = client.send<{ status?: string; profile?: { login?: string } }>({
    operation: 'getUser',
    method: 'GET',
    path: '/api/v1/users/me',
  });
  if (!r.ok) return { ok: false, text: `the API token does not work (${r.error.code}: ${r.error.summary})` };
  const login = r.body.profile?.login ?? 'an unnamed admin';
  if (r.body.status !== undefined && r.body.status !== 'ACTIVE') {
    return {
      ok: false,
      text: `the API token acts as ${login}, who is ${r.body.status}: the token stops working with them; move to an OAuth service app`,
    };
  }
  return {
    ok: true,
    text: `the API token works, acting as ${login} (SSWS; an OAuth service app is recommended)`,
  };
}

function slackBot(ctx: AppContext): Omit<Finding, 'check'> {
  const r = ctx.slack().authTest();
  if (!r.ok) return { ok: false, text: `the bot token does not work (${r.error})` };
  return { ok: true, text: `the bot token works in ${r.value.team}` };
}

/** Whether the bot may post there, learned without posting: schedule far ahead, then delete. */
function reportChannel(ctx: AppContext): Omit<Finding, 'check'> {
  const channel = ctx.config.slackReportChannel;
  if (!channel) return { ok: false, text: 'SLACK_REPORT_CHANNEL is not set' };
  const slack = ctx.slack();
  const probe = slack.scheduleMessage({
    channel,
    text: 'Offboard health check probe (deleted at once; never posted).',
    postAt: Math.floor(ctx.services.clock.now() / 1000) + PROBE_AHEAD_S,
  });
  if (!probe.ok) {
    const hint = probe.error === 'not_in_channel' ? ': invite the Offboard app to the channel' : '';
    return {
      ok: false,
      text: `the bot cannot post in the report channel ${channel} (${probe.error})${hint}`,
    };
  }
  const deleted = slack.deleteScheduledMessage(channel, probe.value.id);
  if (!deleted.ok) {
    return {
      ok: false,
      text: `the probe message ${probe.value.id} could not be deleted (${deleted.error}); delete it in Slack`,
    };
  }
  return { ok: true, text: `the bot may post in the report channel ${channel}` };
}

function workerTrigger(ctx: AppContext): Omit<Finding, 'check'> {
  const setup = ensureOneWorker(ctx.services);
  return {
    ok: setup.kind !== 'created',
    text: describeWorker(ctx.services, setup) + (setup.kind === 'created' ? ' (it was missing)' : ''),
  };
}

function tabsAndHeaders(ctx: AppContext): Omit<Finding, 'check'> {
  const ss = ctx.services.spreadsheet();
  const specs: TabSpec[] = [
    APPROVED_USERS_SPEC,
    TASKS_SPEC,
    OFFBOARDING_SPEC,
    AUDIT_LOG_SPEC,
    RUN_DETAILS_SPEC,
    SETTINGS_SPEC,
    QUEUE_SPEC,
  ];
  const problems: string[] = [];
  for (const spec of specs) {
    try {
      const header = openTable(ss, spec).readHeader();
      if (header.missing.length)
        problems.push(`${spec.name} lacks ${header.missing.map((c) => `"${c.header}"`).join(', ')}`);
    } catch (e) {
      problems.push(asOffboardError(e).message);
    }
  }
  return problems.length
    ? { ok: false, text: `${problems.join('; ')} (run setup)` }
    : { ok: true, text: `all ${specs.length} tabs have their headers` };
}

/** Every Settings value is readable (read fresh: an unreadable one is running on its default). */
function settingsValues(ctx: AppContext): Omit<Finding, 'check'> {
  const { problems } = readSettings(ctx.services.spreadsheet());
  if (problems.length)
    return { ok: false, text: `${problems.length} setting(s) on their default: ${problems[0]}` };
  return { ok: true, text: 'every setting is readable' };
}

/**
 * Nothing waits for the worker longer than it takes (rows, Audit Log entries), and the active runs (from
 * the index) each have a readable row that agrees with them (one read per run). */
function activeRuns(ctx: AppContext): Omit<Finding, 'check'> {
  const store = ctx.runs();
  const now = ctx.services.clock.now();
  const problems = store.problems(now);
  const waiting = pendingAudit(ctx.services.properties);
  if (waiting.oldest !== null && now - waiting.oldest > STALE_QUEUE_MS)
    problems.push(
      `${waiting.count} Audit Log entr${waiting.count === 1 ? 'y waits' : 'ies wait'} in Script Properties for the worker since ${new Date(waiting.oldest).toISOString()}`,
    );
  if (problems.length)
    return { ok: false, text: `${problems.length} active run(s) to look at: ${problems[0]}` };
  return { ok: true, text: `${store.active().length} active run(s), each with a row that agrees` };
}

function googleAuthorization(ctx: AppContext): Omit<Finding, 'check'> {
  return ctx.services.account.authorizationRequired()
    ? {
        ok: false,
        text: 'some Google permissions were not granted: an admin should run setup and allow them all',
      }
    : { ok: true, text: 'every Google permission is granted' };
}

/** The Google tasks ticked in the Tasks tab can reach Google (the advanced service, a harmless read). */
function googleWorkspace(ctx: AppContext): Omit<Finding, 'check'> {
  let plan: { id: string; label: string }[];
  try {
    plan = loadPlan(ctx.services.spreadsheet(), ctx.services.cache);
  } catch {
    return { ok: true, text: 'not checked: the Tasks tab does not read (see tabs and headers)' };
  }
  return googleWorkspaceFinding({
    google: ctx.services.google,
    enabledLabels: plan.filter((t) => t.id.startsWith('google_')).map((t) => t.label),
    deployerEmail: ctx.services.account.email(),
  });
}

function clickLatency(ctx: AppContext): Omit<Finding, 'check'> {
  const samples = decodeSamples(ctx.config.clickLatency);
  const since = ctx.services.clock.now() - LATENCY_WINDOW_MS;
  const confirm = latencyFigures(samples, 'confirm', since);
  const other = latencyFigures(samples, 'other', since);
  const parts = [
    confirm && `Confirm ${describe(confirm)}`,
    other && `other clicks ${describe(other)}`,
  ].filter(Boolean);
  if (parts.length === 0) return { ok: true, text: 'no button clicks in the last 7 days' };
  const text = parts.join('; ');
  if (confirm && confirm.total.p95 >= CONFIRM_WARN_MS) {
    return { ok: false, text: `${text}: Confirm nears Slack's 3 s limit` };
  }
  return { ok: true, text };
}

function describe(f: LatencyFigures): string {
  const s = (ms: number): string => `${(ms / 1000).toFixed(2)} s`;
  return `(${f.clicks}): total median ${s(f.total.median)}, p95 ${s(f.total.p95)}; start-up median ${s(f.start.median)}, p95 ${s(f.start.p95)}`;
}
