// The worker across runs (issue 10): each round takes the next tasks of many batch members, sends their
// Okta calls together (the client keeps MAX_IN_FLIGHT in flight and paces by Okta's rate-limit headers),
// and records them together: one index write, one batched row write, one Run Details write, one Audit
// Log write. Containment (Suspend, Clear Sessions) comes first for everyone in a batch; a paused member
// holds nobody up.

import type { OktaClient } from '../okta/client';
import type { TaskOutcome } from '../tasks/types';
import { publishProgress } from './batch';
import { undoRounds } from './batchUndo';
import { LEASE_MS, LOCK_WAIT_MS, ROUNDS_OVERTIME_MS } from './budgets';
import type { AuditEntry, EngineDeps } from './deps';
import { withLock } from './lock';
import { auditEntryOf, detailRowsOf, publishAndKeep, runAcross } from './steps';
import * as t from './transitions';
import type { PlannedTask, Run } from './types';

/**
 * Members worked in one round at most. Bounds how long a round holds its leases (a round of 100 people's
 * containment is 300 requests, 30 fetchAll rounds of 10, about 8 s) and how often the batch message moves;
 * a round's own cost (two lock holds, the Sheet writes, the message) is about 2 s, so fewer, fuller
 * rounds leave more of each minute to Okta (docs/PERFORMANCE.md).
 */
export const ROUND_RUNS = 100;

/**
 * People of one batch past containment and not finished, at most: their entries grow to about 1.7 KB
 * (what they held: groups, roles, apps), the contained ones wait at about 350 bytes (compact entries,
 * src/run/activeRuns.ts). 50 keep 500 people under 60% of Script Properties (274 KB,
 * test/perf/batchStore.test.ts); with 25 the rounds past containment are too small to keep up with Okta.
 */
export const REST_WINDOW = 50;

/**
 * Past this many bytes of Script Properties (60% of 500 KB), nobody more of a batch starts past
 * containment until others finish: people in many groups grow larger entries than the 1.7 KB measured
 * with 10 groups, and the Audit Log queue, settings and single runs keep their room (src/run/batch.ts).
 */
const REST_STORE_BYTES = 0.6 * 500 * 1024;

interface Claimed {
  run: Run;
  tasks: PlannedTask[];
}

/** What rounds did in one worker turn. */
export interface RoundsReport {
  advanced: string[];
  /** Members that finished (completed or aborted) in these rounds. */
  finished: Run[];
  rounds: number;
}

/**
 * Rounds until nothing of any batch is due or `deadline` comes. `runs`: the turn's read of the index; with
 * no batch member in it, nothing is done (an idle turn takes no lock and opens no spreadsheet).
 */
export function batchRounds(deps: EngineDeps, deadline: number, runs: Run[]): RoundsReport {
  const report: RoundsReport = { advanced: [], finished: [], rounds: 0 };
  if (!runs.some((r) => r.data.batch !== undefined)) return report;
  const seen = new Set<string>();
  let client: OktaClient | undefined;
  const { clock } = deps.services;
  // Past the turn's budget, rounds go on while they end in time: as many people as the turn's slowest
  // pace so far says fit before `end` (the next turn starts at the next minute; idle seconds are lost to
  // Okta's window), and a wait for Okta's window may last until a round's own cost before `end`. No round
  // yet, no pace: the turn ends at its budget.
  const end = deadline + ROUNDS_OVERTIME_MS;
  // A batch's Undo everyone first: it unsuspends people a person asked to bring back.
  report.rounds += undoRounds(deps, deadline, () => (client ??= deps.okta(end, { keepWindows: true })));
  let pace = 0;
  for (;;) {
    const now = clock.now();
    const most = now < deadline ? ROUND_RUNS : pace > 0 ? Math.floor((end - now - ROUND_COST_MS) / pace) : 0;
    if (most < 1) break;
    const startedAt = now;
    const { claimed, grace } = claimRound(deps, Math.min(ROUND_RUNS, most));
    reportGrace(deps, grace);
    if (claimed.length === 0) {
      // Waiting for Okta's window: worth a short sleep inside this turn rather than a minute's wait.
      if (!waitForWindow(deps, end - ROUND_COST_MS)) break;
      continue;
    }
    report.rounds++;
    // One client for the turn: it paces every round by what Okta's headers said in the earlier ones.
    client ??= deps.okta(end, { keepWindows: true });
    const outcomes = runAcross(deps, claimed, end, client, true);
    const recorded = recordRound(deps, claimed, outcomes);
    afterRound(deps, claimed, outcomes, recorded);
    for (const run of recorded) {
      if (!seen.has(run.runId)) report.advanced.push(run.runId);
      seen.add(run.runId);
      if (run.status === 'completed' || run.status === 'aborted') report.finished.push(run);
    }
    for (const batchId of new Set(recorded.map((r) => r.data.batch!))) {
      try {
        publishProgress(
          deps,
          batchId,
          recorded.filter(
            (r) => r.data.batch === batchId && (r.status === 'completed' || r.status === 'aborted'),
          ),
        );
      } catch (e) {
        deps.services.log.warn('could not report a batch', { batchId, error: String(e) });
      }
    }
    // Per person, the round's own cost set apart; never below what the round cost as a whole per person.
    pace = Math.max(pace, (clock.now() - startedAt) / claimed.length);
    // Okta's window held back every call of the round: claiming the next people would only mark them
    // waiting too. The turn waits for the window instead (when it resets soon), then goes on.
    const limited = outcomes
      .flat()
      .map((o) => (o.kind === 'failed' && o.code === 'OKTA_RATE_LIMITED' ? o : null));
    if (limited.length > 0 && limited.every((o) => o !== null)) {
      const reset = Math.min(...limited.map((o) => o?.retryAt ?? Infinity));
      if (!sleepUntil(deps, reset, end - ROUND_COST_MS)) break;
    }
  }
  return report;
}

/** A round's own cost whatever its size (two lock holds, the Sheet writes, the batch message), about. */
const ROUND_COST_MS = 3_000;

/** The longest a turn sleeps for a batch member's retry to come due (Okta's windows are a minute). */
const MAX_WINDOW_WAIT_MS = 60_000;

/**
 * Sleeps until the next batch member's retry is due, when that is soon and before `deadline`; false
 * otherwise. Members due now were not claimed (their batch's containment first, or the window past
 * containment full): they move when the others do, so only a retry still ahead is waited for.
 */
function waitForWindow(deps: EngineDeps, deadline: number): boolean {
  const now = deps.services.clock.now();
  const ahead = deps.store
    .active()
    .filter((r) => r.data.batch !== undefined && r.status === 'queued')
    .map((r) => t.dueAt(r, now) ?? Infinity)
    .filter((at) => at > now);
  return sleepUntil(deps, Math.min(...ahead), deadline);
}

/** Sleeps until `at` when that is within MAX_WINDOW_WAIT_MS and before `deadline`; false otherwise. */
function sleepUntil(deps: EngineDeps, at: number, deadline: number): boolean {
  const now = deps.services.clock.now();
  if (!Number.isFinite(at) || at - now > MAX_WINDOW_WAIT_MS || at >= deadline) return false;
  if (at > now) deps.services.clock.sleep(at - now);
  return true;
}

function isContain(deps: EngineDeps, task: PlannedTask): boolean {
  return deps.task(task.id)?.stage === 'contain';
}

/** The leading containment tasks that still have work now (pending, or a retry that is due). */
function containWork(deps: EngineDeps, run: Run, now: number): PlannedTask[] {
  const out: PlannedTask[] = [];
  for (const task of run.data.plan) {
    if (!isContain(deps, task)) break;
    const r = t.record(run, task.id);
    if (r.state === 'pending' || r.state === 'running') out.push(task);
    else if (r.state === 'failed' && r.retryAt !== undefined && r.retryAt <= now) out.push(task);
  }
  return out;
}

/** Whether any task after containment has started for this person. */
function pastContainment(deps: EngineDeps, run: Run): boolean {
  return run.data.plan.some((task) => !isContain(deps, task) && t.record(run, task.id).state !== 'pending');
}

/** What claimRound did to batches' grace periods: per batch, the members whose clock started or ended. */
type GraceChanges = Map<string, { started: Run[]; ended: Run[] }>;

/**
 * The batch's grace period moves with the worker's reads of the index (no Sheet read while it waits): once
 * no member's containment is due, the members waiting get one due time, `ms` from now; past it, their
 * grace period ends (not for a member held by an Undo) and the held tasks are due in this round.
 */
function moveGrace(members: Run[], containing: Set<string>, now: number): GraceChanges {
  const changes: GraceChanges = new Map();
  const of = (batchId: string) => {
    const c = changes.get(batchId) ?? { started: [], ended: [] };
    changes.set(batchId, c);
    return c;
  };
  for (const run of members) {
    if (run.status !== 'in grace period' || containing.has(run.data.batch!)) continue;
    if (run.data.grace?.until === undefined) {
      t.startGraceClock(run, now);
      of(run.data.batch!).started.push(run);
    } else if (t.graceOver(run, now)) {
      t.endGrace(run, 'offboard', now);
      of(run.data.batch!).ended.push(run);
    }
  }
  return changes;
}

/** The Audit Log (one row per batch and change) and the batch message say what moved in grace periods. */
function reportGrace(deps: EngineDeps, changes: GraceChanges): void {
  if (changes.size === 0) return;
  const entries: AuditEntry[] = [];
  for (const [batchId, { started, ended }] of changes) {
    if (started.length > 0) {
      const until = new Date(started[0]!.data.grace!.until!).toISOString(); // startGraceClock set it
      entries.push({
        actor: 'offboard',
        action: 'batch grace period',
        detail: `${batchId}: ${started.length} people wait until ${until}`,
      });
    }
    if (ended.length > 0)
      entries.push({
        actor: 'offboard',
        action: 'batch grace period over',
        detail: `${batchId}: ${ended.length} people`,
      });
  }
  deps.auditAll(entries);
  for (const batchId of changes.keys()) {
    try {
      publishProgress(deps, batchId);
    } catch (e) {
      deps.services.log.warn('could not report a batch', { batchId, error: String(e) });
    }
  }
}

/**
 * Under the lock: the members whose next step is due, containment first for each batch (a batch's other
 * tasks wait while any member's containment is due), oldest first, ROUND_RUNS at most. Each is leased and
 * its tasks marked running in the index (one write for all, with the members whose grace period moved).
 */
function claimRound(deps: EngineDeps, most: number): { claimed: Claimed[]; grace: GraceChanges } {
  const { services } = deps;
  return withLock(
    services,
    () => {
      const now = services.clock.now();
      const members = deps.store
        .active()
        .filter((r) => r.data.batch !== undefined)
        .sort((a, b) => a.requestedAt.getTime() - b.requestedAt.getTime());
      const containing = new Set(
        members
          .filter(
            (r) => (r.status === 'queued' || r.status === 'running') && containWork(deps, r, now).length > 0,
          )
          .map((r) => r.data.batch!),
      );
      const grace = moveGrace(members, containing, now);
      // Past containment, a batch goes on with REST_WINDOW people at a time: a person's entry grows with
      // each task's record, and 200 grown entries would not fit in Script Properties.
      const started = new Map<string, number>();
      for (const run of members) {
        // A paused person holds no place: a pause never holds the others up.
        if ((run.status === 'queued' || run.status === 'running') && pastContainment(deps, run))
          started.set(run.data.batch!, (started.get(run.data.batch!) ?? 0) + 1);
      }
      const claimed: Claimed[] = [];
      for (const run of members) {
        if (claimed.length >= most) break;
        if (!(run.status === 'queued' || t.isAbandoned(run, now))) continue;
        const step = t.nextStep(run, now);
        if (step.kind === 'wait' || step.kind === 'grace') continue;
        let tasks: PlannedTask[] = [];
        if (step.kind === 'task') {
          const contain = containWork(deps, run, now);
          if (contain.length > 0) tasks = contain;
          else if (containing.has(run.data.batch!)) continue;
          else if (!pastContainment(deps, run)) {
            if ((started.get(run.data.batch!) ?? 0) >= REST_WINDOW) continue;
            if (deps.store.bytesRead() > REST_STORE_BYTES) continue;
            started.set(run.data.batch!, (started.get(run.data.batch!) ?? 0) + 1);
            tasks = [step.task];
          } else tasks = [step.task];
        }
        t.takeLease(run, deps.executionId, now + LEASE_MS);
        for (const task of tasks) t.markRunning(run, task.id, now);
        claimed.push({ run, tasks });
      }
      deps.store.holdMany(
        claimed.map((c) => c.run),
        false,
      );
      // Members whose grace period moved and that were not claimed: their row says so at the next turn.
      const moved = [...grace.values()].flatMap((c) => [...c.started, ...c.ended]);
      const claimedIds = new Set(claimed.map((c) => c.run.runId));
      const left = moved.filter((r) => !claimedIds.has(r.runId));
      if (left.length > 0) deps.store.holdMany(left);
      return { claimed, grace };
    },
    deps.lockWaitMs,
  );
}

/**
 * Under the lock, on fresh records: each outcome applied (or recorded on a run aborted meanwhile), leases
 * released, then one batched write of the index, the rows and the Run Details.
 */
function recordRound(deps: EngineDeps, claimed: Claimed[], outcomes: TaskOutcome[][]): Run[] {
  const { services } = deps;
  // Okta has acted: recording it is worth waiting for the lock as long as a worker turn would.
  return withLock(
    services,
    () => {
      const now = services.clock.now();
      const fresh = new Map(deps.store.active().map((r) => [r.runId, r]));
      const runs: Run[] = [];
      claimed.forEach(({ run: claimedRun, tasks }, i) => {
        const run = fresh.get(claimedRun.runId) ?? deps.store.get(claimedRun.runId);
        if (!run) return;
        const mine = outcomes[i]!;
        run.detailsPending = [
          ...(run.detailsPending ?? []),
          ...detailRowsOf(run, tasks, mine, now).map((d) => ({ ...d, time: d.time.getTime() })),
        ];
        if (!t.holdsLease(run, deps.executionId, now)) {
          tasks.forEach((task, j) => t.recordAfterAbort(run, task, mine[j]!, now));
        } else {
          tasks.forEach((task, j) => {
            const outcome = mine[j]!;
            // Stopped by Okta's rate limit (held back by the client, or a 429): waiting for the window is
            // not a failed attempt; the task waits for its retry (paced, not retried in storms), and
            // nobody pauses for the rate limit alone.
            const limited = outcome.kind === 'failed' && outcome.code === 'OKTA_RATE_LIMITED';
            if (limited) {
              const r = t.record(run, task.id);
              run.data.tasks[task.id] = { ...r, attempts: Math.max(0, r.attempts - 1) };
            }
            t.applyOutcome(run, task, outcome, now);
            // Due again when Okta's window resets, not after the automatic retry's minute.
            const after = t.record(run, task.id);
            if (limited && after.state === 'failed' && after.retryAt !== undefined)
              after.retryAt = Math.max(now + 1_000, outcome.retryAt ?? now);
          });
          if (run.status === 'running') run.status = 'queued';
          t.releaseLease(run);
          t.settle(run, now);
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

/** One Audit Log write for the round; members that paused or finished get their message in the thread. */
function afterRound(deps: EngineDeps, claimed: Claimed[], outcomes: TaskOutcome[][], recorded: Run[]): void {
  const byId = new Map(recorded.map((r) => [r.runId, r]));
  const entries: AuditEntry[] = [];
  claimed.forEach(({ run, tasks }, i) => {
    const after = byId.get(run.runId) ?? run;
    tasks.forEach((task, j) => entries.push(auditEntryOf(after, task, outcomes[i]![j]!)));
    if (after.status === 'paused' || after.status === 'completed')
      entries.push({ actor: 'offboard', action: after.status, runId: after.runId, detail: after.message });
  });
  deps.auditAll(entries);
  // A member that paused gets its own reply (Retry, Skip, Abort), updated in place from then on; members
  // that finished without one are told together, a few replies per batch (Slack's posting rate).
  const finished = new Map<string, Run[]>();
  for (const run of recorded) {
    if (run.status !== 'paused' && run.status !== 'completed' && run.status !== 'aborted') continue;
    try {
      if (run.status === 'paused') publishAndKeep(deps, run);
      else if (run.data.report || !run.data.batch) deps.reporter.publish(run);
      else finished.set(run.data.batch, [...(finished.get(run.data.batch) ?? []), run]);
    } catch (e) {
      deps.services.log.warn('could not report a batch member', { runId: run.runId, error: String(e) });
    }
  }
  for (const [batchId, runs] of finished) {
    try {
      deps.reporter.publishFinished(batchId, runs);
    } catch (e) {
      deps.services.log.warn('could not report a batch', { batchId, error: String(e) });
    }
  }
}
