// Scheduled runs in the worker: the channel is reminded once, an hour before; at the time, the person is
// looked up again (same Okta id, still not deactivated, still not protected: the card's protection round)
// and the run starts, or is cancelled saying why. While Okta does not answer, the run waits and the
// thread is told once, and again once it starts.

import { findTarget } from '../okta/findUser';
import type { OktaUser } from '../okta/types';
import { formatInZone } from '../schedule';
import type { EngineDeps } from './deps';
import { protectionRound } from './protectionRound';
import { changeRun } from './lock';
import { advanceRun, publishAndKeep } from './steps';
import * as t from './transitions';
import type { Run } from './types';

/** One worker step for a scheduled run that is due (its reminder or its start). */
export function scheduledStep(deps: EngineDeps, runId: string, deadline: number): void {
  const run = deps.store.get(runId);
  const schedule = run?.data.schedule;
  if (!run || run.status !== 'scheduled' || !schedule) return;
  const now = deps.services.clock.now();
  if (now < schedule.startAt) {
    remind(deps, runId);
    return;
  }
  const same = stillTheSamePerson(deps, run.data.target.login, run.oktaUserId, deadline);
  const why = 'user' in same ? stillNotProtected(deps, run, same.user, deadline) : same;
  if (why !== null && 'wait' in why) {
    noticeWaiting(deps, runId, why.wait);
    return;
  }
  if (why !== null) {
    const cancelled = changeRun(deps, runId, (r) => {
      if (r.status === 'scheduled') t.cancelScheduled(r, why.refused);
    });
    if (cancelled.status !== 'cancelled') return;
    deps.audit({ actor: 'offboard', action: 'scheduled start refused', runId, detail: why.refused });
    publishAndKeep(deps, cancelled);
    deps.reporter.mentionRequester(
      cancelled,
      `Run ${runId} did not start: ${why.refused}. Nothing was changed in Okta.`,
    );
    return;
  }
  let hadWaited = false;
  const started = changeRun(deps, runId, (r) => {
    if (r.status !== 'scheduled') return;
    hadWaited = r.data.schedule?.waitNoticeAt !== undefined;
    t.startScheduled(r, deps.services.clock.now());
  });
  if (started.status !== 'queued') return;
  if (hadWaited) deps.reporter.mentionRequester(started, `Okta answers again: run ${runId} has started.`);
  deps.audit({
    actor: 'offboard',
    action: 'scheduled start',
    runId,
    detail: `${started.target} at ${formatInZone(schedule.startAt, schedule.timeZone)}`,
  });
  advanceRun(deps, runId, deadline);
}

/** Marks the reminder sent, then sends it: at most once, even if two turns race. */
function remind(deps: EngineDeps, runId: string): void {
  let first = false;
  const run = changeRun(
    deps,
    runId,
    (r) => {
      if (r.status !== 'scheduled' || !r.data.schedule || r.data.schedule.remindedAt !== undefined) return;
      r.data.schedule.remindedAt = deps.services.clock.now();
      first = true;
    },
    'index',
  );
  if (!first || !run.data.schedule) return;
  const when = formatInZone(run.data.schedule.startAt, run.data.schedule.timeZone);
  deps.reporter.mentionRequester(
    run,
    `Run ${runId} offboards ${run.data.target.displayName} at ${when}, in ${waitText(run.data.schedule.startAt - deps.services.clock.now())}. To stop it, click Cancel or type /offboard cancel ${runId}.`,
  );
}

/**
 * Tells the thread once that the due run waits for Okta, and what Okta did not answer; later turns that
 * still wait say nothing (marked before sending, so two racing turns send one notice).
 */
function noticeWaiting(deps: EngineDeps, runId: string, what: string): void {
  let first = false;
  const run = changeRun(
    deps,
    runId,
    (r) => {
      if (r.status !== 'scheduled' || !r.data.schedule || r.data.schedule.waitNoticeAt !== undefined) return;
      r.data.schedule.waitNoticeAt = deps.services.clock.now();
      first = true;
    },
    'index',
  );
  if (!first) return;
  deps.audit({ actor: 'offboard', action: 'scheduled start waits', runId, detail: what });
  deps.reporter.mentionRequester(
    run,
    `Run ${runId} is due but has not started: ${what}. It will start when Okta answers; nothing was changed in Okta. To stop it, click Cancel or type /offboard cancel ${runId}.`,
  );
}

/** "about an hour", or the minutes left when the run was asked for less than an hour ahead. */
function waitText(ms: number): string {
  if (ms >= 50 * 60_000) return 'about an hour';
  const minutes = Math.max(1, Math.round(ms / 60_000));
  return `${minutes} minute${minutes > 1 ? 's' : ''}`;
}

/** Why a due run does not start now: Okta did not answer (`wait`, what it did not answer), or it must not (`refused`). */
type NotNow = { wait: string } | { refused: string };

/**
 * The Okta user when the login still names the same live account; `wait` when Okta could not answer now
 * (the next worker turn asks again); otherwise why the run must not start.
 */
function stillTheSamePerson(
  deps: EngineDeps,
  login: string,
  oktaUserId: string,
  deadline: number,
): { user: OktaUser } | NotNow {
  const found = findTarget(deps.okta(deadline), { kind: 'login', login });
  if (found.ok) {
    return found.user.id === oktaUserId
      ? { user: found.user }
      : { refused: `${login} now belongs to another Okta account (${found.user.id})` };
  }
  switch (found.error.code) {
    case 'TARGET_DEPROVISIONED':
      return { refused: `${login} is already deactivated in Okta` };
    case 'TARGET_NOT_FOUND':
      return { refused: `Okta no longer has a user ${login}` };
    case 'TARGET_AMBIGUOUS':
      return { refused: `more than one live Okta user now matches ${login}` };
    default:
      return {
        wait: `Okta did not answer the lookup of ${login} (${found.error.code}: ${found.error.message})`,
      };
  }
}

/**
 * The card's protection round, asked again at the start: null when the person may still be offboarded;
 * `wait` when Okta did not answer what protection depends on (the next turn asks again; nothing starts
 * unchecked); otherwise why not. An Okta admin needs a second person's approval given to this run.
 */
function stillNotProtected(deps: EngineDeps, run: Run, user: OktaUser, deadline: number): NotNow | null {
  const settings = deps.protectionSettings(run.data.requester.slackUserId);
  const { protection } = protectionRound(deps.okta(deadline), deps.services.cache, {
    user,
    ssws: settings.ssws,
    protectedGroups: settings.protectedGroups,
    // Someone no longer an active approved user keeps no admin's say over an Okta admin.
    requesterRole: settings.requesterRole ?? 'requester',
  });
  const login = run.data.target.login;
  switch (protection.kind) {
    case 'unchecked':
      deps.services.log.warn('scheduled start waits: protection not checked', {
        runId: run.runId,
        missing: protection.missing,
      });
      return { wait: `Okta did not answer about ${protection.missing}, so protection cannot be checked` };
    case 'protected':
      return { refused: `${login} is now protected: ${protection.why}` };
    case 'allowed':
      if (protection.needsApproval && !run.data.approval?.by) {
        return {
          refused: `${login} is now protected: they hold Okta admin roles, and this run was not approved by a second person; ask again to have it approved`,
        };
      }
      return null;
  }
}
