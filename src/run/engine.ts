// The run engine: state changes under the script lock (briefly, never across HTTP), task work outside
// it, and the run's row written after every step so an execution that dies loses nothing.

import { OffboardError } from '../errors';
import type { Services } from '../ports';
import type { OktaClient } from '../okta/client';
import type { OktaUser } from '../okta/types';
import { driveTasks } from '../tasks/drive';
import type { TaskDefinition, TaskId, TaskOutcome } from '../tasks/types';
import type { WebhookSender } from '../webhook/call';
import type { ButtonClaim } from './buttons';
import { newRunId } from './ids';
import { findRun, type RunStore } from './store';
import * as t from './transitions';
import { isActive, type PlannedTask, type Run } from './types';

/** Apps Script stops an execution at 6 minutes; a lease outlives any execution that holds it. */
export const LEASE_MS = 6.5 * 60_000;
/** Budget for containment on Confirm, so the reply stays inside Slack's 3 seconds. */
export const CONTAINMENT_BUDGET_MS = 1_800;
/**
 * On Confirm, no kick trigger is created after this much of our own time has passed. Apps Script's
 * start-up before our code runs is invisible to us and is part of Slack's 3 seconds, hence the margin.
 */
export const KICK_BUDGET_MS = 1_500;
/** How long a worker turn waits for the script lock before giving up. */
export const LOCK_WAIT_MS = 10_000;
/** How long a Slack request waits for the lock: past this, Slack's 3 seconds are gone anyway. */
export const REQUEST_LOCK_WAIT_MS = 2_000;

export interface AuditEntry {
  actor: string;
  action: string;
  runId?: string;
  detail?: string;
}

/** Posts and updates the run's Slack message; failures are reported through audit, never thrown. */
export interface RunReporter {
  /** Posts the run message when there is none yet, else updates it. Returns the message when posted. */
  publish(run: Run): { channel: string; ts: string } | null;
  /**
   * An ephemeral note to the requester through the slash command's response_url, when still usable.
   * `text` is plain (it may carry Okta's error texts): the reporter escapes it.
   */
  tellRequester(run: Run, text: string): void;
}

export interface EngineDeps {
  services: Services;
  store: RunStore;
  /** An Okta client that never sleeps or retries past `deadline` (epoch ms). */
  okta(deadline: number): OktaClient;
  /** Sends webhook tasks' calls; without it they are refused (the task fails saying so). */
  webhooks?(): WebhookSender;
  task(id: TaskId): TaskDefinition | undefined;
  reporter: RunReporter;
  audit(entry: AuditEntry): void;
  /** Identifies this execution in leases. */
  executionId: string;
  /** How long to wait for the script lock; LOCK_WAIT_MS when not set. */
  lockWaitMs?: number;
}

export interface NewRun {
  requester: { slackUserId: string; name: string };
  input: string;
  user: OktaUser;
  plan: PlannedTask[];
}

// ---- Locking

export function withLock<T>(services: Services, fn: () => T, waitMs = LOCK_WAIT_MS): T {
  if (!services.lock.tryLock(waitMs)) {
    throw new OffboardError('LOCK_TIMEOUT', 'Another Offboard action is in progress.');
  }
  try {
    return fn();
  } finally {
    services.lock.release();
  }
}

/** Reads the runs fresh under the lock, applies `change` to one run and saves it. */
/** Checks, under the lock and on the fresh row, that the clicker may act on this run; throws if not. */
export type Authorize = (run: Run) => void;

function changeRun(deps: EngineDeps, runId: string, change: (run: Run, runs: Run[]) => void): Run {
  return withLock(
    deps.services,
    () => {
      const runs = deps.store.list();
      const run = findRun(runs, runId);
      if (!run)
        throw new OffboardError('RUN_NOT_FOUND', `No run ${runId} in the Offboarding tab.`, { runId });
      change(run, runs);
      run.updatedAt = new Date(deps.services.clock.now());
      deps.store.save(run);
      return run;
    },
    deps.lockWaitMs,
  );
}

// ---- Requests and clicks

/** The person's active run, if any: a second one is refused. */
export function activeRunFor(runs: Run[], oktaUserId: string): Run | null {
  return runs.find((r) => r.oktaUserId === oktaUserId && isActive(r.status)) ?? null;
}

/** Records a request awaiting confirmation. Refuses when the person already has an active run. */
export function requestRun(deps: EngineDeps, input: NewRun): Run {
  const { services } = deps;
  const now = services.clock.now();
  return withLock(
    services,
    () => {
      const existing = activeRunFor(deps.store.list(), input.user.id);
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
export function confirmRun(
  deps: EngineDeps,
  claim: ButtonClaim,
  actor: string,
  startedAt: number,
  authorize: Authorize = () => {},
): Run {
  const { services } = deps;
  let contain: PlannedTask[] = [];
  const claimed = changeRun(deps, claim.runId, (run, runs) => {
    authorize(run);
    const now = services.clock.now();
    const other = activeRunFor(
      runs.filter((r) => r.runId !== run.runId),
      run.oktaUserId,
    );
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
  });
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
export function clickRun(
  deps: EngineDeps,
  claim: ButtonClaim,
  actor: string,
  authorize: Authorize = () => {},
): Run {
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
        return t.abort(r, actor, now);
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

// ---- Task work

/** Runs several tasks of one run together (one Okta round per step) and returns their outcomes. */
function runTogether(deps: EngineDeps, run: Run, tasks: PlannedTask[], deadline: number): TaskOutcome[] {
  const client = deps.okta(deadline);
  const user = {
    id: run.oktaUserId,
    status: run.data.target.statusAtRequest,
    profile: { login: run.data.target.login, email: run.data.target.email },
  } as OktaUser;
  const known = tasks.map((p) => deps.task(p.id));
  const record = (data: Record<string, unknown>): void => saveFacts(deps, run.runId, data);
  const jobs = known.flatMap((task) =>
    task ? [{ task, ctx: { user, runData: run.data.facts, record } }] : [],
  );
  let outcomes: TaskOutcome[];
  try {
    outcomes = driveTasks(client, jobs, { webhook: deps.webhooks?.() });
  } catch (e) {
    const message = e instanceof Error ? e.message : String(e);
    outcomes = jobs.map(
      () => ({ kind: 'failed', transient: true, code: 'INTERNAL', message }) as TaskOutcome,
    );
  }
  // A task this version of Offboard does not know (Run Data edited by hand, or an older plan) pauses the run.
  return known.map((task, i) =>
    task
      ? outcomes.shift()!
      : {
          kind: 'failed',
          transient: false,
          code: 'INTERNAL',
          message: `Offboard has no task "${tasks[i]!.id}".`,
        },
  );
}

/** A task's progress, saved mid-task while this execution holds the run; a failed save never stops the task. */
function saveFacts(deps: EngineDeps, runId: string, data: Record<string, unknown>): void {
  try {
    changeRun(deps, runId, (r) => {
      if (t.holdsLease(r, deps.executionId, deps.services.clock.now())) Object.assign(r.data.facts, data);
    });
  } catch (e) {
    deps.services.log.warn('could not save task progress', { runId, error: String(e) });
  }
}

/**
 * Records outcomes of tasks this execution ran, releases the lease, and reports. The Slack message is
 * published from a preview first, so its address is saved in the same row write as the outcomes.
 */
function finishStep(
  deps: EngineDeps,
  run: Run,
  tasks: PlannedTask[],
  outcomes: TaskOutcome[],
  /** When given, one Audit Log row for the whole step instead of one per task. */
  auditAs?: AuditEntry,
): Run {
  const now = deps.services.clock.now();
  const apply = (r: Run): void => {
    if (!t.holdsLease(r, deps.executionId, now)) return; // aborted meanwhile: keep what others wrote
    tasks.forEach((task, i) => t.applyOutcome(r, task, outcomes[i]!, now));
    if (r.status === 'running') r.status = 'queued';
    t.releaseLease(r);
    t.settle(r, now);
  };
  const preview = cloneRun(run);
  apply(preview);
  const posted = deps.reporter.publish(preview);
  const finished = changeRun(deps, run.runId, (r) => {
    apply(r);
    if (posted) r.data.report = posted;
  });
  if (auditAs) deps.audit(auditAs);
  else tasks.forEach((task, i) => auditOutcome(deps, finished, task, outcomes[i]!));
  notify(deps, finished);
  return finished;
}

/** A deep copy (Run Data is JSON; the two dates are copied by value). */
export function cloneRun(run: Run): Run {
  return {
    ...run,
    requestedAt: new Date(run.requestedAt.getTime()),
    updatedAt: new Date(run.updatedAt.getTime()),
    data: JSON.parse(JSON.stringify(run.data)) as Run['data'],
  };
}

function auditOutcome(deps: EngineDeps, run: Run, task: PlannedTask, outcome: TaskOutcome): void {
  deps.audit({
    actor: 'offboard',
    action: `task ${task.id}: ${outcome.kind}`,
    runId: run.runId,
    detail: auditDetailOf(outcome),
  });
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
function outcomeText(outcome: TaskOutcome): string {
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
  } else if (run.status === 'completed') {
    deps.audit({ actor: 'offboard', action: 'completed', runId: run.runId, detail: run.message });
    deps.reporter.tellRequester(run, `Run ${run.runId} completed: ${run.message}`);
  }
}

/** Updates the Slack message; when it was just posted, keeps its address in the run's row. */
function publishAndKeep(deps: EngineDeps, run: Run): void {
  const posted = deps.reporter.publish(run);
  if (!posted) return;
  run.data.report = posted;
  changeRun(deps, run.runId, (r) => {
    r.data.report = posted;
  });
}

/**
 * Works on one run until it completes, pauses, waits for a retry, is aborted, or `deadline` comes.
 * Each task: mark it running and save; run it outside the lock; record the outcome and save.
 */
export function advanceRun(deps: EngineDeps, runId: string, deadline: number): Run {
  const { services } = deps;
  let run = changeRun(deps, runId, (r) => {
    const now = services.clock.now();
    if (r.status === 'queued' || t.isAbandoned(r, now)) t.takeLease(r, deps.executionId, now + LEASE_MS);
  });
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
      if (run.status === 'completed') afterStep(deps, run);
      break;
    }
    let started = false;
    run = changeRun(deps, runId, (r) => {
      if (!t.holdsLease(r, deps.executionId, services.clock.now())) return;
      t.markRunning(r, step.task.id, services.clock.now());
      started = true;
    });
    if (!started) break;
    publishAndKeep(deps, run);
    const [outcome] = runTogether(deps, run, [step.task], deadline);
    run = changeRun(deps, runId, (r) => {
      const at = services.clock.now();
      if (!t.holdsLease(r, deps.executionId, at)) return;
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

// ---- The worker

export interface WorkerReport {
  expired: string[];
  advanced: string[];
  left: string[];
  /** Runs this turn could not work on (the error is logged and audited); the others went on. */
  failed: string[];
}

/** One worker turn: expire stale confirmations, then advance due runs until `deadline`. */
export function workerTurn(deps: EngineDeps, deadline: number): WorkerReport {
  const { services } = deps;
  const report: WorkerReport = { expired: [], advanced: [], left: [], failed: [] };
  const now = services.clock.now();
  const runs = deps.store.list();
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
  const due = runs
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
      advanceRun(deps, r.runId, deadline);
      report.advanced.push(r.runId);
    } catch (e) {
      const message = e instanceof Error ? e.message : String(e);
      report.failed.push(r.runId);
      services.log.error('worker could not advance a run', { runId: r.runId, error: message });
      deps.audit({ actor: 'offboard', action: 'worker error', runId: r.runId, detail: message });
    }
  }
  return report;
}

// ---- Triggers

export const WORKER_HANDLER = 'runWorker';
export const KICK_HANDLER = 'kickWorker';
export const WORKER_EVERY_MINUTES = 1;

/** At most one pending one-shot kick: the recurring worker covers everything else. */
export function kickWorker(services: Services): void {
  try {
    if (services.triggers.list().some((x) => x.handler === KICK_HANDLER)) return;
    services.triggers.after(KICK_HANDLER, 1_000);
  } catch (e) {
    // The recurring worker still picks the run up; a kick is only a shortcut.
    services.log.warn('could not create the kick trigger', { error: String(e) });
  }
}

/** The kick trigger removes itself (one-shot triggers stay listed until deleted). */
export function removeKicks(services: Services): void {
  for (const trigger of services.triggers.list()) {
    if (trigger.handler === KICK_HANDLER) services.triggers.remove(trigger.id);
  }
}

/** One recurring worker trigger, never more: removes duplicates, creates it when missing. */
export function ensureWorkerTrigger(services: Services): 'created' | 'present' {
  const workers = services.triggers.list().filter((x) => x.handler === WORKER_HANDLER);
  workers.slice(1).forEach((x) => services.triggers.remove(x.id));
  if (workers.length) return 'present';
  services.triggers.everyMinutes(WORKER_HANDLER, WORKER_EVERY_MINUTES);
  return 'created';
}
