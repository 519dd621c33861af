// Finding people in the fake: by id, login, email filter and q, plus the token and origin checks.

import type { HttpResponse } from '../../src/ports';
import { ADMIN_LOGIN, FakeOkta } from '../../fakes/okta/fakeOkta';
import { json, oktaRequest, send, type ErrorBody } from './helpers';

interface UserBody {
  id: string;
  status: string;
  profile: { login: string; email: string };
}

function directory(): FakeOkta {
  const okta = new FakeOkta();
  okta.addUser({ login: 'jane.doe@example.com', firstName: 'Jane', lastName: 'Doe' });
  okta.addUser({ login: 'janet.roe@example.com', firstName: 'Janet', lastName: 'Roe' });
  okta.addUser({
    login: 'j.doe@example.com',
    email: 'jane.doe@example.com',
    firstName: 'Jim',
    lastName: 'Doe',
  });
  okta.addUser({ login: 'gone@example.com', firstName: 'Gone', lastName: 'Away', status: 'DEPROVISIONED' });
  return okta;
}

const logins = (response: HttpResponse): string[] => json<UserBody[]>(response).map((u) => u.profile.login);

describe('GET /api/v1/users/{id}', () => {
  it('finds a person by login in any case', () => {
    const okta = directory();
    const response = send(okta, 'get', `/api/v1/users/${encodeURIComponent('JANE.DOE@Example.com')}`);
    expect(response.status).toBe(200);
    expect(json<UserBody>(response).profile.login).toBe('jane.doe@example.com');
  });

  it('finds a person by id', () => {
    const okta = directory();
    const id = okta.user('janet.roe@example.com')?.id ?? '';
    expect(json<UserBody>(send(okta, 'get', `/api/v1/users/${id}`)).id).toBe(id);
  });

  it('answers me with the admin who owns the token', () => {
    const okta = directory();
    expect(json<UserBody>(send(okta, 'get', '/api/v1/users/me')).profile.login).toBe(ADMIN_LOGIN);
  });

  it('gives ids shaped like Okta user ids', () => {
    expect(directory().user('jane.doe@example.com')?.id).toMatch(/^00u[0-9A-Za-z]{17}$/);
  });
});

describe('GET /api/v1/users', () => {
  it('filter on profile.email matches exactly, including two people sharing an email', () => {
    const okta = directory();
    const response = send(okta, 'get', '/api/v1/users', {
      filter: 'profile.email eq "jane.doe@example.com"',
    });
    expect(logins(response)).toEqual(['jane.doe@example.com', 'j.doe@example.com']);
  });

  it('q matches prefixes of names and email, so "jane" also finds Janet', () => {
    const okta = directory();
    expect(logins(send(okta, 'get', '/api/v1/users', { q: 'jane' }))).toEqual([
      'jane.doe@example.com',
      'janet.roe@example.com',
      'j.doe@example.com',
    ]);
  });

  it('filter combines status and email with and', () => {
    const okta = directory();
    okta.addUser({ login: 'sus@example.com', email: 'shared@example.com', status: 'SUSPENDED' });
    okta.addUser({ login: 'act@example.com', email: 'shared@example.com' });
    const filter = 'status eq "ACTIVE" and profile.email eq "shared@example.com"';
    expect(logins(send(okta, 'get', '/api/v1/users', { filter }))).toEqual(['act@example.com']);
  });

  it('leaves deactivated people out of an unfiltered list but finds them by filter', () => {
    const okta = directory();
    expect(logins(send(okta, 'get', '/api/v1/users'))).not.toContain('gone@example.com');
    const filter = 'status eq "DEPROVISIONED"';
    expect(logins(send(okta, 'get', '/api/v1/users', { filter }))).toEqual(['gone@example.com']);
  });

  it('answers 400 E0000031 for a filter it cannot parse', () => {
    const response = send(directory(), 'get', '/api/v1/users', { filter: 'profile.email like jane' });
    expect(response.status).toBe(400);
    expect(json<ErrorBody>(response).errorCode).toBe('E0000031');
  });
});

describe('token and origin', () => {
  it('answers 401 E0000011 without the SSWS token', () => {
    const okta = directory();
    const response = okta.fetch(
      oktaRequest('get', '/api/v1/users/me', { headers: { Authorization: 'SSWS wrong' } }),
    );
    expect(response.status).toBe(401);
    expect(json<ErrorBody>(response).errorCode).toBe('E0000011');
  });

  it('gives no HTTP answer for another origin, like a DNS failure', () => {
    const response = directory().fetch(
      oktaRequest('get', '/api/v1/users/me', { orgUrl: 'https://acme.okta.com' }),
    );
    expect(response.status).toBe(0);
    expect(response.networkError).toMatch(/DNS/);
  });

  it('accepts a token configured in the constructor', () => {
    const okta = new FakeOkta({ apiToken: 'tok-123' });
    const request = oktaRequest('get', '/api/v1/users/me', { headers: { authorization: 'SSWS tok-123' } });
    expect(okta.fetch(request).status).toBe(200);
  });

  it('answers 404 for a path that is no Okta operation', () => {
    expect(send(directory(), 'get', '/api/v1/nothing').status).toBe(404);
  });
});

describe('requests log', () => {
  it('records method, path, query, operation and status of each request', () => {
    const okta = new FakeOkta({ now: () => 1_000 });
    send(okta, 'delete', '/api/v1/users/00uNobody/sessions', { oauthTokens: 'true' });
    expect(okta.requests).toEqual([
      {
        method: 'DELETE',
        path: '/api/v1/users/00uNobody/sessions',
        query: { oauthTokens: 'true' },
        time: 1_000,
        operation: 'revokeUserSessions',
        status: 404,
      },
    ]);
  });
});
