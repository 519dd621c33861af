// Which tasks run, in what order, and what a failure does: the Tasks tab, read once and cached until
// someone edits the Sheet.

import { readCache, writeCache } from '../cache';
import { OffboardError } from '../errors';
import { openSource, type Cache, type SpreadsheetSource } from '../ports';
import { openTable, type TableRecord, type TableSnapshot } from '../sheet/table';
import { TASKS_SPEC } from '../sheet/tabs';
import { TASKS } from '../tasks/catalog';
import type { TaskDefinition } from '../tasks/types';
import { webhookTask, type TimeoutPolicy, type WebhookSpec } from '../tasks/webhook';
import type { OnFailure, PlannedTask } from './types';

/** The enabled tasks in run order. Rows naming a task the code does not know are left to checkConfiguration. */
export function loadPlan(ss: SpreadsheetSource, cache: Cache): PlannedTask[] {
  const cached = readCache(cache, 'tasksPlan', isPlan);
  if (cached) return cached;
  const plan = planFrom(openTable(openSource(ss), TASKS_SPEC).read());
  writeCache(cache, 'tasksPlan', plan);
  return plan;
}

export function isPlan(v: unknown): v is PlannedTask[] {
  return Array.isArray(v) && v.length > 0;
}

/** The plan a Tasks tab snapshot says; CONFIG_INVALID when no task is enabled. */
export function planFrom(snapshot: TableSnapshot): PlannedTask[] {
  const rows: { task: TaskDefinition; order: number; onFailure: OnFailure; webhook?: WebhookSpec }[] = [];
  for (const rec of snapshot.records) {
    const hook = webhookRow(rec);
    const task = hook ? webhookTask(hook.label, hook.spec) : knownTask(rec.text('task'));
    if (!task || !rec.bool('enabled') || rows.some((r) => r.task.id === task.id)) continue;
    const order = Number(rec.get('order'));
    const onFailure = rec.text('onFailure').toLowerCase();
    rows.push({
      task,
      order: rec.text('order') !== '' && Number.isFinite(order) ? order : task.defaultOrder,
      onFailure: onFailure === 'continue' || onFailure === 'pause' ? onFailure : task.defaultOnFailure,
      ...(hook ? { webhook: hook.spec } : {}),
    });
  }
  if (rows.length === 0) {
    throw new OffboardError('CONFIG_INVALID', 'No task is enabled in the Tasks tab.', {
      property: 'Tasks tab',
    });
  }
  // Deactivate drops app assignments and cannot be undone: it always runs last, whatever the order says.
  rows.sort((a, b) => rank(a.task) - rank(b.task) || a.order - b.order);
  return rows.map((r): PlannedTask => ({
    id: r.task.id,
    label: r.task.label,
    onFailure: r.onFailure,
    ...(r.webhook ? { webhook: r.webhook } : {}),
  }));
}

/** A task named by its id ("remove_groups") or its label ("Remove Groups"), any case. */
export function knownTask(text: string): TaskDefinition | undefined {
  const key = text
    .trim()
    .toLowerCase()
    .replace(/[\s-]+/g, '_');
  return TASKS.find((t) => t.id === key || t.label.toLowerCase().replace(/\s+/g, '_') === key);
}

/**
 * A Tasks row of Kind `webhook`: its name, URL, secret property and timeout policy (`retry` unless it says
 * `fail`). Null for any other row. The URL is checked when sending and by checkConfiguration.
 */
export function webhookRow(rec: TableRecord): { label: string; spec: WebhookSpec } | null {
  if (rec.text('kind').toLowerCase() !== 'webhook') return null;
  const label = rec.text('task');
  if (label === '') return null;
  const policy: TimeoutPolicy = rec.text('timeoutPolicy').toLowerCase() === 'fail' ? 'fail' : 'retry';
  return {
    label,
    spec: { url: rec.text('url'), secretProperty: rec.text('secretProperty'), timeoutPolicy: policy },
  };
}

function rank(task: TaskDefinition): number {
  return task.stage === 'finish' ? 1 : 0;
}
