// Approved Users: parsed from a hand-edited tab, cached for six hours, matched by Slack ID then email.

import {
  findApprovedUser,
  loadApprovedUsers,
  approvedUsersProblems,
  type ApprovedUser,
} from '../../src/sheet/approvedUsers';
import { cacheKey, forgetSheetCaches } from '../../src/cache';

const APPROVED_USERS_CACHE_KEY = cacheKey('approvedUsers');
import { CallCounter, FakeCache, FakeClock } from '../fakes/services';
import { FakeSpreadsheet } from '../fakes/spreadsheet';
import { approvedUsersGrid, APPROVED_USERS_HEADER, approvedUserRow } from './fixtures';

function world(grid = approvedUsersGrid({ slackUserId: 'U1', email: 'Ann@Corp.com', role: 'admin' })) {
  const ss = FakeSpreadsheet.withTabs({ 'Approved Users': grid });
  const calls = new CallCounter();
  const clock = new FakeClock();
  return { ss, clock, calls, cache: new FakeCache(clock, calls) };
}

function user(fields: Partial<ApprovedUser>): ApprovedUser {
  return {
    slackUserId: null,
    email: null,
    name: '',
    role: 'approver',
    active: true,
    rowNumber: 2,
    ...fields,
  };
}

describe('loadApprovedUsers: reading the tab', () => {
  it('reads Slack ID, lower-case email, role and active', () => {
    const { ss, cache } = world();
    expect(loadApprovedUsers(ss, cache)[0]).toMatchObject({
      slackUserId: 'U1',
      email: 'ann@corp.com',
      role: 'admin',
      active: true,
    });
  });

  it('reads a hand-mangled tab: reordered, extra columns, blank rows, odd headers and "yes"', () => {
    const { ss, cache } = world([
      [' role', 'Notes', 'E-MAIL ', 'active', 'slack user id', 'name'],
      ['', '', '', '', '', ''],
      [' Approver ', 'on leave soon', 'bo@corp.com', 'yes', ' u2 ', 'Bo'],
    ]);
    expect(loadApprovedUsers(ss, cache)).toEqual([
      { slackUserId: 'U2', email: 'bo@corp.com', name: 'Bo', role: 'approver', active: true, rowNumber: 3 },
    ]);
  });

  it('leaves out a row with an unknown role', () => {
    const { ss, cache } = world(approvedUsersGrid({ slackUserId: 'U1', role: 'manager' }));
    expect(loadApprovedUsers(ss, cache)).toEqual([]);
  });

  it('ignores a row with neither Slack ID nor email', () => {
    const { ss, cache } = world(approvedUsersGrid({ slackUserId: '', email: '', name: 'Nobody' }));
    expect(loadApprovedUsers(ss, cache)).toEqual([]);
  });

  it('reads a Slack mention typed into the Slack ID cell as the ID', () => {
    const { ss, cache } = world(approvedUsersGrid({ slackUserId: '<@U7|dee>' }));
    expect(loadApprovedUsers(ss, cache)[0]!.slackUserId).toBe('U7');
  });

  it('throws SHEET_MISSING_COLUMN when Role is gone', () => {
    const { ss, cache } = world([APPROVED_USERS_HEADER.filter((h) => h !== 'Role')]);
    expect(() => loadApprovedUsers(ss, cache)).toThrow(
      expect.objectContaining({ code: 'SHEET_MISSING_COLUMN' }),
    );
  });
});

describe('loadApprovedUsers: caching', () => {
  it('reads the sheet with one getValues on a cold cache', () => {
    const { ss, cache } = world();
    loadApprovedUsers(ss, cache);
    expect(ss.calls.getValues).toBe(1);
  });

  it('keeps the list cached for just under five minutes', () => {
    const { ss, cache, clock } = world();
    loadApprovedUsers(ss, cache);
    clock.advance(5 * 60_000 - 1000);
    expect(cache.get(APPROVED_USERS_CACHE_KEY)).not.toBeNull();
  });

  it('forgets the list after five minutes, so an untick no trigger reported takes effect', () => {
    const { ss, cache, clock } = world();
    loadApprovedUsers(ss, cache);
    clock.advance(5 * 60_000);
    expect(cache.get(APPROVED_USERS_CACHE_KEY)).toBeNull();
  });

  it('makes no spreadsheet call at all when cached', () => {
    const { ss, cache } = world();
    loadApprovedUsers(ss, cache);
    ss.resetCounts();
    loadApprovedUsers(ss, cache);
    expect(Object.values(ss.calls).reduce((a, b) => a + b, 0)).toBe(0);
  });

  it('answers the same users from the cache as from the sheet', () => {
    const { ss, cache } = world();
    const fromSheet = loadApprovedUsers(ss, cache);
    expect(loadApprovedUsers(ss, cache)).toEqual(fromSheet);
  });

  it('reads the sheet again after forgetSheetCaches', () => {
    const { ss, cache } = world();
    loadApprovedUsers(ss, cache);
    forgetSheetCaches(cache);
    ss.resetCounts();
    loadApprovedUsers(ss, cache);
    expect(ss.calls.getValues).toBe(1);
  });

  it('sees a hand edit after forgetSheetCaches', () => {
    const { ss, cache } = world();
    loadApprovedUsers(ss, cache);
    ss.sheet('Approved Users')
      .getRange(2, 5, 1, 1)
      .setValues([[false]]);
    forgetSheetCaches(cache);
    expect(loadApprovedUsers(ss, cache)[0]!.active).toBe(false);
  });

  it('reads the sheet when the cached value is corrupt', () => {
    const { ss, cache } = world();
    cache.put(APPROVED_USERS_CACHE_KEY, '{not json', 60);
    expect(loadApprovedUsers(ss, cache)[0]!.slackUserId).toBe('U1');
  });

  it('does not cache a list too big for CacheService', () => {
    const rows = Array.from({ length: 1200 }, (_, i) => ({
      name: `Person with a long name number ${i}`.repeat(2),
    }));
    const { ss, cache } = world(approvedUsersGrid(...rows));
    loadApprovedUsers(ss, cache);
    expect(cache.get(APPROVED_USERS_CACHE_KEY)).toBeNull();
  });
});

describe('approvedUsersProblems', () => {
  it('names the row and the bad role', () => {
    const { ss } = world(approvedUsersGrid({ role: 'approver' }, { role: 'manager', name: 'Max' }));
    expect(approvedUsersProblems(ss)).toEqual([expect.stringMatching(/^Row 3 \(Max\): role "manager"/)]);
  });

  it('reports a row with neither Slack ID nor email', () => {
    const { ss } = world(approvedUsersGrid({ slackUserId: '', email: '', name: 'Nobody' }));
    expect(approvedUsersProblems(ss)).toEqual([expect.stringContaining('no Slack User ID or Email')]);
  });

  it('reports a Slack ID on two rows', () => {
    const { ss } = world(approvedUsersGrid({ slackUserId: 'U1' }, { slackUserId: 'u1' }));
    expect(approvedUsersProblems(ss)).toEqual([expect.stringContaining('also on row 2')]);
  });

  it('reports nothing for a clean tab', () => {
    const { ss } = world(approvedUsersGrid({}, {}));
    expect(approvedUsersProblems(ss)).toEqual([]);
  });
});

describe('findApprovedUser', () => {
  it("compares the caller's Slack ID exactly: a lower-case or mention form matches nobody", () => {
    const users = [user({ slackUserId: 'U1', rowNumber: 2 })];
    expect([
      findApprovedUser(users, { slackUserId: 'u1' }),
      findApprovedUser(users, { slackUserId: '<@U1>' }),
    ]).toEqual([null, null]);
  });

  it('matches by Slack ID', () => {
    const users = [user({ slackUserId: 'U1', rowNumber: 2 }), user({ slackUserId: 'U2', rowNumber: 3 })];
    expect(findApprovedUser(users, { slackUserId: 'U2' })?.rowNumber).toBe(3);
  });

  it('matches by email, ignoring case, when no row has the Slack ID', () => {
    const users = [user({ email: 'ann@corp.com' })];
    expect(findApprovedUser(users, { slackUserId: 'U9', email: 'ANN@corp.com ' })).toBe(users[0]);
  });

  it('prefers the Slack ID match over an email match', () => {
    const users = [user({ email: 'ann@corp.com', rowNumber: 2 }), user({ slackUserId: 'U1', rowNumber: 3 })];
    expect(findApprovedUser(users, { slackUserId: 'U1', email: 'ann@corp.com' })?.rowNumber).toBe(3);
  });

  it('does not match by email a row whose Slack ID names someone else', () => {
    const users = [user({ slackUserId: 'U_OTHER', email: 'ann@corp.com' })];
    expect(findApprovedUser(users, { slackUserId: 'U1', email: 'ann@corp.com' })).toBeNull();
  });

  it('returns an inactive match so the refusal can say so', () => {
    const users = [user({ slackUserId: 'U1', active: false })];
    expect(findApprovedUser(users, { slackUserId: 'U1' })?.active).toBe(false);
  });

  it('prefers an active row when the person is listed twice', () => {
    const users = [
      user({ slackUserId: 'U1', active: false, rowNumber: 2 }),
      user({ slackUserId: 'U1', rowNumber: 3 }),
    ];
    expect(findApprovedUser(users, { slackUserId: 'U1' })?.rowNumber).toBe(3);
  });

  it('answers null for a stranger', () => {
    expect(findApprovedUser([user({ slackUserId: 'U1' })], { slackUserId: 'U2', email: null })).toBeNull();
  });
});

// Keeps the fixture factory honest: rows it makes differ, so tests that add two users add two people.
it('approvedUserRow makes distinct people', () => {
  expect(approvedUserRow()[0]).not.toBe(approvedUserRow()[0]);
});
