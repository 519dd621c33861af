// A batch's Undo everyone, done by the worker: the click only marks the members (src/run/batch.ts,
// undoBatch); each round here claims up to ROUND_RUNS of them, sends their unsuspend and read-back together
// through one driver (the client keeps its in-flight cap and paces by Okta's headers), then records every
// answer in one lock hold and one batched write. A member ends `undone` only when Okta shows ACTIVE; one
// that Okta refused stays in its grace period, held for a person, as after one run's Undo.

import type { OktaClient } from '../okta/client';
import type { OktaUser } from '../okta/types';
import { driveTasks } from '../tasks/drive';
import type { TaskOutcome } from '../tasks/types';
import { undoSuspendTask } from '../tasks/undoSuspend';
import { publishProgress } from './batch';
import { LEASE_MS, LOCK_WAIT_MS } from './budgets';
import type { AuditEntry, EngineDeps } from './deps';
import { withLock } from './lock';
import { outcomeText, publishAndKeep } from './steps';
import * as t from './transitions';
import type { Run } from './types';

/** Members unsuspended in one round at most: 100 people are 200 requests, 20 fetchAll rounds of 10. */
const UNDO_ROUND_RUNS = 100;

/** Rounds until nobody's Undo is waiting or `deadline` comes; how many rounds ran. */
export function undoRounds(deps: EngineDeps, deadline: number, client: () => OktaClient): number {
  let rounds = 0;
  while (deps.services.clock.now() < deadline) {
    const claimed = claimUndo(deps);
    if (claimed.length === 0) break;
    rounds++;
    let outcomes: TaskOutcome[];
    try {
      outcomes = driveTasks(
        client(),
        claimed.map((run) => ({
          task: undoSuspendTask(run.data.tasks.suspend?.state),
          ctx: { user: userOf(run), runData: {} },
        })),
      );
    } catch (e) {
      const message = e instanceof Error ? e.message : String(e);
      outcomes = claimed.map(() => ({ kind: 'failed', transient: true, code: 'INTERNAL', message }));
    }
    const recorded = recordUndo(deps, claimed, outcomes);
    afterUndo(deps, claimed, outcomes, recorded);
    // Okta's window held everyone back: the next turn goes on (their marks are pending again).
    if (outcomes.every((o) => o.kind === 'failed' && o.code === 'OKTA_RATE_LIMITED')) break;
  }
  return rounds;
}

function userOf(run: Run): OktaUser {
  return {
    id: run.oktaUserId,
    status: run.data.target.statusAtRequest,
    profile: { login: run.data.target.login, email: run.data.target.email },
  } as OktaUser;
}

/** Whether the member waits for the worker's Undo now (marked, or claimed by an execution that died). */
function undoDue(run: Run, now: number): boolean {
  const worker = run.data.grace?.undo?.worker;
  if (run.status !== 'in grace period' || worker === undefined) return false;
  return worker === 'pending' || worker.until <= now;
}

/** Under the lock: the members whose Undo waits, oldest first, claimed for this execution (one write). */
function claimUndo(deps: EngineDeps): Run[] {
  return withLock(
    deps.services,
    () => {
      const now = deps.services.clock.now();
      const claimed = deps.store
        .active()
        .filter((r) => r.data.batch !== undefined && undoDue(r, now))
        .sort((a, b) => a.requestedAt.getTime() - b.requestedAt.getTime())
        .slice(0, UNDO_ROUND_RUNS);
      for (const run of claimed)
        run.data.grace!.undo!.worker = { owner: deps.executionId, until: now + LEASE_MS }; // undoDue checked both
      deps.store.holdMany(claimed, false);
      return claimed;
    },
    deps.lockWaitMs,
  );
}

/**
 * Under the lock, on fresh records: each answer applied to a member still waiting for this execution's
 * Undo (Continue now may have overtaken it); held back by Okta's rate limit, it waits for the next round.
 * One batched write of the index and the rows; undone members then leave the index.
 */
function recordUndo(deps: EngineDeps, claimed: Run[], outcomes: TaskOutcome[]): Run[] {
  return withLock(
    deps.services,
    () => {
      const now = deps.services.clock.now();
      const fresh = new Map(deps.store.active().map((r) => [r.runId, r]));
      const runs: Run[] = [];
      claimed.forEach((c, i) => {
        const run = fresh.get(c.runId);
        const undo = run?.data.grace?.undo;
        const worker = undo?.worker;
        if (!run || !undo || typeof worker !== 'object' || worker.owner !== deps.executionId) return;
        const outcome = outcomes[i]!; // driveTasks answers one outcome per job
        if (outcome.kind === 'failed' && outcome.code === 'OKTA_RATE_LIMITED') undo.worker = 'pending';
        else {
          delete undo.worker;
          t.finishUndo(run, outcome, undo.by);
        }
        run.updatedAt = new Date(now);
        runs.push(run);
      });
      deps.store.writeRows(runs);
      return runs;
    },
    LOCK_WAIT_MS,
  );
}

/** One Audit Log write; the undone are listed in the batch's thread, one Okta refused gets its own reply. */
function afterUndo(deps: EngineDeps, claimed: Run[], outcomes: TaskOutcome[], recorded: Run[]): void {
  const byId = new Map(recorded.map((r) => [r.runId, r]));
  const entries: AuditEntry[] = [];
  claimed.forEach((c, i) => {
    const run = byId.get(c.runId);
    if (!run) return;
    const undone = run.status === 'undone';
    if (!undone && run.data.grace?.undo?.worker !== undefined) return; // waits for Okta's window
    entries.push({
      actor: c.data.grace?.undo?.by ?? 'offboard',
      action: undone ? 'undone' : 'undo failed',
      runId: run.runId,
      detail: `${run.target}: ${outcomeText(outcomes[i]!)}`,
    });
  });
  deps.auditAll(entries);
  const batches = new Set(recorded.map((r) => r.data.batch!));
  for (const batchId of batches) {
    const mine = recorded.filter((r) => r.data.batch === batchId);
    const undone = mine.filter((r) => r.status === 'undone');
    try {
      if (undone.length > 0) deps.reporter.publishFinished(batchId, undone);
      for (const run of mine.filter((r) => r.status === 'in grace period' && !r.data.grace?.undo?.worker))
        publishAndKeep(deps, run);
      publishProgress(deps, batchId, undone);
    } catch (e) {
      deps.services.log.warn('could not report a batch', { batchId, error: String(e) });
    }
  }
}
