// The cost of a request does not grow with history: the BUILT bundle (build/Code.js, loaded the way Apps
// Script loads it, through the local runtime) is driven through /offboard, Confirm, status, Abort and an
// idle worker turn over an Offboarding tab with 0 and with 50,000 past runs, and the cells each request
// reads are counted by the test fake behind SpreadsheetApp.

import { buttonValue } from '../../bench/world';
import { bundleWorld, click, doPost, reportButton, slash, type History } from '../fixtures/bundleWorld';

interface Cost {
  cellsRead: number;
  getValues: number;
  /** Every counted SpreadsheetApp call (reads, writes and the rest). */
  calls: number;
}

async function cost(h: History, fn: () => Promise<unknown>): Promise<Cost> {
  const sum = (): number => Object.values(h.sheet.calls).reduce((a, b) => a + b, 0);
  const before = { cellsRead: h.sheet.cellsRead, getValues: h.sheet.calls.getValues, calls: sum() };
  await fn();
  return {
    cellsRead: h.sheet.cellsRead - before.cellsRead,
    getValues: h.sheet.calls.getValues - before.getValues,
    calls: sum() - before.calls,
  };
}

/** Drives every hot path once, in order, and answers what each cost. */
/** How often the last idle worker turn opened the spreadsheet. */
let idleOpened = -1;

async function hotPaths(pastRuns: number): Promise<{ costs: Record<string, Cost>; statuses: string[] }> {
  const h = bundleWorld(pastRuns);
  const costs: Record<string, Cost> = {};
  // A first request, cancelled, warms the caches; its run is then a finished run like any other.
  const first = await doPost(h, slash('jane@example.com'));
  costs['cancel'] = await cost(h, () => doPost(h, click('cancel', buttonValue(first, 'cancel')!)));
  let card: unknown;
  costs['/offboard (warm caches)'] = await cost(
    h,
    async () => (card = await doPost(h, slash('sam@example.com'))),
  );
  // Okta refuses Deactivate twice (and the person, read back, is still active), so the run pauses
  // twice: once for Retry, once for Abort.
  h.okta.failNext(
    { operation: 'deactivateUser' },
    { status: 403, errorCode: 'E0000006', errorSummary: 'You do not have permission.', times: 2 },
  );
  costs['Confirm'] = await cost(h, () => doPost(h, click('confirm', buttonValue(card, 'confirm')!)));
  costs['status of an active run'] = await cost(h, () => doPost(h, slash('status sam@example.com')));
  costs['status of a past run'] = await cost(h, () => doPost(h, slash('status jane@example.com')));
  await h.runtime.call('runWorker', {});
  costs['Retry'] = await cost(h, () => doPost(h, click('retry', reportButton(h, 'retry'))));
  await h.runtime.call('runWorker', {});
  costs['Abort'] = await cost(h, () => doPost(h, click('abort', reportButton(h, 'abort'))));
  // The Abort left its Audit Log entries (and its row) for the worker: this turn writes them.
  await h.runtime.call('runWorker', {});
  const openedBefore = h.opened.count;
  costs['idle worker turn'] = await cost(h, () => h.runtime.call('runWorker', {}));
  idleOpened = h.opened.count - openedBefore;
  const rows = h.sheet.sheet('Offboarding').rows();
  const status = rows[0]!.indexOf('Status');
  const statuses = rows.slice(pastRuns + 1).map((r) => String(r[status]));
  return { costs, statuses };
}

describe('the built bundle over 0 and 50,000 past runs', () => {
  let none: Record<string, Cost>;
  let many: Record<string, Cost>;
  let statuses: string[];

  beforeAll(async () => {
    none = (await hotPaths(0)).costs;
    const big = await hotPaths(50_000);
    many = big.costs;
    statuses = big.statuses;
  }, 120_000);

  it('did what each request asks: the first run cancelled, the second (retried, then) aborted', () => {
    expect(statuses).toEqual(['cancelled', 'aborted']);
  });

  it.each([
    '/offboard (warm caches)',
    'Confirm',
    'status of an active run',
    'status of a past run',
    'cancel',
    'Retry',
    'Abort',
    'idle worker turn',
  ])('%s reads the same cells, with the same getValues, at 0 and at 50,000 past runs', (path) => {
    const { cellsRead, getValues } = many[path]!;
    expect({ cellsRead, getValues }).toEqual({
      cellsRead: none[path]!.cellsRead,
      getValues: none[path]!.getValues,
    });
  });

  it.each(['/offboard (warm caches)', 'Confirm', 'cancel', 'Retry', 'Abort', 'idle worker turn'])(
    '%s makes the same SpreadsheetApp calls at 0 and at 50,000 past runs',
    (path) => {
      expect(many[path]!.calls).toBe(none[path]!.calls);
    },
  );

  it.each(['status of an active run', 'status of a past run'])(
    '%s makes at most a few more SpreadsheetApp calls with a long history (the latest few runs of the person, never more)',
    (path) => {
      expect(many[path]!.calls - none[path]!.calls).toBeLessThanOrEqual(5);
    },
  );

  it('an idle worker turn makes no SpreadsheetApp call at all', () => {
    expect(many['idle worker turn']).toEqual({ cellsRead: 0, getValues: 0, calls: 0 });
  });

  it('an idle worker turn does not even open the spreadsheet', () => {
    expect(idleOpened).toBe(0);
  });

  it('a warm /offboard reads no Sheet cell', () => {
    expect(many['/offboard (warm caches)']?.cellsRead).toBe(0);
  });
});
