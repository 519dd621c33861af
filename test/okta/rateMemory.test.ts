// The rate-limit windows a client learnt, kept for the next execution (issue 10): a new worker turn starts
// where the last one left off instead of blind: into a window the last turn left at its margin and another
// integration then spent (Okta counts the org's requests together), a blind round of 10 meets 10 429s.

import { OktaClient } from '../../src/okta/client';
import { rateMemoryIn } from '../../src/okta/paced';
import { oktaCalls } from '../../src/okta/requests';
import { CallCounter, FakeCache } from '../fakes/services';
import { fakeOrg } from './helpers';

/** 12 requests a minute for a person's subresources: a small window, so a blind round of 10 overshoots it. */
const LIMIT = 12;

function org() {
  const { okta, http, clock } = fakeOrg();
  okta.rateLimit({ limit: LIMIT, windowSeconds: 60, family: 'userResources' });
  const ids = Array.from({ length: 30 }, (_, i) => okta.addUser({ login: `p${i}@example.com` }).id);
  const calls = new CallCounter();
  const cache = new FakeCache(clock, calls);
  /** One execution's client; `remember`: with the cached windows. Never waits more than 2 s. */
  const turn = (remember: boolean) =>
    new OktaClient({
      http,
      clock,
      orgUrl: okta.orgUrl,
      apiToken: okta.apiToken,
      deadline: clock.now() + 2_000,
      ...(remember ? { rateMemory: rateMemoryIn(cache) } : {}),
    });
  const grants = (from: number, n: number) =>
    ids.slice(from, from + n).map((id) => oktaCalls.revokeGrants(id));
  const tooMany = () => okta.requests.filter((r) => r.status === 429).length;
  /** Another integration of the org spends what is left of the window (Offboard's client kept a margin). */
  const othersSpend = () => {
    const other = new OktaClient({
      http,
      clock,
      orgUrl: okta.orgUrl,
      apiToken: okta.apiToken,
      maxAttempts: 1,
    });
    for (let i = 0; i < LIMIT; i++) other.send(oktaCalls.revokeGrants(ids[29]!));
  };
  return { okta, clock, calls, turn, grants, tooMany, othersSpend };
}

describe('rate-limit windows kept between executions', () => {
  /** 429s Offboard's second client met, after its first left the window at its margin and others spent it. */
  function secondTurnTooMany(remember: boolean): number {
    const o = org();
    o.turn(remember).sendAll(o.grants(0, 12));
    o.othersSpend();
    const before = o.tooMany();
    o.clock.advance(1_000);
    o.turn(remember).sendAll(o.grants(12, 10));
    return o.tooMany() - before;
  }

  it('a new client holds back a family the last one left at its margin: no 429', () => {
    expect(secondTurnTooMany(true)).toBe(0);
  });

  it('without them, the same new client meets a 429 for each request of its first round', () => {
    expect(secondTurnTooMany(false)).toBe(10);
  });

  it('answers the calls it held back as rate-limited, unsent, due again when the window resets', () => {
    const o = org();
    const windowStart = o.clock.now();
    o.turn(true).sendAll(o.grants(0, 12));
    o.clock.advance(1_000);
    const [held] = o.turn(true).sendAll(o.grants(12, 1));
    expect(held).toMatchObject({
      ok: false,
      error: { code: 'OKTA_RATE_LIMITED', status: 0, retryAt: windowStart + 61_000 },
    });
  });

  it('forgets a window that has reset: the next client sends at once', () => {
    const o = org();
    o.turn(true).sendAll(o.grants(0, 12));
    o.clock.advance(61_000);
    const results = o.turn(true).sendAll(o.grants(12, 5));
    expect(results.every((r) => r.ok)).toBe(true);
  });

  it('costs a client that sends nothing no CacheService call', () => {
    const o = org();
    o.turn(true);
    o.turn(true).sendAll([]);
    expect([o.calls.get('cache.get'), o.calls.get('cache.put')]).toEqual([0, 0]);
  });
});
