// OktaClient: requests, error mapping, bounded retries, rate-limit pacing, pagination, token hygiene.

import { readFileSync } from 'fs';
import { join } from 'path';
import { isOffboardError } from '../../src/errors';
import {
  OFFBOARD_VERSION,
  OktaClient,
  nextPageLink,
  oktaError,
  rateLimitFamily,
} from '../../src/okta/client';
import { oktaCalls, type OktaCall } from '../../src/okta/requests';
import {
  FakeClock,
  ORG,
  ScriptedHttp,
  T0,
  TOKEN,
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

  it('encodes the email filter as a query value', () => {
    const http = new ScriptedHttp(alwaysWith(json(200, [])));
    makeClient(http, new FakeClock()).send(oktaCalls.findUsersByEmail('a+b@corp.com'));
    expect(http.requests[0]!.url).toBe(
      `${ORG}/api/v1/users?filter=${encodeURIComponent('profile.email eq "a+b@corp.com"')}`,
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

  it('waits for the rate-limit reset before retrying a 429', () => {
    const clock = new FakeClock();
    const reset = T0 / 1000 + 20;
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
  const resetSeconds = T0 / 1000 + 30;
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
    const client = makeClient(http, clock, { deadline: T0 + 10_000 });
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

  it('groups paths into families by collection and id', () => {
    expect(rateLimitFamily('/api/v1/users/00u1/lifecycle/suspend')).toBe('/api/v1/users/{id}');
    expect(rateLimitFamily('/api/v1/users')).toBe('/api/v1/users');
    expect(rateLimitFamily('/api/v1/groups/00g1/users/00u1')).toBe('/api/v1/groups/{id}');
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
