// Where runs are kept. The Sheet-backed store (runsTable.ts) is the real one; the engine only sees this.

import type { Run } from './types';

export interface RunStore {
  /** Every run, read fresh (one Sheet read). */
  list(): Run[];
  /** Adds a new run (one append). */
  insert(run: Run): void;
  /** Writes a run back to its own row (one row write). The run must come from list(). */
  save(run: Run): void;
}

export function findRun(runs: Run[], runId: string): Run | null {
  const id = runId.trim().toUpperCase();
  return runs.find((r) => r.runId.toUpperCase() === id) ?? null;
}
