// A batch taken from the Queue tab (`/offboard queue`): the rows' notes for its card and the Audit Log,
// and its rows as the batch moves on: which run each row became (or why it was left out) once looked up;
// once finished, the completed people's rows leave the tab and the others say their run's final status;
// the rows are released (Batch and Status cleared, to be taken again) when it ended before starting. Only
// the worker calls this, and only for a Queue batch: no other path reads the Queue tab.

import { parseQueueCell } from '../slack/command';
import {
  deleteQueueRows,
  markQueue,
  readQueue,
  type QueueMark,
  type QueueRow,
  type QueueSnapshot,
} from '../sheet/queue';
import type { EngineDeps } from './deps';
import { withLock } from './lock';
import { NO_ROOM_WHY, type Batch, type Run } from './types';

/** The Status of a row left out for want of room in Script Properties: pending again (Batch empty). */
const WAITING_FOR_ROOM =
  'waiting: Offboard held as many people as Script Properties allow; the next /offboard queue takes this row again';

/** The Status of a row marked for a batch that did not ask for its person (the tab moved meanwhile). */
const MOVED_WHILE_TAKEN = (batchId: string): string =>
  `waiting: the tab moved while ${batchId} took its rows, and this person is not in it; the next /offboard queue takes this row`;

/** A note is cut to this on the card (the Audit Log keeps it whole). */
const NOTE_CHARS = 100;

const RUN_ID = /OFF-\d{8}-[A-Z2-9]{5}/;

export interface BatchRows {
  queue: QueueSnapshot;
  /** The rows whose Batch cell names this batch, with the address each names (null: none). */
  rows: { row: QueueRow; email: string | null }[];
}

/** The batch's rows, in one read of the Queue tab; null (audited) when the tab cannot be read. */
export function queueRowsOf(deps: EngineDeps, batchId: string): BatchRows | null {
  try {
    const queue = readQueue(deps.services.spreadsheet());
    const rows = queue.rows
      .filter((row) => row.batch === batchId)
      .map((row) => {
        const parsed = parseQueueCell(row.target);
        return { row, email: 'email' in parsed ? parsed.email : null };
      });
    return { queue, rows };
  } catch (e) {
    deps.audit({
      actor: 'offboard',
      action: 'worker error',
      detail: `${batchId}: the Queue tab could not be read: ${e instanceof Error ? e.message : String(e)}`,
    });
    return null;
  }
}

/** The Note of the person's row, cut for the card; undefined when there is none. */
export function noteFor(rows: BatchRows, email: string): string | undefined {
  const note = rows.rows.find((r) => r.email === email.toLowerCase() && r.row.note !== '')?.row.note;
  if (note === undefined) return undefined;
  return note.length > NOTE_CHARS ? `${note.slice(0, NOTE_CHARS - 1)}…` : note;
}

/**
 * After the lookups: each taken row names its run, or why it was left out, and each run gets an Audit Log
 * entry with its row, who added it and its whole note (one write for all). The rows are read again and
 * written under the script lock, as `/offboard queue` takes rows under it: neither undoes the other's marks.
 */
export function markLookedUp(deps: EngineDeps, batch: Batch, runs: Run[]): void {
  const runOf = new Map(runs.map((r) => [r.data.target.input.toLowerCase(), r]));
  const whyOf = new Map(batch.leftOut.map((l) => [l.input.toLowerCase(), l.why]));
  const entries: Parameters<EngineDeps['auditAll']>[0] = [];
  underLock(deps, batch.batchId, (rows) => {
    const marks = new Map<number, QueueMark>();
    for (const { row, email } of rows.rows) {
      if (row.status !== 'taken' || email === null) continue;
      const run = runOf.get(email);
      if (run) {
        marks.set(row.rowNumber, { batch: batch.batchId, status: `run ${run.runId}` });
        const by = row.addedBy ? `, added by ${row.addedBy}` : '';
        entries.push({
          actor: 'offboard',
          action: 'from the Queue tab',
          runId: run.runId,
          detail: `${batch.batchId}, row ${row.rowNumber}${by}${row.note ? `: ${row.note}` : ''}`,
        });
        continue;
      }
      const why = whyOf.get(email);
      // A row marked for this batch that names nobody the batch asked for: the tab moved (a sort, a row
      // inserted) between /offboard queue's read and its marks. Pending again rather than lost.
      if (why === undefined) {
        marks.set(row.rowNumber, { batch: '', status: MOVED_WHILE_TAKEN(batch.batchId) });
        continue;
      }
      // No room yet is no reason to forget the person: the row is pending again (its Batch cleared).
      marks.set(
        row.rowNumber,
        why === NO_ROOM_WHY
          ? { batch: '', status: WAITING_FOR_ROOM }
          : { batch: batch.batchId, status: `left out: ${why}` },
      );
    }
    return { marks };
  });
  if (entries.length > 0) deps.auditAll(entries);
}

/**
 * The batch is over and its members' rows are written. Its Queue rows are released when it ended before
 * starting (cancelled, expired: Batch and Status cleared, to be taken again) and say `denied by …` when
 * denied. When it finished, the rows of people now completed leave the tab (the Queue is work to do, not
 * history: their record is the Offboarding row and the Audit Log, Note included), and the others say their
 * run's final status (`aborted · run …`) for someone to look at. Rows left out keep their reason. One read,
 * one write, one deleteRows per block of neighbouring rows.
 */
export function settleQueueRows(deps: EngineDeps, batch: Batch): void {
  const released = batch.status !== 'finished' && batch.status !== 'denied';
  let removed = 0;
  const count = underLock(deps, batch.batchId, (rows) => {
    const marks = new Map<number, QueueMark>();
    const done: number[] = [];
    for (const { row } of rows.rows) {
      if (released) {
        marks.set(row.rowNumber, { batch: '', status: '' });
        continue;
      }
      const runId = RUN_ID.exec(row.status)?.[0];
      if (!runId || row.status.startsWith('left out')) continue;
      const outcome =
        batch.status === 'denied'
          ? `denied by ${batch.approval?.by ?? 'an approver'}`
          : (batch.finished[runId]?.status ?? 'finished');
      if (outcome === 'completed') done.push(row.rowNumber);
      else marks.set(row.rowNumber, { batch: batch.batchId, status: `${outcome} · run ${runId}` });
    }
    removed = done.length;
    return { marks, remove: done };
  });
  if (count === null) return;
  deps.audit({
    actor: 'offboard',
    action: released ? 'queue rows released' : 'queue rows settled',
    detail: `${batch.batchId} (${batch.status}): ${removed} completed rows removed, ${count} rows marked`,
  });
}

/**
 * Under the script lock: the batch's rows read, `decide` makes the marks (written in one write) and names
 * the rows to remove. Answers how many rows were marked, or null (audited) when the tab could not be read
 * or written.
 */
function underLock(
  deps: EngineDeps,
  batchId: string,
  decide: (rows: BatchRows) => { marks: Map<number, QueueMark>; remove?: number[] },
): number | null {
  try {
    return withLock(
      deps.services,
      () => {
        const rows = queueRowsOf(deps, batchId);
        if (!rows) return null;
        const { marks, remove = [] } = decide(rows);
        const ss = deps.services.spreadsheet();
        markQueue(ss, rows.queue, marks);
        // After the marks: the row numbers both use are the ones read.
        if (remove.length > 0) deleteQueueRows(ss, remove);
        return marks.size;
      },
      deps.lockWaitMs,
    );
  } catch (e) {
    deps.audit({
      actor: 'offboard',
      action: 'worker error',
      detail: `${batchId}: the Queue tab's rows could not be marked: ${e instanceof Error ? e.message : String(e)}`,
    });
    return null;
  }
}
