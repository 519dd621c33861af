// The one caching helper: one key registry, one TTL table, one guarded read and write.

import { cacheKey, CACHED, forgetSheetCaches, readCache, writeCache } from '../src/cache';
import { FakeCache, FakeClock } from './fakes/services';

const isList = (v: unknown): v is unknown[] => Array.isArray(v);

function cache(): FakeCache {
  return new FakeCache(new FakeClock(0));
}

describe('the cache helper', () => {
  it('gives every entry its own key', () => {
    const keys = Object.values(CACHED).map((e) => e.key);
    expect(new Set(keys).size).toBe(keys.length);
  });

  it('reads back what it wrote', () => {
    const c = cache();
    writeCache(c, 'approvedUsers', [{ name: 'Alex' }]);
    expect(readCache(c, 'approvedUsers', isList)).toEqual([{ name: 'Alex' }]);
  });

  it('answers null for a value of another shape', () => {
    const c = cache();
    c.put(cacheKey('approvedUsers'), '"just a string"', 60);
    expect(readCache(c, 'approvedUsers', isList)).toBeNull();
  });

  it('answers null for text that is not JSON', () => {
    const c = cache();
    c.put(cacheKey('approvedUsers'), '{not json', 60);
    expect(readCache(c, 'approvedUsers', isList)).toBeNull();
  });

  it('does not cache a value CacheService would refuse (over 100 KB)', () => {
    const c = cache();
    writeCache(c, 'approvedUsers', ['x'.repeat(100_001)]);
    expect(c.get(cacheKey('approvedUsers'))).toBeNull();
  });

  it('keys per-id entries by id', () => {
    const c = cache();
    writeCache(c, 'slackEmail', 'a@x.com', 'U1');
    expect([
      readCache(c, 'slackEmail', (v): v is string => typeof v === 'string', 'U1'),
      readCache(c, 'slackEmail', (v): v is string => typeof v === 'string', 'U2'),
    ]).toEqual(['a@x.com', null]);
  });

  it('forgets everything derived from the Sheet, and only that, after a hand edit', () => {
    const c = cache();
    for (const name of [
      'approvedUsers',
      'tasksPlan',
      'auditHeader',
      'offboardingHeader',
      'runDetailsHeader',
    ] as const)
      writeCache(c, name, [1]);
    writeCache(c, 'slackEmail', 'a@x.com', 'U1');
    forgetSheetCaches(c);
    const left = Object.keys(CACHED).filter(
      (name) => c.get(cacheKey(name as keyof typeof CACHED, name === 'slackEmail' ? 'U1' : '')) !== null,
    );
    expect(left).toEqual(['slackEmail']);
  });
});
