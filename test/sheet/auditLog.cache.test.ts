// Audit Log header map cache: no read once cached, right columns again after invalidation.

import { appendAudit } from '../../src/sheet/auditLog';
import { cacheKey, forgetSheetCaches } from '../../src/cache';

const AUDIT_HEADER_CACHE_KEY = cacheKey('auditHeader');
import { AUDIT_LOG_SPEC } from '../../src/sheet/tabs';
import { FakeCache, FakeClock } from '../fakes/services';
import { FakeSpreadsheet } from '../fakes/spreadsheet';

const entry = { time: new Date(Date.UTC(2026, 10, 29)), actor: 'alex', action: 'command', detail: 'x' };

function spreadsheet(): FakeSpreadsheet {
  return FakeSpreadsheet.withTabs({ 'Audit Log': [AUDIT_LOG_SPEC.columns.map((c) => c.header)] });
}

describe('Audit Log header cache', () => {
  it('reads row 1 once, then appends without reading', () => {
    const ss = spreadsheet();
    const cache = new FakeCache(new FakeClock());
    appendAudit(ss, entry, cache);
    ss.resetCounts();
    appendAudit(ss, entry, cache);
    expect(ss.calls.getValues).toBe(0);
    expect(ss.calls.appendRow).toBe(1);
  });

  it('writes into the moved column after the cache is invalidated', () => {
    const ss = spreadsheet();
    const cache = new FakeCache(new FakeClock());
    appendAudit(ss, entry, cache);
    // Someone swaps Actor and Action; onChange clears the caches.
    ss.sheet('Audit Log')
      .getRange(1, 2, 1, 2)
      .setValues([['Action', 'Actor']]);
    forgetSheetCaches(cache);
    appendAudit(ss, { ...entry, actor: 'sam', action: 'click' }, cache);
    expect(ss.sheet('Audit Log').rows()[2]?.slice(1, 3)).toEqual(['click', 'sam']);
  });
});

describe('Audit Log header cache: bad cached values', () => {
  it('reads row 1 when the cached header map is corrupt', () => {
    const ss = spreadsheet();
    const cache = new FakeCache(new FakeClock());
    cache.put(AUDIT_HEADER_CACHE_KEY, '"just a string"', 60);
    appendAudit(ss, entry, cache);
    expect(ss.sheet('Audit Log').rows()[1]?.slice(1, 3)).toEqual(['alex', 'command']);
  });

  it('still appends when CacheService refuses the value', () => {
    const ss = spreadsheet();
    const cache = new FakeCache(new FakeClock());
    cache.put = () => {
      throw new Error('Argument too large');
    };
    appendAudit(ss, entry, cache);
    expect(ss.calls.appendRow).toBe(1);
  });
});
