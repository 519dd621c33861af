// The active-run index: every run that is not finished, whole, in Script Properties (one property per run),
// and finished runs whose row a Slack request left for the worker (they leave once the row is written).
//
// Why Script Properties and not a tab: reading it is one call that does not touch the Sheet (an idle
// worker turn reads nothing else), its cost does not grow with the Offboarding tab, and nobody can sort,
// retype or delete it by hand. Why the whole run and not only (run id, row, status, due): a run's row
// can be unreadable, misspelled or deleted by a person; the index keeps the run going and can write the
// row again. Limits (PLATFORM.md): 9 KB per value, 500 KB per store; a run's entry is bounded (see
// boundRun) to stay far below 9 KB, so the store holds hundreds of active runs beside the settings.

import type { PropertyStore } from '../ports';
import { allBatches, readBatch } from './batchStore';
import {
  isActive,
  RUN_STATUSES,
  type PendingDetail,
  type PlannedTask,
  type ReplyTo,
  type Run,
  type RunData,
} from './types';

/** Property key prefix of an active run's entry; the rest is the Run ID. */
export const ACTIVE_RUN_PREFIX = 'offboard.run.';

/** Task texts, click lists and the message are cut to these sizes in the index and in the row. */
const MAX_TASK_TEXT = 400;
/**
 * A batch member's task texts are cut shorter (the Audit Log keeps each outcome whole): 200 people's
 * entries must fit in Script Properties' 500 KB with room to spare (test/perf/batchStore.test.ts).
 */
const MAX_MEMBER_TASK_TEXT = 160;
const MAX_CLICKS = 20;
const MAX_MESSAGE = 1_000;
/** Notes waiting for the worker: Slack allows 5 uses of a response_url anyway. */
const MAX_NOTES = 5;
const MAX_NOTE = 1_200;

/** One entry as stored (version 1). Dates are epoch ms. */
interface Entry {
  v: 1;
  row?: number;
  runId: string;
  requestedAt: number;
  requestedBy: string;
  target: string;
  oktaUserId: string;
  status: Run['status'];
  updatedAt: number;
  message: string;
  confirmedBy: string;
  /** Without `plan` for a batch member (its batch keeps it). */
  data: RunData | Omit<RunData, 'plan'>;
  /** The row is not written yet (a Slack request saved the run; the worker writes it). */
  rowPending?: true;
  details?: PendingDetail[];
  reply?: ReplyTo;
  notes?: string[];
}

export function activeRunKey(runId: string): string {
  return `${ACTIVE_RUN_PREFIX}${runId.trim().toUpperCase()}`;
}

export interface ActiveRunIndex {
  /**
   * Every run in the index (one Script Properties call, no Sheet read): the active ones and finished ones
   * whose row is not written yet. Entries that do not parse are skipped.
   */
  all(): Run[];
  /** One run by its Run ID (one call); null when it is not in the index. */
  get(runId: string): Run | null;
  /**
   * One run as this execution's first Script Properties read saw it (no call); null when it was not in
   * the index then. Only for decisions that are checked again under the lock.
   */
  peek(runId: string): Run | null;
  /** Records the run when it is active or its row waits, forgets it otherwise. */
  put(run: Run): void;
  /** Several active runs (or runs whose row waits) in one Script Properties call. */
  putAll(runs: Run[]): void;
}

export function activeRunIndex(
  properties: PropertyStore,
  warn?: (message: string) => void,
  snapshot?: Record<string, string>,
): ActiveRunIndex {
  return {
    all() {
      const runs: Run[] = [];
      const everything = properties.all();
      let plans: Map<string, PlannedTask[]> | undefined;
      const planOf = (batchId: string): PlannedTask[] | undefined =>
        (plans ??= new Map(allBatches(everything).map((b) => [b.batchId, b.plan]))).get(batchId);
      for (const [key, value] of Object.entries(everything)) {
        if (!key.startsWith(ACTIVE_RUN_PREFIX)) continue;
        const run = parse(value, planOf);
        if (run) runs.push(run);
        else warn?.(`Script Property ${key} is not a readable run; it is ignored.`);
      }
      return runs;
    },
    get(runId) {
      const value = properties.get(activeRunKey(runId));
      return value === null ? null : parse(value, (batchId) => readBatch(properties, batchId)?.plan);
    },
    peek(runId) {
      const value = snapshot?.[activeRunKey(runId)];
      return value === undefined ? null : parse(value, (batchId) => readBatch(properties, batchId)?.plan);
    },
    put(run) {
      if (isActive(run.status) || run.rowPending)
        properties.set(activeRunKey(run.runId), JSON.stringify(toEntry(run)));
      else properties.delete(activeRunKey(run.runId));
    },
    putAll(runs) {
      const values: Record<string, string> = {};
      for (const run of runs) {
        if (!isActive(run.status) && !run.rowPending)
          throw new Error(`Run ${run.runId} is ${run.status}: putAll keeps active runs only.`);
        values[activeRunKey(run.runId)] = JSON.stringify(toEntry(run));
      }
      if (runs.length > 0) properties.setMany(values);
    },
  };
}

/** Keeps what a run carries small: long task texts are cut, only the last clicks are kept. */
export function boundRun(run: Run): void {
  const max = run.data.batch ? MAX_MEMBER_TASK_TEXT : MAX_TASK_TEXT;
  for (const record of Object.values(run.data.tasks)) {
    if (record && record.text.length > max) record.text = `${record.text.slice(0, max - 1)}…`;
  }
  if (run.data.clicks.length > MAX_CLICKS) run.data.clicks = run.data.clicks.slice(-MAX_CLICKS);
  if (run.message.length > MAX_MESSAGE) run.message = `${run.message.slice(0, MAX_MESSAGE - 1)}…`;
  if (run.notesPending)
    run.notesPending = run.notesPending
      .slice(-MAX_NOTES)
      .map((n) => (n.length > MAX_NOTE ? `${n.slice(0, MAX_NOTE - 1)}…` : n));
}

function toEntry(run: Run): Entry {
  return {
    v: 1,
    row: run.rowNumber,
    runId: run.runId,
    requestedAt: run.requestedAt.getTime(),
    requestedBy: run.requestedBy,
    target: run.target,
    oktaUserId: run.oktaUserId,
    status: run.status,
    updatedAt: run.updatedAt.getTime(),
    message: run.message,
    confirmedBy: run.confirmedBy,
    // A batch member's plan is its batch's (kept once there): 200 entries would repeat it 200 times.
    data: run.data.batch ? withoutPlan(run.data) : run.data,
    ...(run.rowPending ? { rowPending: true as const } : {}),
    ...(run.detailsPending?.length ? { details: run.detailsPending } : {}),
    ...(run.replyTo ? { reply: run.replyTo } : {}),
    ...(run.notesPending?.length ? { notes: run.notesPending } : {}),
  };
}

function withoutPlan(data: RunData): Omit<RunData, 'plan'> {
  const { plan: _plan, ...rest } = data;
  return rest;
}

function parse(value: string, planOf: (batchId: string) => PlannedTask[] | undefined): Run | null {
  let e: Partial<Entry>;
  try {
    e = JSON.parse(value) as Partial<Entry>;
  } catch {
    return null;
  }
  if (!e || e.v !== 1 || typeof e.runId !== 'string' || !RUN_STATUSES.includes(e.status as Run['status']))
    return null;
  // JSON from the store: any field may be missing; a member's plan comes from its batch.
  const data = e.data as Partial<RunData> | undefined;
  if (data && !Array.isArray(data.plan) && typeof data.batch === 'string') {
    const plan = planOf(data.batch);
    if (plan) data.plan = plan;
  }
  if (!data || !Array.isArray(data.plan) || typeof data.tasks !== 'object') return null;
  data.facts ??= {};
  data.clicks ??= [];
  return {
    runId: e.runId,
    rowNumber: typeof e.row === 'number' ? e.row : undefined,
    requestedAt: new Date(e.requestedAt ?? 0),
    requestedBy: e.requestedBy ?? '',
    target: e.target ?? '',
    oktaUserId: e.oktaUserId ?? '',
    status: e.status as Run['status'],
    updatedAt: new Date(e.updatedAt ?? 0),
    message: e.message ?? '',
    confirmedBy: e.confirmedBy ?? '',
    data: data as RunData,
    ...(e.rowPending ? { rowPending: true } : {}),
    ...(Array.isArray(e.details) && e.details.length ? { detailsPending: e.details } : {}),
    ...(isReplyTo(e.reply) ? { replyTo: e.reply } : {}),
    ...(Array.isArray(e.notes) && e.notes.length ? { notesPending: e.notes.map(String) } : {}),
  };
}

function isReplyTo(v: unknown): v is ReplyTo {
  const r = v as Partial<ReplyTo> | null | undefined;
  return typeof r?.url === 'string' && typeof r.at === 'number' && typeof r.used === 'number';
}
