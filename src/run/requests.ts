// Requests and clicks: /offboard records a run awaiting confirmation; Confirm runs containment inside the
// request; Cancel, Retry, Skip and Abort are one state change under the lock.

import { OffboardError } from '../errors';
import type { OktaUser } from '../okta/types';
import { CONTAINMENT_BUDGET_MS, KICK_BUDGET_MS, LEASE_MS } from './budgets';
import type { Click, EngineDeps, NewRun } from './deps';
import { newRunId } from './ids';
import { changeRun, withLock } from './lock';
import { finishStep, outcomeText, publishAndKeep, runTogether } from './steps';
import * as t from './transitions';
import { kickWorker } from './triggers';
import { isActive, type PlannedTask, type Run } from './types';

/** The person's active run, if any: a second one is refused. */
export function activeRunFor(runs: Run[], oktaUserId: string): Run | null {
  return runs.find((r) => r.oktaUserId === oktaUserId && isActive(r.status)) ?? null;
}

/**
 * Records a request awaiting confirmation. Refuses when the person already has an active run, except
 * the same requester's own run still awaiting confirmation, which is answered again.
 */
export function requestRun(deps: EngineDeps, input: NewRun): Run {
  const { services } = deps;
  const now = services.clock.now();
  return withLock(
    services,
    () => {
      const existing = activeRunFor(deps.store.active(), input.user.id);
      // The same requester asking again while their card waits (it may have been lost to Slack's
      // timeout): the same run, so a fresh card can be shown for it.
      if (
        existing?.status === 'awaiting confirmation' &&
        existing.data.requester.slackUserId === input.requester.slackUserId &&
        existing.data.confirmBy > now
      ) {
        return existing;
      }
      if (existing) {
        throw new OffboardError('RUN_ACTIVE', `Run ${existing.runId} is already ${existing.status}.`, {
          runId: existing.runId,
          status: existing.status,
          target: input.user.profile.login,
        });
      }
      const p = input.user.profile;
      const run: Run = {
        runId: newRunId(services.clock, services.crypto),
        requestedAt: new Date(now),
        requestedBy: `${input.requester.name} (${input.requester.slackUserId})`,
        target: p.login,
        oktaUserId: input.user.id,
        status: 'awaiting confirmation',
        updatedAt: new Date(now),
        message: 'Waiting for the requester to confirm.',
        confirmedBy: '',
        data: {
          plan: input.plan,
          tasks: {},
          target: {
            input: input.input,
            login: p.login,
            email: p.email,
            displayName: displayName(input.user),
            statusAtRequest: input.user.status,
          },
          requester: input.requester,
          confirmBy: now + t.CONFIRM_WINDOW_MS,
          pauseSeq: 0,
          facts: {},
          clicks: [],
          ...(input.needsApproval ? { needsApproval: input.needsApproval } : {}),
        },
      };
      deps.store.insert(run);
      return run;
    },
    deps.lockWaitMs,
  );
}

export function displayName(user: OktaUser): string {
  const p = user.profile;
  const name = p.displayName || [p.firstName, p.lastName].filter(Boolean).join(' ');
  return name || p.login;
}

/**
 * Confirm: the run is queued and, inside the request, the containment tasks (suspend, clear sessions)
 * are sent together. What remains goes to the worker.
 */
export function confirmRun(deps: EngineDeps, click: Click & { startedAt: number }): Run {
  const { claim, actor, startedAt, authorize } = click;
  const { services } = deps;
  let contain: PlannedTask[] = [];
  const claimed = changeRun(
    deps,
    claim.runId,
    (run) => {
      authorize(run);
      const now = services.clock.now();
      const other =
        run.status === 'awaiting confirmation'
          ? activeRunFor(
              deps.store.active().filter((r) => r.runId !== run.runId),
              run.oktaUserId,
            )
          : null;
      if (other && run.status === 'awaiting confirmation') {
        throw new OffboardError('RUN_ACTIVE', `Run ${other.runId} is already ${other.status}.`, {
          runId: other.runId,
          status: other.status,
        });
      }
      if (!t.confirm(run, actor, now)) return;
      contain = t.containmentTasks(run, (id) => deps.task(id)?.stage === 'contain');
      t.takeLease(run, deps.executionId, now + LEASE_MS);
      for (const task of contain) t.markRunning(run, task.id, now);
    },
    'index',
  );
  if (claimed.status === 'expired') {
    deps.audit({ actor, action: 'confirm refused: expired', runId: claimed.runId });
    throw new OffboardError('CLICK_EXPIRED', `Run ${claimed.runId} was not confirmed in time.`, {
      runId: claimed.runId,
    });
  }
  const outcomes = contain.length
    ? runTogether(deps, claimed, contain, startedAt + CONTAINMENT_BUDGET_MS)
    : [];
  // One Audit Log row for the confirmation and what containment did: every row costs a Sheet call,
  // and this request must answer Slack within 3 seconds.
  const detail = [claimed.target, ...contain.map((task, i) => `${task.label}: ${outcomeText(outcomes[i]!)}`)];
  const finished = finishStep(deps, claimed, contain, outcomes, {
    actor,
    action: 'confirmed',
    runId: claimed.runId,
    detail: detail.join('; '),
  });
  // The kick only shortens the wait for the every-minute worker; skip it when the reply is already late.
  const late = services.clock.now() - startedAt > KICK_BUDGET_MS;
  if (!late && t.dueAt(finished, services.clock.now()) !== null) kickWorker(services);
  return finished;
}

/** Cancel, Retry, Skip or Abort: one state change under the lock, then the worker carries on. */
export function clickRun(deps: EngineDeps, click: Click): Run {
  const { claim, actor, authorize } = click;
  const { services } = deps;
  const run = changeRun(deps, claim.runId, (r) => {
    authorize(r);
    const now = services.clock.now();
    switch (claim.action) {
      case 'cancel':
        return t.cancel(r, actor, now);
      case 'retry':
        return t.retry(r, claim.taskId, claim.pauseSeq, actor, now);
      case 'skip':
        return t.skip(r, claim.taskId, claim.pauseSeq, actor, now);
      case 'abort':
        return t.abort(r, actor, now, claim.pauseSeq);
      case 'confirm':
        throw new OffboardError('INTERNAL', 'confirm goes through confirmRun');
    }
  });
  deps.audit({ actor, action: claim.action, runId: run.runId, detail: claim.taskId || undefined });
  publishAndKeep(deps, run);
  if (run.status === 'queued') kickWorker(services);
  if (run.status === 'completed' || run.status === 'aborted') {
    deps.reporter.tellRequester(run, `Run ${run.runId} ${run.status}: ${run.message}`);
  }
  return run;
}
