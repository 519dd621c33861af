// The Offboarding tab as the run store: one row per run, one column per task. Run Data (JSON) is the
// engine's memory; the task cells and Status are what people read.

import type { SpreadsheetLike } from '../ports';
import { openTable, type Table, type TableRecord, type TableSnapshot } from '../sheet/table';
import { offboardingSpec, taskColumnKey } from '../sheet/tabs';
import { TASKS } from '../tasks/catalog';
import { taskCellText } from './present';
import type { RunStore } from './store';
import { RUN_STATUSES, type Run, type RunData, type RunStatus } from './types';

export const OFFBOARDING_SPEC = offboardingSpec(TASKS.map((t) => t.label));

export function sheetRunStore(ss: SpreadsheetLike, log?: (message: string) => void): RunStore {
  let table: Table | undefined;
  let snapshot: TableSnapshot | undefined;
  const open = (): Table => (table ??= openTable(ss, OFFBOARDING_SPEC));

  return {
    list() {
      snapshot = open().read();
      const runs: Run[] = [];
      for (const rec of snapshot.records) {
        const run = fromRecord(rec);
        if (run) runs.push(run);
        else if (rec.text('runId'))
          log?.(`Offboarding row ${rec.rowNumber} has unreadable Status or Run Data; skipped.`);
      }
      return runs;
    },
    insert(run) {
      open().append(toCells(run), snapshot?.header);
    },
    save(run) {
      if (!snapshot || run.rowNumber === undefined)
        throw new Error(`Run ${run.runId} was not read from the Sheet.`);
      open().updateRow(snapshot, run.rowNumber, toCells(run));
    },
  };
}

function toCells(run: Run): Record<string, unknown> {
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
  for (const task of TASKS) cells[taskColumnKey(task.label)] = taskCellText(run.data.tasks[task.id]);
  return cells;
}

function fromRecord(rec: TableRecord): Run | null {
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
