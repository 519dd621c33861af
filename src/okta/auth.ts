// How Offboard proves itself to Okta: an SSWS API token, or an OAuth 2.0 service app (client credentials
// with a private_key_jwt assertion, optionally DPoP-bound). The client asks this module for each request's
// Authorization (and DPoP) headers and shows it each answer, so a 401 refetches the token once and a
// `use_dpop_nonce` answer is retried with the nonce.
//
// Sources: developer.okta.com/docs/guides/implement-oauth-for-okta-serviceapp (token request, assertion
// claims), developer.okta.com/docs/guides/dpop/oktaresourceserver (DPoP proofs, `Authorization: DPoP`,
// `ath`), RFC 7523 §3 (assertion), RFC 9449 §4.2, §8, §9 (proof, nonces), the token endpoint's shape in
// test/fixtures/okta-oauth-service-app.json.

import type { ErrorCode } from '../errors';
import type { Cache, Clock, Crypto, HttpClient, HttpResponse } from '../ports';
import { normalisePem, rsaPublicJwk, signJwt, type RsaPublicJwk } from './jwt';
import { authParams } from './scopes';

/** Why no headers could be made (the token request failed). */
export interface AuthFailure {
  code: ErrorCode;
  status: number;
  summary: string;
  transient: boolean;
  retryAt?: number;
}

export type AuthHeaders = { ok: true; headers: Record<string, string> } | { ok: false; failure: AuthFailure };

export interface OktaAuth {
  readonly mode: 'ssws' | 'oauth';
  /** Authorization (and DPoP) headers for one Management API request. */
  headers(method: string, url: string): AuthHeaders;
  /**
   * Looks at an answer before the client does. 'again' means: send the same request once more with fresh
   * headers. `retries` is how many times this request was already sent again for auth reasons.
   */
  review(response: HttpResponse, retries: number): 'again' | 'final';
  /** Removes every secret this auth knows from a text. */
  redact(text: string): string;
}

export function sswsAuth(apiToken: string): OktaAuth {
  return {
    mode: 'ssws',
    headers: () => ({ ok: true, headers: { Authorization: `SSWS ${apiToken}` } }),
    review: () => 'final',
    redact: (text) => (apiToken ? text.split(apiToken).join('[redacted]') : text),
  };
}

export interface OAuthSettings {
  /** The org URL, validated, without a trailing slash. */
  orgUrl: string;
  clientId: string;
  /** PKCS#8 PEM as pasted into Script Properties. */
  privateKey: string;
  keyId: string;
  /** Send DPoP proofs (Okta's default for new API service apps). */
  dpop: boolean;
  /** The scopes to ask for; called only when a token is fetched. */
  scopes: () => string[];
}

export interface OAuthDeps {
  http: HttpClient;
  clock: Clock;
  crypto: Crypto;
  cache: Cache;
}

/** A cached token is used until this long before Okta says it expires. */
export const TOKEN_REFRESH_MARGIN_MS = 5 * 60_000;
/** The client assertion lives this long; Okta accepts at most one hour (exp - iat). */
export const ASSERTION_LIFETIME_S = 300;
/** How many times one request is sent again for auth reasons (a 401 refetch, a DPoP nonce). */
export const MAX_AUTH_RETRIES = 2;
/** How long a transient token-request failure is answered from memory instead of asking Okta again. */
const FAILED_TOKEN_HOLD_MS = 5_000;
const TOKEN_CACHE_PREFIX = 'offboard.okta.accessToken.v1';
const ASSERTION_TYPE = 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer';

interface AccessToken {
  value: string;
  type: 'Bearer' | 'DPoP';
  /** Epoch ms after which it is not used. */
  usableUntil: number;
}

export function oauthAuth(deps: OAuthDeps, settings: OAuthSettings): OktaAuth {
  const tokenUrl = `${settings.orgUrl}/oauth2/v1/token`;
  const pem = normalisePem(settings.privateKey);
  const jwk: RsaPublicJwk | null = pem ? rsaPublicJwk(pem) : null;
  let token: AccessToken | null = null;
  let cacheKey: string | null = null;
  /** The last DPoP-Nonce each server gave (the token endpoint and the resource server keep their own). */
  let tokenNonce: string | undefined;
  let resourceNonce: string | undefined;
  const secrets: string[] = [];
  /** A failed token request is not repeated for each call of the same batch: kept until `until`. */
  let failed: { failure: AuthFailure; until: number } | null = null;

  const keyFailure = (): AuthFailure => ({
    code: 'CONFIG_INVALID',
    status: 0,
    summary:
      'OKTA_PRIVATE_KEY is not an unencrypted PKCS#8 RSA private key ("-----BEGIN PRIVATE KEY-----"); see the README for the openssl command.',
    transient: false,
  });

  const now = (): number => deps.clock.now();
  const seconds = (): number => Math.floor(now() / 1000);

  function proof(method: string, url: string, nonce: string | undefined, accessToken?: string): string {
    const claims: Record<string, unknown> = {
      htm: method.toUpperCase(),
      // RFC 9449 §4.2: the URI without query and fragment.
      htu: url.split(/[?#]/)[0],
      iat: seconds(),
      jti: deps.crypto.uuid(),
    };
    if (nonce !== undefined) claims['nonce'] = nonce;
    if (accessToken !== undefined) claims['ath'] = deps.crypto.sha256Base64Url(accessToken);
    return signJwt(
      deps.crypto,
      pem!,
      { typ: 'dpop+jwt', jwk: { ...jwk!, alg: 'RS256', use: 'sig' } }, // pem and jwk: current() refuses before any signing when either is missing
      claims,
    );
  }

  function assertion(): string {
    const iat = seconds();
    return signJwt(
      deps.crypto,
      pem!,
      { kid: settings.keyId }, // pem (line above): current() refuses before any signing when it is missing
      {
        iss: settings.clientId,
        sub: settings.clientId,
        aud: tokenUrl,
        iat,
        exp: iat + ASSERTION_LIFETIME_S,
        jti: deps.crypto.uuid(),
      },
    );
  }

  function fetchToken(scopes: string[]): AccessToken | AuthFailure {
    // A use_dpop_nonce answer is asked again once with the nonce; a fresh assertion each time (Okta
    // refuses a reused jti).
    for (let attempt = 0; attempt < 2; attempt += 1) {
      const form = [
        ['grant_type', 'client_credentials'],
        ['scope', scopes.join(' ')],
        ['client_assertion_type', ASSERTION_TYPE],
        ['client_assertion', assertion()],
      ]
        .map(([k, v]) => `${encodeURIComponent(k!)}=${encodeURIComponent(v!)}`) // pairs written out just above
        .join('&');
      const headers: Record<string, string> = { Accept: 'application/json' };
      if (settings.dpop) headers['DPoP'] = proof('POST', tokenUrl, tokenNonce);
      const response = deps.http.fetch({
        url: tokenUrl,
        method: 'post',
        headers,
        contentType: 'application/x-www-form-urlencoded',
        payload: form,
      });
      const lower = lowerKeys(response.headers ?? {});
      const body = parseObject(response.body);
      if (response.status === 200 && typeof body?.['access_token'] === 'string') {
        const expiresIn = Number(body['expires_in']);
        const lifetimeMs = (Number.isFinite(expiresIn) && expiresIn > 0 ? expiresIn : 3600) * 1000;
        const type = String(body['token_type'] ?? 'Bearer').toLowerCase() === 'dpop' ? 'DPoP' : 'Bearer';
        secrets.push(body['access_token']);
        return {
          value: body['access_token'],
          type,
          // A short-lived token is still used, until a little before it ends.
          usableUntil: now() + Math.max(lifetimeMs - TOKEN_REFRESH_MARGIN_MS, lifetimeMs / 2),
        };
      }
      const error = typeof body?.['error'] === 'string' ? body['error'] : '';
      if (error === 'use_dpop_nonce' && lower['dpop-nonce'] && attempt === 0) {
        tokenNonce = lower['dpop-nonce'];
        continue;
      }
      return tokenFailure(response, lower, error, String(body?.['error_description'] ?? ''));
    }
    return {
      code: 'OKTA_UNAUTHORIZED',
      status: 400,
      summary: 'Okta kept asking for a new DPoP nonce.',
      transient: true,
    };
  }

  function tokenFailure(
    response: HttpResponse,
    headers: Record<string, string>,
    error: string,
    description: string,
  ): AuthFailure {
    const status = response.status;
    const said = redactAll(`${error}${description ? `: ${description}` : ''}`, secrets);
    if (status === 0) {
      return {
        code: 'OKTA_NETWORK',
        status,
        summary: `No answer from Okta's token endpoint: ${response.networkError ?? 'network error'}`,
        transient: true,
      };
    }
    if (status === 429) {
      const reset = Number(headers['x-rate-limit-reset']);
      return {
        code: 'OKTA_RATE_LIMITED',
        status,
        summary: "Okta's token endpoint is rate limited.",
        transient: true,
        retryAt: Number.isFinite(reset) && reset > 0 ? reset * 1000 + 1000 : now() + 60_000,
      };
    }
    if (status >= 500) {
      return {
        code: 'OKTA_SERVER',
        status,
        summary: `Okta's token endpoint answered HTTP ${status}.`,
        transient: true,
      };
    }
    if (error === 'invalid_scope') {
      return {
        code: 'OKTA_MISSING_SCOPE',
        status,
        summary: `Okta refused the scopes Offboard asks for (${settings.scopes().join(' ')}): ${said}. Grant them to the service app (Okta API Scopes tab).`,
        transient: false,
      };
    }
    if (error === 'invalid_client' || error === 'invalid_dpop_proof' || status === 401) {
      return {
        code: 'OKTA_UNAUTHORIZED',
        status,
        summary: `Okta refused the service app's credentials (${said || `HTTP ${status}`}). Check OKTA_CLIENT_ID, OKTA_KEY_ID and that the public key is active in Okta.`,
        transient: false,
      };
    }
    return {
      code: 'OKTA_INVALID',
      status,
      summary: `Okta's token endpoint answered HTTP ${status} (${said || 'no reason given'}).`,
      transient: false,
    };
  }

  function current(): AccessToken | AuthFailure {
    if (!pem || !jwk) return keyFailure();
    if (token && token.usableUntil > now()) return token;
    const scopes = settings.scopes();
    cacheKey = `${TOKEN_CACHE_PREFIX}|${settings.clientId}|${settings.dpop ? 'dpop' : 'bearer'}|${scopes.join(' ')}`;
    const cached = parseObject(deps.cache.get(cacheKey));
    if (
      cached &&
      typeof cached['value'] === 'string' &&
      (cached['type'] === 'Bearer' || cached['type'] === 'DPoP') &&
      Number(cached['usableUntil']) > now()
    ) {
      token = { value: cached['value'], type: cached['type'], usableUntil: Number(cached['usableUntil']) };
      secrets.push(token.value);
      return token;
    }
    if (failed && failed.until > now()) return failed.failure;
    const fetched = fetchToken(scopes);
    if ('code' in fetched) {
      // A configuration problem stays for the execution; a transient one until its retry time or 5 s.
      failed = {
        failure: fetched,
        until: fetched.transient ? (fetched.retryAt ?? now() + FAILED_TOKEN_HOLD_MS) : Infinity,
      };
      return fetched;
    }
    failed = null;
    token = fetched;
    deps.cache.put(cacheKey, JSON.stringify(token), Math.floor((token.usableUntil - now()) / 1000));
    return token;
  }

  function forget(): void {
    token = null;
    if (cacheKey) deps.cache.remove(cacheKey);
  }

  return {
    mode: 'oauth',
    headers(method, url): AuthHeaders {
      const t = current();
      if ('code' in t) return { ok: false, failure: t };
      if (t.type === 'Bearer') return { ok: true, headers: { Authorization: `Bearer ${t.value}` } };
      return {
        ok: true,
        headers: { Authorization: `DPoP ${t.value}`, DPoP: proof(method, url, resourceNonce, t.value) },
      };
    },
    review(response, retries) {
      if (retries >= MAX_AUTH_RETRIES) return 'final';
      const headers = lowerKeys(response.headers ?? {});
      const challenge = authParams(headers['www-authenticate'] ?? '');
      // RFC 9449 §9: a resource server that wants a nonce answers 401 with error="use_dpop_nonce".
      if (challenge['error'] === 'use_dpop_nonce' && headers['dpop-nonce']) {
        resourceNonce = headers['dpop-nonce'];
        return 'again';
      }
      // A missing scope: the token is dropped so a Retry after the admin grants it asks for a new one.
      if (response.status === 403 && challenge['error'] === 'insufficient_scope') {
        forget();
        return 'final';
      }
      // A 401 with a token we thought good: revoked, or the cache outlived it. Fetch a new one, once.
      if (response.status === 401 && retries === 0) {
        forget();
        return 'again';
      }
      return 'final';
    },
    redact: (text) => redactAll(text, secrets),
  };
}

function redactAll(text: string, secrets: string[]): string {
  return secrets.reduce((t, s) => (s ? t.split(s).join('[redacted]') : t), text);
}

function parseObject(text: string | null | undefined): Record<string, unknown> | null {
  if (!text) return null;
  try {
    const v = JSON.parse(text) as unknown;
    return typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}

function lowerKeys(headers: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(headers)) out[k.toLowerCase()] = v;
  return out;
}
