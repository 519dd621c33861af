// Task work: tasks run outside the lock (one Okta round per step), their outcomes recorded under it, and
// the run's Slack message and requester kept up to date.

import { OffboardError } from '../errors';
import type { OktaClient } from '../okta/client';
import type { OktaUser } from '../okta/types';
import { driveTasks } from '../tasks/drive';
import type { TaskOutcome } from '../tasks/types';
import { webhookTask } from '../tasks/webhook';
import { LEASE_MS, LOCK_WAIT_MS } from './budgets';
import type { AuditEntry, EngineDeps } from './deps';
import type { Alongside } from '../slack/webApi';
import { changeRun, withLock } from './lock';
import type { DetailRow } from './store';
import * as t from './transitions';
import { isActive, type PlannedTask, type Run } from './types';

/** Runs several tasks of one run together (one Okta round per step) and returns their outcomes. */
export function runTogether(
  deps: EngineDeps,
  run: Run,
  tasks: PlannedTask[],
  deadline: number,
): TaskOutcome[] {
  return runAcross(deps, [{ run, tasks }], deadline)[0]!;
}

/**
 * Runs the given tasks of several runs together: each round, every unfinished task's calls go to Okta in
 * one sendAll (the client keeps MAX_IN_FLIGHT in flight and paces by the rate-limit headers). Outcomes
 * per run, in the order asked.
 */
export function runAcross(
  deps: EngineDeps,
  items: { run: Run; tasks: PlannedTask[] }[],
  deadline: number,
  /** One client for all of a turn's rounds keeps what Okta's headers said about each window. */
  client: OktaClient = deps.okta(deadline),
  /**
   * A batch's rounds: the tasks' progress (TaskContext.record) is kept and saved for all runs at once after
   * each round of calls (one lock hold, one Script Properties write), not once per task and call.
   */
  together = false,
): TaskOutcome[][] {
  const progress = new Map<string, Record<string, unknown>>();
  const at = deps.services.clock.now();
  // A webhook task is defined by its Tasks row, kept in the run's plan when the run was requested.
  const known = items.map(({ tasks }) =>
    tasks.map((p) => (p.webhook ? webhookTask(p.label, p.webhook) : deps.task(p.id))),
  );
  const jobs = items.flatMap(({ run }, i) => {
    const user = {
      id: run.oktaUserId,
      status: run.data.target.statusAtRequest,
      profile: {
        login: run.data.target.login,
        email: run.data.target.email,
        displayName: run.data.target.displayName,
      },
    } as OktaUser;
    const record = (data: Record<string, unknown>): void => {
      if (!together) return saveFacts(deps, run.runId, data);
      progress.set(run.runId, { ...progress.get(run.runId), ...data });
    };
    const about = { runId: run.runId, requestedBy: run.requestedBy, confirmedBy: run.confirmedBy, at };
    return known[i]!.flatMap((task) =>
      task ? [{ task, ctx: { user, runData: run.data.facts, record, run: about } }] : [],
    );
  });
  let outcomes: TaskOutcome[];
  try {
    outcomes = driveTasks(client, jobs, { webhook: deps.webhooks?.(), google: deps.google?.() }, () =>
      saveAllFacts(deps, progress),
    );
  } catch (e) {
    const message = e instanceof Error ? e.message : String(e);
    outcomes = jobs.map(
      () => ({ kind: 'failed', transient: true, code: 'INTERNAL', message }) as TaskOutcome,
    );
  }
  // A task this version of Offboard does not know (Run Data edited by hand, or an older plan) pauses the run.
  return items.map(({ tasks }, i) =>
    known[i]!.map((task, j) =>
      task
        ? outcomes.shift()! // driveTasks answers one outcome per job, in order
        : {
            kind: 'failed',
            transient: false,
            code: 'INTERNAL',
            message: `Offboard has no task "${tasks[j]!.id}".`, // `known` maps `tasks` one to one
          },
    ),
  );
}

/** The progress several runs' tasks reported in one round of calls, saved at once (index only). */
function saveAllFacts(deps: EngineDeps, progress: Map<string, Record<string, unknown>>): void {
  if (progress.size === 0) return;
  const waiting = new Map(progress);
  progress.clear();
  try {
    withLock(
      deps.services,
      () => {
        const now = deps.services.clock.now();
        const runs = deps.store
          .active()
          .filter((r) => waiting.has(r.runId) && t.holdsLease(r, deps.executionId, now));
        for (const r of runs) Object.assign(r.data.facts, waiting.get(r.runId));
        deps.store.holdMany(runs, false);
      },
      deps.lockWaitMs,
    );
  } catch (e) {
    deps.services.log.warn('could not save task progress', { error: String(e) });
  }
}

/**
 * A task's progress (e.g. the groups removed so far), saved mid-task while this execution holds the run.
 * It goes to the run's index entry only (no Sheet write); the next row write carries it. A failed save
 * never stops the task.
 */
function saveFacts(deps: EngineDeps, runId: string, data: Record<string, unknown>): void {
  try {
    changeRun(
      deps,
      runId,
      (r) => {
        if (t.holdsLease(r, deps.executionId, deps.services.clock.now())) Object.assign(r.data.facts, data);
      },
      'index',
    );
  } catch (e) {
    deps.services.log.warn('could not save task progress', { runId, error: String(e) });
  }
}

/**
 * Records outcomes of tasks this execution ran, releases the lease, and reports. The Slack message is
 * published from a preview first, so its address is saved in the same row write as the outcomes.
 */
export function finishStep(
  deps: EngineDeps,
  run: Run,
  tasks: PlannedTask[],
  outcomes: TaskOutcome[],
  /** When given, one Audit Log row for the whole step instead of one per task. */
  auditAs?: AuditEntry,
  /** A click's reply, built from the state about to be saved, sent with the channel message (one fetchAll). */
  answer?: (preview: Run) => Alongside | null,
): Run {
  const now = deps.services.clock.now();
  const apply = (r: Run): void => {
    if (!t.holdsLease(r, deps.executionId, now)) {
      // Aborted while Okta was working: record what Okta did, keep everything else others wrote.
      tasks.forEach((task, i) => t.recordAfterAbort(r, task, outcomes[i]!, now)); // one outcome per task (runTogether)
      return;
    }
    tasks.forEach((task, i) => t.applyOutcome(r, task, outcomes[i]!, now)); // one outcome per task (runTogether)
    if (r.status === 'running') r.status = 'queued';
    t.releaseLease(r);
    t.settle(r, now);
  };
  const preview = cloneRun(run);
  apply(preview);
  const posted = deps.reporter.publish(preview, answer?.(preview));
  // Okta has acted: recording it is worth more than answering Slack in time (a click's answer goes
  // through its response_url anyway), so this waits for the lock as long as a worker turn would.
  let finished: Run;
  try {
    finished = changeRun(
      deps,
      run.runId,
      (r) => {
        recordDetails(deps, r, tasks, outcomes);
        apply(r);
        if (posted) r.data.report = posted;
      },
      'row',
      tasks.length > 0 ? LOCK_WAIT_MS : deps.lockWaitMs,
    );
  } catch (e) {
    const kept = tasks.length > 0 ? keepWithoutLock(deps, run, apply, posted, e) : null;
    if (!kept) throw e;
    finished = kept;
  }
  if (auditAs) deps.audit(auditAs);
  else tasks.forEach((task, i) => auditOutcome(deps, finished, task, outcomes[i]!)); // one outcome per task (runTogether)
  notify(deps, finished);
  return finished;
}

/**
 * The lock stayed busy after Okta acted. This execution holds the run's lease, so nobody else writes the
 * run's index entry: the outcomes go there without the lock (the worker writes the row and Run Details
 * at the run's next step). Null when that cannot be done safely, and the error stands.
 */
function keepWithoutLock(
  deps: EngineDeps,
  run: Run,
  apply: (r: Run) => void,
  posted: { channel: string; ts: string } | null,
  error: unknown,
): Run | null {
  if (!(error instanceof OffboardError) || error.code !== 'LOCK_TIMEOUT') return null;
  if (!t.holdsLease(run, deps.executionId, deps.services.clock.now())) return null;
  const r = cloneRun(run);
  apply(r);
  if (!isActive(r.status)) return null; // a finished run needs its row: that takes the lock
  if (posted) r.data.report = posted;
  r.updatedAt = new Date(deps.services.clock.now());
  deps.store.hold(r);
  deps.services.log.warn('outcomes kept in the index: the lock stayed busy', { runId: r.runId });
  return r;
}

/**
 * Writes the items the outcomes name (groups removed and kept, …) to Run Details: one write for the
 * step. Called under the lock with the outcome's row write. A failure is audited, never thrown: Okta
 * has acted, and the outcome must still be recorded.
 */
/** The Run Details rows the outcomes name (groups removed and kept, …). */
export function detailRowsOf(
  run: Run,
  tasks: PlannedTask[],
  outcomes: TaskOutcome[],
  now: number,
): DetailRow[] {
  const time = new Date(now);
  return tasks.flatMap((task, i) =>
    (outcomes[i]?.details ?? []).map((d) => ({ ...d, runId: run.runId, time, task: task.label })),
  );
}

function recordDetails(deps: EngineDeps, run: Run, tasks: PlannedTask[], outcomes: TaskOutcome[]): void {
  const rows = detailRowsOf(run, tasks, outcomes, deps.services.clock.now());
  if (rows.length === 0) return;
  try {
    deps.store.addDetails(rows);
  } catch (e) {
    const message = e instanceof Error ? e.message : String(e);
    deps.services.log.error('run details write failed', { runId: run.runId, error: message });
    deps.audit({
      actor: 'offboard',
      action: 'run details not written',
      runId: run.runId,
      detail: `${rows.length} item(s): ${message}`,
    });
  }
}

/** A deep copy (Run Data is JSON; the two dates are copied by value). */
function cloneRun(run: Run): Run {
  return {
    ...run,
    requestedAt: new Date(run.requestedAt.getTime()),
    updatedAt: new Date(run.updatedAt.getTime()),
    data: JSON.parse(JSON.stringify(run.data)) as Run['data'],
  };
}

function auditOutcome(deps: EngineDeps, run: Run, task: PlannedTask, outcome: TaskOutcome): void {
  deps.audit(auditEntryOf(run, task, outcome));
}

/** A task's Audit Log row: its outcome, with the Okta request ids of its writes. */
export function auditEntryOf(run: Run, task: PlannedTask, outcome: TaskOutcome): AuditEntry {
  return {
    actor: 'offboard',
    action: `task ${task.id}: ${outcome.kind}`,
    runId: run.runId,
    detail: auditDetailOf(outcome),
  };
}

function detailOf(outcome: TaskOutcome): string {
  return outcome.kind === 'skipped'
    ? outcome.reason
    : outcome.kind === 'failed'
      ? outcome.message
      : outcome.detail;
}

/** Request ids named in one Audit Log detail; the rest are counted. */
const AUDIT_REQUEST_IDS = 10;

/** The detail plus each write's X-Okta-Request-Id, so Okta support and auditors can trace the calls. */
function auditDetailOf(outcome: TaskOutcome): string {
  const writes = (outcome.details ?? []).filter((d) => d.kind === 'okta request');
  if (writes.length === 0) return detailOf(outcome);
  const ids = writes.slice(0, AUDIT_REQUEST_IDS).map((d) => `${d.name} ${d.oktaId || '(no answer)'}`);
  const more = writes.length > AUDIT_REQUEST_IDS ? ` and ${writes.length - AUDIT_REQUEST_IDS} more` : '';
  return `${detailOf(outcome)} [Okta request ids: ${ids.join(', ')}${more}]`;
}

/** "done (Suspended in Okta…)", for one-line audit details. */
export function outcomeText(outcome: TaskOutcome): string {
  return `${outcome.kind.replace('_', ' ')} (${auditDetailOf(outcome)})`;
}

function afterStep(deps: EngineDeps, run: Run): void {
  publishAndKeep(deps, run);
  notify(deps, run);
}

/** A pause or the end of a run goes to the Audit Log and to the requester. */
function notify(deps: EngineDeps, run: Run): void {
  if (run.status === 'paused') {
    deps.audit({ actor: 'offboard', action: 'paused', runId: run.runId, detail: run.message });
    deps.reporter.tellRequester(run, `Run ${run.runId} is paused: ${run.message}`);
  } else if (run.status === 'in grace period') {
    deps.audit({ actor: 'offboard', action: 'grace period', runId: run.runId, detail: run.message });
    deps.reporter.tellRequester(run, `Run ${run.runId} is in its grace period: ${run.message}`);
  } else if (run.status === 'completed') {
    deps.audit({ actor: 'offboard', action: 'completed', runId: run.runId, detail: run.message });
    deps.reporter.tellRequester(run, `Run ${run.runId} completed: ${run.message}`);
  }
}

/** Updates the Slack message; when it was just posted, keeps its address in the run's row. */
export function publishAndKeep(deps: EngineDeps, run: Run): void {
  const posted = deps.reporter.publish(run);
  if (!posted) return;
  run.data.report = posted;
  changeRun(
    deps,
    run.runId,
    (r) => {
      r.data.report = posted;
    },
    'index',
  );
}

/**
 * Works on one run until it completes, pauses, waits for a retry, is aborted, or `deadline` comes.
 * Each task: mark it running in the index; run it outside the lock; record the outcome in the row and
 * the index (one row write per task).
 */
export function advanceRun(deps: EngineDeps, runId: string, deadline: number): Run {
  const { services } = deps;
  let graceEnded = false;
  let run = changeRun(
    deps,
    runId,
    (r) => {
      const now = services.clock.now();
      // The grace period's time has come (and nobody clicked Undo): the held tasks run now.
      if (t.graceOver(r, now)) {
        t.endGrace(r, 'offboard', now);
        graceEnded = true;
      }
      if (r.status === 'queued' || t.isAbandoned(r, now)) t.takeLease(r, deps.executionId, now + LEASE_MS);
    },
    'index',
  );
  if (graceEnded) deps.audit({ actor: 'offboard', action: 'grace period over', runId, detail: run.target });
  while (t.holdsLease(run, deps.executionId, services.clock.now())) {
    const now = services.clock.now();
    if (now >= deadline) {
      run = changeRun(deps, runId, (r) => {
        if (!t.holdsLease(r, deps.executionId, now)) return;
        r.status = 'queued';
        t.releaseLease(r);
      });
      break;
    }
    const step = t.nextStep(run, now);
    if (step.kind !== 'task') {
      run = changeRun(deps, runId, (r) => {
        if (!t.holdsLease(r, deps.executionId, now)) return;
        r.status = 'queued';
        t.releaseLease(r);
        t.settle(r, now);
      });
      if (run.status === 'completed' || run.status === 'in grace period') afterStep(deps, run);
      break;
    }
    let started = false;
    // The running mark goes to the index only: a task costs one row write, its outcome.
    run = changeRun(
      deps,
      runId,
      (r) => {
        if (!t.holdsLease(r, deps.executionId, services.clock.now())) return;
        t.markRunning(r, step.task.id, services.clock.now());
        started = true;
      },
      'index',
    );
    if (!started) break;
    publishAndKeep(deps, run);
    const [outcome] = runTogether(deps, run, [step.task], deadline);
    run = changeRun(deps, runId, (r) => {
      const at = services.clock.now();
      recordDetails(deps, r, [step.task], [outcome!]); // runTogether answers one outcome for the one task (and below)
      if (!t.holdsLease(r, deps.executionId, at)) {
        t.recordAfterAbort(r, step.task, outcome!, at);
        return;
      }
      t.applyOutcome(r, step.task, outcome!, at);
      if (r.status !== 'running') t.releaseLease(r);
      t.settle(r, at);
    });
    auditOutcome(deps, run, step.task, outcome!);
    if (run.status !== 'running') {
      afterStep(deps, run);
      break;
    }
    publishAndKeep(deps, run);
  }
  return run;
}
