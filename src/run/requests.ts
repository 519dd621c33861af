// Requests and clicks: /offboard records a run awaiting confirmation; Confirm runs containment inside the
// request; Cancel, Retry, Skip and Abort are one state change under the lock.

import { OffboardError } from '../errors';
import type { OktaUser } from '../okta/types';
import { CONTAINMENT_BUDGET_MS, LEASE_MS } from './budgets';
import type { Click, EngineDeps, NewRun } from './deps';
import type { Alongside } from '../slack/webApi';
import { newRunId } from './ids';
import { changeRun, withLock } from './lock';
import { finishStep, outcomeText, publishAndKeep, runTogether } from './steps';
import * as t from './transitions';
import { undoSuspend } from '../tasks/undoSuspend';
import type { TaskId, TaskOutcome } from '../tasks/types';
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
        // The new card's response_url replaces the old one (which may be the lost card's).
        deps.audit({ ...input.audit, action: 'requested', runId: existing.runId });
        if (input.replyTo) {
          existing.replyTo = input.replyTo;
          deps.store.hold(existing);
        }
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
      if (input.schedule) run.data.schedule = { ...input.schedule };
      // In the index entry, written with the run: no separate cache write on the 3-second path.
      if (input.replyTo) run.replyTo = input.replyTo;
      deps.audit({ ...input.audit, action: 'requested', runId: run.runId });
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

/** Confirm or Approve, as the engine receives it. */
export interface StartClick extends Click {
  startedAt: number;
  /**
   * Confirm only: why this run needs a second person's approval (the two-person rule is on, or the target
   * holds Okta admin roles), or null when it does not. Required: the caller decides from the Settings.
   */
  approval: (run: Run) => string | null;
  /**
   * The click's reply to send with the run's channel message (one fetchAll instead of two calls in a
   * row), built from the state about to be saved. Null: the caller replies itself.
   */
  answer?: (preview: Run) => Alongside | null;
  /** Grace Period Hours in ms (the Settings tab), 0 for none. Required: the caller reads the Settings. */
  graceMs: number;
}

/**
 * Confirm: the run is queued and, inside the request, the containment tasks (suspend, clear sessions)
 * are sent together. What remains goes to the worker. Under the two-person rule nothing is sent: the run
 * awaits approval and the channel is asked for it.
 */
export function confirmRun(deps: EngineDeps, click: StartClick): Run {
  // The reason comes from the Settings and from what the request found (admin roles), never from a click.
  // From the request's first Script Properties read (no call): Run Data's needsApproval never changes
  // after the request, and startRun checks everything else under the lock.
  const current = deps.store.peek(click.claim.runId) ?? deps.store.get(click.claim.runId);
  const reason = current ? click.approval(current) : null;
  if (reason !== null) return askApproval(deps, click, reason);
  return startRun(deps, click, 'confirmed', (run, now, active) => {
    refuseSecondRun(run, active);
    return t.confirm(run, click.actor, now);
  });
}

/** Approve (two-person rule): the run starts as Confirm starts it today, containment in this request. */
export function approveRun(deps: EngineDeps, click: StartClick): Run {
  const run = startRun(deps, click, 'approved', (r, now) => t.approve(r, click.actor, now));
  deps.reporter.mentionRequester(run, `${click.actor} approved run ${run.runId}; it has started.`);
  deps.reporter.tellRequester(run, `Run ${run.runId} was approved by ${click.actor}; it has started.`);
  return run;
}

/** `active`: every active run, read under the same lock as `run`. */
function refuseSecondRun(run: Run, active: Run[]): void {
  if (run.status !== 'awaiting confirmation') return;
  const other = activeRunFor(
    active.filter((r) => r.runId !== run.runId),
    run.oktaUserId,
  );
  if (other) {
    throw new OffboardError('RUN_ACTIVE', `Run ${other.runId} is already ${other.status}.`, {
      runId: other.runId,
      status: other.status,
    });
  }
}

function askApproval(deps: EngineDeps, click: StartClick, reason: string): Run {
  const { claim, actor, authorize } = click;
  const run = changeRun(
    deps,
    claim.runId,
    (r, active) => {
      authorize(r);
      refuseSecondRun(r, active());
      t.requestApproval(r, actor, reason, deps.services.clock.now());
    },
    'row',
    deps.lockWaitMs,
    true,
  );
  if (run.status === 'expired') {
    deps.audit({ actor, action: 'confirm refused: expired', runId: run.runId });
    throw new OffboardError('CLICK_EXPIRED', `Run ${run.runId} was not confirmed in time.`, {
      runId: run.runId,
    });
  }
  deps.audit({ actor, action: 'approval requested', runId: run.runId, detail: `${run.target}; ${reason}` });
  publishAndKeep(deps, run);
  return run;
}

function startRun(
  deps: EngineDeps,
  click: StartClick,
  action: 'confirmed' | 'approved',
  transition: (run: Run, now: number, active: Run[]) => boolean,
): Run {
  const { claim, actor, startedAt, authorize } = click;
  const { services } = deps;
  let contain: PlannedTask[] = [];
  const isContain = (id: TaskId): boolean => deps.task(id)?.stage === 'contain';
  const claimed = changeRun(
    deps,
    claim.runId,
    (run, active) => {
      authorize(run);
      const now = services.clock.now();
      if (!transition(run, now, active())) return;
      t.planGrace(run, click.graceMs, isContain);
      if (run.status !== 'queued') return;
      contain = t.containmentTasks(run, isContain);
      t.takeLease(run, deps.executionId, now + LEASE_MS);
      for (const task of contain) t.markRunning(run, task.id, now);
    },
    'index',
    deps.lockWaitMs,
    true,
  );
  if (claimed.status === 'expired') {
    const verb = action === 'confirmed' ? 'confirm' : 'approve';
    deps.audit({ actor, action: `${verb} refused: expired`, runId: claimed.runId });
    if (action === 'approved') tellExpired(deps, claimed);
    throw new OffboardError('CLICK_EXPIRED', `Run ${claimed.runId} was not ${action} in time.`, {
      runId: claimed.runId,
    });
  }
  const outcomes = contain.length
    ? runTogether(deps, claimed, contain, startedAt + CONTAINMENT_BUDGET_MS)
    : [];
  // One Audit Log row for the confirmation and what containment did: every row costs a Sheet call,
  // and this request must answer Slack within 3 seconds.
  const detail = [claimed.target, ...contain.map((task, i) => `${task.label}: ${outcomeText(outcomes[i]!)}`)]; // runTogether answers one outcome per task
  const finished = finishStep(
    deps,
    claimed,
    contain,
    outcomes,
    { actor, action, runId: claimed.runId, detail: detail.join('; ') },
    click.answer,
  );
  // No kick trigger: `after()` fires 30–60 s later or more (PLATFORM.md), about when the every-minute
  // worker comes anyway, and creating one costs Slack's clock ~400 ms (docs/PERFORMANCE.md).
  return finished;
}

/** A run whose approval window closed: the channel message says so and the requester is told. */
export function tellExpired(deps: EngineDeps, run: Run): void {
  publishAndKeep(deps, run);
  deps.reporter.mentionRequester(run, `Run ${run.runId} expired: ${run.message}`);
  deps.reporter.tellRequester(run, `Run ${run.runId} expired: ${run.message}`);
}

/**
 * Undo in the grace period: the run is marked (the worker no longer ends its grace period), the person is
 * unsuspended in Okta outside the lock and read back, then the run ends undone, or waits for a person
 * when Okta did not do it. Cleared sessions cannot be undone: the run's message says so.
 */
export function undoRun(deps: EngineDeps, click: Click & { startedAt: number }): Run {
  const { claim, actor, authorize } = click;
  const { services } = deps;
  const begun = changeRun(
    deps,
    claim.runId,
    (r) => {
      authorize(r);
      t.beginUndo(r, actor, services.clock.now());
    },
    'index',
  );
  const user = {
    id: begun.oktaUserId,
    status: begun.data.target.statusAtRequest,
    profile: { login: begun.data.target.login, email: begun.data.target.email },
  } as OktaUser;
  let outcome: TaskOutcome;
  try {
    const okta = deps.okta(click.startedAt + CONTAINMENT_BUDGET_MS);
    outcome = undoSuspend(okta, user, begun.data.tasks.suspend?.state);
  } catch (e) {
    const message = e instanceof Error ? e.message : String(e);
    outcome = { kind: 'failed', transient: true, code: 'INTERNAL', message };
  }
  let applied = false;
  const run = changeRun(deps, claim.runId, (r) => {
    applied = t.finishUndo(r, outcome, actor);
  });
  const undone = run.status === 'undone';
  deps.audit({
    actor,
    action: undone ? 'undone' : applied ? 'undo failed' : 'undo overtaken',
    runId: run.runId,
    detail: `${run.target}: ${outcomeText(outcome)}`,
  });
  publishAndKeep(deps, run);
  if (applied) {
    const text = undone ? `Run ${run.runId} was undone: ${run.message}` : `Run ${run.runId}: ${run.message}`;
    deps.reporter.mentionRequester(run, text);
    deps.reporter.tellRequester(run, text);
  }
  return run;
}

/** Cancel, Retry, Skip, Abort, Deny or Continue now: one state change under the lock, then the worker carries on. */
export function clickRun(deps: EngineDeps, click: Click): Run {
  const { claim, actor, authorize } = click;
  const { services } = deps;
  const run = changeRun(deps, claim.runId, (r) => {
    authorize(r);
    const now = services.clock.now();
    applyClick(r, claim, actor, now);
    // The requester's note waits in the run's index entry, saved with this change: the worker sends it
    // within its minute, so the click's answer does not wait for one more Slack call.
    if (r.status === 'completed' || r.status === 'aborted' || r.status === 'denied') {
      r.notesPending = [...(r.notesPending ?? []), `Run ${r.runId} ${r.status}: ${r.message}`];
    }
  });
  deps.audit({ actor, action: claim.action, runId: run.runId, detail: claim.taskId || undefined });
  publishAndKeep(deps, run);
  if (run.status === 'denied') deps.reporter.mentionRequester(run, `Run ${run.runId} denied: ${run.message}`);
  return run;
}

function applyClick(r: Run, claim: Click['claim'], actor: string, now: number): void {
  switch (claim.action) {
    case 'cancel':
      t.cancel(r, actor, now);
      return;
    case 'retry':
      t.retry(r, claim.taskId, claim.pauseSeq, actor, now);
      return;
    case 'skip':
      t.skip(r, claim.taskId, claim.pauseSeq, actor, now);
      return;
    case 'abort':
      t.abort(r, actor, now, claim.pauseSeq);
      return;
    case 'deny':
      t.deny(r, actor, now);
      return;
    case 'continue':
      t.endGrace(r, actor, now);
      return;
    case 'confirm':
    case 'approve':
    case 'undo':
      throw new OffboardError('INTERNAL', `${claim.action} goes through confirmRun, approveRun or undoRun`);
  }
}
