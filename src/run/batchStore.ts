// Where batches are kept: one entry per batch in Script Properties (its JSON cut in parts under 9 KB),
// read with the same one call as the active-run index.

import type { PropertyStore } from '../ports';
import type { Batch } from './types';

/** Script Property key prefix of a batch; a long batch continues under `<key>#1`, `<key>#2`, … */
export const BATCH_PREFIX = 'offboard.batch.';
/** Characters per property part: Script Properties refuse a value over 9 KB. */
const PART_CHARS = 8_000;

export function batchKey(batchId: string): string {
  return `${BATCH_PREFIX}${batchId.trim().toUpperCase()}`;
}

/** A batch's properties: the JSON cut in parts of PART_CHARS; the first part says how many there are. */
function batchValues(batch: Batch): Record<string, string> {
  const json = JSON.stringify({ v: 1, ...batch });
  const parts: string[] = [];
  for (let i = 0; i < json.length; i += PART_CHARS) parts.push(json.slice(i, i + PART_CHARS));
  const key = batchKey(batch.batchId);
  const values: Record<string, string> = { [key]: `${parts.length}\n${parts[0] ?? ''}` };
  parts.slice(1).forEach((part, i) => (values[`${key}#${i + 1}`] = part));
  return values;
}

function parseBatch(
  key: string,
  read: (key: string) => string | null,
  parts?: (count: number) => void,
): Batch | null {
  const head = read(key);
  if (head === null) return null;
  const newline = head.indexOf('\n');
  const count = Number(head.slice(0, newline));
  if (newline < 0 || !Number.isInteger(count) || count < 1) return null;
  parts?.(count);
  let json = head.slice(newline + 1);
  for (let i = 1; i < count; i++) {
    const part = read(`${key}#${i}`);
    if (part === null) return null;
    json += part;
  }
  try {
    const b = JSON.parse(json) as Partial<Batch> & { v?: number };
    if (b.v !== 1 || typeof b.batchId !== 'string' || !Array.isArray(b.runIds)) return null;
    b.finished ??= {};
    b.plan ??= [];
    return b as Batch;
  } catch {
    return null;
  }
}

/** The batches in the store, from one `all()` (the same call that reads the active-run index). */
export function allBatches(properties: Record<string, string>): Batch[] {
  const out: Batch[] = [];
  for (const key of Object.keys(properties)) {
    if (!key.startsWith(BATCH_PREFIX) || key.includes('#')) continue;
    const batch = parseBatch(key, (k) => properties[k] ?? null);
    if (batch) out.push(batch);
  }
  return out;
}

/**
 * One batch, read fresh: its first part, then the others, with one `getProperties` when there are more
 * than two (a 500-person card is 9 parts: one call instead of 8 within Confirm's 3 seconds).
 */
export function readBatch(properties: PropertyStore, batchId: string): Batch | null {
  let all: Record<string, string> | undefined;
  const key = batchKey(batchId);
  return parseBatch(
    key,
    (k) => (k !== key && all ? (all[k] ?? null) : properties.get(k)),
    (parts) => {
      if (parts > 2) all = properties.all();
    },
  );
}

/** One Script Properties call (two when it got shorter: the parts it no longer needs are deleted). */
export function saveBatch(properties: PropertyStore, batch: Batch, before?: Batch | null): void {
  const values = batchValues(batch);
  properties.setMany(values);
  if (!before) return;
  const old = Object.keys(batchValues(before));
  for (const key of old) if (!(key in values)) properties.delete(key);
}

/**
 * A finished batch leaves the store once every member's row is written, with what its members shared
 * (`#members`, written by the active-run index: src/run/activeRuns.ts).
 */
export function forgetBatch(properties: PropertyStore, batch: Batch): void {
  const key = batchKey(batch.batchId);
  for (const k of [...Object.keys(batchValues(batch)), `${key}#members`]) properties.delete(k);
}
