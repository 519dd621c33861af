// The fake Okta over real HTTP with Node's fetch: same answers, real latency, JSON control endpoints.

import {
  DEFAULT_API_TOKEN,
  FakeOkta,
  seedDemoDirectory,
  startFakeOktaServer,
  type FakeOktaServer,
} from '../../fakes/okta';

const auth = { Authorization: `SSWS ${DEFAULT_API_TOKEN}` };

let okta: FakeOkta;
let server: FakeOktaServer;
let resets: number;

beforeEach(async () => {
  okta = new FakeOkta();
  seedDemoDirectory(okta);
  resets = 0;
  server = await startFakeOktaServer({
    okta,
    onReset: (o) => {
      resets++;
      seedDemoDirectory(o);
    },
  });
});

afterEach(async () => {
  await server.close();
});

it('listens on 127.0.0.1 with a random port', () => {
  expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
});

it('suspends a person over HTTP, changing the shared state', async () => {
  const id = okta.user('jane.doe@example.com')?.id ?? '';
  const response = await fetch(`${server.url}/api/v1/users/${id}/lifecycle/suspend`, {
    method: 'POST',
    headers: auth,
  });
  expect(response.status).toBe(200);
  expect(response.headers.get('x-rate-limit-remaining')).toMatch(/^\d+$/);
  expect(okta.user(id)?.status).toBe('SUSPENDED');
});

it('answers 401 without the token', async () => {
  const response = await fetch(`${server.url}/api/v1/users/me`);
  expect(response.status).toBe(401);
  expect(((await response.json()) as { errorCode: string }).errorCode).toBe('E0000011');
});

it('writes pagination links against its own URL', async () => {
  okta.setPageSize(1);
  const id = okta.user('jane.doe@example.com')?.id ?? '';
  const response = await fetch(`${server.url}/api/v1/users/${id}/groups`, { headers: auth });
  expect(response.headers.get('link')).toContain(`<${server.url}/api/v1/users/${id}/groups?`);
});

it('waits the configured latency before answering', async () => {
  okta.setLatency(150);
  const started = Date.now();
  await fetch(`${server.url}/api/v1/users/me`, { headers: auth });
  expect(Date.now() - started).toBeGreaterThanOrEqual(140);
});

it('serves the state snapshot without a token', async () => {
  const response = await fetch(`${server.url}/__fake/state`);
  const state = (await response.json()) as { users: { login: string; status: string }[] };
  expect(state.users.find((u) => u.login === 'jane.doe@example.com')?.status).toBe('ACTIVE');
});

it('takes a failure rule with the path as regex text', async () => {
  const rule = { match: { method: 'GET', path: '/users/me$' }, failure: { status: 503 } };
  const set = await fetch(`${server.url}/__fake/fail-next`, { method: 'POST', body: JSON.stringify(rule) });
  expect(set.status).toBe(200);
  expect((await fetch(`${server.url}/api/v1/users/me`, { headers: auth })).status).toBe(503);
  expect((await fetch(`${server.url}/api/v1/users/me`, { headers: auth })).status).toBe(200);
});

it('refuses a failure rule whose path is not a regular expression', async () => {
  const rule = { match: { path: '(' }, failure: { status: 500 } };
  expect(
    (await fetch(`${server.url}/__fake/fail-next`, { method: 'POST', body: JSON.stringify(rule) })).status,
  ).toBe(400);
});

it('drops the connection for a network failure', async () => {
  okta.networkFailNext({ operation: 'getUser' });
  await expect(fetch(`${server.url}/api/v1/users/me`, { headers: auth })).rejects.toThrow();
});

it('resets the org and runs onReset', async () => {
  const id = okta.user('jane.doe@example.com')?.id ?? '';
  await fetch(`${server.url}/api/v1/users/${id}/lifecycle/suspend`, { method: 'POST', headers: auth });
  const response = await fetch(`${server.url}/__fake/reset`, { method: 'POST' });
  expect(response.status).toBe(200);
  expect(resets).toBe(1);
  expect(okta.user('jane.doe@example.com')?.status).toBe('ACTIVE');
});

it('loses an answer on request: suspends the person, then drops the connection', async () => {
  const id = okta.user('jane.doe@example.com')?.id ?? '';
  const rule = { match: { operation: 'suspendUser' }, times: 1 };
  const set = await fetch(`${server.url}/__fake/lose-answer-next`, {
    method: 'POST',
    body: JSON.stringify(rule),
  });
  expect(set.status).toBe(200);
  await expect(
    fetch(`${server.url}/api/v1/users/${id}/lifecycle/suspend`, { method: 'POST', headers: auth }),
  ).rejects.toThrow();
  expect(okta.user(id)?.status).toBe('SUSPENDED');
});

it('answers overlapping requests past the concurrency limit with 429 and counts the peak', async () => {
  okta.concurrencyLimit(2);
  okta.setLatency(100);
  const statuses = await Promise.all(
    [1, 2, 3].map(async () => (await fetch(`${server.url}/api/v1/users/me`, { headers: auth })).status),
  );
  expect(statuses.sort()).toEqual([200, 200, 429]);
  expect(okta.peakInFlight()).toBe(3);
});

it('sets the concurrency limit over HTTP', async () => {
  const set = await fetch(`${server.url}/__fake/concurrency-limit`, {
    method: 'POST',
    body: JSON.stringify({ limit: 1 }),
  });
  expect(set.status).toBe(200);
  expect(
    okta
      .fetchAll([1, 2].map(() => ({ url: `${okta.orgUrl}/api/v1/users/me`, headers: auth })))
      .map((r) => r.status),
  ).toEqual([200, 429]);
});

it('takes Super Administrator rights away over HTTP', async () => {
  const jane = okta.user('jane.doe@example.com')?.id ?? '';
  const admins = okta.groupsOf(jane).find((g) => g.profile.name === 'Okta Help Desk Admins')?.id ?? '';
  const set = await fetch(`${server.url}/__fake/caller-super-admin`, {
    method: 'POST',
    body: JSON.stringify({ superAdmin: false }),
  });
  expect(set.status).toBe(200);
  const response = await fetch(`${server.url}/api/v1/groups/${admins}/users/${jane}`, {
    method: 'DELETE',
    headers: auth,
  });
  expect(response.status).toBe(403);
});

it('refuses a rate-limit family it does not know', async () => {
  const response = await fetch(`${server.url}/__fake/rate-limit`, {
    method: 'POST',
    body: JSON.stringify({ limit: 1, windowSeconds: 60, family: 'everything' }),
  });
  expect(response.status).toBe(400);
});
