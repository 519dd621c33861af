// The worker: each turn expires stale confirmations and approval requests, then advances the runs that are due, reading
// nothing from the Sheet when nothing is due.

import { batchStep, publishProgress } from './batch';
import { batchRounds } from './rounds';
import type { EngineDeps } from './deps';
import { changeRun, withLock } from './lock';
import { tellExpired } from './requests';
import { scheduledStep } from './scheduled';
import { advanceRun } from './steps';
import * as t from './transitions';
import { isActive, type Run } from './types';

export interface WorkerReport {
  /** Runs whose row (and Run Details) a Slack request had left for the worker, written this turn. */
  written: string[];
  expired: string[];
  advanced: string[];
  left: string[];
  /** Paused runs raised again in the channel this turn. */
  reminded: string[];
  /** Runs this turn could not work on (the error is logged and audited); the others went on. */
  failed: string[];
  /** Batches whose people were looked up this turn (their card was shown). */
  lookedUp: string[];
}

/** One worker turn: expire stale confirmations, then advance due runs until `deadline`. */
export function workerTurn(deps: EngineDeps, deadline: number): WorkerReport {
  const { services } = deps;
  const report: WorkerReport = {
    written: [],
    expired: [],
    advanced: [],
    left: [],
    failed: [],
    reminded: [],
    lookedUp: [],
  };
  const finished: Run[] = [];
  writePendingRows(deps, report, finished);
  report.lookedUp = batchStep(deps, deadline).lookedUp;
  const now = services.clock.now();
  // The index alone: a turn with nothing due reads nothing from the Sheet.
  const runs = deps.store.active();
  for (const stale of runs.filter((r) => r.status === 'awaiting confirmation' && r.data.confirmBy < now)) {
    try {
      const run = changeRun(deps, stale.runId, (r) => {
        if (r.status === 'awaiting confirmation' && r.data.confirmBy < services.clock.now()) t.expire(r);
      });
      if (run.status === 'expired') {
        report.expired.push(run.runId);
        deps.audit({ actor: 'offboard', action: 'expired', runId: run.runId, detail: run.target });
      }
    } catch (e) {
      services.log.warn('could not expire a confirmation', { runId: stale.runId, error: String(e) });
    }
  }
  // A batch's members wait for the batch's one approval: batchStep expires them together.
  for (const stale of runs.filter(
    (r) =>
      r.status === 'awaiting approval' && r.data.batch === undefined && (r.data.approval?.until ?? 0) < now,
  )) {
    try {
      const run = changeRun(deps, stale.runId, (r) => {
        if (r.status === 'awaiting approval' && (r.data.approval?.until ?? 0) < services.clock.now())
          t.expireApproval(r);
      });
      if (run.status === 'expired') {
        report.expired.push(run.runId);
        deps.audit({ actor: 'offboard', action: 'approval expired', runId: run.runId, detail: run.target });
        tellExpired(deps, run);
      }
    } catch (e) {
      services.log.warn('could not expire an approval request', { runId: stale.runId, error: String(e) });
    }
  }
  remindPaused(deps, runs, report);
  // Batch members are worked together, in rounds across runs; the others one run at a time, as before.
  const rounds = batchRounds(deps, deadline, runs);
  report.advanced.push(...rounds.advanced);
  finished.push(...rounds.finished);
  const due = runs
    .filter((r) => r.data.batch === undefined)
    .map((r) => ({ r, at: t.dueAt(r, now) }))
    .filter((x): x is { r: Run; at: number } => x.at !== null && x.at <= now)
    .sort((a, b) => a.r.requestedAt.getTime() - b.r.requestedAt.getTime());
  for (const { r } of due) {
    if (services.clock.now() >= deadline) {
      report.left.push(r.runId);
      continue;
    }
    // One run's trouble (its row deleted by hand, a Sheet error) must not hold up the others.
    try {
      if (r.status === 'scheduled') scheduledStep(deps, r.runId, deadline);
      else advanceRun(deps, r.runId, deadline);
      report.advanced.push(r.runId);
    } catch (e) {
      const message = e instanceof Error ? e.message : String(e);
      report.failed.push(r.runId);
      services.log.error('worker could not advance a run', { runId: r.runId, error: message });
      deps.audit({ actor: 'offboard', action: 'worker error', runId: r.runId, detail: message });
      releaseAfterError(deps, r.runId);
    }
  }
  reportBatches(deps, finished);
  return report;
}

/**
 * Batches whose members finished outside a round this turn (an Abort the worker wrote): their one channel
 * message is updated in place, and a batch whose members are all finished and written is forgotten.
 */
function reportBatches(deps: EngineDeps, finished: Run[]): void {
  const ids = new Set(finished.flatMap((r) => (r.data.batch ? [r.data.batch] : [])));
  for (const batchId of ids) {
    try {
      publishProgress(
        deps,
        batchId,
        finished.filter((r) => r.data.batch === batchId),
      );
    } catch (e) {
      deps.services.log.warn('could not report a batch', { batchId, error: String(e) });
    }
  }
}

/**
 * The worker's first step: the rows Slack requests left in the index (one row write each, under the
 * lock, read fresh); finished runs then leave the index. Nothing waiting: no Sheet call.
 */
function writePendingRows(deps: EngineDeps, report: WorkerReport, finished: Run[]): void {
  const unwritten = deps.store.unwritten();
  // A batch's rows (its Confirm left up to 200) in one batched write, under the lock, read fresh.
  const members = unwritten.filter((r) => r.data.batch !== undefined);
  if (members.length > 0) {
    try {
      const written = withLock(
        deps.services,
        () => {
          const runs = deps.store.unwritten().filter((r) => r.data.batch !== undefined);
          deps.store.writeRows(runs);
          return runs;
        },
        deps.lockWaitMs,
      );
      for (const run of written) {
        report.written.push(run.runId);
        if (!isActive(run.status)) finished.push(run);
      }
    } catch (e) {
      deps.services.log.error('worker could not write batch rows', { error: String(e) });
    }
  }
  for (const waiting of unwritten.filter((r) => r.data.batch === undefined)) {
    try {
      let notes: string[] = [];
      const run = withLock(
        deps.services,
        () => {
          const r = deps.store.get(waiting.runId);
          if (!r?.rowPending) return null;
          // The notes a click left are taken with this save: sent once, even if a later turn retries.
          // (Such notes end a run: it leaves the index with this save, so no use count needs keeping.)
          notes = r.notesPending ?? [];
          delete r.notesPending;
          deps.store.save(r);
          return r;
        },
        deps.lockWaitMs,
      );
      if (run) for (const note of notes) deps.reporter.tellRequester(run, note);
      report.written.push(waiting.runId);
    } catch (e) {
      // The run keeps waiting in the index; the next turn tries again.
      deps.services.log.error('worker could not write a run row', { runId: waiting.runId, error: String(e) });
    }
  }
}

/**
 * A paused run nobody has acted on (or one held in its grace period by an Undo that did not go through) is
 * raised again in its thread, mentioning the requester, once per Pause Reminder Hours. Nothing is aborted automatically. The setting is read only when a run is paused.
 */
function remindPaused(deps: EngineDeps, runs: Run[], report: WorkerReport): void {
  const paused = runs.filter(
    (r) => r.status === 'paused' || (r.status === 'in grace period' && r.data.grace?.undo),
  );
  if (paused.length === 0) return;
  const every = deps.pauseReminderMs();
  const now = deps.services.clock.now();
  for (const stale of paused) {
    const due = t.pauseReminderDue(stale, every);
    if (due === null || due > now) continue;
    try {
      let remind = false;
      const run = changeRun(
        deps,
        stale.runId,
        (r) => {
          const at = t.pauseReminderDue(r, every);
          // The same pause, still unanswered: a click in between changed the status or the pause number.
          if (at === null || at > deps.services.clock.now() || r.data.pauseSeq !== stale.data.pauseSeq)
            return;
          r.data.pauseNoticeAt = deps.services.clock.now();
          remind = true;
        },
        'index',
      );
      if (!remind) continue;
      report.reminded.push(run.runId);
      if (run.status === 'in grace period') {
        deps.reporter.mentionRequester(
          run,
          `Run ${run.runId} (${run.data.target.displayName}) is still held in its grace period: ${run.message}`,
        );
        deps.audit({
          actor: 'offboard',
          action: 'pause reminder',
          runId: run.runId,
          detail: 'held after Undo',
        });
        continue;
      }
      const task = run.data.plan.find((p) => p.id === run.data.pausedTask)?.label ?? 'a task';
      deps.reporter.mentionRequester(
        run,
        `Run ${run.runId} (${run.data.target.displayName}) is still paused at ${task}: ${run.message} Retry, Skip or Abort in the message above.`,
      );
      deps.audit({ actor: 'offboard', action: 'pause reminder', runId: run.runId, detail: task });
    } catch (e) {
      deps.services.log.warn('could not remind a paused run', { runId: stale.runId, error: String(e) });
    }
  }
}

/**
 * After an error this execution caught (a renamed tab, a Sheet error), the run is handed back at once
 * instead of waiting for the lease to run out. Best effort: the lease still expires on its own.
 */
function releaseAfterError(deps: EngineDeps, runId: string): void {
  try {
    changeRun(
      deps,
      runId,
      (r) => {
        if (!t.holdsLease(r, deps.executionId, deps.services.clock.now())) return;
        r.status = 'queued';
        t.releaseLease(r);
      },
      'index',
    );
  } catch {
    // The lease runs out by itself.
  }
}
