// Scheduled runs in the worker: the channel is reminded once, an hour before; at the time, the person is
// looked up again (same Okta id, still not deactivated) and the run starts, or is cancelled saying why.

import { findTarget } from '../okta/findUser';
import { formatInZone } from '../schedule';
import type { EngineDeps } from './deps';
import { changeRun } from './lock';
import { advanceRun, publishAndKeep } from './steps';
import * as t from './transitions';

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
  const why = stillTheSamePerson(deps, run.data.target.login, run.oktaUserId, deadline);
  if (why === 'wait') return;
  if (why !== null) {
    const cancelled = changeRun(deps, runId, (r) => {
      if (r.status === 'scheduled') t.cancelScheduled(r, why);
    });
    if (cancelled.status !== 'cancelled') return;
    deps.audit({ actor: 'offboard', action: 'scheduled start refused', runId, detail: why });
    publishAndKeep(deps, cancelled);
    deps.reporter.mentionRequester(
      cancelled,
      `Run ${runId} did not start: ${why}. Nothing was changed in Okta.`,
    );
    return;
  }
  const started = changeRun(deps, runId, (r) => {
    if (r.status === 'scheduled') t.startScheduled(r, deps.services.clock.now());
  });
  if (started.status !== 'queued') return;
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
    `Run ${runId} offboards ${run.data.target.displayName} at ${when}, in about an hour. To stop it, click Cancel or type /offboard cancel ${runId}.`,
  );
}

/**
 * Null when the login still names the same live Okta account; 'wait' when Okta could not answer now (the
 * next worker turn asks again); otherwise why the run must not start.
 */
function stillTheSamePerson(
  deps: EngineDeps,
  login: string,
  oktaUserId: string,
  deadline: number,
): string | null {
  const found = findTarget(deps.okta(deadline), { kind: 'login', login });
  if (found.ok) {
    return found.user.id === oktaUserId
      ? null
      : `${login} now belongs to another Okta account (${found.user.id})`;
  }
  switch (found.error.code) {
    case 'TARGET_DEPROVISIONED':
      return `${login} is already deactivated in Okta`;
    case 'TARGET_NOT_FOUND':
      return `Okta no longer has a user ${login}`;
    case 'TARGET_AMBIGUOUS':
      return `more than one live Okta user now matches ${login}`;
    default:
      return 'wait';
  }
}
