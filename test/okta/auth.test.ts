// The OAuth service app (src/okta/auth.ts) against the fake Okta's token endpoint: fetching and reusing
// tokens, expiry, revocation, missing scopes, DPoP and its nonces, and what never leaks.

import { oktaCalls } from '../../src/okta/requests';
import { FakeCache } from '../fakes/services';
import { CLIENT_ID, KEY_ID, OTHER_KEYS, oauthWorld } from './oauthHelpers';

describe('token fetch and reuse', () => {
  it('fetches one token for several calls in one execution', () => {
    const w = oauthWorld();
    const client = w.client();
    client.send(oktaCalls.getUser(w.okta.adminUserId));
    client.sendAll([oktaCalls.getUser(w.okta.adminUserId), oktaCalls.listUserGroups(w.okta.adminUserId)]);
    expect(w.okta.oauth!.issuedTokens).toBe(1);
  });

  it('reuses the cached token in the next execution without asking Okta again', () => {
    const w = oauthWorld();
    expect(w.client().send(oktaCalls.getUser(w.okta.adminUserId)).ok).toBe(true);
    expect(w.client().send(oktaCalls.getUser(w.okta.adminUserId)).ok).toBe(true);
    expect(w.okta.oauth!.issuedTokens).toBe(1);
  });

  it('fetches a new token when the cache forgot the old one', () => {
    const w = oauthWorld();
    w.client().send(oktaCalls.getUser(w.okta.adminUserId));
    w.cache.evictAll();
    w.client().send(oktaCalls.getUser(w.okta.adminUserId));
    expect(w.okta.oauth!.issuedTokens).toBe(2);
  });

  it('sends a form-encoded client_credentials request with the scopes and a signed assertion', () => {
    const w = oauthWorld();
    w.client().send(oktaCalls.getUser(w.okta.adminUserId));
    const [post] = w.http.sent.filter((r) => r.url.endsWith('/oauth2/v1/token'));
    const form = new URLSearchParams(post!.payload);
    expect([
      post!.contentType,
      form.get('grant_type'),
      form.get('scope'),
      form.get('client_assertion_type'),
    ]).toEqual([
      'application/x-www-form-urlencoded',
      'client_credentials',
      'okta.groups.manage okta.users.manage okta.users.read',
      'urn:ietf:params:oauth:client-assertion-type:jwt-bearer',
    ]);
  });

  it('signs the assertion with kid, iss = sub = client id, aud = the token URL and exp within an hour', () => {
    const w = oauthWorld();
    w.client().send(oktaCalls.getUser(w.okta.adminUserId));
    const [post] = w.http.sent.filter((r) => r.url.endsWith('/oauth2/v1/token'));
    const jwt = new URLSearchParams(post!.payload).get('client_assertion')!.split('.');
    const header = JSON.parse(Buffer.from(jwt[0]!, 'base64url').toString()) as Record<string, unknown>;
    const claims = JSON.parse(Buffer.from(jwt[1]!, 'base64url').toString()) as Record<
      string,
      number | string
    >;
    expect([header['alg'], header['kid'], claims['iss'], claims['sub'], claims['aud']]).toEqual([
      'RS256',
      KEY_ID,
      CLIENT_ID,
      CLIENT_ID,
      `${w.okta.orgUrl}/oauth2/v1/token`,
    ]);
    expect(Number(claims['exp']) - Number(claims['iat'])).toBeLessThanOrEqual(3600);
  });
});

describe('expiry', () => {
  it('fetches a new token once the old one is within five minutes of expiring, mid-run', () => {
    const w = oauthWorld({ tokenLifetimeSeconds: 3600 });
    const client = w.client();
    client.send(oktaCalls.getUser(w.okta.adminUserId));
    w.clock.advance(56 * 60_000);
    expect(client.send(oktaCalls.getUser(w.okta.adminUserId)).ok).toBe(true);
    expect(w.okta.oauth!.issuedTokens).toBe(2);
  });

  it('keeps using a token that has more than five minutes left', () => {
    const w = oauthWorld({ tokenLifetimeSeconds: 3600 });
    const client = w.client();
    client.send(oktaCalls.getUser(w.okta.adminUserId));
    w.clock.advance(54 * 60_000);
    client.send(oktaCalls.getUser(w.okta.adminUserId));
    expect(w.okta.oauth!.issuedTokens).toBe(1);
  });

  it('fetches a new token once when Okta answers 401 to a cached one, and the call succeeds', () => {
    const w = oauthWorld();
    const client = w.client();
    client.send(oktaCalls.getUser(w.okta.adminUserId));
    w.okta.oauth!.revokeTokens();
    expect(client.send(oktaCalls.getUser(w.okta.adminUserId)).ok).toBe(true);
    expect(w.okta.oauth!.issuedTokens).toBe(2);
  });

  it('does not refetch more than once when the new token is refused too', () => {
    const w = oauthWorld();
    w.okta.failNext({ operation: 'getUser' }, { status: 401, times: 5 });
    const r = w.client().send(oktaCalls.getUser(w.okta.adminUserId));
    expect(r.ok ? null : r.error.code).toBe('OKTA_UNAUTHORIZED');
    expect(w.okta.oauth!.issuedTokens).toBe(2);
  });
});

describe('a failing token endpoint', () => {
  it('is asked once for a batch of calls, not once per call', () => {
    const w = oauthWorld();
    w.okta.oauth!.revokeKey(KEY_ID);
    const id = w.okta.adminUserId;
    w.client().sendAll([oktaCalls.getUser(id), oktaCalls.listUserGroups(id), oktaCalls.listFactors(id)]);
    expect(w.okta.oauth!.tokenRequests).toHaveLength(1);
  });
});

describe('a revoked key', () => {
  it('fails with OKTA_UNAUTHORIZED naming the properties to check', () => {
    const w = oauthWorld();
    w.okta.oauth!.revokeKey(KEY_ID);
    const r = w.client().send(oktaCalls.getUser(w.okta.adminUserId));
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.error.code).toBe('OKTA_UNAUTHORIZED');
    expect(r.error.summary).toContain('OKTA_KEY_ID');
    expect(r.error.transient).toBe(false);
  });
});

describe('a missing scope', () => {
  it('names the scope from the 403 WWW-Authenticate hint', () => {
    const w = oauthWorld({ grantedScopes: ['okta.users.read', 'okta.users.manage'] });
    const client = w.client({ scopes: () => ['okta.users.read', 'okta.users.manage'] });
    const group = w.okta.addGroup({ name: 'VPN' });
    w.okta.addToGroup(group.id, w.okta.adminUserId);
    const r = client.send(oktaCalls.removeFromGroup(group.id, w.okta.adminUserId));
    expect(r.ok ? null : [r.error.code, r.error.scope]).toEqual(['OKTA_MISSING_SCOPE', 'okta.groups.manage']);
  });

  it('drops the token after a 403 insufficient_scope, so the next call fetches a new one', () => {
    const w = oauthWorld({ grantedScopes: ['okta.users.read', 'okta.users.manage'] });
    const client = w.client({ scopes: () => ['okta.users.read', 'okta.users.manage'] });
    const group = w.okta.addGroup({ name: 'VPN' });
    w.okta.addToGroup(group.id, w.okta.adminUserId);
    client.send(oktaCalls.removeFromGroup(group.id, w.okta.adminUserId));
    client.send(oktaCalls.getUser(w.okta.adminUserId));
    expect(w.okta.oauth!.issuedTokens).toBe(2);
  });

  it('fails the token request with OKTA_MISSING_SCOPE when a requested scope is not granted', () => {
    const w = oauthWorld({ grantedScopes: ['okta.users.read'] });
    const r = w.client().send(oktaCalls.getUser(w.okta.adminUserId));
    expect(r.ok ? null : r.error.code).toBe('OKTA_MISSING_SCOPE');
  });
});

describe('a bad key', () => {
  it('answers CONFIG_INVALID without calling Okta when the key is not PKCS#8', () => {
    const w = oauthWorld();
    const r = w
      .client({ privateKey: '-----BEGIN RSA PRIVATE KEY-----\nAAAA\n-----END RSA PRIVATE KEY-----' })
      .send(oktaCalls.getUser(w.okta.adminUserId));
    expect(r.ok ? null : r.error.code).toBe('CONFIG_INVALID');
    expect(w.okta.requests).toHaveLength(0);
  });

  it('is refused by Okta when signed with a key Okta does not hold', () => {
    const w = oauthWorld();
    const r = w.client({ privateKey: OTHER_KEYS.privatePem }).send(oktaCalls.getUser(w.okta.adminUserId));
    expect(r.ok ? null : r.error.code).toBe('OKTA_UNAUTHORIZED');
    expect(w.okta.oauth!.tokenRequests).toEqual([{ status: 401, error: 'invalid_client' }]);
  });
});

describe('DPoP', () => {
  it('retries the token request with the nonce Okta asked for, then uses a DPoP-bound token', () => {
    const w = oauthWorld({ dpop: true });
    const r = w.client({ dpop: true }).send(oktaCalls.getUser(w.okta.adminUserId));
    expect(r.ok).toBe(true);
    expect(w.okta.oauth!.tokenRequests).toEqual([{ status: 400, error: 'use_dpop_nonce' }, { status: 200 }]);
  });

  it('sends every Management API call with Authorization: DPoP and a fresh proof', () => {
    const w = oauthWorld({ dpop: true });
    const client = w.client({ dpop: true });
    client.send(oktaCalls.getUser(w.okta.adminUserId));
    client.send(oktaCalls.getUser(w.okta.adminUserId));
    const calls = w.http.sent.filter((r) => r.url.includes('/api/v1/'));
    expect(calls.map((r) => r.headers?.['Authorization']?.split(' ')[0])).toEqual(['DPoP', 'DPoP']);
    expect(new Set(calls.map((r) => r.headers?.['DPoP'])).size).toBe(2);
  });

  it('is refused when the app requires DPoP and Offboard sends none', () => {
    const w = oauthWorld({ dpop: true });
    const r = w.client({ dpop: false }).send(oktaCalls.getUser(w.okta.adminUserId));
    expect(r.ok ? null : r.error.summary).toContain('DPoP proof JWT header is missing');
  });

  it('answers a resource server nonce request by sending the call again with the nonce', () => {
    const w = oauthWorld({ dpop: true, resourceNonce: true });
    const r = w.client({ dpop: true }).send(oktaCalls.getUser(w.okta.adminUserId));
    expect(r.ok).toBe(true);
    const gets = w.okta.requests.filter((q) => q.operation === 'getUser');
    expect(gets.map((q) => q.status)).toEqual([401, 200]);
  });
});

describe('secrets', () => {
  it('never puts the access token in a failure summary', () => {
    const w = oauthWorld();
    const client = w.client();
    client.send(oktaCalls.getUser(w.okta.adminUserId));
    const cached = JSON.parse(Object.values(peek(w.cache))[0]!) as { value: string };
    w.okta.failNext({ operation: 'getUser' }, { status: 400, errorSummary: `bad token ${cached.value}` });
    const r = client.send(oktaCalls.getUser(w.okta.adminUserId));
    expect(r.ok ? '' : r.error.summary).not.toContain(cached.value);
  });
});

/** What the cache holds, read through its public get with the keys it was given. */
function peek(cache: FakeCache): Record<string, string> {
  const keys = (cache as unknown as { entries: Map<string, unknown> }).entries.keys();
  const out: Record<string, string> = {};
  for (const k of keys) out[k] = cache.get(k)!;
  return out;
}
