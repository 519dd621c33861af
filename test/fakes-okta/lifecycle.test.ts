// The fake's user lifecycle: which transitions Okta allows, and the errors it answers for the rest.

import { FakeOkta, type UserStatus } from '../../fakes/okta/fakeOkta';
import { json, send, type ErrorBody } from './helpers';

function personWith(status: UserStatus): { okta: FakeOkta; id: string } {
  const okta = new FakeOkta();
  const id = okta.addUser({ login: 'jane@example.com', status }).id;
  return { okta, id };
}

describe('suspend', () => {
  it('moves an ACTIVE person to SUSPENDED and answers 200', () => {
    const { okta, id } = personWith('ACTIVE');
    const response = send(okta, 'post', `/api/v1/users/${id}/lifecycle/suspend`);
    expect(response.status).toBe(200);
    expect(okta.user(id)?.status).toBe('SUSPENDED');
  });

  it.each<UserStatus>(['SUSPENDED', 'STAGED', 'LOCKED_OUT', 'DEPROVISIONED'])(
    'refuses a %s person with 400 E0000001 and an error cause',
    (status) => {
      const { okta, id } = personWith(status);
      const response = send(okta, 'post', `/api/v1/users/${id}/lifecycle/suspend`);
      const body = json<ErrorBody>(response);
      expect(response.status).toBe(400);
      expect(body.errorCode).toBe('E0000001');
      expect(body.errorSummary).toBe('Api validation failed: suspend');
      expect(body.errorCauses).toHaveLength(1);
      expect(okta.user(id)?.status).toBe(status);
    },
  );
});

describe('unsuspend', () => {
  it('moves a SUSPENDED person back to ACTIVE', () => {
    const { okta, id } = personWith('SUSPENDED');
    expect(send(okta, 'post', `/api/v1/users/${id}/lifecycle/unsuspend`).status).toBe(200);
    expect(okta.user(id)?.status).toBe('ACTIVE');
  });

  it('refuses an ACTIVE person with 400 E0000001', () => {
    const { okta, id } = personWith('ACTIVE');
    const response = send(okta, 'post', `/api/v1/users/${id}/lifecycle/unsuspend`);
    expect(response.status).toBe(400);
    expect(json<ErrorBody>(response).errorCode).toBe('E0000001');
  });
});

describe('deactivate', () => {
  it.each<UserStatus>(['ACTIVE', 'SUSPENDED', 'STAGED', 'LOCKED_OUT', 'PASSWORD_EXPIRED'])(
    'moves a %s person to DEPROVISIONED',
    (status) => {
      const { okta, id } = personWith(status);
      expect(
        send(okta, 'post', `/api/v1/users/${id}/lifecycle/deactivate`, { sendEmail: 'false' }).status,
      ).toBe(200);
      expect(okta.user(id)?.status).toBe('DEPROVISIONED');
    },
  );

  it('answers 404 E0000007 for a person already deactivated, as Okta does', () => {
    const { okta, id } = personWith('DEPROVISIONED');
    const response = send(okta, 'post', `/api/v1/users/${id}/lifecycle/deactivate`);
    expect(response.status).toBe(404);
    expect(json<ErrorBody>(response).errorCode).toBe('E0000007');
  });

  it('drops app assignments and sessions but keeps group memberships', () => {
    const { okta, id } = personWith('ACTIVE');
    const vpn = okta.addGroup({ name: 'VPN' });
    okta.addToGroup(vpn.id, id);
    const app = okta.addApp({ label: 'Zoom' });
    okta.assign(app.id, id);
    okta.addSession(id, 2);
    send(okta, 'post', `/api/v1/users/${id}/lifecycle/deactivate`);
    expect(okta.appsOf(id)).toEqual([]);
    expect(okta.sessionsOf(id)).toBe(0);
    expect(okta.groupsOf(id).map((g) => g.profile.name)).toEqual(['Everyone', 'VPN']);
  });

  it('counts a deactivation email only when sendEmail=true', () => {
    const { okta, id } = personWith('ACTIVE');
    const other = okta.addUser({ login: 'joe@example.com' }).id;
    send(okta, 'post', `/api/v1/users/${id}/lifecycle/deactivate`, { sendEmail: 'false' });
    expect(okta.deactivationEmailsSent).toBe(0);
    send(okta, 'post', `/api/v1/users/${other}/lifecycle/deactivate`, { sendEmail: 'true' });
    expect(okta.deactivationEmailsSent).toBe(1);
  });
});

describe('factors, password, sessions and grants', () => {
  it('reset_factors unenrolls every factor', () => {
    const { okta, id } = personWith('SUSPENDED');
    okta.enrollFactor(id, 'sms');
    okta.enrollFactor(id, 'webauthn');
    expect(send(okta, 'get', `/api/v1/users/${id}/factors`).body).toContain('webauthn');
    expect(send(okta, 'post', `/api/v1/users/${id}/lifecycle/reset_factors`).status).toBe(200);
    expect(json(send(okta, 'get', `/api/v1/users/${id}/factors`))).toEqual([]);
  });

  it('expire_password moves an ACTIVE person to PASSWORD_EXPIRED and returns the user', () => {
    const { okta, id } = personWith('ACTIVE');
    const response = send(okta, 'post', `/api/v1/users/${id}/lifecycle/expire_password`);
    expect(json<{ status: string }>(response).status).toBe('PASSWORD_EXPIRED');
    expect(okta.user(id)?.status).toBe('PASSWORD_EXPIRED');
  });

  it('clearing sessions answers 204 with no body and keeps tokens unless oauthTokens=true', () => {
    const { okta, id } = personWith('ACTIVE');
    okta.addSession(id, 3);
    okta.addToken(id, '0oaClient');
    const response = send(okta, 'delete', `/api/v1/users/${id}/sessions`);
    expect([response.status, response.body]).toEqual([204, '']);
    expect(okta.sessionsOf(id)).toBe(0);
    expect(okta.tokensOf(id)).toHaveLength(1);
    send(okta, 'delete', `/api/v1/users/${id}/sessions`, { oauthTokens: 'true' });
    expect(okta.tokensOf(id)).toHaveLength(0);
  });

  it('revoking grants removes them and the tokens they issued, not other tokens', () => {
    const { okta, id } = personWith('ACTIVE');
    okta.addGrant(id, { clientId: '0oaGranted' });
    okta.addToken(id, '0oaFirstParty');
    expect(json<unknown[]>(send(okta, 'get', `/api/v1/users/${id}/grants`))).toHaveLength(1);
    expect(send(okta, 'delete', `/api/v1/users/${id}/grants`).status).toBe(204);
    expect(okta.grantsOf(id)).toEqual([]);
    expect(okta.tokensOf(id).map((t) => t.clientId)).toEqual(['0oaFirstParty']);
  });
});

describe('unknown people', () => {
  it('answers 404 E0000007 naming the id, in Okta error shape', () => {
    const okta = new FakeOkta();
    const response = send(okta, 'post', '/api/v1/users/00uNobody/lifecycle/suspend');
    const body = json<ErrorBody>(response);
    expect(response.status).toBe(404);
    expect(body).toEqual({
      errorCode: 'E0000007',
      errorSummary: 'Not found: Resource not found: 00uNobody (User)',
      errorLink: 'E0000007',
      errorId: expect.stringMatching(/^oae[0-9A-Za-z]{22}$/),
      errorCauses: [],
    });
  });
});
