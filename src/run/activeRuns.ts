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
      if (isActive(run.status) || run.rowPending) properties.set(activeRunKey(run.runId), entryValue(run));
      else properties.delete(activeRunKey(run.runId));
    },
    putAll(runs) {
      const values: Record<string, string> = {};
      for (const run of runs) {
        if (!isActive(run.status) && !run.rowPending)
          throw new Error(`Run ${run.runId} is ${run.status}: putAll keeps active runs only.`);
        values[activeRunKey(run.runId)] = entryValue(run);
      }
      if (runs.length > 0) properties.setMany(values);
    },
  };
}

/**
 * Script Properties hold at most 9 KB a value, counted in bytes (PLATFORM.md; Apps Script answers
 * "Argument too large" past it): an entry is kept under 8 KB of UTF-8, leaving room below the limit. Task
 * texts are counted in characters and can be three bytes each (an em dash in 150 group names), so the
 * character bounds alone do not keep an entry under 9 KB.
 */
export const MAX_ENTRY_BYTES = 8 * 1024;

/** Tighter bounds, tried in order when an entry is still over MAX_ENTRY_BYTES. */
const SHRINK_STEPS = [
  { taskText: 200, clicks: 10, message: 500, note: 600, names: 10 },
  { taskText: 100, clicks: 5, message: 300, note: 300, names: 3 },
  { taskText: 40, clicks: 2, message: 120, note: 120, names: 0 },
];

/**
 * The entry's JSON, cut until it fits MAX_ENTRY_BYTES: the run itself is cut too, so its row shows what the
 * index holds (the Audit Log keeps each outcome whole). Throws when even the tightest cut does not fit.
 */
function entryValue(run: Run): string {
  let value = JSON.stringify(toEntry(run));
  for (const step of SHRINK_STEPS) {
    if (utf8Bytes(value) <= MAX_ENTRY_BYTES) return value;
    cutRun(run, step);
    value = JSON.stringify(toEntry(run));
  }
  if (utf8Bytes(value) <= MAX_ENTRY_BYTES) return value;
  throw new Error(
    `Run ${run.runId}'s record is ${utf8Bytes(value)} bytes, over the ${MAX_ENTRY_BYTES} a Script Property can hold.`,
  );
}

function cutRun(
  run: Run,
  max: { taskText: number; clicks: number; message: number; note: number; names: number },
): void {
  cutNames(run.data.facts, max.names);
  for (const record of Object.values(run.data.tasks)) {
    if (record && record.text.length > max.taskText)
      record.text = `${record.text.slice(0, max.taskText - 1)}…`;
  }
  if (run.data.clicks.length > max.clicks) run.data.clicks = run.data.clicks.slice(-max.clicks);
  if (run.message.length > max.message) run.message = `${run.message.slice(0, max.message - 1)}…`;
  if (run.notesPending)
    run.notesPending = run.notesPending.map((n) =>
      n.length > max.note ? `${n.slice(0, max.note - 1)}…` : n,
    );
}

/**
 * The name lists in a run's facts ({ count, names } from keptNames: apps, groups, roles before removal)
 * keep fewer names; counts stay exact, and every name is in the Run Details tab.
 */
function cutNames(value: unknown, max: number): void {
  if (Array.isArray(value)) {
    for (const item of value) cutNames(item, max);
    return;
  }
  if (!value || typeof value !== 'object') return;
  const o = value as Record<string, unknown>;
  if (typeof o['count'] === 'number' && Array.isArray(o['names']) && o['names'].length > max)
    o['names'] = o['names'].slice(0, max);
  for (const v of Object.values(o)) cutNames(v, max);
}

/** UTF-8 length of a string (Apps Script has no Buffer): 1 to 3 bytes a UTF-16 unit, 4 a surrogate pair. */
export function utf8Bytes(s: string): number {
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x80) n += 1;
    else if (c < 0x800) n += 2;
    else if (c >= 0xd800 && c <= 0xdbff && i + 1 < s.length) {
      n += 4;
      i++;
    } else n += 3;
  }
  return n;
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
