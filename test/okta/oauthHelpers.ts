// An OAuth service app against the in-process fake Okta: one RSA key pair per test run, the fake's token
// endpoint configured with its public key, and a client that authenticates through src/okta/auth.ts.

import { generateKeyPairSync } from 'node:crypto';
import { FakeOkta } from '../../fakes/okta/fakeOkta';
import type { FakeOAuthOptions } from '../../fakes/okta/oauthServer';
import { oauthAuth, type OAuthSettings } from '../../src/okta/auth';
import type { HttpClient, HttpRequest, HttpResponse } from '../../src/ports';
import { OktaClient } from '../../src/okta/client';
import { FakeCache, nodeCrypto } from '../fakes/services';
import { FakeClock } from './helpers';

export const CLIENT_ID = '0oaOFFBOARDservice';
export const KEY_ID = 'offboard-key-1';
export const ALL_SCOPES = ['okta.groups.manage', 'okta.users.manage', 'okta.users.read'];

function keyPair(): { privatePem: string; publicPem: string } {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  return {
    privatePem: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
    publicPem: publicKey.export({ type: 'spki', format: 'pem' }).toString(),
  };
}

/** Made once: RSA key generation is slow enough to matter across many tests. */
export const KEYS = keyPair();
export const OTHER_KEYS = keyPair();

/** Passes requests to the fake Okta and keeps each one, headers and body included. */
export class Recorder implements HttpClient {
  readonly sent: HttpRequest[] = [];
  constructor(private readonly target: HttpClient) {}
  fetch(request: HttpRequest): HttpResponse {
    this.sent.push(request);
    return this.target.fetch(request);
  }
  fetchAll(requests: HttpRequest[]): HttpResponse[] {
    this.sent.push(...requests);
    return this.target.fetchAll(requests);
  }
}

export interface OAuthWorld {
  okta: FakeOkta;
  http: Recorder;
  clock: FakeClock;
  cache: FakeCache;
  client(options?: Partial<OAuthSettings>): OktaClient;
}

export function oauthWorld(
  oauth: Partial<FakeOAuthOptions> = {},
  clock = new FakeClock(),
  cache = new FakeCache(clock),
): OAuthWorld {
  const okta = new FakeOkta({
    now: () => clock.now(),
    oauth: {
      clientId: CLIENT_ID,
      keys: [{ kid: KEY_ID, publicKey: KEYS.publicPem }],
      grantedScopes: ALL_SCOPES,
      ...oauth,
    },
  });
  const http = new Recorder(okta);
  return {
    okta,
    http,
    clock,
    cache,
    client: (options = {}) =>
      new OktaClient({
        http,
        clock,
        orgUrl: okta.orgUrl,
        auth: oauthAuth(
          { http, clock, crypto: nodeCrypto, cache },
          {
            orgUrl: okta.orgUrl,
            clientId: CLIENT_ID,
            privateKey: KEYS.privatePem,
            keyId: KEY_ID,
            dpop: oauth.dpop ?? false,
            scopes: () => ALL_SCOPES,
            ...options,
          },
        ),
      }),
  };
}
