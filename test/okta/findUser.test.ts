// findTarget: one exact, case-insensitive search on login or email; live accounts first; never a guess.

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
  it('asks Okta once: search on login or email, never q= or filter=', () => {
    const { okta, client } = fakeOrg();
    okta.addUser({ login: 'jane@corp.com' });
    okta.clearRequests();
    findTarget(client, { kind: 'email', email: 'jane@corp.com' });
    expect(okta.requests.map((r) => [r.operation, r.query])).toEqual([
      ['listUsers', { search: 'profile.login eq "jane@corp.com" or profile.email eq "jane@corp.com"' }],
    ]);
  });

  it('finds a person by login', () => {
    const { okta, client } = fakeOrg();
    const jane = okta.addUser({ login: 'jane@corp.com' });
    expect(findTarget(client, { kind: 'email', email: 'jane@corp.com' })).toMatchObject({
      ok: true,
      user: { id: jane.id },
    });
  });

  it('finds a person by email when the login differs', () => {
    const { okta, client } = fakeOrg();
    const jane = okta.addUser({ login: 'jdoe@corp.com', email: 'jane@corp.com' });
    expect(findTarget(client, { kind: 'email', email: 'jane@corp.com' })).toMatchObject({
      ok: true,
      user: { id: jane.id },
    });
  });

  it('finds an email HR typed with capitals (Jane.Roe@Corp.com)', () => {
    const { okta, client } = fakeOrg();
    const jane = okta.addUser({ login: 'jroe@corp.com', email: 'jane.roe@corp.com' });
    expect(findTarget(client, { kind: 'email', email: 'Jane.Roe@Corp.com' })).toMatchObject({
      ok: true,
      user: { id: jane.id },
    });
  });

  it('finds a login typed without @ by login alone', () => {
    const { okta, client } = fakeOrg();
    const jane = okta.addUser({ login: 'jdoe', email: 'jane@corp.com' });
    okta.clearRequests();
    expect(findTarget(client, { kind: 'login', login: 'JDoe' })).toMatchObject({
      ok: true,
      user: { id: jane.id },
    });
    expect(okta.requests[0]?.query).toEqual({ search: 'profile.login eq "JDoe"' });
  });

  it('picks a rehire’s live account over the deactivated one whose login is the address', () => {
    const { okta, client } = fakeOrg();
    okta.addUser({ login: 'jane.roe@corp.com', status: 'DEPROVISIONED' });
    const rehired = okta.addUser({ login: 'jroe2@corp.com', email: 'jane.roe@corp.com' });
    expect(findTarget(client, { kind: 'email', email: 'jane.roe@corp.com' })).toMatchObject({
      ok: true,
      user: { id: rehired.id, status: 'ACTIVE' },
    });
  });

  it('picks the one live account among several deactivated ones', () => {
    const { okta, client } = fakeOrg();
    okta.addUser({ login: 'sam@corp.com', status: 'DEPROVISIONED' });
    okta.addUser({ login: 'sam.old@corp.com', email: 'sam@corp.com', status: 'DEPROVISIONED' });
    const live = okta.addUser({ login: 'sam.new@corp.com', email: 'sam@corp.com', status: 'SUSPENDED' });
    expect(findTarget(client, { kind: 'email', email: 'sam@corp.com' })).toMatchObject({
      ok: true,
      user: { id: live.id },
    });
  });

  it('refuses an address that matches only a deactivated account, naming its login', () => {
    const { okta, client } = fakeOrg();
    okta.addUser({ login: 'olivia@corp.com', status: 'DEPROVISIONED' });
    expect(findTarget(client, { kind: 'email', email: 'olivia@corp.com' })).toMatchObject({
      ok: false,
      error: {
        code: 'TARGET_DEPROVISIONED',
        detail: { target: 'olivia@corp.com', matches: 1, logins: 'olivia@corp.com' },
      },
    });
  });

  it('refuses two live accounts as ambiguous, listing their logins, even when one matches by login', () => {
    const { okta, client } = fakeOrg();
    okta.addUser({ login: 'alex@corp.com' });
    okta.addUser({ login: 'alex.contractor@corp.com', email: 'alex@corp.com' });
    expect(findTarget(client, { kind: 'email', email: 'alex@corp.com' })).toMatchObject({
      ok: false,
      error: {
        code: 'TARGET_AMBIGUOUS',
        detail: { matches: 2, logins: 'alex@corp.com, alex.contractor@corp.com' },
      },
    });
  });

  it('lists at most five logins and counts the rest', () => {
    const { okta, client } = fakeOrg();
    for (let i = 1; i <= 7; i++) okta.addUser({ login: `shared${i}@corp.com`, email: 'shared@corp.com' });
    const found = findTarget(client, { kind: 'email', email: 'shared@corp.com' });
    expect(!found.ok && found.error.detail['logins']).toBe(
      'shared1@corp.com, shared2@corp.com, shared3@corp.com, shared4@corp.com, shared5@corp.com and 2 more',
    );
  });

  it('never matches by prefix: jane@ does not find janet@', () => {
    const { okta, client } = fakeOrg();
    okta.addUser({ login: 'janet@corp.com', email: 'janet@corp.com' });
    expect(findTarget(client, { kind: 'email', email: 'jane@corp.com' })).toMatchObject({
      ok: false,
      error: { code: 'TARGET_NOT_FOUND', detail: { target: 'jane@corp.com' } },
    });
  });

  it('does not accept a user Okta returned whose login and email differ from the address', () => {
    const http = new ScriptedHttp(inOrder(json(200, [oktaUser({ login: 'someone.else@corp.com' })])));
    const found = findTarget(makeClient(http, new FakeClock()), { kind: 'email', email: 'jane@corp.com' });
    expect(found).toMatchObject({ ok: false, error: { code: 'TARGET_NOT_FOUND' } });
  });

  it('passes other Okta failures on with their code', () => {
    const http = new ScriptedHttp(inOrder(oktaErrorResponse(401, 'E0000011', 'Invalid token provided')));
    const found = findTarget(makeClient(http, new FakeClock()), { kind: 'email', email: 'jane@corp.com' });
    expect(found).toMatchObject({ ok: false, error: { code: 'OKTA_UNAUTHORIZED' } });
  });
});

describe('findTarget across pages', () => {
  it('refuses an email shared by two live people even when they are on different pages', () => {
    const { okta, client } = fakeOrg();
    okta.addUser({ login: 'alex@example.com', email: 'shared@example.com' });
    okta.addUser({ login: 'alex.contractor@example.com', email: 'shared@example.com' });
    okta.setPageSize(1);
    const found = findTarget(client, { kind: 'email', email: 'shared@example.com' });
    expect(found).toMatchObject({ ok: false, error: { code: 'TARGET_AMBIGUOUS', detail: { matches: 2 } } });
  });

  it('finds the live account on a later page after a deactivated one', () => {
    const { okta, client } = fakeOrg();
    okta.addUser({ login: 'jane@example.com', status: 'DEPROVISIONED' });
    const live = okta.addUser({ login: 'jane2@example.com', email: 'jane@example.com' });
    okta.setPageSize(1);
    expect(findTarget(client, { kind: 'email', email: 'jane@example.com' })).toMatchObject({
      ok: true,
      user: { id: live.id },
    });
  });
});
