// Pagination links, rate-limit headers and 429s, failure injection and modeled latency in the fake.

import { FakeOkta } from '../../fakes/okta/fakeOkta';
import { fakeWithClock, json, oktaRequest, send, type ErrorBody } from './helpers';

function personInGroups(okta: FakeOkta, count: number): string {
  const id = okta.addUser({ login: 'jane@example.com' }).id;
  for (let i = 1; i <= count; i++) okta.addToGroup(okta.addGroup({ name: `Group ${i}` }).id, id);
  return id;
}

function nextLink(link: string | undefined): string | null {
  const match = /<([^>]+)>;\s*rel="next"/.exec(link ?? '');
  return match?.[1] ?? null;
}

describe('pagination', () => {
  it('splits a list into pages joined by rel="next" links until the last page', () => {
    const okta = new FakeOkta();
    const id = personInGroups(okta, 4);
    okta.setPageSize(2);
    const names: string[] = [];
    let url: string | null = `${okta.orgUrl}/api/v1/users/${id}/groups`;
    let pages = 0;
    while (url) {
      const response = okta.fetch({ ...oktaRequest('get', ''), url });
      names.push(...json<{ profile: { name: string } }[]>(response).map((g) => g.profile.name));
      url = nextLink(response.headers['link']);
      pages++;
    }
    expect(pages).toBe(3);
    expect(names).toEqual(['Everyone', 'Group 1', 'Group 2', 'Group 3', 'Group 4']);
  });

  it('always sends rel="self" and has no next link on a single page', () => {
    const okta = new FakeOkta();
    const id = personInGroups(okta, 1);
    const link = send(okta, 'get', `/api/v1/users/${id}/groups`).headers['link'];
    expect(link).toMatch(/rel="self"/);
    expect(nextLink(link)).toBeNull();
  });

  it('honours the limit query parameter and carries it into the next link', () => {
    const okta = new FakeOkta();
    for (let i = 0; i < 3; i++) okta.addUser({ login: `p${i}@example.com` });
    const response = send(okta, 'get', '/api/v1/users', { limit: '2' });
    expect(json<unknown[]>(response)).toHaveLength(2);
    expect(new URL(nextLink(response.headers['link']) ?? '').searchParams.get('limit')).toBe('2');
  });
});

describe('rate limits', () => {
  it('sends limit, remaining and reset (epoch seconds) on every answer', () => {
    const { okta, clock } = fakeWithClock();
    okta.rateLimit({ limit: 10, windowSeconds: 60 });
    send(okta, 'get', '/api/v1/users/me');
    const headers = send(okta, 'get', '/api/v1/users/me').headers;
    expect(headers['x-rate-limit-limit']).toBe('10');
    expect(headers['x-rate-limit-remaining']).toBe('8');
    expect(headers['x-rate-limit-reset']).toBe(String(clock.now / 1000 + 60));
  });

  it('answers 429 E0000047 once the window is spent, and again after it resets', () => {
    const { okta, clock } = fakeWithClock();
    okta.rateLimit({ limit: 2, windowSeconds: 60 });
    send(okta, 'get', '/api/v1/users/me');
    send(okta, 'get', '/api/v1/users/me');
    const refused = send(okta, 'get', '/api/v1/users/me');
    expect(refused.status).toBe(429);
    expect(json<ErrorBody>(refused).errorCode).toBe('E0000047');
    expect(refused.headers['x-rate-limit-remaining']).toBe('0');
    clock.now += 60_000;
    expect(send(okta, 'get', '/api/v1/users/me').status).toBe(200);
  });

  it('counts each endpoint family apart', () => {
    const { okta } = fakeWithClock();
    okta.rateLimit({ limit: 1, windowSeconds: 60, family: 'users' });
    send(okta, 'get', '/api/v1/users');
    expect(send(okta, 'get', '/api/v1/users').status).toBe(429);
    expect(send(okta, 'get', '/api/v1/users/me').status).toBe(200);
  });
});

describe('failure injection', () => {
  it('fails the next matching operation once, then behaves again', () => {
    const okta = new FakeOkta();
    const id = okta.addUser({ login: 'jane@example.com' }).id;
    okta.failNext({ operation: 'suspendUser' }, { status: 500 });
    const failed = send(okta, 'post', `/api/v1/users/${id}/lifecycle/suspend`);
    expect(failed.status).toBe(500);
    expect(json<ErrorBody>(failed).errorCode).toBe('E0000009');
    expect(okta.user(id)?.status).toBe('ACTIVE');
    expect(send(okta, 'post', `/api/v1/users/${id}/lifecycle/suspend`).status).toBe(200);
  });

  it('fails n times when asked, with the given code and headers', () => {
    const okta = new FakeOkta();
    okta.failNext(
      { method: 'get', path: /\/users\/me$/ },
      { status: 429, times: 2, headers: { 'X-Rate-Limit-Reset': '1999999999' } },
    );
    const statuses = [1, 2, 3].map(() => send(okta, 'get', '/api/v1/users/me'));
    expect(statuses.map((r) => r.status)).toEqual([429, 429, 200]);
    expect(statuses[0]?.headers['x-rate-limit-reset']).toBe('1999999999');
  });

  it('leaves other operations alone', () => {
    const okta = new FakeOkta();
    okta.failNext({ operation: 'deactivateUser' }, { status: 503 });
    expect(send(okta, 'get', '/api/v1/users/me').status).toBe(200);
  });

  it('can drop the connection: status 0 with a network error', () => {
    const okta = new FakeOkta();
    okta.networkFailNext({ operation: 'getUser' });
    const response = send(okta, 'get', '/api/v1/users/me');
    expect(response.status).toBe(0);
    expect(response.networkError).toBeTruthy();
  });
});

describe('latency', () => {
  it('adds latency per fetch, and once per fetchAll since those run in parallel', () => {
    const okta = new FakeOkta();
    okta.setLatency(120);
    send(okta, 'get', '/api/v1/users/me');
    okta.fetchAll([oktaRequest('get', '/api/v1/users/me'), oktaRequest('get', '/api/v1/users/me')]);
    expect(okta.modeledMs).toBe(240);
  });
});

describe('determinism', () => {
  it('gives the same ids to two fakes built alike, whatever requests came between', () => {
    const a = new FakeOkta();
    const b = new FakeOkta();
    send(b, 'get', '/api/v1/users/00uNobody');
    expect(a.addUser({ login: 'x@example.com' }).id).toBe(b.addUser({ login: 'x@example.com' }).id);
  });
});
