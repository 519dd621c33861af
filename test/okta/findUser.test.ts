// findTarget: exact lookup by login, then by email attribute; refuses to guess.

import { findTarget } from '../../src/okta/findUser';
import {
  FakeClock,
  ScriptedHttp,
  fakeOrg,
  inOrder,
  json,
  makeClient,
  oktaErrorResponse,
  oktaUser,
} from './helpers';

describe('findTarget', () => {
  it('finds a person by login with one exact GET', () => {
    const { okta, client } = fakeOrg();
    const jane = okta.addUser({ login: 'jane@corp.com' });
    okta.clearRequests();
    const found = findTarget(client, { kind: 'login', login: 'jane@corp.com' });
    expect(found).toMatchObject({ ok: true, user: { id: jane.id } });
    expect(okta.requests.map((r) => r.operation)).toEqual(['getUser']);
  });

  it('tries an email as a login first', () => {
    const { okta, client } = fakeOrg();
    const jane = okta.addUser({ login: 'jane@corp.com', email: 'jane@corp.com' });
    okta.clearRequests();
    expect(findTarget(client, { kind: 'email', email: 'jane@corp.com' })).toMatchObject({
      ok: true,
      user: { id: jane.id },
    });
    expect(okta.requests).toHaveLength(1);
  });

  it('falls back to an exact email filter when no login matches', () => {
    const { okta, client } = fakeOrg();
    const jane = okta.addUser({ login: 'jdoe', email: 'jane@corp.com' });
    okta.clearRequests();
    expect(findTarget(client, { kind: 'email', email: 'jane@corp.com' })).toMatchObject({
      ok: true,
      user: { id: jane.id },
    });
    expect(okta.requests[1]).toMatchObject({
      operation: 'listUsers',
      query: { filter: 'profile.email eq "jane@corp.com"' },
    });
  });

  it('never searches with q=, which would match janet@ for jane@', () => {
    const { okta, client } = fakeOrg();
    okta.addUser({ login: 'janet@corp.com', email: 'janet@corp.com' });
    okta.clearRequests();
    const found = findTarget(client, { kind: 'email', email: 'jane@corp.com' });
    expect(found).toMatchObject({ ok: false, error: { code: 'TARGET_NOT_FOUND' } });
    expect(okta.requests.some((r) => 'q' in r.query)).toBe(false);
  });

  it('reports who was not found', () => {
    const { client } = fakeOrg();
    const found = findTarget(client, { kind: 'email', email: 'nobody@corp.com' });
    expect(found).toMatchObject({
      ok: false,
      error: { code: 'TARGET_NOT_FOUND', detail: { target: 'nobody@corp.com' } },
    });
  });

  it('does not search by email for a login that is not found', () => {
    const { okta, client } = fakeOrg();
    okta.clearRequests();
    expect(findTarget(client, { kind: 'login', login: 'jdoe' })).toMatchObject({
      ok: false,
      error: { code: 'TARGET_NOT_FOUND' },
    });
    expect(okta.requests).toHaveLength(1);
  });

  it('refuses when several people share the email, saying how many', () => {
    const { okta, client } = fakeOrg();
    okta.addUser({ login: 'jane.a', email: 'jane@corp.com' });
    okta.addUser({ login: 'jane.b', email: 'jane@corp.com' });
    const found = findTarget(client, { kind: 'email', email: 'jane@corp.com' });
    expect(found).toMatchObject({ ok: false, error: { code: 'TARGET_AMBIGUOUS', detail: { matches: 2 } } });
  });

  it('does not accept a user whose login differs from the one asked for', () => {
    // getUser also resolves login shortnames: "jane" could answer jane@corp.com.
    const http = new ScriptedHttp(inOrder(json(200, oktaUser({ login: 'jane@corp.com' }))));
    const found = findTarget(makeClient(http, new FakeClock()), { kind: 'login', login: 'jane' });
    expect(found).toMatchObject({ ok: false, error: { code: 'TARGET_NOT_FOUND' } });
  });

  it('passes other Okta failures on with their code', () => {
    const http = new ScriptedHttp(inOrder(oktaErrorResponse(401, 'E0000011', 'Invalid token provided')));
    const found = findTarget(makeClient(http, new FakeClock()), { kind: 'email', email: 'jane@corp.com' });
    expect(found).toMatchObject({ ok: false, error: { code: 'OKTA_UNAUTHORIZED' } });
  });
});

describe('findTarget across pages', () => {
  it('refuses an email shared by two people even when they are on different pages', () => {
    const { okta, client } = fakeOrg();
    okta.addUser({ login: 'alex@example.com', email: 'shared@example.com' });
    okta.addUser({ login: 'alex.contractor@example.com', email: 'shared@example.com' });
    okta.setPageSize(1);
    const found = findTarget(client, { kind: 'email', email: 'shared@example.com' });
    expect(found).toMatchObject({ ok: false, error: { code: 'TARGET_AMBIGUOUS', detail: { matches: 2 } } });
  });
});
