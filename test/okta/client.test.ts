// OktaClient: requests, error mapping, bounded retries, rate-limit pacing, pagination, token hygiene.

import { readFileSync } from 'fs';
import { join } from 'path';
import { isOffboardError } from '../../src/errors';
import {
  CONCURRENCY_BACKOFF_MS,
  MAX_IN_FLIGHT,
  MAX_WAIT_MS,
  OFFBOARD_VERSION,
  OktaClient,
  UNUSABLE_RESET_RETRY_MS,
  nextPageLink,
  oktaError,
  rateLimitFamily,
  type OktaResult,
} from '../../src/okta/client';
import { rateMemoryIn } from '../../src/okta/paced';
import { oktaCalls, type OktaCall } from '../../src/okta/requests';
import { FakeCache } from '../fakes/services';
import {
  FakeClock,
  ORG,
  ScriptedHttp,
  T0,
  TOKEN,
  fakeOrg,
  inOrder,
  json,
  makeClient,
  networkDown,
  noContent,
  oktaErrorResponse,
  rateHeaders,
} from './helpers';

const alwaysWith = (response: ReturnType<typeof json>) => () => response;

describe('requests', () => {
  it('sends the org URL, path and encoded query', () => {
    const clock = new FakeClock();
    const http = new ScriptedHttp(alwaysWith(noContent()));
    makeClient(http, clock).send(oktaCalls.clearSessions('00u1'));
    expect(http.requests[0]!.url).toBe(
      `${ORG}/api/v1/users/00u1/sessions?oauthTokens=true&forgetDevices=true`,
    );
    expect(http.requests[0]!.method).toBe('delete');
  });

  it('encodes the search expression as a query value', () => {
    const http = new ScriptedHttp(alwaysWith(json(200, [])));
    makeClient(http, new FakeClock()).send(oktaCalls.findUsersByLogin('a+b@corp.com'));
    expect(http.requests[0]!.url).toBe(
      `${ORG}/api/v1/users?search=${encodeURIComponent('profile.login eq "a+b@corp.com"')}`,
    );
  });

  it('authenticates with SSWS and asks for JSON', () => {
    const http = new ScriptedHttp(alwaysWith(json(200, {})));
    makeClient(http, new FakeClock()).send(oktaCalls.me());
    expect(http.requests[0]!.headers).toMatchObject({
      Authorization: `SSWS ${TOKEN}`,
      Accept: 'application/json',
    });
  });

  it('names itself with the package version', () => {
    const pkg = JSON.parse(readFileSync(join(__dirname, '../../package.json'), 'utf8')) as {
      version: string;
    };
    const http = new ScriptedHttp(alwaysWith(json(200, {})));
    makeClient(http, new FakeClock()).send(oktaCalls.me());
    expect(OFFBOARD_VERSION).toBe(pkg.version);
    expect(http.requests[0]!.headers!['User-Agent']).toBe(`offboard/${pkg.version}`);
  });

  it('declares a JSON content type only when there is a body', () => {
    const http = new ScriptedHttp(alwaysWith(json(200, {})));
    const client = makeClient(http, new FakeClock());
    client.send(oktaCalls.suspend('00u1'));
    const withBody: OktaCall = { operation: 'getUser', method: 'POST', path: '/api/v1/x', body: { a: 1 } };
    client.send(withBody);
    expect(http.requests[0]!.headers!['Content-Type']).toBeUndefined();
    expect(http.requests[1]!.headers!['Content-Type']).toBe('application/json');
    expect(http.requests[1]!.payload).toBe('{"a":1}');
  });

  it('refuses an org URL that is not https', () => {
    const make = () =>
      new OktaClient({
        http: new ScriptedHttp(alwaysWith(json(200, {}))),
        clock: new FakeClock(),
        orgUrl: 'http://acme.okta.com',
        apiToken: TOKEN,
      });
    expect(make).toThrow(expect.objectContaining({ code: 'CONFIG_INVALID' }));
  });

  it('answers a 204 with a null body', () => {
    const result = makeClient(new ScriptedHttp(alwaysWith(noContent())), new FakeClock()).send(
      oktaCalls.revokeGrants('00u1'),
    );
    expect(result).toMatchObject({ ok: true, status: 204, body: null });
  });
});

describe('error mapping', () => {
  // maxAttempts 1 so transient failures come back at once and the mapping alone is tested.
  const failureFor = (response: ReturnType<typeof json>) => {
    const result = makeClient(new ScriptedHttp(alwaysWith(response)), new FakeClock(), {
      maxAttempts: 1,
    }).send(oktaCalls.getUser('jane@corp.com'));
    if (result.ok) throw new Error('expected a failure');
    return result.error;
  };

  it.each([
    ['network error', networkDown(), 'OKTA_NETWORK', true],
    ['500', oktaErrorResponse(500, 'E0000009', 'Internal Server Error'), 'OKTA_SERVER', true],
    [
      '503 without JSON',
      { status: 503, headers: {}, body: '<html>Service Unavailable</html>' },
      'OKTA_SERVER',
      true,
    ],
    [
      '429',
      oktaErrorResponse(429, 'E0000047', 'API call exceeded rate limit due to too many requests.'),
      'OKTA_RATE_LIMITED',
      true,
    ],
    ['401', oktaErrorResponse(401, 'E0000011', 'Invalid token provided'), 'OKTA_UNAUTHORIZED', false],
    [
      '403 E0000006',
      oktaErrorResponse(403, 'E0000006', 'You do not have permission to perform the requested action'),
      'OKTA_FORBIDDEN',
      false,
    ],
    [
      '404 E0000007',
      oktaErrorResponse(404, 'E0000007', 'Not found: Resource not found: x (User)'),
      'OKTA_NOT_FOUND',
      false,
    ],
    [
      '400 E0000001',
      oktaErrorResponse(400, 'E0000001', 'Api validation failed: suspend'),
      'OKTA_INVALID',
      false,
    ],
    ['409', oktaErrorResponse(409, 'E0000032', 'Conflict'), 'OKTA_INVALID', false],
  ] as const)('maps %s to %s', (_name, response, code, transient) => {
    const failure = failureFor(response);
    expect(failure.code).toBe(code);
    expect(failure.transient).toBe(transient);
    expect(failure.operation).toBe('getUser');
  });

  it("keeps Okta's errorCode", () => {
    expect(failureFor(oktaErrorResponse(400, 'E0000001', 'Api validation failed')).oktaCode).toBe('E0000001');
  });

  it('treats E0000047 as a rate limit whatever the status', () => {
    expect(failureFor(oktaErrorResponse(400, 'E0000047', 'rate limit')).code).toBe('OKTA_RATE_LIMITED');
  });

  it('joins the error summary and its causes', () => {
    const failure = failureFor(
      oktaErrorResponse(400, 'E0000001', 'Api validation failed: login', [
        'login: already exists',
        'email: bad',
      ]),
    );
    expect(failure.summary).toBe('Api validation failed: login; login: already exists; email: bad');
  });

  it('describes a non-JSON error body by its status', () => {
    expect(failureFor({ status: 502, headers: {}, body: 'Bad Gateway' }).summary).toBe(
      'Okta answered HTTP 502.',
    );
  });

  it('sets retryAt one second after the announced reset on a 429', () => {
    const reset = T0 / 1000 + 30;
    const failure = failureFor(
      oktaErrorResponse(429, 'E0000047', 'rate limit', [], rateHeaders(600, 0, reset)),
    );
    expect(failure.retryAt).toBe(reset * 1000 + 1000);
  });

  it('refuses a 2xx answer that is not JSON', () => {
    const result = makeClient(
      new ScriptedHttp(alwaysWith({ status: 200, headers: {}, body: '<html>login</html>' })),
      new FakeClock(),
    ).send(oktaCalls.me());
    expect(result).toMatchObject({ ok: false, error: { code: 'OKTA_INVALID', transient: false } });
  });

  it('turns a failure into an OffboardError with its code and facts', () => {
    const error = oktaError(failureFor(oktaErrorResponse(403, 'E0000006', 'No permission')));
    expect(isOffboardError(error)).toBe(true);
    expect(error).toMatchObject({
      code: 'OKTA_FORBIDDEN',
      detail: { status: 403, oktaCode: 'E0000006', operation: 'getUser' },
    });
  });
});

describe('the API token', () => {
  it('never appears in a summary, even when Okta echoes it', () => {
    const echo = oktaErrorResponse(401, 'E0000011', `Invalid token provided: SSWS ${TOKEN}`);
    const result = makeClient(new ScriptedHttp(alwaysWith(echo)), new FakeClock()).send(oktaCalls.me());
    expect(JSON.stringify(result)).not.toContain(TOKEN);
  });

  it('never appears in a network error message', () => {
    const result = makeClient(
      new ScriptedHttp(alwaysWith(networkDown(`Exception: Authorization: SSWS ${TOKEN}`))),
      new FakeClock(),
      {
        maxAttempts: 1,
      },
    ).send(oktaCalls.me());
    expect(JSON.stringify(result)).not.toContain(TOKEN);
  });
});

describe('retries', () => {
  it('retries a transient failure at most twice, after 500 ms then 1500 ms', () => {
    const clock = new FakeClock();
    const http = new ScriptedHttp(alwaysWith(oktaErrorResponse(503, 'E0000009', 'down')));
    const result = makeClient(http, clock).send(oktaCalls.getUser('00u1'));
    expect(http.requests).toHaveLength(3);
    expect(clock.sleeps).toEqual([500, 1500]);
    expect(result).toMatchObject({ ok: false, error: { code: 'OKTA_SERVER', transient: true } });
  });

  it('answers the retry that succeeds', () => {
    const http = new ScriptedHttp(inOrder(networkDown(), json(200, { id: '00u1' })));
    const result = makeClient(http, new FakeClock()).send(oktaCalls.getUser('00u1'));
    expect(result).toMatchObject({ ok: true, body: { id: '00u1' } });
  });

  it('does not retry a permanent failure', () => {
    const http = new ScriptedHttp(alwaysWith(oktaErrorResponse(403, 'E0000006', 'no')));
    makeClient(http, new FakeClock()).send(oktaCalls.suspend('00u1'));
    expect(http.requests).toHaveLength(1);
  });

  it('does not start a retry past the deadline', () => {
    const clock = new FakeClock();
    const http = new ScriptedHttp(alwaysWith(oktaErrorResponse(500, 'E0000009', 'down')), clock);
    const result = makeClient(http, clock, { deadline: T0 + 1000 }).send(oktaCalls.getUser('00u1'));
    expect(http.sentAt).toEqual([T0, T0 + 500]);
    expect(clock.now()).toBeLessThanOrEqual(T0 + 1000);
    expect(result).toMatchObject({ ok: false, error: { code: 'OKTA_SERVER', transient: true } });
  });

  it('waits for a rate-limit reset a few seconds ahead before retrying a 429', () => {
    const clock = new FakeClock();
    const reset = T0 / 1000 + 3;
    const http = new ScriptedHttp(
      inOrder(
        oktaErrorResponse(429, 'E0000047', 'rate limit', [], rateHeaders(600, 0, reset)),
        json(200, { id: '00u1' }),
      ),
      clock,
    );
    const result = makeClient(http, clock, { deadline: T0 + 60_000 }).send(oktaCalls.getUser('00u1'));
    expect(result.ok).toBe(true);
    expect(http.sentAt[1]).toBe(reset * 1000 + 1000);
  });

  it('hands back a 429 whose reset is past the deadline without sleeping', () => {
    const clock = new FakeClock();
    const reset = T0 / 1000 + 120;
    const http = new ScriptedHttp(
      alwaysWith(oktaErrorResponse(429, 'E0000047', 'rate limit', [], rateHeaders(600, 0, reset))),
    );
    const result = makeClient(http, clock, { deadline: T0 + 60_000 }).send(oktaCalls.getUser('00u1'));
    expect(clock.sleeps).toEqual([]);
    expect(http.requests).toHaveLength(1);
    expect(result).toMatchObject({
      ok: false,
      error: { code: 'OKTA_RATE_LIMITED', transient: true, retryAt: reset * 1000 + 1000 },
    });
  });

  it('retries only the transient failures of a batch, in the next round', () => {
    const http = new ScriptedHttp(
      inOrder(
        noContent(),
        oktaErrorResponse(503, 'E0000009', 'down'),
        oktaErrorResponse(403, 'E0000006', 'no'),
        noContent(),
      ),
    );
    const results = makeClient(http, new FakeClock()).sendAll([
      oktaCalls.clearSessions('00u1'),
      oktaCalls.revokeGrants('00u1'),
      oktaCalls.removeFromGroup('00g1', '00u1'),
    ]);
    expect(http.batches.map((b) => b.map((r) => r.url))).toEqual([
      [
        `${ORG}/api/v1/users/00u1/sessions?oauthTokens=true&forgetDevices=true`,
        `${ORG}/api/v1/users/00u1/grants`,
        `${ORG}/api/v1/groups/00g1/users/00u1`,
      ],
      [`${ORG}/api/v1/users/00u1/grants`],
    ]);
    expect(results.map((r) => r.ok)).toEqual([true, true, false]);
  });

  it('ends even when the clock does not move while sleeping', () => {
    const stuck = { now: () => T0, sleep: jest.fn() };
    const http = new ScriptedHttp(alwaysWith(oktaErrorResponse(503, 'E0000009', 'down')));
    const result = makeClient(http, stuck, { deadline: T0 + 60_000 }).send(oktaCalls.getUser('00u1'));
    expect(http.requests).toHaveLength(3);
    expect(result.ok).toBe(false);
  });

  it('sends nothing for an empty batch', () => {
    const http = new ScriptedHttp(alwaysWith(noContent()));
    expect(makeClient(http, new FakeClock()).sendAll([])).toEqual([]);
    expect(http.fetchAllCalls).toBe(0);
  });
});

describe('rate-limit pacing', () => {
  const resetSeconds = T0 / 1000 + 3;
  const lowBudget = rateHeaders(100, 5, resetSeconds);

  it('waits for the reset when fewer than a tenth of the requests are left', () => {
    const clock = new FakeClock();
    const http = new ScriptedHttp(alwaysWith(json(200, { id: '00u1' }, lowBudget)), clock);
    const client = makeClient(http, clock, { deadline: T0 + 120_000 });
    client.send(oktaCalls.getUser('00u1'));
    client.send(oktaCalls.getUser('00u1'));
    expect(http.sentAt).toEqual([T0, resetSeconds * 1000 + 1000]);
  });

  it('does not wait while enough requests are left', () => {
    const clock = new FakeClock();
    const http = new ScriptedHttp(
      alwaysWith(json(200, { id: '00u1' }, rateHeaders(100, 50, resetSeconds))),
      clock,
    );
    const client = makeClient(http, clock);
    client.send(oktaCalls.getUser('00u1'));
    client.send(oktaCalls.getUser('00u1'));
    expect(clock.sleeps).toEqual([]);
  });

  it('never sleeps past the deadline: it answers rate-limited with retryAt instead', () => {
    const clock = new FakeClock();
    const http = new ScriptedHttp(alwaysWith(json(200, { id: '00u1' }, lowBudget)), clock);
    const client = makeClient(http, clock, { deadline: T0 + 2_000 });
    client.send(oktaCalls.getUser('00u1'));
    const second = client.send(oktaCalls.getUser('00u1'));
    expect(clock.sleeps).toEqual([]);
    expect(http.requests).toHaveLength(1);
    expect(second).toMatchObject({
      ok: false,
      error: { code: 'OKTA_RATE_LIMITED', transient: true, retryAt: resetSeconds * 1000 + 1000 },
    });
  });

  it('holds back only the family that is short', () => {
    const clock = new FakeClock();
    const http = new ScriptedHttp(
      inOrder(json(200, { id: '00u1' }, lowBudget), noContent(rateHeaders(100, 90, resetSeconds))),
      clock,
    );
    const client = makeClient(http, clock, { deadline: T0 + 10_000 });
    client.send(oktaCalls.getUser('00u1'));
    const other = client.send(oktaCalls.removeFromGroup('00g1', '00u1'));
    expect(other.ok).toBe(true);
    expect(clock.sleeps).toEqual([]);
  });

  it('counts the calls of one batch against the budget', () => {
    const clock = new FakeClock();
    // 11 left of 100: two more may go (the budget is then below a tenth), the third waits for the reset.
    const http = new ScriptedHttp((_r, i) => noContent(rateHeaders(100, 11 - i, resetSeconds)), clock);
    const client = makeClient(http, clock, { deadline: T0 + 120_000 });
    client.send(oktaCalls.revokeGrants('00u1'));
    client.sendAll([
      oktaCalls.revokeGrants('00u1'),
      oktaCalls.revokeGrants('00u2'),
      oktaCalls.revokeGrants('00u3'),
    ]);
    expect(http.batches.map((b) => b.length)).toEqual([1, 2, 1]);
    expect(http.sentAt[3]).toBe(resetSeconds * 1000 + 1000);
  });

  it('keys budgets by method and path template, every lifecycle action under one key', () => {
    expect(rateLimitFamily('POST', '/api/v1/users/00u1/lifecycle/suspend')).toBe(
      'POST /api/v1/users/{id}/lifecycle/*',
    );
    expect(rateLimitFamily('GET', '/api/v1/users/00u1')).toBe('GET /api/v1/users/{id}');
    expect(rateLimitFamily('GET', '/api/v1/users?search=x')).toBe('GET /api/v1/users');
    expect(rateLimitFamily('DELETE', '/api/v1/groups/00g1/users/00u1')).toBe(
      'DELETE /api/v1/groups/{id}/users/{id}',
    );
  });
});

describe('pagination', () => {
  const page = (n: number) => `${ORG}/api/v1/users/00u1/groups?after=p${n}&limit=200`;
  const link = (next?: string) => ({
    link: [`<${ORG}/api/v1/users/00u1/groups>; rel="self"`, ...(next ? [`<${next}>; rel="next"`] : [])].join(
      ', ',
    ),
  });

  it('follows rel="next" across three pages and concatenates them', () => {
    const http = new ScriptedHttp(
      inOrder(
        json(200, [{ id: 'g1' }], link(page(2))),
        json(200, [{ id: 'g2' }], link(page(3))),
        json(200, [{ id: 'g3' }], link()),
      ),
    );
    const result = makeClient(http, new FakeClock()).send<{ id: string }[]>(oktaCalls.listUserGroups('00u1'));
    expect(http.requests.map((r) => r.url)).toEqual([`${ORG}/api/v1/users/00u1/groups`, page(2), page(3)]);
    expect(result).toMatchObject({ ok: true, body: [{ id: 'g1' }, { id: 'g2' }, { id: 'g3' }] });
  });

  it('sends the token only to the org: a next link elsewhere is not followed', () => {
    const http = new ScriptedHttp(
      inOrder(json(200, [{ id: 'g1' }], link('https://evil.example.com/api/v1/users/00u1/groups?after=x'))),
    );
    const result = makeClient(http, new FakeClock()).send(oktaCalls.listUserGroups('00u1'));
    expect(http.requests).toHaveLength(1);
    expect(result).toMatchObject({ ok: false, error: { code: 'OKTA_INVALID' } });
  });

  it('retries a page that fails transiently without starting over', () => {
    const http = new ScriptedHttp(
      inOrder(json(200, [{ id: 'g1' }], link(page(2))), networkDown(), json(200, [{ id: 'g2' }], link())),
    );
    const result = makeClient(http, new FakeClock()).send(oktaCalls.listUserGroups('00u1'));
    expect(http.requests.map((r) => r.url)).toEqual([`${ORG}/api/v1/users/00u1/groups`, page(2), page(2)]);
    expect(result).toMatchObject({ ok: true, body: [{ id: 'g1' }, { id: 'g2' }] });
  });

  it('reads the next link among several', () => {
    expect(nextPageLink('<https://a/1>; rel="self", <https://a/2>; rel="next"')).toBe('https://a/2');
    expect(nextPageLink('<https://a/1>; rel="self"')).toBeNull();
  });
});

/** The failure of a result the test expects to fail. */
function failureOf(result: OktaResult): Extract<OktaResult, { ok: false }>['error'] {
  if (result.ok) throw new Error('expected a failure');
  return result.error;
}

/** A concurrency 429 as Okta sends it: Limit and Remaining 0, a reset a minute ahead. */
const concurrency429 = () =>
  oktaErrorResponse(429, 'E0000047', 'API call exceeded rate limit due to too many requests.', [], {
    ...rateHeaders(0, 0, T0 / 1000 + 60),
  });

describe('requests in flight', () => {
  it(`sends 150 calls in rounds of at most MAX_IN_FLIGHT (${MAX_IN_FLIGHT}), all answered`, () => {
    const { okta, http, client } = fakeOrg();
    const user = okta.addUser();
    const groups = Array.from({ length: 150 }, (_, i) => okta.addGroup({ name: `Team ${i}` }).id);
    groups.forEach((g) => okta.addToGroup(g, user.id));
    const results = client.sendAll(groups.map((g) => oktaCalls.removeFromGroup(g, user.id)));
    expect(MAX_IN_FLIGHT).toBe(10);
    expect(okta.peakInFlight()).toBe(MAX_IN_FLIGHT);
    expect(Math.max(...http.batches.map((b) => b.length))).toBe(MAX_IN_FLIGHT);
    expect(results.every((r) => r.ok)).toBe(true);
  });

  it('starts the next round at once when the previous one was full, without sleeping', () => {
    const { okta, clock, client } = fakeOrg();
    const user = okta.addUser();
    client.sendAll(Array.from({ length: 25 }, () => oktaCalls.getUser(user.id)));
    expect(clock.sleeps).toEqual([]);
  });
});

describe('concurrency 429', () => {
  it(`backs off ${CONCURRENCY_BACKOFF_MS} ms and retries, not until the announced reset`, () => {
    const clock = new FakeClock();
    const http = new ScriptedHttp(inOrder(concurrency429(), json(200, { id: '00u1' })), clock);
    const result = makeClient(http, clock).send(oktaCalls.getUser('00u1'));
    expect(http.sentAt).toEqual([T0, T0 + CONCURRENCY_BACKOFF_MS]);
    expect(result.ok).toBe(true);
  });

  it('answers every call when the org refuses some for concurrency', () => {
    const { okta, client } = fakeOrg();
    okta.concurrencyLimit(4);
    const user = okta.addUser();
    const results = client.sendAll(Array.from({ length: 10 }, () => oktaCalls.getUser(user.id)));
    expect(results.every((r) => r.ok)).toBe(true);
  });
});

describe('X-Rate-Limit-Reset', () => {
  const limited = (reset: string) =>
    oktaErrorResponse(429, 'E0000047', 'rate limit', [], {
      'x-rate-limit-limit': '600',
      'x-rate-limit-remaining': '0',
      'x-rate-limit-reset': reset,
    });
  const retryAtFor = (reset: string): number =>
    failureOf(
      makeClient(new ScriptedHttp(alwaysWith(limited(reset))), new FakeClock(), { maxAttempts: 1 }).send(
        oktaCalls.getUser('00u1'),
      ),
    ).retryAt ?? NaN;

  it('treats a reset in milliseconds as "retry in 60 s"', () => {
    expect(retryAtFor(String(T0 + 30_000))).toBe(T0 + UNUSABLE_RESET_RETRY_MS);
  });

  it('treats a reset more than 5 minutes ahead as "retry in 60 s"', () => {
    expect(retryAtFor(String(T0 / 1000 + 6 * 60))).toBe(T0 + UNUSABLE_RESET_RETRY_MS);
  });

  it('treats a reset in the past as "retry in 60 s"', () => {
    expect(retryAtFor(String(T0 / 1000 - 120))).toBe(T0 + UNUSABLE_RESET_RETRY_MS);
  });

  it('trusts a reset within 5 minutes, one second past it', () => {
    expect(retryAtFor(String(T0 / 1000 + 240))).toBe(T0 + 241_000);
  });

  it('gives a valid date when a successful answer carries a reset in milliseconds', () => {
    const clock = new FakeClock();
    const http = new ScriptedHttp(alwaysWith(json(200, { id: '00u1' }, rateHeaders(100, 5, T0))), clock);
    const client = makeClient(http, clock);
    client.send(oktaCalls.getUser('00u1'));
    const retryAt = failureOf(client.send(oktaCalls.getUser('00u1'))).retryAt ?? NaN;
    expect(retryAt).toBe(T0 + UNUSABLE_RESET_RETRY_MS);
    expect(() => new Date(retryAt).toISOString()).not.toThrow();
  });
});

describe('budgets per method and path template', () => {
  it('a spent budget for getting a user does not hold back lifecycle writes on that user', () => {
    const clock = new FakeClock();
    const http = new ScriptedHttp(
      inOrder(json(200, { id: '00u1' }, rateHeaders(100, 1, T0 / 1000 + 30)), json(200, {})),
      clock,
    );
    const client = makeClient(http, clock);
    client.send(oktaCalls.getUser('00u1'));
    const suspended = client.send(oktaCalls.suspend('00u1'));
    expect(suspended.ok).toBe(true);
    expect(clock.sleeps).toEqual([]);
  });

  it('for bulk work, sends one request of a family it has no answer for yet, then the rest', () => {
    const clock = new FakeClock();
    const http = new ScriptedHttp(alwaysWith(noContent(rateHeaders(600, 500, T0 / 1000 + 30))), clock);
    makeClient(http, clock, { rateMemory: rateMemoryIn(new FakeCache(clock)) }).sendAll(
      ['00u1', '00u2', '00u3', '00u4'].map((id) => oktaCalls.revokeGrants(id)),
    );
    expect(http.batches.map((b) => b.length)).toEqual([1, 3]);
  });

  it('counts one round against a window two families share (same limit and reset): no more than is left', () => {
    const clock = new FakeClock();
    const reset = T0 / 1000 + 30;
    // Both families answer from one window of 100 with 14 left: 5 more may go (as with one family), not 10.
    const http = new ScriptedHttp(alwaysWith(noContent(rateHeaders(100, 14, reset))), clock);
    const client = makeClient(http, clock, { deadline: T0 + 2_000 });
    client.sendAll([oktaCalls.revokeGrants('00u0'), oktaCalls.resetFactors('00u0')]);
    // Both answered: the next round is paced by what they said.
    const ids = ['00u1', '00u2', '00u3', '00u4', '00u5'];
    client.sendAll([
      ...ids.map((id) => oktaCalls.revokeGrants(id)),
      ...ids.map((id) => oktaCalls.resetFactors(id)),
    ]);
    expect(http.batches.map((b) => b.length).slice(1)).toEqual([5]);
  });
});

describe('X-Okta-Request-Id', () => {
  it('is kept on a successful result', () => {
    const http = new ScriptedHttp(alwaysWith(noContent({ 'X-Okta-Request-Id': 'reqOk123' })));
    const result = makeClient(http, new FakeClock()).send(oktaCalls.clearSessions('00u1'));
    expect(result).toMatchObject({ ok: true, requestId: 'reqOk123' });
  });

  it('is kept on a failure', () => {
    const refused = oktaErrorResponse(403, 'E0000006', 'no', [], { 'X-Okta-Request-Id': 'reqNo456' });
    const result = makeClient(new ScriptedHttp(alwaysWith(refused)), new FakeClock()).send(
      oktaCalls.suspend('00u1'),
    );
    expect(failureOf(result).requestId).toBe('reqNo456');
  });

  it('comes from the fake Okta on every write', () => {
    const { okta, client } = fakeOrg();
    const user = okta.addUser();
    const result = client.send(oktaCalls.suspend(user.id));
    expect(result.ok && result.requestId).toMatch(/^[0-9A-Za-z]{20}$/);
  });
});

describe('no long sleeps inside an execution', () => {
  it('hands back a 429 without a reset header at once, with retryAt a minute ahead', () => {
    const clock = new FakeClock();
    const http = new ScriptedHttp(alwaysWith(oktaErrorResponse(429, 'E0000047', 'rate limit')), clock);
    const result = makeClient(http, clock).send(oktaCalls.getUser('00u1'));
    expect(clock.sleeps).toEqual([]);
    expect(http.requests).toHaveLength(1);
    expect(failureOf(result)).toMatchObject({
      code: 'OKTA_RATE_LIMITED',
      transient: true,
      retryAt: T0 + UNUSABLE_RESET_RETRY_MS,
    });
  });

  it(`hands back a reset more than MAX_WAIT_MS (${MAX_WAIT_MS} ms) ahead, even with a later deadline`, () => {
    const clock = new FakeClock();
    const reset = T0 / 1000 + 20;
    const http = new ScriptedHttp(
      alwaysWith(oktaErrorResponse(429, 'E0000047', 'rate limit', [], rateHeaders(600, 0, reset))),
      clock,
    );
    const result = makeClient(http, clock, { deadline: T0 + 300_000 }).send(oktaCalls.getUser('00u1'));
    expect(clock.sleeps).toEqual([]);
    expect(failureOf(result).retryAt).toBe(reset * 1000 + 1000);
  });

  it('never sleeps longer than MAX_WAIT_MS in one call, whatever the answers', () => {
    const clock = new FakeClock();
    const http = new ScriptedHttp(alwaysWith(oktaErrorResponse(429, 'E0000047', 'rate limit')), clock);
    const client = makeClient(http, clock, { maxAttempts: 5 });
    client.sendAll([oktaCalls.getUser('00u1'), oktaCalls.suspend('00u1'), oktaCalls.revokeGrants('00u1')]);
    expect(clock.sleeps.reduce((a, b) => a + b, 0)).toBeLessThanOrEqual(MAX_WAIT_MS);
  });
});

describe('a write whose answer was lost', () => {
  it('is not sent again, and comes back uncertain: Okta may have done it', () => {
    const { okta, client } = fakeOrg();
    const user = okta.addUser();
    okta.loseAnswerNext({ operation: 'deactivateUser' });
    const result = client.send(oktaCalls.deactivate(user.id));
    expect(okta.requests.filter((r) => r.operation === 'deactivateUser')).toHaveLength(1);
    expect(failureOf(result)).toMatchObject({ code: 'OKTA_NETWORK', status: 0, uncertain: true });
    expect(okta.user(user.id)?.status).toBe('DEPROVISIONED');
  });

  it('is uncertain for a DELETE too', () => {
    const http = new ScriptedHttp(alwaysWith(networkDown('Timeout')));
    const result = makeClient(http, new FakeClock()).send(oktaCalls.removeFromGroup('00g1', '00u1'));
    expect(http.requests).toHaveLength(1);
    expect(failureOf(result).uncertain).toBe(true);
  });

  it('a GET without an answer is still retried, and never marked uncertain', () => {
    const http = new ScriptedHttp(inOrder(networkDown(), networkDown(), networkDown()));
    const result = makeClient(http, new FakeClock()).send(oktaCalls.getUser('00u1'));
    expect(http.requests).toHaveLength(3);
    expect(failureOf(result).uncertain).toBeUndefined();
  });
});
