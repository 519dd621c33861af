// The Queue tab as a table: its rows in one read; Offboard's two cells (Batch, Status) written for many
// rows in one write; rows removed in blocks once their people are offboarded. People's own cells (Target,
// Note, Added By, their extra columns) are never written.

import type { SpreadsheetLike } from '../ports';
import { openTable, type HeaderMap, type TableSnapshot } from './table';
import { QUEUE_SPEC } from './tabs';

/** Rows one `/offboard queue` takes at most (issue 10): more than a command's 200, the queue's bound. */
export const MAX_QUEUE_TARGETS = 500;

/** A Queue row as read; every cell as trimmed text. */
export interface QueueRow {
  rowNumber: number;
  target: string;
  note: string;
  addedBy: string;
  batch: string;
  status: string;
}

/** What Offboard writes in a row: the batch that took it, and what became of it. */
export interface QueueMark {
  batch: string;
  status: string;
}

export interface QueueSnapshot {
  header: HeaderMap;
  rows: QueueRow[];
  snapshot: TableSnapshot;
}

/** The whole tab in one read (blank and checkbox-only rows left out). Throws SHEET_MISSING_TAB/COLUMN. */
export function readQueue(ss: SpreadsheetLike): QueueSnapshot {
  const snapshot = openTable(ss, QUEUE_SPEC).read();
  const rows = snapshot.records.map((r) => ({
    rowNumber: r.rowNumber,
    target: r.text('target'),
    note: r.text('note'),
    addedBy: r.text('addedBy'),
    batch: r.text('batch'),
    status: r.text('status'),
  }));
  return { header: snapshot.header, rows, snapshot };
}

/**
 * Rows no batch holds: the Batch cell is empty. (Status may still say why an earlier batch gave the row
 * back, e.g. no room in Script Properties; it is written again when the row is taken.)
 */
export function isPending(row: QueueRow): boolean {
  return row.batch === '';
}

/**
 * Writes the marks in one setValues per run of adjacent columns (Batch and Status side by side: one),
 * over the rows from the first to the last marked; rows between keep what the read saw.
 */
export function markQueue(ss: SpreadsheetLike, queue: QueueSnapshot, marks: Map<number, QueueMark>): void {
  if (marks.size === 0) return;
  const numbers = [...marks.keys()];
  const first = Math.min(...numbers);
  const last = Math.max(...numbers);
  const byRow = new Map(queue.rows.map((r) => [r.rowNumber, r]));
  const records: Record<string, unknown>[] = [];
  for (let n = first; n <= last; n++) {
    const mark = marks.get(n) ?? byRow.get(n) ?? { batch: '', status: '' };
    records.push({ batch: mark.batch, status: mark.status });
  }
  openTable(ss, QUEUE_SPEC).writeOwnRows(first, queue.header, records);
}

/**
 * Removes rows (numbers as read), the lowest block first so the numbers above it stay true: one
 * deleteRows per block of neighbouring rows.
 */
export function deleteQueueRows(ss: SpreadsheetLike, rowNumbers: number[]): void {
  const tab = ss.getSheetByName(QUEUE_SPEC.name);
  if (!tab) return;
  const sorted = [...new Set(rowNumbers)].sort((a, b) => b - a);
  let i = 0;
  while (i < sorted.length) {
    const bottom = sorted[i]!; // i < length
    let top = bottom;
    let j = i + 1;
    while (j < sorted.length && sorted[j] === top - 1) top = sorted[j++]!; // j < length
    tab.deleteRows(top, bottom - top + 1);
    i = j;
  }
}
