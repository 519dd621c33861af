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
import { allBatches, batchKey, readBatch } from './batchStore';
import {
  isActive,
  RUN_STATUSES,
  type PendingDetail,
  type PlannedTask,
  type ReplyTo,
  type Run,
  type RunData,
  type TaskRecord,
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

/** One entry as stored (version 1: every run before compact batch members). Dates are epoch ms. */
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

/**
 * A batch member's entry (version 2): what every member of its batch shares is kept once, in the batch's
 * member record (`MemberShared`), and left out here. A field that is absent takes the shared value; the
 * Run ID is the key's. Task texts found in the shared record are kept as their number there (`tx`).
 */
interface CompactEntry {
  v: 2;
  row?: number;
  requestedAt?: number;
  requestedBy?: string;
  target: string;
  oktaUserId: string;
  status: Run['status'];
  updatedAt: number;
  message?: string;
  /** The message's number in the member record's texts (instead of `message`). */
  mx?: number;
  confirmedBy?: string;
  data: CompactData;
  /** The run's first click is the batch's Confirm (kept in the shared record). */
  cc?: 1;
  rowPending?: true;
  details?: PendingDetail[];
  reply?: ReplyTo;
  notes?: string[];
}

/**
 * A task's record: `[state, attempts, at, text or its number in the member record]` when it has nothing
 * else (most do), else the record with `tx` in place of a shared text.
 */
type CompactTask =
  | [TaskRecord['state'], number, number | null, string | number]
  | (Omit<TaskRecord, 'text'> & { text?: string; tx?: number });

type Click = RunData['clicks'][number];

type CompactData = Omit<
  RunData,
  | 'plan'
  | 'target'
  | 'requester'
  | 'confirmBy'
  | 'tasks'
  | 'batch'
  | 'facts'
  | 'clicks'
  | 'pauseSeq'
  | 'approval'
  | 'grace'
> & {
  batch: string;
  /** Absent when empty (as `facts` and `clicks`), `pauseSeq` when 0. */
  tasks?: Partial<Record<string, CompactTask>>;
  facts?: RunData['facts'];
  /** A click the member record holds (its JSON among the texts) is its number there. */
  clicks?: (Click | number)[];
  pauseSeq?: number;
  /** The two-person rule's approval, or `ax`: its JSON's number in the member record's texts. */
  approval?: RunData['approval'];
  ax?: number;
  /** The grace period, or `gx`: its JSON's number in the member record's texts (a batch's reads alike). */
  grace?: RunData['grace'];
  gx?: number;
  /** `input`, `login` and `email` only when they differ from the login (`target`). */
  target: Partial<RunData['target']>;
  requester?: RunData['requester'];
  confirmBy?: number;
};

/**
 * What the members of one batch share, kept once in Script Properties (`<batch key>#members`) and only
 * ever added to: who asked and when, who confirmed and when, and the task texts several members have
 * (containment's outcome reads the same for 500 people). Written only by the index, under the lock.
 */
interface MemberShared {
  requestedAt?: number;
  requestedBy?: string;
  requester?: RunData['requester'];
  confirmBy?: number;
  confirmedBy?: string;
  confirmClick?: RunData['clicks'][number];
  /** The message members were recorded with (waiting for the batch's Confirm). */
  message?: string;
  statusAtRequest?: string;
  texts: string[];
}

/** The shared record's task texts: at most this many, and this many bytes in all (9 KB per value). */
const MAX_SHARED_TEXTS = 60;
const MAX_SHARED_TEXT_BYTES = 6 * 1024;

function membersKey(batchId: string): string {
  return `${batchKey(batchId)}#members`;
}

function parseShared(value: string | null | undefined): MemberShared | undefined {
  if (!value) return undefined;
  try {
    const m = JSON.parse(value) as Partial<MemberShared> | null;
    if (!m || typeof m !== 'object' || !Array.isArray(m.texts)) return undefined;
    return { ...m, texts: m.texts.map(String) };
  } catch {
    return undefined;
  }
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
  /** How many bytes Script Properties held (keys and values) at this index's latest all(); 0 before. */
  bytesRead(): number;
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
  /** Each batch's member record as last read or written by this execution (only ever added to). */
  const shared = new Map<string, MemberShared | undefined>();
  let bytes = 0;
  const sharedIn = (values: Record<string, string>) => (batchId: string) => {
    const m = parseShared(values[membersKey(batchId)]);
    shared.set(batchId, m);
    return m;
  };
  const sharedNow = (batchId: string): MemberShared | undefined => {
    const m = parseShared(properties.get(membersKey(batchId)));
    shared.set(batchId, m);
    return m;
  };
  const planNow = (batchId: string) => readBatch(properties, batchId)?.plan;

  /** The entries' values, and the member records they need written with them (one call). */
  function valuesOf(runs: Run[]): Record<string, string> {
    const values: Record<string, string> = {};
    for (const [batchId, members] of byBatch(runs)) {
      const known = shared.has(batchId) ? shared.get(batchId) : sharedNow(batchId);
      const wanted = learn(known, members);
      if (wanted) {
        // Written from a fresh read: another execution may have added texts since this one read it.
        const next = learn(sharedNow(batchId), members) ?? shared.get(batchId)!;
        shared.set(batchId, next);
        values[membersKey(batchId)] = JSON.stringify(next);
      }
    }
    for (const run of runs)
      values[activeRunKey(run.runId)] = entryValue(
        run,
        run.data.batch ? shared.get(run.data.batch) : undefined,
      );
    return values;
  }

  return {
    all() {
      const runs: Run[] = [];
      const everything = properties.all();
      bytes = Object.entries(everything).reduce((n, [k, v]) => n + utf8Bytes(k) + utf8Bytes(v), 0);
      let plans: Map<string, PlannedTask[]> | undefined;
      const planOf = (batchId: string): PlannedTask[] | undefined =>
        (plans ??= new Map(allBatches(everything).map((b) => [b.batchId, b.plan]))).get(batchId);
      const read = sharedIn(everything);
      const sharedOf = (batchId: string) => (shared.has(batchId) ? shared.get(batchId) : read(batchId));
      shared.clear();
      for (const [key, value] of Object.entries(everything)) {
        if (!key.startsWith(ACTIVE_RUN_PREFIX)) continue;
        const run = parse(value, key.slice(ACTIVE_RUN_PREFIX.length), planOf, sharedOf);
        if (run) runs.push(run);
        else warn?.(`Script Property ${key} is not a readable run; it is ignored.`);
      }
      return runs;
    },
    bytesRead: () => bytes,
    get(runId) {
      const value = properties.get(activeRunKey(runId));
      return value === null ? null : parse(value, runId, planNow, sharedNow);
    },
    peek(runId) {
      const value = snapshot?.[activeRunKey(runId)];
      return value === undefined ? null : parse(value, runId, planNow, sharedIn(snapshot ?? {}));
    },
    put(run) {
      if (!isActive(run.status) && !run.rowPending) {
        properties.delete(activeRunKey(run.runId));
        return;
      }
      const values = valuesOf([run]);
      const keys = Object.keys(values);
      if (keys.length === 1)
        properties.set(keys[0]!, values[keys[0]!]!); // the one key just checked
      else properties.setMany(values);
    },
    putAll(runs) {
      for (const run of runs) {
        if (!isActive(run.status) && !run.rowPending)
          throw new Error(`Run ${run.runId} is ${run.status}: putAll keeps active runs only.`);
      }
      if (runs.length > 0) properties.setMany(valuesOf(runs));
    },
  };
}

function byBatch(runs: Run[]): Map<string, Run[]> {
  const out = new Map<string, Run[]>();
  for (const run of runs) {
    const id = run.data.batch;
    if (id !== undefined) out.set(id, [...(out.get(id) ?? []), run]);
  }
  return out;
}

/**
 * The member record with what these members can add: who asked, when, who confirmed (taken from the
 * first member that has them; never changed afterwards) and task texts two of them share, within the
 * record's bounds. Undefined when there is nothing to add.
 */
function learn(known: MemberShared | undefined, members: Run[]): MemberShared | undefined {
  const next: MemberShared = known ? { ...known, texts: [...known.texts] } : { texts: [] };
  let changed = known === undefined;
  const first = members[0];
  if (first && next.requestedAt === undefined) {
    next.requestedAt = first.requestedAt.getTime();
    next.requestedBy = first.requestedBy;
    next.requester = first.data.requester;
    next.confirmBy = first.data.confirmBy;
    next.message = first.message;
    next.statusAtRequest = first.data.target.statusAtRequest;
    changed = true;
  }
  const confirmed = members.find((r) => r.confirmedBy !== '' && r.data.clicks[0]?.action === 'confirm');
  if (confirmed && next.confirmedBy === undefined) {
    next.confirmedBy = confirmed.confirmedBy;
    next.confirmClick = confirmed.data.clicks[0];
    changed = true;
  }
  const seen = new Map<string, number>();
  const count = (text: string): void => void seen.set(text, (seen.get(text) ?? 0) + 1);
  for (const run of members) {
    if (run.message) count(run.message);
    for (const r of Object.values(run.data.tasks)) if (r?.text) count(r.text);
    // A batch's Approve (or Abort the rest) reads the same for everyone: the click and the approval.
    for (const c of run.data.clicks) count(JSON.stringify(c));
    if (run.data.approval) count(JSON.stringify(run.data.approval));
    if (run.data.grace) count(JSON.stringify(run.data.grace));
  }
  let bytes = next.texts.reduce((n, t) => n + utf8Bytes(t), 0);
  for (const [text, count] of seen) {
    if (count < 2 || next.texts.includes(text) || next.texts.length >= MAX_SHARED_TEXTS) continue;
    if (bytes + utf8Bytes(text) > MAX_SHARED_TEXT_BYTES) continue;
    next.texts.push(text);
    bytes += utf8Bytes(text);
    changed = true;
  }
  return changed ? next : undefined;
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
function entryValue(run: Run, shared: MemberShared | undefined): string {
  const encode = (): Entry | CompactEntry =>
    run.data.batch && shared ? toCompactEntry(run, run.data.batch, shared) : toEntry(run);
  let value = JSON.stringify(encode());
  for (const step of SHRINK_STEPS) {
    if (utf8Bytes(value) <= MAX_ENTRY_BYTES) return value;
    cutRun(run, step);
    value = JSON.stringify(encode());
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

/** A batch member's entry, leaving out what its batch's member record already says. */
function toCompactEntry(run: Run, batchId: string, m: MemberShared): CompactEntry {
  const {
    plan: _plan,
    tasks,
    target,
    requester,
    confirmBy,
    clicks,
    facts,
    pauseSeq,
    approval,
    grace,
    batch: _batch,
    ...rest
  } = run.data;
  const compactTasks: Partial<Record<string, CompactTask>> = {};
  for (const [id, r] of Object.entries(tasks)) {
    if (!r) continue;
    const { text, ...other } = r;
    const tx = m.texts.indexOf(text);
    const plain = r.retryAt === undefined && r.waiting === undefined && r.by === undefined;
    if (plain) compactTasks[id] = [r.state, r.attempts, r.at ?? null, tx >= 0 ? tx : text];
    else compactTasks[id] = tx >= 0 ? { ...other, tx } : { ...other, text };
  }
  const sameAsLogin = (v: string): boolean => v === run.target;
  const cc = m.confirmClick !== undefined && sameClick(clicks[0], m.confirmClick);
  const shared = (value: unknown): number => m.texts.indexOf(JSON.stringify(value));
  const ownClicks = (cc ? clicks.slice(1) : clicks).map((c) => (shared(c) >= 0 ? shared(c) : c));
  const ax = approval ? shared(approval) : -1;
  const gx = grace ? shared(grace) : -1;
  const data: CompactData = {
    ...rest,
    batch: batchId,
    ...(Object.keys(compactTasks).length > 0 ? { tasks: compactTasks } : {}),
    ...(Object.keys(facts).length > 0 ? { facts } : {}),
    ...(ownClicks.length > 0 ? { clicks: ownClicks } : {}),
    ...(pauseSeq !== 0 ? { pauseSeq } : {}),
    ...(ax >= 0 ? { ax } : approval ? { approval } : {}),
    ...(gx >= 0 ? { gx } : grace ? { grace } : {}),
    target: {
      ...(sameAsLogin(target.input) ? {} : { input: target.input }),
      ...(sameAsLogin(target.login) ? {} : { login: target.login }),
      ...(sameAsLogin(target.email) ? {} : { email: target.email }),
      displayName: target.displayName,
      ...(target.statusAtRequest === m.statusAtRequest ? {} : { statusAtRequest: target.statusAtRequest }),
    },
    ...(sameRequester(requester, m.requester) ? {} : { requester }),
    ...(confirmBy === m.confirmBy ? {} : { confirmBy }),
  };
  return {
    v: 2,
    row: run.rowNumber,
    ...(run.requestedAt.getTime() === m.requestedAt ? {} : { requestedAt: run.requestedAt.getTime() }),
    ...(run.requestedBy === m.requestedBy ? {} : { requestedBy: run.requestedBy }),
    target: run.target,
    oktaUserId: run.oktaUserId,
    status: run.status,
    updatedAt: run.updatedAt.getTime(),
    ...messageOf(run.message, m),
    ...(run.confirmedBy === m.confirmedBy ? {} : { confirmedBy: run.confirmedBy }),
    data,
    ...(cc ? { cc: 1 as const } : {}),
    ...(run.rowPending ? { rowPending: true as const } : {}),
    ...(run.detailsPending?.length ? { details: run.detailsPending } : {}),
    ...(run.replyTo ? { reply: run.replyTo } : {}),
    ...(run.notesPending?.length ? { notes: run.notesPending } : {}),
  };
}

/** A message the member record holds is kept as its number there (a rate-limit wait reads alike for many). */
function messageOf(message: string, m: MemberShared): { message?: string; mx?: number } {
  if (message === (m.message ?? '')) return {};
  const mx = message ? m.texts.indexOf(message) : -1;
  return mx >= 0 ? { mx } : { message };
}

function sameClick(a: Click | undefined, b: Click): boolean {
  return a !== undefined && a.action === b.action && a.by === b.by && a.at === b.at;
}

function sameRequester(a: RunData['requester'], b: RunData['requester'] | undefined): boolean {
  return b !== undefined && a.slackUserId === b.slackUserId && a.name === b.name;
}

type PlanOf = (batchId: string) => PlannedTask[] | undefined;
type SharedOf = (batchId: string) => MemberShared | undefined;

function parse(value: string, runId: string, planOf: PlanOf, sharedOf: SharedOf): Run | null {
  let e: Partial<Entry> | Partial<CompactEntry>;
  try {
    e = JSON.parse(value) as Partial<Entry> | Partial<CompactEntry>;
  } catch {
    return null;
  }
  if (!e || !RUN_STATUSES.includes(e.status as Run['status'])) return null;
  if (e.v === 2) return parseCompact(e as Partial<CompactEntry>, runId, planOf, sharedOf);
  return e.v === 1 ? parseV1(e as Partial<Entry>, planOf) : null;
}

/** A version 2 entry: what it leaves out comes from its batch's member record (blank if that is gone). */
function parseCompact(
  e: Partial<CompactEntry>,
  runId: string,
  planOf: PlanOf,
  sharedOf: SharedOf,
): Run | null {
  const d = e.data;
  if (!d || typeof d.batch !== 'string' || (d.tasks !== undefined && typeof d.tasks !== 'object'))
    return null;
  const plan = planOf(d.batch);
  if (!plan) return null;
  const m = sharedOf(d.batch) ?? { texts: [] };
  const tasks: RunData['tasks'] = {};
  const textOf = (t: string | number | undefined): string => (typeof t === 'number' ? m.texts[t] : t) ?? '';
  for (const [id, c] of Object.entries(d.tasks ?? {})) {
    if (!c) continue;
    if (Array.isArray(c)) {
      const [state, attempts, at, t] = c;
      tasks[id as keyof RunData['tasks']] = {
        state,
        attempts,
        text: textOf(t),
        ...(at !== null ? { at } : {}),
      };
      continue;
    }
    const { tx, text, ...rest } = c;
    tasks[id as keyof RunData['tasks']] = { ...rest, text: textOf(text ?? tx) };
  }
  const target = e.target ?? '';
  const t = d.target ?? {};
  const fromTexts = <T>(n: number): T | undefined => {
    try {
      const text = m.texts[n];
      return text === undefined ? undefined : (JSON.parse(text) as T);
    } catch {
      return undefined;
    }
  };
  const clicks = (Array.isArray(d.clicks) ? d.clicks : []).flatMap((c) => {
    const click = typeof c === 'number' ? fromTexts<Click>(c) : c;
    return click ? [click] : [];
  });
  const approval = d.approval ?? (d.ax !== undefined ? fromTexts<RunData['approval']>(d.ax) : undefined);
  const grace = d.grace ?? (d.gx !== undefined ? fromTexts<RunData['grace']>(d.gx) : undefined);
  const {
    requester,
    confirmBy,
    target: _t,
    tasks: _tasks,
    clicks: _clicks,
    approval: _approval,
    ax: _ax,
    grace: _grace,
    gx: _gx,
    ...rest
  } = d;
  const data: RunData = {
    ...rest,
    facts: d.facts ?? {},
    plan,
    tasks,
    target: {
      input: t.input ?? target,
      login: t.login ?? target,
      email: t.email ?? target,
      displayName: t.displayName ?? '',
      statusAtRequest: t.statusAtRequest ?? m.statusAtRequest ?? '',
    },
    requester: requester ?? m.requester ?? { slackUserId: '', name: '' },
    confirmBy: confirmBy ?? m.confirmBy ?? 0,
    clicks: e.cc && m.confirmClick ? [m.confirmClick, ...clicks] : clicks,
    pauseSeq: d.pauseSeq ?? 0,
    ...(approval ? { approval } : {}),
    ...(grace ? { grace } : {}),
  };
  return {
    runId: runId.trim().toUpperCase(),
    rowNumber: typeof e.row === 'number' ? e.row : undefined,
    requestedAt: new Date(e.requestedAt ?? m.requestedAt ?? 0),
    requestedBy: e.requestedBy ?? m.requestedBy ?? '',
    target,
    oktaUserId: e.oktaUserId ?? '',
    status: e.status as Run['status'],
    updatedAt: new Date(e.updatedAt ?? 0),
    message: e.message ?? (e.mx !== undefined ? m.texts[e.mx] : undefined) ?? m.message ?? '',
    confirmedBy: e.confirmedBy ?? m.confirmedBy ?? '',
    data,
    ...extras(e),
  };
}

function extras(e: Partial<Entry> | Partial<CompactEntry>): Partial<Run> {
  return {
    ...(e.rowPending ? { rowPending: true } : {}),
    ...(Array.isArray(e.details) && e.details.length ? { detailsPending: e.details } : {}),
    ...(isReplyTo(e.reply) ? { replyTo: e.reply } : {}),
    ...(Array.isArray(e.notes) && e.notes.length ? { notesPending: e.notes.map(String) } : {}),
  };
}

function parseV1(e: Partial<Entry>, planOf: PlanOf): Run | null {
  if (typeof e.runId !== 'string') return null;
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
    ...extras(e),
  };
}

function isReplyTo(v: unknown): v is ReplyTo {
  const r = v as Partial<ReplyTo> | null | undefined;
  return typeof r?.url === 'string' && typeof r.at === 'number' && typeof r.used === 'number';
}
