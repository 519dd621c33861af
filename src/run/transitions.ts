// The run's state machine as plain functions on a Run: what the next step is, and what an outcome or a
// click does. No I/O here, so every transition is tested directly.

import { OffboardError } from '../errors';
import type { TaskId, TaskOutcome } from '../tasks/types';
import type { PlannedTask, Run, RunStatus, TaskRecord } from './types';

/** Automatic attempts for a transient failure before the run pauses for a person. */
export const MAX_AUTOMATIC_ATTEMPTS = 3;
/** Waits between automatic attempts (ms), after attempt 1, 2, … */
export const RETRY_BACKOFF_MS = [60_000, 5 * 60_000];
/** How long an unconfirmed run waits for Confirm. */
export const CONFIRM_WINDOW_MS = 15 * 60_000;
/** How long a run under the two-person rule waits for Approve or Deny. */
export const APPROVAL_WINDOW_MS = 24 * 60 * 60_000;

export type NextStep =
  | { kind: 'task'; task: PlannedTask }
  | { kind: 'wait'; until: number }
  /** The grace period holds the next task: until when (null: it has not started yet). */
  | { kind: 'grace'; until: number | null }
  | { kind: 'complete' };

export function record(run: Run, taskId: TaskId): TaskRecord {
  return run.data.tasks[taskId] ?? { state: 'pending', text: '', attempts: 0 };
}

/** The first task, in plan order, that still has work; or why there is none now. */
export function nextStep(run: Run, now: number): NextStep {
  const grace = run.data.grace;
  let held = false;
  for (const task of run.data.plan) {
    // From the grace period's first task on, nothing runs until the grace period ends.
    held ||= grace !== undefined && grace.endedAt === undefined && task.id === grace.from;
    const r = record(run, task.id);
    const hasWork =
      r.state === 'pending' || r.state === 'running' || (r.state === 'failed' && r.retryAt !== undefined);
    if (held && hasWork) return { kind: 'grace', until: grace?.until ?? null };
    if (r.state === 'pending' || r.state === 'running') return { kind: 'task', task };
    if (r.state === 'failed' && r.retryAt !== undefined) {
      return r.retryAt <= now ? { kind: 'task', task } : { kind: 'wait', until: r.retryAt };
    }
  }
  return { kind: 'complete' };
}

/** The leading tasks of the plan that contain the person (suspend, clear sessions): sent together. */
export function containmentTasks(run: Run, isContain: (id: TaskId) => boolean): PlannedTask[] {
  const out: PlannedTask[] = [];
  for (const task of run.data.plan) {
    if (!isContain(task.id)) break;
    const r = record(run, task.id);
    if (r.state === 'pending') out.push(task);
  }
  return out;
}

export function markRunning(run: Run, taskId: TaskId, now: number): void {
  const r = record(run, taskId);
  run.data.tasks[taskId] = { ...r, state: 'running', attempts: r.attempts + 1, retryAt: undefined, at: now };
}

/**
 * Records a task's outcome and moves the run on: a transient failure waits for an automatic retry; a
 * permanent one (or the last attempt) pauses the run, or is passed when the task's On Failure says continue.
 */
export function applyOutcome(run: Run, task: PlannedTask, outcome: TaskOutcome, now: number): void {
  const r = record(run, task.id);
  const attempts = Math.max(r.attempts, 1);
  if (outcome.data) Object.assign(run.data.facts, outcome.data);
  // Tasks of one step (containment) are applied in turn: a pause by an earlier one keeps its reason and
  // its status whatever the later ones report.
  const paused = run.status === 'paused';
  switch (outcome.kind) {
    case 'done':
    case 'already_done':
      run.data.tasks[task.id] = { state: outcome.kind, text: outcome.detail, attempts, at: now };
      break;
    case 'skipped':
      run.data.tasks[task.id] = { state: 'skipped', text: outcome.reason, attempts, at: now };
      break;
    case 'failed': {
      if (outcome.waiting) {
        // Waiting for another system (a Google transfer): no attempt counted, so it never pauses the run.
        const retryAt = Math.max(now + RETRY_BACKOFF_MS[0]!, outcome.retryAt ?? 0);
        run.data.tasks[task.id] = {
          state: 'failed',
          text: outcome.message,
          attempts: 0,
          retryAt,
          waiting: true,
          at: now,
        };
        if (paused) return;
        run.status = 'queued';
        run.message = `${task.label}: ${outcome.message}`;
        return;
      }
      if (outcome.transient && attempts < MAX_AUTOMATIC_ATTEMPTS) {
        const backoff = RETRY_BACKOFF_MS[Math.min(attempts - 1, RETRY_BACKOFF_MS.length - 1)] ?? 60_000;
        const retryAt = Math.max(now + backoff, outcome.retryAt ?? 0);
        run.data.tasks[task.id] = { state: 'failed', text: outcome.message, attempts, retryAt, at: now };
        if (paused) return;
        run.status = 'queued';
        run.message = `${task.label} failed (${outcome.message}); retrying automatically.`;
        return;
      }
      run.data.tasks[task.id] = { state: 'failed', text: outcome.message, attempts, at: now };
      if (paused) return;
      if (task.onFailure === 'continue') {
        run.message = `${task.label} failed and was passed (On Failure: continue).`;
        break;
      }
      pause(run, task, now);
      return;
    }
  }
  if (!paused) run.message = '';
}

function pause(run: Run, task: PlannedTask, now: number): void {
  run.status = 'paused';
  run.data.pauseSeq += 1;
  run.data.pauseNoticeAt = now;
  run.data.pausedTask = task.id;
  run.message = `Paused at ${task.label}: ${record(run, task.id).text}`;
}

/** After a step: completed when nothing is left, in the grace period when it holds the rest, else unchanged. */
export function settle(run: Run, now: number): void {
  if (run.status !== 'running' && run.status !== 'queued') return;
  const step = nextStep(run, now);
  if (step.kind === 'complete') {
    run.status = 'completed';
    run.message = summaryLine(run);
    releaseLease(run);
  }
  if (step.kind === 'grace') enterGrace(run, now);
}

// ---- The grace period

/**
 * Confirm or Approve with Grace Period Hours above 0: the first task that is not containment, and every
 * task after it, will wait `ms` once containment is over. Nothing to hold (no such task): no grace period.
 */
export function planGrace(run: Run, ms: number, isContain: (id: TaskId) => boolean): void {
  const from = run.data.plan.find((task) => !isContain(task.id));
  if (ms <= 0 || !from) return;
  run.data.grace = { ms, from: from.id };
}

/**
 * Containment is over and the grace period holds the rest: the run waits, holding no lease. A batch member
 * waits for the batch's containment to be over too: its due time is set then, the same for everyone
 * (startGraceClock).
 */
function enterGrace(run: Run, now: number): void {
  const grace = run.data.grace!; // planGrace set it: only a run with a grace plan enters it
  run.status = 'in grace period';
  releaseLease(run);
  if (run.data.batch === undefined) startGraceClock(run, now);
  else if (grace.until === undefined)
    run.message = `${heldLabel(run)} and the tasks after it wait for the batch's containment, then the grace period: Undo or Continue now until then.`;
}

/** The grace period's due time is set (once): `ms` from now. */
export function startGraceClock(run: Run, now: number): void {
  const grace = run.data.grace;
  if (run.status !== 'in grace period' || !grace || grace.until !== undefined) return;
  grace.until = now + grace.ms;
  run.message = `${heldLabel(run)} and the tasks after it wait until ${new Date(grace.until).toISOString()} (grace period): Undo or Continue now until then.`;
}

function heldLabel(run: Run): string {
  const from = run.data.grace?.from;
  return run.data.plan.find((task) => task.id === from)?.label ?? String(from);
}

/**
 * Whether the worker may end this run's grace period now: its time has come (it has one: a batch member's
 * is set when the batch's containment is over) and nobody asked to Undo.
 */
export function graceOver(run: Run, now: number): boolean {
  const grace = run.data.grace;
  return (
    run.status === 'in grace period' &&
    !!grace &&
    !grace.undo &&
    grace.until !== undefined &&
    grace.until <= now
  );
}

/**
 * Ends the grace period: the held tasks run at the worker's next turn. `by` is who clicked Continue now,
 * or 'offboard' when its time came. Clears an Undo that Okta refused: a person chose to go on.
 */
export function endGrace(run: Run, by: string, now: number): void {
  requireStatus(run, ['in grace period'], 'continue');
  const grace = run.data.grace!; // set whenever the status is 'in grace period' (enterGrace)
  grace.endedAt = now;
  grace.endedBy = by;
  delete grace.undo;
  run.status = 'queued';
  run.message = '';
  if (by !== 'offboard') click(run, 'continue', by, now);
}

/** The tasks of the plan from the grace period's first one on (the irreversible ones). */
function heldTasks(run: Run): PlannedTask[] {
  const from = run.data.plan.findIndex((task) => task.id === run.data.grace?.from);
  return from === -1 ? [] : run.data.plan.slice(from);
}

/**
 * Undo, before anything is sent to Okta: allowed only in the grace period, while none of the held tasks
 * has run. Marks the run so the worker no longer ends its grace period by itself.
 */
export function beginUndo(run: Run, by: string, now: number, byWorker = false): void {
  const ran = heldTasks(run).find((task) => record(run, task.id).state !== 'pending');
  if (ran) {
    throw new OffboardError(
      'RUN_STATE',
      `Run ${run.runId} can no longer be undone: ${ran.label} has run, and it cannot be reversed by Offboard.`,
      // The Slack text says "Run … is <status> now, so that cannot be done."
      { runId: run.runId, action: 'undo', status: `past its grace period (${ran.label} has run)` },
    );
  }
  requireStatus(run, ['in grace period'], 'undo');
  // set with 'in grace period' (enterGrace)
  run.data.grace = {
    ...run.data.grace!,
    undo: { by, at: now, ...(byWorker ? { worker: 'pending' as const } : {}) },
  };
  click(run, 'undo', by, now);
}

/**
 * What Okta said to the Undo: done, the run ends undone; otherwise it stays in the grace period, held
 * for a person (Undo again, or Continue now). False when the run left the grace period meanwhile
 * (Continue now was clicked while Okta was answering): nothing changes.
 */
export function finishUndo(run: Run, outcome: TaskOutcome, by: string): boolean {
  if (run.status !== 'in grace period' || !run.data.grace?.undo) return false;
  if (outcome.kind === 'done' || outcome.kind === 'already_done') {
    run.status = 'undone';
    delete run.data.grace.undo;
    run.message = `Undone by ${by}: ${outcome.detail} Sessions cleared at Confirm stay cleared (they cannot be restored); ${run.data.target.displayName} signs in again.`;
    return true;
  }
  const why = outcome.kind === 'skipped' ? outcome.reason : outcome.message;
  run.message = `Undo by ${by} did not go through: ${why} The run waits: Undo again, or Continue now.`;
  return true;
}

export function summaryLine(run: Run): string {
  const counts: Record<string, number> = {};
  for (const t of run.data.plan) {
    const s = record(run, t.id).state;
    counts[s] = (counts[s] ?? 0) + 1;
  }
  const parts = (['done', 'already_done', 'skipped', 'failed', 'pending'] as const)
    .filter((s) => counts[s])
    .map((s) => `${counts[s]} ${s.replace('_', ' ')}`);
  return parts.join(', ');
}

export function takeLease(run: Run, owner: string, until: number): void {
  run.status = 'running';
  run.data.leaseOwner = owner;
  run.data.leaseUntil = until;
}

export function releaseLease(run: Run): void {
  delete run.data.leaseOwner;
  delete run.data.leaseUntil;
}

export function holdsLease(run: Run, owner: string, now: number): boolean {
  return run.status === 'running' && run.data.leaseOwner === owner && (run.data.leaseUntil ?? 0) > now;
}

/** A running run whose execution died (its lease ran out) may be taken over. */
export function isAbandoned(run: Run, now: number): boolean {
  return run.status === 'running' && (run.data.leaseUntil ?? 0) <= now;
}

/**
 * When a paused run (or one held by an Undo that did not go through) is raised again in the channel:
 * `every` ms after the pause, the Undo or the last reminder. Null when it waits for nobody or reminders are off (0).
 */
export function pauseReminderDue(run: Run, every: number): number | null {
  if (every <= 0) return null;
  if (run.status === 'paused') return (run.data.pauseNoticeAt ?? run.updatedAt.getTime()) + every;
  // A grace period held by an Undo that Okta did not carry out waits for a person just the same.
  const undo = run.data.grace?.undo;
  if (run.status === 'in grace period' && undo) return Math.max(run.data.pauseNoticeAt ?? 0, undo.at) + every;
  return null;
}

/** When the worker should look at this run next (epoch ms), or null when it needs no worker. */
export function dueAt(run: Run, now: number): number | null {
  if (run.status === 'queued') {
    const step = nextStep(run, now);
    return step.kind === 'wait' ? step.until : now;
  }
  if (run.status === 'running') return run.data.leaseUntil ?? now;
  // Held by an Undo: only a person moves it on.
  if (run.status === 'in grace period') return run.data.grace?.undo ? null : (run.data.grace?.until ?? now);
  if (run.status === 'scheduled' && run.data.schedule) {
    const { startAt, remindedAt } = run.data.schedule;
    return remindedAt === undefined ? Math.max(startAt - SCHEDULE_REMINDER_MS, 0) : startAt;
  }
  return null;
}

// ---- Clicks

export function requireStatus(run: Run, allowed: RunStatus[], action: string): void {
  if (allowed.includes(run.status)) return;
  const finished: RunStatus[] = ['completed', 'aborted', 'cancelled', 'expired', 'denied', 'undone'];
  if (finished.includes(run.status)) {
    throw new OffboardError('RUN_FINISHED', `Run ${run.runId} is already ${run.status}.`, {
      runId: run.runId,
      status: run.status,
      action,
    });
  }
  throw new OffboardError('RUN_STATE', `Run ${run.runId} is ${run.status}; ${action} does not apply.`, {
    runId: run.runId,
    status: run.status,
    action,
  });
}

/** Confirms the run; a confirmation that comes too late expires it instead (and says so: false). */
export function confirm(run: Run, by: string, now: number): boolean {
  requireStatus(run, ['awaiting confirmation'], 'confirm');
  if (now > run.data.confirmBy) {
    expire(run);
    return false;
  }
  run.confirmedBy = by;
  startOrSchedule(run, now);
  click(run, 'confirm', by, now);
  return true;
}

/** Confirmed or approved: queued now, or scheduled when its start is still ahead. */
function startOrSchedule(run: Run, now: number): void {
  const startAt = run.data.schedule?.startAt;
  run.status = startAt !== undefined && startAt > now ? 'scheduled' : 'queued';
  run.message = '';
}

/** How long before a scheduled start the channel is reminded. */
export const SCHEDULE_REMINDER_MS = 60 * 60_000;

/** A scheduled run whose time has come: it is queued and the worker runs every task, containment first. */
export function startScheduled(run: Run, now: number): void {
  requireStatus(run, ['scheduled'], 'start');
  run.status = 'queued';
  run.message = '';
  click(run, 'start', 'offboard', now);
}

/** A scheduled run that must not start (the person changed in Okta): cancelled, nothing changed in Okta. */
export function cancelScheduled(run: Run, why: string): void {
  run.status = 'cancelled';
  run.message = `Not started at its scheduled time: ${why}. Nothing was changed in Okta.`;
}

/**
 * Confirm under the two-person rule: nothing runs yet; the run waits up to 24 hours for an approver or
 * admin other than the requester. A confirmation that comes too late expires it instead (false).
 */
export function requestApproval(run: Run, by: string, reason: string, now: number): boolean {
  requireStatus(run, ['awaiting confirmation'], 'confirm');
  if (now > run.data.confirmBy) {
    expire(run);
    return false;
  }
  run.confirmedBy = by;
  run.status = 'awaiting approval';
  run.data.approval = { reason, until: now + APPROVAL_WINDOW_MS };
  run.message = `Waiting for an approver or admin other than the requester to approve (${reason}).`;
  click(run, 'confirm', by, now);
  return true;
}

/** Approve: the run is queued (containment follows at once). Too late, it expires instead (false). */
export function approve(run: Run, by: string, now: number): boolean {
  requireStatus(run, ['awaiting approval'], 'approve');
  if (now > (run.data.approval?.until ?? 0)) {
    expireApproval(run);
    return false;
  }
  run.data.approval = { ...run.data.approval!, by }; // a run without it expired just above
  startOrSchedule(run, now);
  click(run, 'approve', by, now);
  return true;
}

export function deny(run: Run, by: string, now: number): void {
  requireStatus(run, ['awaiting approval'], 'deny');
  run.data.approval = { ...run.data.approval!, by }; // set with 'awaiting approval' (requestApproval)
  run.status = 'denied';
  run.message = `Denied by ${by}; nothing was changed in Okta.`;
  click(run, 'deny', by, now);
}

export function expireApproval(run: Run): void {
  run.status = 'expired';
  run.message = 'Not approved within 24 hours; nothing was changed in Okta.';
}

export function cancel(run: Run, by: string, now: number): void {
  requireStatus(run, ['awaiting confirmation', 'scheduled'], 'cancel');
  run.status = 'cancelled';
  run.message = `Cancelled by ${by}; nothing was changed in Okta.`;
  click(run, 'cancel', by, now);
}

export function expire(run: Run): void {
  run.status = 'expired';
  run.message = 'Not confirmed in time; nothing was changed in Okta.';
}

export function retry(run: Run, taskId: string, pauseSeq: number, by: string, now: number): void {
  const task = pausedTask(run, taskId, pauseSeq, 'retry');
  run.data.tasks[task.id] = { ...record(run, task.id), state: 'pending', retryAt: undefined, attempts: 0 };
  resume(run, 'retry', by, now);
}

export function skip(run: Run, taskId: string, pauseSeq: number, by: string, now: number): void {
  const task = pausedTask(run, taskId, pauseSeq, 'skip');
  const r = record(run, task.id);
  run.data.tasks[task.id] = {
    ...r,
    state: 'skipped',
    text: `skipped by ${by} after: ${r.text}`,
    by,
    at: now,
  };
  resume(run, 'skip', by, now);
}

/**
 * Aborts the run. `pauseSeq` is the pause the button was shown for: an Abort from an earlier pause is
 * refused like a stale Retry (the run has paused again since, for another reason).
 */
/**
 * Abort: the run stops where it is. `inGrace`: a batch's Abort the rest also stops members waiting in
 * their grace period (they stay contained; nothing held is sent). One run's message offers no Abort then.
 */
export function abort(run: Run, by: string, now: number, pauseSeq?: number, inGrace = false): void {
  requireStatus(
    run,
    ['paused', 'queued', 'running', ...(inGrace ? ['in grace period' as const] : [])],
    'abort',
  );
  if (pauseSeq !== undefined && pauseSeq !== run.data.pauseSeq) {
    throw new OffboardError('RUN_STATE', `That button is from an earlier pause of run ${run.runId}.`, {
      runId: run.runId,
      action: 'abort',
    });
  }
  run.status = 'aborted';
  releaseLease(run);
  delete run.data.pausedTask;
  run.message = `Aborted by ${by}. ${summaryLine(run)}.`;
  click(run, 'abort', by, now);
}

function pausedTask(run: Run, taskId: string, pauseSeq: number, action: string): PlannedTask {
  requireStatus(run, ['paused'], action);
  const task = run.data.plan.find((t) => t.id === run.data.pausedTask);
  if (!task || task.id !== taskId || pauseSeq !== run.data.pauseSeq) {
    throw new OffboardError('RUN_STATE', `That button is from an earlier pause of run ${run.runId}.`, {
      runId: run.runId,
      action,
    });
  }
  return task;
}

function resume(run: Run, action: string, by: string, now: number): void {
  run.status = 'queued';
  delete run.data.pausedTask;
  run.message = '';
  click(run, action, by, now);
  settle(run, now);
}

function click(run: Run, action: string, by: string, at: number): void {
  run.data.clicks.push({ action, by, at });
  if (run.data.clicks.length > 20) run.data.clicks.splice(0, run.data.clicks.length - 20);
}

/**
 * An outcome that comes back after the run was aborted while the task's Okta call was in flight: Okta
 * has acted, so the task's record and the summary say what happened; the run stays aborted.
 * False when there is nothing to record (the task was not running, or the run is not aborted).
 */
export function recordAfterAbort(run: Run, task: PlannedTask, outcome: TaskOutcome, now: number): boolean {
  const r = record(run, task.id);
  if (run.status !== 'aborted' || r.state !== 'running') return false;
  const attempts = Math.max(r.attempts, 1);
  if (outcome.data) Object.assign(run.data.facts, outcome.data);
  const text =
    outcome.kind === 'skipped'
      ? outcome.reason
      : outcome.kind === 'failed'
        ? outcome.message
        : outcome.detail;
  run.data.tasks[task.id] = { state: outcome.kind, text, attempts, at: now };
  const by = [...run.data.clicks].reverse().find((c) => c.action === 'abort')?.by ?? 'someone';
  run.message = `Aborted by ${by}. ${summaryLine(run)}.`;
  return true;
}
