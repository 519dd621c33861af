// Where runs are kept. The engine only sees this; runsTable.ts is the real one (active-run index in
// Script Properties + the Offboarding row people read + the Run Details tab).

import type { RunDetail } from '../tasks/types';
import type { Run } from './types';

/** What `/offboard status` asks about. */
export type RunQuery =
  | { kind: 'run'; runId: string }
  | { kind: 'email'; email: string }
  | { kind: 'login'; login: string }
  | { kind: 'slack_user'; userId: string };

/** One Run Details row. */
export interface DetailRow extends RunDetail {
  runId: string;
  time: Date;
  /** The task's label, e.g. "Remove Groups". */
  task: string;
}

export interface RunStore {
  /** Every active run, from the index: no Sheet read, whatever the history. */
  active(): Run[];
  /** Bytes Script Properties held (keys and values) when `active()` or `unwritten()` last read them. */
  bytesRead(): number;
  /** Runs whose row a Slack request left for the worker (active or finished), from the index. */
  unwritten(): Run[];
  /** One run by Run ID: the index when active, else one targeted search and one row read. */
  get(runId: string): Run | null;
  /**
   * An active run as this execution's first Script Properties read saw it: no call. Null when it was not
   * in the index then. Only for decisions checked again under the lock.
   */
  peek(runId: string): Run | null;
  /** A new run, awaiting confirmation: the index only (its row is written by its first save). */
  insert(run: Run): void;
  /**
   * Writes the run's own cells in its row (found by Run ID) and updates the index; in a Slack request,
   * the index only (rowPending), and the worker writes the row.
   */
  save(run: Run): void;
  /** Updates only the index (a lease, a task marked running): the row follows with the next save. */
  hold(run: Run): void;
  /** New runs of a batch, awaiting confirmation: the index only, in one Script Properties call. */
  insertMany(runs: Run[]): void;
  /**
   * Several active runs in one Script Properties call (a batch's Confirm or round). `rowPending` (the
   * default) marks their rows for the worker to write; a round's running marks need no row write.
   */
  holdMany(runs: Run[], rowPending?: boolean): void;
  /**
   * The worker's batched write of one round: every run's index entry in one call, then their rows (new
   * ones appended in one write; rows that sit together in one write per run of own columns; the rest one
   * by one), their waiting Run Details in one write; finished runs then leave the index.
   */
  writeRows(runs: Run[]): void;
  /** The latest run the query names: active runs first, then a targeted search of one column. */
  find(query: RunQuery): Run | null;
  /** The runs the query names, newest first: the active ones and a few of the latest finished ones. */
  recent(query: RunQuery): Run[];
  /**
   * The Run Details rows of one run, in the order written: rows still waiting in its index entry, and the
   * tab's rows found by one TextFinder on the Run ID column, read a block of neighbouring rows at a time.
   */
  details(runId: string): DetailRow[];
  /** Appends Run Details rows in one write; in a Slack request, they go with the run's next save. */
  addDetails(rows: DetailRow[]): void;
  /** What people should fix: active runs whose row is missing or says something else (one read per run). */
  problems(now: number): string[];
}
