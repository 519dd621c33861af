// The fake Okta's token endpoint refuses what Okta refuses: forged, replayed, expired or misaddressed
// assertions, and answers a missing scope with Okta's 403 and WWW-Authenticate hint.

import { createSign } from 'node:crypto';
import { FakeOkta } from '../../fakes/okta/fakeOkta';
import { ASSERTION_TYPE } from '../../fakes/okta/oauthServer';
import { FakeClock } from '../okta/helpers';
import { CLIENT_ID, KEY_ID, KEYS, OTHER_KEYS } from '../okta/oauthHelpers';

const b64 = (v: unknown): string => Buffer.from(JSON.stringify(v)).toString('base64url');

function assertion(claims: Record<string, unknown>, pem = KEYS.privatePem, kid = KEY_ID): string {
  const input = `${b64({ alg: 'RS256', kid })}.${b64(claims)}`;
  return `${input}.${createSign('RSA-SHA256').update(input).sign(pem).toString('base64url')}`;
}

function setup(grantedScopes = ['okta.users.read']) {
  const clock = new FakeClock();
  const okta = new FakeOkta({
    now: () => clock.now(),
    oauth: { clientId: CLIENT_ID, keys: [{ kid: KEY_ID, publicKey: KEYS.publicPem }], grantedScopes },
  });
  const now = Math.floor(clock.now() / 1000);
  const claims = (extra: Record<string, unknown> = {}) => ({
    iss: CLIENT_ID,
    sub: CLIENT_ID,
    aud: `${okta.orgUrl}/oauth2/v1/token`,
    iat: now,
    exp: now + 300,
    jti: `jti-${Math.random()}`,
    ...extra,
  });
  const post = (jwt: string, scope = 'okta.users.read') =>
    okta.fetch({
      url: `${okta.orgUrl}/oauth2/v1/token`,
      method: 'post',
      contentType: 'application/x-www-form-urlencoded',
      payload: new URLSearchParams({
        grant_type: 'client_credentials',
        scope,
        client_assertion_type: ASSERTION_TYPE,
        client_assertion: jwt,
      }).toString(),
    });
  return { okta, clock, claims, post };
}

const errorOf = (r: { status: number; body: string }) => [
  r.status,
  (JSON.parse(r.body) as { error: string }).error,
];

describe('the fake token endpoint', () => {
  it('issues an expiring Bearer token for a valid assertion', () => {
    const { claims, post } = setup();
    const r = post(assertion(claims()));
    expect(r.status).toBe(200);
    expect(JSON.parse(r.body)).toMatchObject({
      token_type: 'Bearer',
      expires_in: 3600,
      scope: 'okta.users.read',
    });
  });

  it('refuses a replayed assertion (same jti) with 401 invalid_client', () => {
    const { claims, post } = setup();
    const jwt = assertion(claims());
    post(jwt);
    expect(errorOf(post(jwt))).toEqual([401, 'invalid_client']);
  });

  it('refuses a forged assertion whose claims were changed after signing', () => {
    const { claims, post } = setup();
    const [h, , s] = assertion(claims()).split('.');
    expect(errorOf(post(`${h}.${b64(claims({ iss: 'someone-else' }))}.${s}`))).toEqual([
      401,
      'invalid_client',
    ]);
  });

  it('refuses an assertion signed by a key it does not hold', () => {
    const { claims, post } = setup();
    expect(errorOf(post(assertion(claims(), OTHER_KEYS.privatePem)))).toEqual([401, 'invalid_client']);
  });

  it('refuses an expired assertion', () => {
    const { claims, post, clock } = setup();
    const jwt = assertion(claims());
    clock.advance(301_000);
    expect(errorOf(post(jwt))).toEqual([401, 'invalid_client']);
  });

  it('refuses an assertion addressed to another audience', () => {
    const { claims, post } = setup();
    expect(errorOf(post(assertion(claims({ aud: 'https://other.okta.com/oauth2/v1/token' }))))).toEqual([
      401,
      'invalid_client',
    ]);
  });

  it('refuses an assertion living longer than an hour', () => {
    const { claims, post, clock } = setup();
    const now = Math.floor(clock.now() / 1000);
    expect(errorOf(post(assertion(claims({ exp: now + 3601 }))))).toEqual([401, 'invalid_client']);
  });

  it('grants only configured scopes (400 invalid_scope otherwise)', () => {
    const { claims, post } = setup();
    expect(errorOf(post(assertion(claims()), 'okta.users.read okta.users.manage'))).toEqual([
      400,
      'invalid_scope',
    ]);
  });

  it('answers a token past its expiry with 401 E0000011', () => {
    const { okta, claims, post, clock } = setup();
    const token = (JSON.parse(post(assertion(claims())).body) as { access_token: string }).access_token;
    clock.advance(3601_000);
    const r = okta.fetch({
      url: `${okta.orgUrl}/api/v1/users/${okta.adminUserId}`,
      headers: { Authorization: `Bearer ${token}` },
    });
    expect([r.status, (JSON.parse(r.body) as { errorCode: string }).errorCode]).toEqual([401, 'E0000011']);
  });

  it("answers a call outside the token's scopes with 403 E0000006 and Okta's insufficient_scope header", () => {
    const { okta, claims, post } = setup();
    const token = (JSON.parse(post(assertion(claims())).body) as { access_token: string }).access_token;
    const r = okta.fetch({
      url: `${okta.orgUrl}/api/v1/users/${okta.adminUserId}/lifecycle/suspend`,
      method: 'post',
      headers: { Authorization: `Bearer ${token}` },
    });
    expect(r.status).toBe(403);
    expect(r.headers['www-authenticate']).toBe(
      `Bearer authorization_uri="${okta.orgUrl}/oauth2/v1/authorize", realm="${okta.orgUrl}", scope="okta.users.manage", error="insufficient_scope", error_description="The access token provided does not contain the required scopes.", resource="/api/v1/users/${okta.adminUserId}/lifecycle/suspend"`,
    );
  });
});
