// Counts of outside calls between two moments, read from the counting fakes, with the modeled time they cost.

import type { CostTable } from './costs';
import type { BenchWorld } from './world';

export interface Counts {
  /** getValues, and readTabs (the Sheets API's batchGet of whole tabs) */
  sheetReads: number;
  /** cells those getValues answered */
  cellsRead: number;
  /** setValues + appendRow */
  sheetWrites: number;
  /** every other SpreadsheetApp call (getSheetByName, getLastRow, getRange, …) */
  sheetOther: number;
  fetch: number;
  fetchAll: number;
  /** requests sent inside fetchAll calls */
  inFetchAll: number;
  oktaRequests: number;
  /** Okta requests that change something (not GET) */
  oktaWrites: number;
  slackRequests: number;
  cacheGet: number;
  cachePut: number;
  cacheRemove: number;
  properties: number;
  lock: number;
  triggersList: number;
  triggersCreate: number;
  triggersRemove: number;
  /** modeled ms of the calls above (plus any time slept) */
  modeledMs: number;
  /** the part of modeledMs spent on the Sheet, on HTTP, on the other services */
  sheetMs: number;
  httpMs: number;
  servicesMs: number;
}

/** Everything counted so far in this world. */
export function countsNow(bw: BenchWorld): Counts {
  const s = bw.world.sheet.calls;
  const c = (name: string): number => bw.services.calls.get(name);
  const requests = bw.http.events.flatMap((e) => e.requests);
  const sheetOther = Object.entries(s)
    .filter(([method]) => !['getValues', 'readTabs', 'setValues', 'appendRow'].includes(method))
    .reduce((sum, [, n]) => sum + n, 0);
  return {
    sheetReads: s.getValues + s.readTabs,
    cellsRead: bw.world.sheet.cellsRead,
    sheetWrites: s.setValues + s.appendRow,
    sheetOther,
    fetch: bw.http.events.filter((e) => e.kind === 'fetch').length,
    fetchAll: bw.http.events.filter((e) => e.kind === 'fetchAll').length,
    inFetchAll: bw.http.events
      .filter((e) => e.kind === 'fetchAll')
      .reduce((sum, e) => sum + e.requests.length, 0),
    oktaRequests: requests.filter((r) => r.host === 'okta').length,
    oktaWrites: requests.filter((r) => r.host === 'okta' && r.method !== 'GET').length,
    slackRequests: requests.filter((r) => r.host === 'slack').length,
    cacheGet: c('cache.get'),
    cachePut: c('cache.put'),
    cacheRemove: c('cache.remove'),
    properties: c('properties.all') + c('properties.get') + c('properties.set') + c('properties.delete'),
    lock: c('lock.tryLock') + c('lock.release'),
    triggersList: c('triggers.list'),
    triggersCreate: c('triggers.create'),
    triggersRemove: c('triggers.remove'),
    modeledMs: bw.meter.ms - bw.meter.byArea.start,
    sheetMs: bw.meter.byArea.sheet,
    httpMs: bw.meter.byArea.http,
    servicesMs: bw.meter.byArea.services,
  };
}

export function minus(after: Counts, before: Counts): Counts {
  const out = { ...after };
  for (const key of Object.keys(out) as (keyof Counts)[]) out[key] = after[key] - before[key];
  return out;
}

export function plus(a: Counts, b: Counts): Counts {
  const out = { ...a };
  for (const key of Object.keys(out) as (keyof Counts)[]) out[key] = a[key] + b[key];
  return out;
}

/** One execution (a doPost or a trigger run) as measured. */
export interface Step {
  counts: Counts;
  /** modeled ms including the execution's fixed start cost */
  modeledMs: number;
  /** real Node time of the core logic with in-memory fakes (informative only) */
  wallMs: number;
}

/**
 * Runs `fn` as one execution of kind `kind` and measures it. The fixed start cost is charged after the
 * work, so deadlines inside the app count from when our code starts, as in Apps Script.
 */
export function measure<T>(
  bw: BenchWorld,
  kind: 'doPost' | 'trigger',
  fn: () => T,
): { step: Step; result: T } {
  const before = countsNow(bw);
  const started = performance.now();
  const result = fn();
  const wallMs = performance.now() - started;
  const counts = minus(countsNow(bw), before);
  const overhead = fixedCost(bw.meter.costs, kind);
  bw.meter.chargeMs(overhead, 'start');
  return { step: { counts, modeledMs: counts.modeledMs + overhead, wallMs }, result };
}

export function fixedCost(costs: CostTable, kind: 'doPost' | 'trigger'): number {
  return kind === 'doPost' ? costs['execution.doPost'].ms : costs['execution.trigger'].ms;
}

export function sumSteps(steps: Step[]): Step {
  return steps.reduce(
    (total, s) => ({
      counts: plus(total.counts, s.counts),
      modeledMs: total.modeledMs + s.modeledMs,
      wallMs: total.wallMs + s.wallMs,
    }),
    { counts: zeroCounts(), modeledMs: 0, wallMs: 0 },
  );
}

function zeroCounts(): Counts {
  return {
    sheetReads: 0,
    cellsRead: 0,
    sheetWrites: 0,
    sheetOther: 0,
    fetch: 0,
    fetchAll: 0,
    inFetchAll: 0,
    oktaRequests: 0,
    oktaWrites: 0,
    slackRequests: 0,
    cacheGet: 0,
    cachePut: 0,
    cacheRemove: 0,
    properties: 0,
    lock: 0,
    triggersList: 0,
    triggersCreate: 0,
    triggersRemove: 0,
    modeledMs: 0,
    sheetMs: 0,
    httpMs: 0,
    servicesMs: 0,
  };
}
