// /offboard: help, status, or a request that ends in a confirmation card. Within Slack's 3 seconds:
// no trigger creation, no Okta writes, one Sheet read (Offboarding) when the caches are warm.

import { asOffboardError, OffboardError, type ErrorCode } from '../errors';
import { oktaCredentials } from '../config';
import type { AccessAtStake, OktaSelf } from '../okta/access';
import type { OktaClient } from '../okta/client';
import type { OktaUser } from '../okta/types';
import { findTarget } from '../okta/findUser';
import {
  ACCESS_READ_BUDGET_MS,
  clickRun,
  LOOKUP_BUDGET_MS,
  publishProgress,
  requestBatch,
  requestRun,
  restoreRun,
  restoreText,
  undoRun,
} from '../run/engine';
import type { GroupResult } from '../tasks/restoreGroups';
import { formatInZone, instantOf, MAX_SCHEDULE_AHEAD_MS, type WallTime } from '../schedule';
import { mayClick } from './buttonClick';
import { confirmationCard, planCard, runsUnderWayBlocks, statusBlocks } from '../run/present';
import type { Protection } from '../run/protection';
import { cachedOktaSelf, protectionRound } from '../run/protectionRound';
import { displayName } from '../run/requests';
import { replyToOf } from '../run/reporter';
import { isActive, type Run } from '../run/types';
import { context, escapeMrkdwn, section } from '../slack/blocks';
import { parseCommandText, type Command, type ListTarget, type Target } from '../slack/command';
import { ephemeral, invalidCommandText, usageText, type SlackMessage } from '../slack/messages';
import type { SlashCommand } from '../slack/payloads';
import { callerEmail, identifyCaller, slackEmail, type Caller } from './caller';
import type { AppContext } from './context';
import { queueRequest } from './queueCommand';

export function handleSlashCommand(ctx: AppContext, body: SlashCommand): SlackMessage {
  const command = parseCommandText(body.text ?? '');
  const said = `/offboard ${body.text ?? ''}`.trim();
  // README: every request is in the Audit Log, help and malformed ones too (named as Slack sent them:
  // checking Approved Users for help would cost a Sheet read for nothing).
  const asSent = `${body.user_name || body.user_id} (${body.user_id})`;
  if (command.kind === 'help') {
    ctx.audit({ actor: asSent, action: 'help', detail: said });
    return ephemeral(usageText());
  }
  if (command.kind === 'invalid') {
    ctx.audit({ actor: asSent, action: 'refused: malformed command', detail: said });
    return ephemeral(invalidCommandText(command.reason));
  }
  const caller = identifyCaller(ctx, body.user_id, body.user_name, said);
  if (command.kind === 'status') {
    ctx.audit({ actor: caller.label, action: 'status', detail: said });
    return status(ctx, command);
  }
  if (command.kind === 'status_all') {
    ctx.audit({ actor: caller.label, action: 'status', detail: said });
    return runsUnderWay(ctx);
  }
  if (command.kind === 'cancel') return cancel(ctx, caller, command.runId);
  if (command.kind === 'restore') return restore(ctx, caller, command.runId);
  if (command.kind === 'undo') return undo(ctx, caller, command.query, said);
  // Exactly one Audit Log row per request, whatever its end: each row is a Sheet call on the 3-second path.
  try {
    if (command.kind === 'plan') {
      const { reply, login, protection } = planFor(ctx, caller, command.target);
      ctx.audit({ actor: caller.label, action: 'plan', detail: `${said} → ${login}${protection}` });
      return reply;
    }
    if (command.kind === 'queue') {
      const { reply, detail } = queueRequest(ctx, caller, body);
      ctx.audit({ actor: caller.label, action: 'requested batch from the Queue tab', detail });
      return reply;
    }
    if (command.kind === 'offboard_list') {
      const { reply, batchId } = requestList(ctx, caller, command.targets, body);
      ctx.audit({
        actor: caller.label,
        action: 'requested batch',
        detail: `${batchId}: ${command.targets.length} people: ${said}`,
      });
      return reply;
    }
    // The "requested" entry is audited by the engine, stored with the new run in one write.
    return request(ctx, caller, command, body, said);
  } catch (e) {
    const error = asOffboardError(e);
    const runId = error.code === 'RUN_ACTIVE' ? String(error.detail.runId) : undefined;
    const why = error.code === 'TARGET_PROTECTED' ? ` (${String(error.detail.why)})` : '';
    ctx.audit({
      actor: caller.label,
      action: `refused: ${REFUSAL[error.code] ?? error.code}`,
      runId,
      detail: `${said}: ${error.message}${why}`,
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
  TARGET_PROTECTED: 'protected',
  PROTECTION_UNCHECKED: 'protection not checked',
  QUEUE_NOTHING_TO_TAKE: 'nothing to take from the Queue tab',
  NOT_ALLOWED: 'not allowed',
  BAD_SCHEDULE: 'bad schedule',
};

/** The person, what is at stake, and whether they are protected: one Okta lookup, then one parallel round. */
interface Checked {
  user: OktaUser;
  access: AccessAtStake & { self?: OktaSelf | null };
  protection: Extract<Protection, { kind: 'allowed' }>;
}

/**
 * Finds the person and refuses a protected one before any card (TARGET_PROTECTED), or one Okta could not
 * clear (PROTECTION_UNCHECKED). Roles, apps, groups and, with an SSWS token not yet cached, GET /users/me
 * go in one sendAll.
 */
function lookUp(ctx: AppContext, okta: OktaClient, caller: Caller, target: Target): Checked {
  const user = resolve(ctx, okta, caller, target);
  const mine = callerEmail(ctx, caller);
  const theirs = [user.profile.login, user.profile.email].map((x) => x?.toLowerCase());
  if (mine && theirs.includes(mine)) {
    throw new OffboardError(
      'SELF_OFFBOARD',
      `The caller asked to offboard themselves (${user.profile.login}).`,
    );
  }
  const { cache } = ctx.services;
  const late = ctx.services.clock.now() - ctx.startedAt > ACCESS_READ_BUDGET_MS;
  const settings = ctx.tabs().settings().settings;
  const { access, protection } = protectionRound(okta, cache, {
    user,
    ssws: oktaCredentials(ctx.config).mode === 'ssws',
    protectedGroups: settings.protectedGroups,
    requesterRole: caller.approved.role,
    ...(late ? { notReadBecause: 'Okta was slow to answer; see the person in the Okta admin console' } : {}),
  });
  const who = { target: user.profile.login };
  if (protection.kind === 'protected') {
    throw new OffboardError(
      'TARGET_PROTECTED',
      `${user.profile.login} is protected (${protection.reason}).`,
      {
        ...who,
        why: protection.why,
        reason: protection.reason,
      },
    );
  }
  if (protection.kind === 'unchecked') {
    throw new OffboardError(
      'PROTECTION_UNCHECKED',
      `Could not check whether ${user.profile.login} is protected: no answer for ${protection.missing}.`,
      { ...who, missing: protection.missing },
    );
  }
  return { user, access, protection };
}

function request(
  ctx: AppContext,
  caller: Caller,
  command: Extract<Command, { kind: 'offboard' }>,
  body: SlashCommand,
  said: string,
): SlackMessage {
  const input = body.text.trim();
  // A scheduled time is checked before Okta is asked anything.
  const schedule = command.at ? scheduleFor(ctx, command.at) : undefined;
  const okta = ctx.okta(ctx.startedAt + LOOKUP_BUDGET_MS);
  const { user, access, protection } = lookUp(ctx, okta, caller, command.target);
  const plan = ctx.tabs().plan();
  // Without the signing secret no card can be made: check before anything is written.
  const signer = { crypto: ctx.services.crypto, secret: ctx.signingSecret() };
  const reply = replyToOf(body.response_url, ctx.services.clock.now());
  const run = requestRun(ctx.engine(), {
    requester: { slackUserId: caller.slackUserId, name: caller.approved.name || body.user_name },
    input,
    user,
    plan,
    ...(protection.needsApproval ? { needsApproval: protection.needsApproval } : {}),
    schedule,
    ...(reply ? { replyTo: reply } : {}),
    audit: { actor: caller.label, detail: `${said} → ${user.profile.login}` },
  });
  const card = confirmationCard(run, { user, access }, signer);
  return ephemeral(`Confirm offboarding ${escapeMrkdwn(run.data.target.displayName)} (${run.runId})`, card);
}

/**
 * Several people: the batch is recorded and the answer comes at once; the worker looks everyone up (about
 * 800 Okta requests for 200 people do not fit in Slack's 3 seconds) and replaces this answer with the card.
 */
function requestList(
  ctx: AppContext,
  caller: Caller,
  targets: ListTarget[],
  body: SlashCommand,
): { reply: SlackMessage; batchId: string } {
  // Checked before anything is recorded: without the signing secret no card can be made.
  ctx.signingSecret();
  const reply = replyToOf(body.response_url, ctx.services.clock.now());
  const batch = requestBatch(ctx.engine(), {
    requester: {
      slackUserId: caller.slackUserId,
      name: caller.approved.name || body.user_name,
      role: caller.approved.role,
      email: callerEmail(ctx, caller),
    },
    targets,
    ...(reply ? { replyTo: reply } : {}),
  });
  const n = targets.length;
  return {
    reply: ephemeral(
      `Looking up ${n} people in Okta (batch ${batch.batchId})… The confirmation card replaces this message within a minute or two: checking ${n} people takes longer than Slack waits for an answer. Nothing changes in Okta before you confirm.`,
    ),
    batchId: batch.batchId,
  };
}

/** `/offboard plan`: the card without Confirm; nothing is recorded but the Audit Log row. */
function planFor(
  ctx: AppContext,
  caller: Caller,
  target: Target,
): { reply: SlackMessage; login: string; protection: string } {
  const okta = ctx.okta(ctx.startedAt + LOOKUP_BUDGET_MS);
  const { user, access, protection } = lookUp(ctx, okta, caller, target);
  const plan = ctx.tabs().plan();
  const settings = ctx.tabs().settings().settings;
  const self = oktaCredentials(ctx.config).mode === 'ssws' ? cachedOktaSelf(ctx.services.cache) : undefined;
  const blocks = planCard({
    user,
    displayName: displayName(user),
    access,
    plan,
    needsApproval: protection.needsApproval,
    protectedGroups: settings.protectedGroups,
    apiAccount: self === undefined ? 'oauth' : (self?.login ?? null),
  });
  return {
    reply: ephemeral(`Plan for offboarding ${escapeMrkdwn(displayName(user))} (nothing was changed)`, blocks),
    login: user.profile.login,
    protection: protection.needsApproval ? ' (Okta admin: needs approval)' : '',
  };
}

/** The instant a typed time means in the Settings time zone, within the next year; refused otherwise. */
function scheduleFor(ctx: AppContext, at: WallTime): { startAt: number; timeZone: string } {
  const { timeZone } = ctx.tabs().settings().settings;
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

/**
 * `/offboard undo <run id or person>`: the Undo button's work (unsuspend, read back, the run ends undone
 * only when Okta shows the person ACTIVE; refused once a held task ran), reachable for one person of a
 * batch, whose batch message has no per-person buttons. The person's run in its grace period comes from
 * the index (no Sheet read when it is there). Who may: the run's requester, an approver or an admin.
 */
function undo(
  ctx: AppContext,
  caller: Caller,
  query: Extract<Command, { kind: 'undo' }>['query'],
  said: string,
): SlackMessage {
  // A person has at most one active run: find() answers from the index when there is one (no Sheet read);
  // only a person with none is searched in the Offboarding tab, to say what became of their run.
  const run = ctx.runs().find(query);
  if (!run) {
    const what = query.kind === 'run' ? query.runId : targetText(query);
    ctx.audit({ actor: caller.label, action: 'refused: undo RUN_NOT_FOUND', detail: said });
    throw new OffboardError(
      'RUN_NOT_FOUND',
      `No run for ${what}.`,
      query.kind === 'run' ? { runId: what } : { input: what },
    );
  }
  const claim = { action: 'undo' as const, runId: run.runId, taskId: '', pauseSeq: 0, expiresAt: 0 };
  const authorize = (r: Run): void => {
    if (mayClick(caller, r, claim)) return;
    throw new OffboardError('NOT_ALLOWED', `${caller.label} may not undo ${r.runId}.`, { runId: r.runId });
  };
  try {
    const engine = ctx.engine();
    const after = undoRun(engine, { claim, actor: caller.label, authorize, startedAt: ctx.startedAt });
    // The batch's counts say "undone N" at once: the member may have left the index with its row.
    if (after.data.batch) publishProgress(engine, after.data.batch, [after]);
    const who = escapeMrkdwn(after.data.target.displayName);
    return ephemeral(`${after.runId} (${who}): ${escapeMrkdwn(after.message)}`);
  } catch (e) {
    const error = asOffboardError(e);
    ctx.audit({
      actor: caller.label,
      action: `refused: undo ${error.code}`,
      runId: run.runId,
      detail: error.message,
    });
    throw error;
  }
}

function targetText(t: Target): string {
  return t.kind === 'email' ? t.email : t.kind === 'login' ? t.login : `<@${t.userId}>`;
}

/** Results listed one per line in the restore reply before "and N more" (a section holds 3,000 characters). */
const RESTORE_LINES = 25;

const RESTORE_MARK: Record<GroupResult['result'], string> = {
  restored: '✅ back in',
  'already in': '☑️ already in',
  'not verified': '❔ sent, not verified:',
  failed: '❌ not restored:',
  left: '⏭️ not tried yet:',
};

/**
 * `/offboard restore <run id>` (admins only): the person goes back into the groups the run removed, one
 * result per group. Okta showing them deactivated changes nothing; running it again continues.
 */
function restore(ctx: AppContext, caller: Caller, runId: string): SlackMessage {
  try {
    if (caller.approved.role !== 'admin') {
      throw new OffboardError('NOT_ALLOWED', `${caller.label} may not restore ${runId}: only admins may.`, {
        runId,
      });
    }
    const report = restoreRun(ctx.engine(), { runId, actor: caller.label, startedAt: ctx.startedAt });
    const who = escapeMrkdwn(report.run.data.target.displayName);
    if (report.kind !== 'done') {
      return ephemeral(`Restore of ${report.run.runId} (${who}): ${escapeMrkdwn(restoreText(report))}`);
    }
    const lines = report.results.map((r) => {
      const name = escapeMrkdwn(r.group.name);
      return r.text
        ? `${RESTORE_MARK[r.result]} ${name}: ${escapeMrkdwn(r.text)}`
        : `${RESTORE_MARK[r.result]} ${name}`;
    });
    const more =
      lines.length > RESTORE_LINES ? [`and ${lines.length - RESTORE_LINES} more (see the Audit Log)`] : [];
    const left = report.results.some((r) => r.result === 'left' || r.result === 'not verified');
    return ephemeral(`Restore of ${report.run.runId} (${who}): ${escapeMrkdwn(restoreText(report))}`, [
      section(
        `*Restore of ${report.run.runId}* (${who}, ${escapeMrkdwn(report.run.target)}): one line per group the run removed.`,
      ),
      section(lines.slice(0, RESTORE_LINES).join('\n')),
      context([
        ...more,
        left
          ? `Run \`/offboard restore ${report.run.runId}\` again to continue: groups the person is back in are not sent again.`
          : 'Each group was checked by listing the person’s groups in Okta afterwards.',
      ]),
    ]);
  } catch (e) {
    const error = asOffboardError(e);
    ctx.audit({
      actor: caller.label,
      action: `refused: restore ${error.code}`,
      runId,
      detail: error.message,
    });
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

/** `/offboard status` alone: every run in the active-run index (no Sheet read). */
function runsUnderWay(ctx: AppContext): SlackMessage {
  const runs = ctx.runs().active();
  if (runs.length === 0) return ephemeral('No runs are under way.');
  return ephemeral(`${runs.length} run${runs.length > 1 ? 's' : ''} under way`, runsUnderWayBlocks(runs));
}

function status(ctx: AppContext, command: Extract<Command, { kind: 'status' }>): SlackMessage {
  const q = command.query;
  // Active runs come from the index; past runs from one targeted search: never a read of the whole tab.
  const runs = ctx.runs().recent(q);
  const shown = runs.find((r) => isActive(r.status) || acted(r)) ?? runs[0];
  if (!shown) {
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
  // Later requests that ended without acting (cancelled, expired, denied) are named, not shown instead.
  const later = runs.slice(0, runs.indexOf(shown));
  const blocks = statusBlocks(shown);
  if (later.length > 0) {
    blocks.push(
      context([
        `Later request${later.length > 1 ? 's' : ''} that did nothing in Okta: ${later.map((r) => `${r.runId} (${escapeMrkdwn(r.status)})`).join(', ')}.`,
      ]),
    );
  }
  return ephemeral(`${shown.runId}: ${shown.status}`, blocks);
}

/** Whether a finished run did anything in Okta (a task left pending never started). */
function acted(run: Run): boolean {
  return Object.values(run.data.tasks).some((t) => t !== undefined && t.state !== 'pending');
}
