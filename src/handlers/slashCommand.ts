// /offboard: help, status, or a request that ends in a confirmation card. Within Slack's 3 seconds:
// no trigger creation, no Okta writes, one Sheet read (Offboarding) when the caches are warm.

import { asOffboardError, OffboardError, type ErrorCode } from '../errors';
import { notRead, readAccess } from '../okta/access';
import type { OktaClient } from '../okta/client';
import type { OktaUser } from '../okta/types';
import { findTarget } from '../okta/findUser';
import { ACCESS_READ_BUDGET_MS, clickRun, LOOKUP_BUDGET_MS, requestRun } from '../run/engine';
import { formatInZone, instantOf, MAX_SCHEDULE_AHEAD_MS, type WallTime } from '../schedule';
import { readSettings } from '../sheet/settings';
import { mayClick } from './buttonClick';
import { loadPlan } from '../run/plan';
import { confirmationCard, statusBlocks } from '../run/present';
import { keepResponseUrl } from '../run/reporter';
import type { Run } from '../run/types';
import { escapeMrkdwn } from '../slack/blocks';
import { parseCommandText, type Command, type Target } from '../slack/command';
import { ephemeral, invalidCommandText, usageText, type SlackMessage } from '../slack/messages';
import type { SlashCommand } from '../slack/payloads';
import { callerEmail, identifyCaller, slackEmail, type Caller } from './caller';
import type { AppContext } from './context';

export function handleSlashCommand(ctx: AppContext, body: SlashCommand): SlackMessage {
  const command = parseCommandText(body.text ?? '');
  if (command.kind === 'help') return ephemeral(usageText());
  if (command.kind === 'invalid') {
    return ephemeral(invalidCommandText(command.reason));
  }
  const said = `/offboard ${body.text}`;
  const caller = identifyCaller(ctx, body.user_id, body.user_name, said);
  if (command.kind === 'status') {
    ctx.audit({ actor: caller.label, action: 'status', detail: said });
    return status(ctx, command);
  }
  if (command.kind === 'cancel') return cancel(ctx, caller, command.runId);
  // Exactly one Audit Log row per request, whatever its end: each row is a Sheet call on the 3-second path.
  try {
    const { reply, run, login } = request(ctx, caller, command, body);
    ctx.audit({ actor: caller.label, action: 'requested', runId: run.runId, detail: `${said} → ${login}` });
    return reply;
  } catch (e) {
    const error = asOffboardError(e);
    const runId = error.code === 'RUN_ACTIVE' ? String(error.detail.runId) : undefined;
    ctx.audit({
      actor: caller.label,
      action: `refused: ${REFUSAL[error.code] ?? error.code}`,
      runId,
      detail: `${said}: ${error.message}`,
    });
    throw error;
  }
}

const REFUSAL: Partial<Record<ErrorCode, string>> = {
  SELF_OFFBOARD: 'self-offboarding',
  RUN_ACTIVE: 'run active',
  TARGET_NOT_FOUND: 'target not found',
  TARGET_AMBIGUOUS: 'target ambiguous',
  TARGET_DEPROVISIONED: 'target deactivated',
  BAD_SCHEDULE: 'bad schedule',
};

function request(
  ctx: AppContext,
  caller: Caller,
  command: Extract<Command, { kind: 'offboard' }>,
  body: SlashCommand,
): { reply: SlackMessage; run: Run; login: string } {
  const input = body.text.trim();
  const target = command.target;
  // A scheduled time is checked before Okta is asked anything.
  const schedule = command.at ? scheduleFor(ctx, command.at) : undefined;
  const okta = ctx.okta(ctx.startedAt + LOOKUP_BUDGET_MS);
  const user = resolve(ctx, okta, caller, target);
  const mine = callerEmail(ctx, caller);
  const theirs = [user.profile.login, user.profile.email].map((x) => x?.toLowerCase());
  if (mine && theirs.includes(mine)) {
    throw new OffboardError(
      'SELF_OFFBOARD',
      `The caller asked to offboard themselves (${user.profile.login}).`,
    );
  }
  const plan = loadPlan(ctx.services.spreadsheet(), ctx.services.cache);
  // Without the signing secret no card can be made: check before anything is written.
  const signer = { crypto: ctx.services.crypto, secret: ctx.signingSecret() };
  const run = requestRun(ctx.engine(), {
    requester: { slackUserId: caller.slackUserId, name: caller.approved.name || body.user_name },
    input,
    user,
    plan,
    schedule,
  });
  keepResponseUrl(ctx.services.cache, run.runId, body.response_url, 0);
  // What is at stake, read after the run is recorded: one parallel round, never a reason to refuse.
  const late = ctx.services.clock.now() - ctx.startedAt > ACCESS_READ_BUDGET_MS;
  const access = late
    ? notRead('Okta was slow to answer; see the person in the Okta admin console')
    : readAccess(okta, user.id);
  const card = confirmationCard(run, { user, access }, signer);
  return {
    reply: ephemeral(`Confirm offboarding ${escapeMrkdwn(run.data.target.displayName)} (${run.runId})`, card),
    run,
    login: user.profile.login,
  };
}

/** The instant a typed time means in the Settings time zone, within the next year; refused otherwise. */
function scheduleFor(ctx: AppContext, at: WallTime): { startAt: number; timeZone: string } {
  const { timeZone } = readSettings(ctx.services.spreadsheet(), ctx.services.cache).settings;
  const typed = formatWall(at);
  const resolved = instantOf(at, timeZone);
  if (!resolved.ok) {
    throw new OffboardError('BAD_SCHEDULE', `${typed} does not exist in ${timeZone}.`, {
      reason: `${typed} does not exist in ${timeZone} (the clocks skip it)`,
    });
  }
  const now = ctx.services.clock.now();
  if (resolved.instant <= now) {
    throw new OffboardError('BAD_SCHEDULE', `${typed} ${timeZone} is in the past.`, {
      reason: `${typed} ${timeZone} is in the past (it is now ${formatInZone(now, timeZone)})`,
    });
  }
  if (resolved.instant - now > MAX_SCHEDULE_AHEAD_MS) {
    throw new OffboardError('BAD_SCHEDULE', `${typed} ${timeZone} is more than a year ahead.`, {
      reason: `${typed} ${timeZone} is more than a year ahead`,
    });
  }
  return { startAt: resolved.instant, timeZone };
}

function formatWall(w: WallTime): string {
  const two = (n: number): string => String(n).padStart(2, '0');
  return `${w.year}-${two(w.month)}-${two(w.day)} ${two(w.hour)}:${two(w.minute)}`;
}

/** `/offboard cancel <run id>`: the run's requester, or an approver or admin for a scheduled run. */
function cancel(ctx: AppContext, caller: Caller, runId: string): SlackMessage {
  const claim = { action: 'cancel' as const, runId, taskId: '', pauseSeq: 0, expiresAt: 0 };
  const authorize = (run: Run): void => {
    if (mayClick(caller, run, claim)) return;
    throw new OffboardError('NOT_ALLOWED', `${caller.label} may not cancel ${runId}.`, { runId });
  };
  try {
    const run = clickRun(ctx.engine(), { claim, actor: caller.label, authorize });
    return ephemeral(
      `Cancelled ${run.runId}. Nothing was changed in Okta for ${escapeMrkdwn(run.data.target.displayName)}.`,
    );
  } catch (e) {
    const error = asOffboardError(e);
    ctx.audit({ actor: caller.label, action: `refused: cancel ${error.code}`, runId, detail: error.message });
    throw error;
  }
}

/** The target as one Okta user: a mention through Slack's users.info, then an exact Okta lookup. */
function resolve(ctx: AppContext, okta: OktaClient, caller: Caller, target: Target): OktaUser {
  let query: { kind: 'email'; email: string } | { kind: 'login'; login: string };
  if (target.kind === 'slack_user') {
    if (target.userId === caller.slackUserId) {
      throw new OffboardError('SELF_OFFBOARD', 'The caller mentioned themselves.');
    }
    const email = slackEmail(ctx, target.userId);
    if (!email) {
      throw new OffboardError('TARGET_NOT_FOUND', `Slack has no email for ${target.userId}.`, {
        target: target.name ? `@${target.name}` : `<@${target.userId}>`,
      });
    }
    query = { kind: 'email', email };
  } else {
    query =
      target.kind === 'email'
        ? { kind: 'email', email: target.email }
        : { kind: 'login', login: target.login };
  }
  const found = findTarget(okta, query);
  if (!found.ok) throw found.error;
  return found.user;
}

function status(ctx: AppContext, command: Extract<Command, { kind: 'status' }>): SlackMessage {
  const q = command.query;
  // Active runs come from the index; a past run from one targeted search: never a read of the whole tab.
  const latest = ctx.runs().find(q);
  if (!latest) {
    const what =
      q.kind === 'run'
        ? q.runId
        : q.kind === 'email'
          ? q.email
          : q.kind === 'login'
            ? q.login
            : `<@${q.userId}>`;
    throw new OffboardError(
      'RUN_NOT_FOUND',
      `No run for ${what}.`,
      q.kind === 'run' ? { runId: what } : { input: what },
    );
  }
  return ephemeral(`${latest.runId}: ${latest.status}`, statusBlocks(latest));
}
