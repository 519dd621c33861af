// The run store: active runs whole in Script Properties (activeRuns.ts), one Offboarding row per run for
// people (one column per task), and the Run Details tab for lists. No path reads the whole Offboarding
// tab: a row is found by its Run ID (the index's row number, checked; else a TextFinder on the Run ID
// column), so people may sort, insert and delete rows, and the cost does not grow with history.

import type { Cache, PropertyStore, SpreadsheetLike } from '../ports';
import { cachedHeader } from '../sheet/cache';
import { headerKey, openTable, type HeaderMap, type Table, type TableRecord } from '../sheet/table';
import { offboardingSpec, RUN_DETAILS_SPEC, taskColumnKey } from '../sheet/tabs';
import { TASKS } from '../tasks/catalog';
import { activeRunIndex, boundRun } from './activeRuns';
import { taskCellText } from './present';
import type { DetailRow, RunQuery, RunStore } from './store';
import { STALE_QUEUE_MS } from './budgets';
import { isActive, RUN_STATUSES, type PendingDetail, type Run, type RunData, type RunStatus } from './types';

export const OFFBOARDING_SPEC = offboardingSpec(
  TASKS.map((t) => t.label),
  TASKS.filter((t) => t.columnOptional).map((t) => t.label),
);

/** Run Details rows a run's index entry carries at most (containment names few items); more go to the Sheet. */
const MAX_PENDING_DETAILS = 40;

/** Past runs a status search reads at most (the newest rows that match). */
const STATUS_CANDIDATES = 5;

export interface RunStoreOptions {
  /** Opened on first use: a worker turn with nothing due never opens the spreadsheet. */
  spreadsheet: () => SpreadsheetLike;
  properties: PropertyStore;
  /** Caches the tabs' header maps; without it row 1 is read each time. */
  cache?: Cache;
  /**
   * A Slack request: saves go to the index only, marked rowPending, with their Run Details; the worker
   * writes the rows (writePending). No Sheet write counts against Slack's 3 seconds.
   */
  deferRows?: boolean;
  /** Something people should know about (a row rewritten, an unreadable entry). */
  note?: (runId: string, text: string) => void;
  /** The Script Properties as this execution first read them, for `peek` (no call). */
  snapshot?: Record<string, string>;
}

export function sheetRunStore(options: RunStoreOptions): RunStore {
  const { spreadsheet, cache } = options;
  const index = activeRunIndex(options.properties, (text) => options.note?.('', text), options.snapshot);
  let runs: Table | undefined;
  let details: Table | undefined;
  /** Run Details rows of this request, by Run ID, until the run's save puts them in its index entry. */
  const heldDetails = new Map<string, PendingDetail[]>();
  const table = (): Table => (runs ??= openTable(spreadsheet(), OFFBOARDING_SPEC));
  const header = (): HeaderMap => cachedHeader(table(), cache, 'offboardingHeader');

  /** The run's row: the row number it was last written to when that row still holds its Run ID. */
  function rowOf(run: Run, h: HeaderMap): number | null {
    if (run.rowNumber !== undefined && run.rowNumber >= 2) {
      const at = table().readRow(run.rowNumber, h);
      if (at && sameId(at.text('runId'), run.runId)) {
        sayWhatPeopleBroke(run, at);
        return run.rowNumber;
      }
    }
    return table().findRows('runId', h, run.runId)[0] ?? null;
  }

  /** A row people edited into something Offboard cannot read: it is written back, and people are told. */
  function sayWhatPeopleBroke(run: Run, at: TableRecord): void {
    const shown = at.text('status');
    if (!RUN_STATUSES.includes(shown.toLowerCase() as RunStatus)) {
      options.note?.(
        run.runId,
        `Row ${at.rowNumber} of run ${run.runId} had Status "${shown}", which is not a run status; Offboard wrote "${run.status}" back. Pick statuses from the dropdown.`,
      );
    } else if (!fromRecord(at)) {
      options.note?.(
        run.runId,
        `Row ${at.rowNumber} of run ${run.runId} had unreadable Run Data; Offboard wrote its own record back.`,
      );
    }
  }

  /** `first`: the run has never had a row (row number 0 in the index means an append may have died). */
  function write(run: Run, first = run.rowNumber === undefined): void {
    boundRun(run);
    const h = withTaskColumns(run, header());
    if (first) {
      // The run's first row: written when it leaves "awaiting confirmation" (see insert).
      table().append(toCells(run, h), h);
      run.rowNumber = table().lastRow();
      return;
    }
    const row = rowOf(run, h);
    if (row === null) {
      // Deleted by hand (or never written): the index still has the run, so the row comes back.
      run.message = `${run.message} (Row written again by Offboard: it was missing.)`.trim();
      table().append(toCells(run, h), h);
      run.rowNumber = table().lastRow();
      options.note?.(
        run.runId,
        `The run's Offboarding row was missing; written again at row ${run.rowNumber}.`,
      );
      return;
    }
    run.rowNumber = row;
    table().writeOwnCells(row, h, toCells(run, h));
  }

  /** Run Details rows in one write. */
  function writeDetails(rows: PendingDetail[]): void {
    if (rows.length === 0) return;
    details ??= openTable(spreadsheet(), RUN_DETAILS_SPEC);
    const h = cachedHeader(details, cache, 'runDetailsHeader');
    details.appendRows(
      rows.map((r) => ({
        runId: r.runId,
        time: new Date(r.time),
        task: r.task,
        kind: r.kind,
        oktaId: r.oktaId,
        name: r.name,
        note: r.note ?? '',
      })),
      h,
    );
  }

  function get(runId: string): Run | null {
    const active = index.get(runId);
    if (active) return active;
    const h = header();
    const row = table().findRows('runId', h, runId.trim())[0];
    if (row === undefined) return null;
    const record = table().readRow(row, h);
    return record ? fromRecord(record) : null;
  }

  /** The latest finished runs the query names, newest first: one TextFinder, then one read per row. */
  function pastRuns(query: Exclude<RunQuery, { kind: 'run' }>): Run[] {
    const h = header();
    const [key, text, entireCell] = searchFor(query);
    const rows = table()
      .findRows(key, h, text, { entireCell })
      .sort((a, b) => b - a)
      .slice(0, STATUS_CANDIDATES);
    const found: Run[] = [];
    for (const row of rows) {
      const record = table().readRow(row, h);
      const run = record ? fromRecord(record) : null;
      if (run && matches(run, query)) found.push(run);
    }
    return found.sort(newestFirst);
  }

  function detailsOf(runId: string): DetailRow[] {
    const waiting: DetailRow[] = (index.get(runId)?.detailsPending ?? []).map((d) => ({
      ...d,
      time: new Date(d.time),
    }));
    details ??= openTable(spreadsheet(), RUN_DETAILS_SPEC);
    const h = cachedHeader(details, cache, 'runDetailsHeader');
    const rows = details.findRows('runId', h, runId.trim()).sort((a, b) => a - b);
    const written: DetailRow[] = [];
    for (const [first, last] of blocks(rows)) {
      for (const rec of details.readRows(first, last - first + 1, h)) {
        if (!sameId(rec.text('runId'), runId)) continue;
        written.push({
          runId: rec.text('runId'),
          time: asDate(rec.get('time')),
          task: rec.text('task'),
          kind: rec.text('kind') as DetailRow['kind'],
          oktaId: rec.text('oktaId'),
          name: rec.text('name'),
          note: rec.text('note'),
        });
      }
    }
    return [...written, ...waiting];
  }

  return {
    details: detailsOf,
    active: () => index.all().filter((run) => isActive(run.status)),
    bytesRead: () => index.bytesRead(),
    get,
    peek: (runId) => index.peek(runId),
    insert(run) {
      // Only the index: a request awaiting confirmation gets its row when it is confirmed, cancelled
      // or expires, so /offboard writes nothing to the Offboarding tab (the Audit Log has the request).
      boundRun(run);
      index.put(run);
    },
    insertMany(runs) {
      runs.forEach(boundRun);
      index.putAll(runs);
    },
    holdMany(runs, rowPending = true) {
      for (const run of runs) {
        boundRun(run);
        if (rowPending) run.rowPending = true;
      }
      index.putAll(runs);
    },
    save(run) {
      if (options.deferRows) {
        // A Slack request: the index only. The row and Run Details wait there for the worker.
        boundRun(run);
        const held = heldDetails.get(run.runId) ?? [];
        heldDetails.delete(run.runId);
        const pending = [...(run.detailsPending ?? []), ...held];
        if (pending.length > MAX_PENDING_DETAILS) {
          writeDetails(pending);
          delete run.detailsPending;
        } else if (pending.length > 0) run.detailsPending = pending;
        run.rowPending = true;
        index.put(run);
        return;
      }
      // The index is the truth for an active run: saved first, so a Sheet error (a renamed tab) loses
      // nothing and the row is written again at the next step. A finished run leaves the index only
      // once its row holds it. Waiting Run Details are written with the row, then forgotten.
      boundRun(run);
      if (isActive(run.status)) {
        // Row 0 in the index: "being appended". An execution that dies after the append and before
        // the index learns the row number leaves 0, and the next save finds the row by Run ID instead
        // of appending a second one.
        const first = run.rowNumber === undefined;
        if (first) run.rowNumber = 0;
        index.put(run);
        write(run, first);
      } else {
        write(run);
      }
      if (run.detailsPending?.length) writeDetails(run.detailsPending);
      delete run.detailsPending;
      delete run.rowPending;
      index.put(run);
    },
    writeRows(all) {
      if (all.length === 0) return;
      all.forEach(boundRun);
      // The index first (the truth): a new row is marked "being appended" (row 0), as in save().
      const fresh = all.filter((r) => r.rowNumber === undefined);
      for (const run of fresh) run.rowNumber = 0;
      // Without their Run Details (written just below, in one write): the entries stay small.
      index.putAll(all.map((r) => ({ ...r, rowPending: true, detailsPending: undefined })));
      const h = header();
      if (fresh.length > 0) {
        const first = table().lastRow() + 1;
        table().appendRows(
          fresh.map((r) => toCells(r, h)),
          h,
        );
        fresh.forEach((run, i) => (run.rowNumber = first + i));
      }
      const placed = all
        .filter((r) => !fresh.includes(r) && (r.rowNumber ?? 0) >= 2)
        .sort((a, b) => a.rowNumber! - b.rowNumber!);
      const lone = all.filter((r) => !fresh.includes(r) && !placed.includes(r));
      for (const block of adjacentBlocks(placed)) {
        const first = block[0]!.rowNumber!;
        const ids = block.length > 1 ? table().readColumn('runId', h, first, block.length) : [];
        if (block.length > 1 && block.every((r, i) => sameId(ids[i] ?? '', r.runId))) {
          table().writeOwnRows(
            first,
            h,
            block.map((r) => toCells(r, h)),
          );
        } else {
          // Sorted or edited by hand: each row is found by its Run ID.
          for (const run of block) write(run, false);
        }
      }
      for (const run of lone) write(run, false);
      writeDetails(all.flatMap((r) => r.detailsPending ?? []));
      for (const run of all) {
        delete run.detailsPending;
        delete run.rowPending;
      }
      const active = all.filter((r) => isActive(r.status));
      index.putAll(active);
      for (const run of all) if (!isActive(run.status)) index.put(run);
    },
    unwritten: () => index.all().filter((run) => run.rowPending),
    hold(run) {
      boundRun(run);
      index.put(run);
    },
    find(query) {
      const active = index
        .all()
        .filter((run) => matches(run, query))
        .sort(newestFirst)[0];
      if (active) return active;
      if (query.kind === 'run') return get(query.runId);
      return pastRuns(query)[0] ?? null;
    },
    recent(query) {
      if (query.kind === 'run') {
        const run = get(query.runId);
        return run ? [run] : [];
      }
      const active = index.all().filter((run) => matches(run, query));
      const seen = new Set(active.map((r) => r.runId));
      return [...active, ...pastRuns(query).filter((r) => !seen.has(r.runId))].sort(newestFirst);
    },
    problems(now) {
      const lines: string[] = [];
      const all = index.all();
      for (const run of all.filter((r) => r.rowPending && now - r.updatedAt.getTime() > STALE_QUEUE_MS)) {
        lines.push(
          `Run ${run.runId} (${run.target}, ${run.status}): its row has waited ${Math.round((now - run.updatedAt.getTime()) / 60_000)} minutes for the worker, which writes rows each minute: the worker is not running or cannot write the Offboarding tab. The run itself is safe in Script Properties.`,
        );
      }
      const entries = all.filter((r) => isActive(r.status));
      if (entries.length === 0) return lines;
      const h = header();
      for (const run of entries) {
        if (run.rowNumber === undefined) continue; // awaiting confirmation: no row yet
        const row = rowOf(run, h);
        const where = `Run ${run.runId} (${run.target}, ${run.status})`;
        if (row === null) {
          lines.push(
            `${where} has no row: it was deleted. The run goes on; Offboard writes the row again at its next step.`,
          );
          continue;
        }
        const record = table().readRow(row, h);
        const shown = record?.text('status') ?? '';
        if (shown.toLowerCase() !== run.status && !(run.status === 'running' && shown === 'queued')) {
          lines.push(
            `${where}: row ${row} shows Status "${shown}". Offboard keeps the run as ${run.status} and rewrites the cell at its next step; pick a status from the dropdown or leave it.`,
          );
        } else if (record && !fromRecord(record)) {
          lines.push(
            `${where}: row ${row}'s Run Data is unreadable. Offboard's own record is intact and rewrites it at the run's next step.`,
          );
        }
      }
      return lines;
    },
    addDetails(rows) {
      if (rows.length === 0) return;
      const pending = rows.map((r) => ({ ...r, time: r.time.getTime() }));
      if (!options.deferRows) {
        writeDetails(pending);
        return;
      }
      // Written with the run's save: into its index entry, for the worker.
      for (const row of pending) heldDetails.set(row.runId, [...(heldDetails.get(row.runId) ?? []), row]);
    },
  };
}

function sameId(a: string, b: string): boolean {
  return a.trim().toUpperCase() === b.trim().toUpperCase();
}

function newestFirst(a: Run, b: Run): number {
  return b.requestedAt.getTime() - a.requestedAt.getTime();
}

/** Rows closer than this are read in one block (a run's items are appended together, a step at a time). */
const DETAIL_BLOCK_GAP = 20;

/** Sorted row numbers as [first, last] blocks of neighbouring rows: one getValues per block. */
function blocks(rows: number[]): [number, number][] {
  const out: [number, number][] = [];
  for (const row of rows) {
    const last = out[out.length - 1];
    if (last && row - last[1] <= DETAIL_BLOCK_GAP) last[1] = row;
    else out.push([row, row]);
  }
  return out;
}

/** Which column a status query searches, for what text, and whether the whole cell must match. */
function searchFor(query: Exclude<RunQuery, { kind: 'run' }>): [string, string, boolean] {
  switch (query.kind) {
    case 'email':
      return ['target', query.email, true];
    case 'login':
      return ['target', query.login, true];
    case 'slack_user':
      // The mention is kept in Run Data as the requester typed it.
      return ['runData', query.userId, false];
  }
}

/** Runs whose rows follow each other (sorted by row number), in blocks. */
function adjacentBlocks(runs: Run[]): Run[][] {
  const blocks: Run[][] = [];
  for (const run of runs) {
    const last = blocks[blocks.length - 1];
    const prev = last?.[last.length - 1];
    if (last && prev && prev.rowNumber! + 1 === run.rowNumber) last.push(run);
    else blocks.push([run]);
  }
  return blocks;
}

export function matches(run: Run, q: RunQuery): boolean {
  const t = run.data.target;
  switch (q.kind) {
    case 'run':
      return sameId(run.runId, q.runId);
    case 'email':
      return [t.email, t.login, run.target].some((x) => x?.toLowerCase() === q.email.toLowerCase());
    case 'login':
      return [t.login, run.target].some((x) => x?.toLowerCase() === q.login.toLowerCase());
    case 'slack_user':
      // Exactly that member: <@U0JANE> must not match a run for <@U0JANE2>.
      return mentionedIn(t.input) === q.userId;
  }
}

/** The Slack member id a request named by mention (<@U…> or <@U…|name>), or null. */
function mentionedIn(input: string): string | null {
  return /<@([UW][A-Z0-9]+)(\|[^>]*)?>/.exec(input)?.[1] ?? null;
}

/**
 * The header with a column for each webhook task of the run's plan whose label heads a column of row 1
 * (setup adds them from the Tasks tab's webhook rows).
 */
function withTaskColumns(run: Run, h: HeaderMap): HeaderMap {
  const hooks = run.data.plan.filter((p) => p.webhook);
  if (hooks.length === 0) return h;
  const columns = { ...h.columns };
  for (const p of hooks) {
    const column = h.others?.[headerKey(p.label)];
    if (column !== undefined) columns[taskColumnKey(p.label)] ??= column;
  }
  return { ...h, columns };
}

/** The row's cells; a task column the tab lacks (optional, or a webhook's not added yet) is left out. */
function toCells(run: Run, h: HeaderMap): Record<string, unknown> {
  const cells: Record<string, unknown> = {
    runId: run.runId,
    requestedAt: run.requestedAt,
    requestedBy: run.requestedBy,
    target: run.target,
    oktaUserId: run.oktaUserId,
    status: run.status,
    updatedAt: run.updatedAt,
    message: run.message,
    confirmedBy: run.confirmedBy,
    slackMessage: run.data.report ? `${run.data.report.channel}/${run.data.report.ts}` : '',
    runData: JSON.stringify(run.data),
  };
  const tasks = [...TASKS, ...run.data.plan.filter((p) => p.webhook)];
  for (const task of tasks) {
    const key = taskColumnKey(task.label);
    if (h.columns[key] !== undefined) cells[key] = taskCellText(run.data.tasks[task.id]);
  }
  return cells;
}

/** A past run from its row; null when Status or Run Data do not read. */
export function fromRecord(rec: TableRecord): Run | null {
  const status = rec.text('status').toLowerCase() as RunStatus;
  if (!RUN_STATUSES.includes(status)) return null;
  let data: RunData;
  try {
    data = JSON.parse(rec.text('runData')) as RunData;
  } catch {
    return null;
  }
  if (!data || !Array.isArray(data.plan) || typeof data.tasks !== 'object') return null;
  data.facts ??= {};
  data.clicks ??= [];
  return {
    runId: rec.text('runId'),
    rowNumber: rec.rowNumber,
    requestedAt: asDate(rec.get('requestedAt')),
    requestedBy: rec.text('requestedBy'),
    target: rec.text('target'),
    oktaUserId: rec.text('oktaUserId'),
    status,
    updatedAt: asDate(rec.get('updatedAt')),
    message: rec.text('message'),
    confirmedBy: rec.text('confirmedBy'),
    data,
  };
}

function asDate(value: unknown): Date {
  if (value instanceof Date) return value;
  const d = new Date(String(value));
  return Number.isNaN(d.getTime()) ? new Date(0) : d;
}
