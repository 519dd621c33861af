// Wall-clock times in IANA zones without a library: the instant a typed time means, across DST changes.

import { formatInZone, instantOf, wallTimeAt } from '../../src/schedule';

const at = (y: number, mo: number, d: number, h: number, mi: number) => ({
  year: y,
  month: mo,
  day: d,
  hour: h,
  minute: mi,
});

function iso(r: ReturnType<typeof instantOf>): string {
  return r.ok ? new Date(r.instant).toISOString() : r.reason;
}

describe('instantOf', () => {
  it('reads 17:00 in UTC as 17:00Z', () => {
    expect(iso(instantOf(at(2026, 12, 18, 17, 0), 'UTC'))).toBe('2026-12-18T17:00:00.000Z');
  });

  it('reads 17:00 in Paris in winter as 16:00Z (UTC+1)', () => {
    expect(iso(instantOf(at(2026, 12, 18, 17, 0), 'Europe/Paris'))).toBe('2026-12-18T16:00:00.000Z');
  });

  it('reads 17:00 in Paris in summer as 15:00Z (UTC+2)', () => {
    expect(iso(instantOf(at(2026, 7, 1, 17, 0), 'Europe/Paris'))).toBe('2026-07-01T15:00:00.000Z');
  });

  it('reads 03:30 New York on the day the clocks go forward as 07:30Z (EDT, just after the change)', () => {
    expect(iso(instantOf(at(2026, 3, 8, 3, 30), 'America/New_York'))).toBe('2026-03-08T07:30:00.000Z');
  });

  it('reads 01:30 New York on that day as 06:30Z (EST, just before the change)', () => {
    expect(iso(instantOf(at(2026, 3, 8, 1, 30), 'America/New_York'))).toBe('2026-03-08T06:30:00.000Z');
  });

  it('refuses 02:30 New York on the day the clocks skip it', () => {
    expect(iso(instantOf(at(2026, 3, 8, 2, 30), 'America/New_York'))).toBe('no such time');
  });

  it('reads 01:30 New York on the day it happens twice as its first occurrence, 05:30Z (EDT)', () => {
    expect(iso(instantOf(at(2026, 11, 1, 1, 30), 'America/New_York'))).toBe('2026-11-01T05:30:00.000Z');
  });

  it('reads 17:00 Sydney the day after its DST change as 06:00Z (UTC+11)', () => {
    expect(iso(instantOf(at(2026, 10, 5, 17, 0), 'Australia/Sydney'))).toBe('2026-10-05T06:00:00.000Z');
  });

  it('handles a half-hour zone: 17:00 Kolkata is 11:30Z', () => {
    expect(iso(instantOf(at(2026, 12, 18, 17, 0), 'Asia/Kolkata'))).toBe('2026-12-18T11:30:00.000Z');
  });

  it('round-trips through wallTimeAt for every hour of a DST-change day in Berlin', () => {
    const bad: number[] = [];
    for (let h = 0; h < 24; h++) {
      const r = instantOf(at(2026, 10, 25, h, 15), 'Europe/Berlin');
      if (!r.ok || wallTimeAt(r.instant, 'Europe/Berlin').hour !== h) bad.push(h);
    }
    expect(bad).toEqual([]);
  });
});

describe('formatInZone', () => {
  it('shows the wall-clock time and the zone', () => {
    expect(formatInZone(Date.UTC(2026, 11, 18, 16, 0), 'Europe/Paris')).toBe('2026-12-18 17:00 Europe/Paris');
  });
});
