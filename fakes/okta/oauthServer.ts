// The fake Okta's OAuth 2.0 side for a service app: the org authorization server's token endpoint
// (client credentials with a private_key_jwt assertion, optional DPoP) and the checks a Management API
// call's access token goes through (expiry, DPoP binding, scopes). FakeOkta wires it in when given
// `oauth` options.
//
// Shapes from Okta's spec (test/fixtures/okta-oauth-service-app.json: OAuthError examples) and docs:
// "The DPoP proof JWT header is missing." (support.okta.com, the-dpop-proof-jwt-header-is-missing),
// use_dpop_nonce with a `dpop-nonce` header (devforum.okta.com/t/30239), the insufficient_scope
// WWW-Authenticate header (support.okta.com, insufficient-scope-error-when-making-a-request-to-an-oauth-
// or-management-endpoint). Texts marked [?] are not confirmed against a real org.

import { createHash, createPublicKey, createVerify, type JsonWebKey, type KeyObject } from 'node:crypto';

export const TOKEN_PATH = '/oauth2/v1/token';
export const ASSERTION_TYPE = 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer';

export interface FakeOAuthKey {
  kid: string;
  /** The public key as Okta holds it: a PEM (SPKI) or a JWK. */
  publicKey: string | JsonWebKey;
  status?: 'ACTIVE' | 'INACTIVE';
}

export interface FakeOAuthOptions {
  clientId: string;
  keys: FakeOAuthKey[];
  /** The scopes granted to the app (Okta API Scopes tab). */
  grantedScopes: string[];
  /** "Require DPoP header in token requests"; Okta's default for new API service apps. */
  dpop?: boolean;
  /** Also demand a nonce on Management API calls (RFC 9449 §9); off by default. */
  resourceNonce?: boolean;
  /** Default 3600, as Okta's org authorization server issues. */
  tokenLifetimeSeconds?: number;
}

/** What an OAuth check answers; FakeOkta turns it into an HTTP answer. */
export interface OAuthAnswer {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
}

interface IssuedToken {
  scopes: string[];
  expiresAt: number;
  /** RFC 7638 thumbprint of the DPoP key the token is bound to. */
  jkt: string | null;
}

interface Jwt {
  header: Record<string, unknown>;
  claims: Record<string, unknown>;
  input: string;
  signature: Buffer;
}

/** A read scope is satisfied by the matching manage scope (okta.users.manage covers okta.users.read). */
export function scopeSatisfied(granted: readonly string[], needed: string): boolean {
  return (
    granted.includes(needed) ||
    (needed.endsWith('.read') && granted.includes(needed.replace(/\.read$/, '.manage')))
  );
}

export class FakeOAuthServer {
  /** Every token request, for assertions on reuse and counting. */
  readonly tokenRequests: { status: number; error?: string }[] = [];
  private readonly tokens = new Map<string, IssuedToken>();
  private readonly usedAssertionIds = new Set<string>();
  private readonly usedProofIds = new Set<string>();
  private nonce: string;
  private counter = 0;

  constructor(
    private readonly options: FakeOAuthOptions,
    private readonly orgUrl: string,
    private readonly now: () => number,
  ) {
    this.nonce = this.newNonce();
  }

  get tokenUrl(): string {
    return this.orgUrl + TOKEN_PATH;
  }

  // ---- Controls for tests

  /** Deactivates a key (Okta: the app's Public keys → Deactivate); its assertions are refused. */
  revokeKey(kid: string): void {
    const key = this.options.keys.find((k) => k.kid === kid);
    if (key) key.status = 'INACTIVE';
  }

  /** Revokes every token issued so far (as a revoked grant or a key rotation would). */
  revokeTokens(): void {
    this.tokens.clear();
  }

  setGrantedScopes(scopes: string[]): void {
    this.options.grantedScopes = [...scopes];
  }

  /** A new nonce: the next proof carrying the old one is asked to retry. */
  rotateNonce(): void {
    this.nonce = this.newNonce();
  }

  get issuedTokens(): number {
    return this.tokenRequests.filter((r) => r.status === 200).length;
  }

  // ---- The token endpoint

  token(headers: Record<string, string>, body: string): OAuthAnswer {
    const answer = this.tokenAnswer(lowerKeys(headers), new URLSearchParams(body));
    const error = (answer.body as { error?: string } | undefined)?.error;
    this.tokenRequests.push({ status: answer.status, ...(error ? { error } : {}) });
    return answer;
  }

  private tokenAnswer(headers: Record<string, string>, form: URLSearchParams): OAuthAnswer {
    const grantType = form.get('grant_type');
    if (grantType !== 'client_credentials') {
      return oauthError(
        400,
        'unsupported_grant_type',
        `The authorization grant type is not supported by the authorization server. Configured grant types: [client_credentials].`,
      );
    }
    const assertion = form.get('client_assertion');
    if (!assertion) return oauthError(401, 'invalid_client', 'No client credentials found');
    if (form.get('client_assertion_type') !== ASSERTION_TYPE) {
      return oauthError(400, 'invalid_request', 'The `client_assertion_type` is invalid.');
    }
    const refused = this.checkAssertion(assertion);
    if (refused) return refused;

    let jkt: string | null = null;
    if (this.options.dpop) {
      const proof = headers['dpop'];
      if (!proof) return oauthError(400, 'invalid_dpop_proof', 'The DPoP proof JWT header is missing.');
      const checked = this.checkProof(proof, 'POST', this.tokenUrl, null, true);
      if ('status' in checked) return checked;
      jkt = checked.jkt;
    }

    const requested = (form.get('scope') ?? '').split(/\s+/).filter(Boolean);
    if (requested.length === 0) return oauthError(400, 'invalid_scope', 'No scopes were requested.');
    const missing = requested.filter((s) => !this.options.grantedScopes.includes(s));
    if (missing.length > 0) {
      // [?] Okta's exact wording for a requested scope the app was not granted.
      return oauthError(
        400,
        'invalid_scope',
        `The following scopes were requested, but not granted: ${missing.join(' ')}`,
      );
    }

    const lifetime = this.options.tokenLifetimeSeconds ?? 3600;
    const value = `fake-at-${createHash('sha256').update(`${this.now()}:${++this.counter}:${this.options.clientId}`).digest('base64url')}`;
    this.tokens.set(value, { scopes: requested, expiresAt: this.now() + lifetime * 1000, jkt });
    return {
      status: 200,
      headers: { 'cache-control': 'no-store', pragma: 'no-cache' },
      body: {
        token_type: jkt ? 'DPoP' : 'Bearer',
        expires_in: lifetime,
        access_token: value,
        scope: requested.join(' '),
      },
    };
  }

  /** RFC 7523 §3 checks, as Okta's service-app guide lists the claims. */
  private checkAssertion(assertion: string): OAuthAnswer | null {
    const jwt = parseJwt(assertion);
    if (!jwt) return oauthError(400, 'invalid_client', 'The client_assertion is not a valid JWT.'); // [?]
    if (jwt.header['alg'] !== 'RS256') {
      return oauthError(401, 'invalid_client', 'The client_assertion signature algorithm is not supported.'); // [?]
    }
    const key = this.options.keys.find(
      (k) => k.kid === jwt.header['kid'] && (k.status ?? 'ACTIVE') === 'ACTIVE',
    );
    if (!key) {
      return oauthError(
        401,
        'invalid_client',
        'The client_assertion token has an invalid kid or the key is not active.',
      ); // [?]
    }
    if (!verify(jwt, toKey(key.publicKey))) {
      return oauthError(401, 'invalid_client', 'The client_assertion signature is invalid.'); // [?]
    }
    const c = jwt.claims;
    const now = Math.floor(this.now() / 1000);
    if (c['iss'] !== this.options.clientId || c['sub'] !== this.options.clientId) {
      return oauthError(
        401,
        'invalid_client',
        'The client_assertion iss and sub must both be the client_id.',
      ); // [?]
    }
    if (c['aud'] !== this.tokenUrl) {
      return oauthError(
        401,
        'invalid_client',
        'The audience claim for client_assertion must be the endpoint invoked for the request.',
      ); // [?]
    }
    const exp = Number(c['exp']);
    const iat = Number(c['iat']);
    if (!Number.isFinite(exp) || exp <= now) {
      return oauthError(401, 'invalid_client', 'The client_assertion token is expired.'); // [?]
    }
    if (Number.isFinite(iat) && exp - iat > 3600) {
      return oauthError(
        401,
        'invalid_client',
        'The client_assertion token has an expiration too far in the future.',
      ); // [?]
    }
    const jti = c['jti'];
    if (typeof jti !== 'string' || jti === '') {
      return oauthError(401, 'invalid_client', 'The client_assertion token must have a jti claim.'); // [?]
    }
    if (this.usedAssertionIds.has(jti)) {
      return oauthError(401, 'invalid_client', 'The client_assertion token has already been used.'); // [?]
    }
    this.usedAssertionIds.add(jti);
    return null;
  }

  /** RFC 9449 §4.3: a DPoP proof for this method and URL, signed by the key in its header. */
  private checkProof(
    proof: string,
    method: string,
    url: string,
    accessToken: string | null,
    wantNonce: boolean,
  ): { jkt: string } | OAuthAnswer {
    const bad = (description: string): OAuthAnswer =>
      accessToken === null
        ? oauthError(400, 'invalid_dpop_proof', description)
        : {
            status: 401,
            headers: {
              'www-authenticate': `DPoP error="invalid_dpop_proof", error_description="${description}"`,
            },
          };
    const jwt = parseJwt(proof);
    if (!jwt) return bad('The DPoP proof JWT is malformed.'); // [?]
    const jwk = jwt.header['jwk'] as JsonWebKey | undefined;
    if (jwt.header['typ'] !== 'dpop+jwt' || typeof jwk !== 'object' || jwk === null) {
      return bad("The DPoP proof JWT header must have typ 'dpop+jwt' and a jwk."); // [?]
    }
    if (!['RS256', 'ES256'].includes(String(jwt.header['alg'])))
      return bad('The DPoP proof alg is not supported.');
    let key: KeyObject;
    try {
      key = createPublicKey({ key: jwk, format: 'jwk' });
    } catch {
      return bad('The DPoP proof jwk is not a valid public key.');
    }
    if (!verify(jwt, key)) return bad('The DPoP proof signature is invalid.');
    const c = jwt.claims;
    if (c['htm'] !== method.toUpperCase())
      return bad('The DPoP proof htm does not match the request method.');
    if (c['htu'] !== url.split(/[?#]/)[0]) return bad('The DPoP proof htu does not match the request URI.');
    const iat = Number(c['iat']);
    if (!Number.isFinite(iat) || Math.abs(iat - this.now() / 1000) > 60)
      return bad('The DPoP proof iat is not recent.');
    const jti = c['jti'];
    if (typeof jti !== 'string' || jti === '' || this.usedProofIds.has(jti)) {
      return bad('The DPoP proof jti is missing or was used before.');
    }
    const jkt = thumbprint(jwk);
    if (accessToken !== null) {
      const ath = createHash('sha256').update(accessToken).digest('base64url');
      if (c['ath'] !== ath) return bad('The DPoP proof ath does not match the access token.');
    }
    if (wantNonce && c['nonce'] !== this.nonce) {
      return accessToken === null
        ? {
            ...oauthError(400, 'use_dpop_nonce', 'Authorization server requires nonce in DPoP proof.'),
            headers: { 'dpop-nonce': this.nonce },
          }
        : {
            status: 401,
            headers: {
              'www-authenticate':
                'DPoP error="use_dpop_nonce", error_description="Resource server requires nonce in DPoP proof"',
              'dpop-nonce': this.nonce,
            },
          };
    }
    this.usedProofIds.add(jti);
    return { jkt };
  }

  // ---- Management API calls

  /**
   * Null when `authorization` (a Bearer or DPoP token) may make this call; else Okta's answer: 401 for a
   * token unknown, expired or wrongly bound, 403 insufficient_scope naming the scope the call needs.
   */
  authorize(
    headers: Record<string, string>,
    method: string,
    path: string,
    neededScope: string | null,
    invalidToken: () => unknown,
    forbidden: () => unknown,
  ): OAuthAnswer | null {
    const lower = lowerKeys(headers);
    const m = /^(Bearer|DPoP) (.+)$/.exec(lower['authorization'] ?? '');
    if (!m) return { status: 401, body: invalidToken() };
    const [, scheme, value] = m as unknown as [string, 'Bearer' | 'DPoP', string];
    const issued = this.tokens.get(value);
    const unauthorized = (error: string): OAuthAnswer => ({
      status: 401,
      headers: {
        'www-authenticate': `${scheme} authorization_uri="${this.orgUrl}/oauth2/v1/authorize", realm="${this.orgUrl}", error="${error}"`,
      },
      body: invalidToken(),
    });
    if (!issued || issued.expiresAt <= this.now()) return unauthorized('invalid_token');
    if (issued.jkt !== null) {
      // A DPoP-bound token presented as Bearer, or without a proof of its key.
      if (scheme !== 'DPoP' || !lower['dpop']) return unauthorized('invalid_token');
      const checked = this.checkProof(
        lower['dpop'],
        method,
        this.orgUrl + path,
        value,
        this.options.resourceNonce === true,
      );
      if ('status' in checked) return checked;
      if (checked.jkt !== issued.jkt) return unauthorized('invalid_dpop_proof');
    } else if (scheme !== 'Bearer') {
      return unauthorized('invalid_token');
    }
    if (neededScope !== null && !scopeSatisfied(issued.scopes, neededScope)) {
      return {
        status: 403,
        headers: {
          'www-authenticate': `${scheme} authorization_uri="${this.orgUrl}/oauth2/v1/authorize", realm="${this.orgUrl}", scope="${neededScope}", error="insufficient_scope", error_description="The access token provided does not contain the required scopes.", resource="${path.split('?')[0]}"`,
        },
        body: forbidden(),
      };
    }
    return null;
  }

  private newNonce(): string {
    return createHash('sha256')
      .update(`nonce:${this.now()}:${++this.counter}`)
      .digest('base64url')
      .slice(0, 22);
  }
}

function oauthError(status: number, error: string, description: string): OAuthAnswer {
  return { status, body: { error, error_description: description } };
}

function parseJwt(text: string): Jwt | null {
  const parts = text.split('.');
  if (parts.length !== 3) return null;
  try {
    const header = JSON.parse(Buffer.from(parts[0]!, 'base64url').toString('utf8')) as Record<
      string,
      unknown
    >;
    const claims = JSON.parse(Buffer.from(parts[1]!, 'base64url').toString('utf8')) as Record<
      string,
      unknown
    >;
    return {
      header,
      claims,
      input: `${parts[0]}.${parts[1]}`,
      signature: Buffer.from(parts[2]!, 'base64url'),
    };
  } catch {
    return null;
  }
}

function toKey(publicKey: string | JsonWebKey): KeyObject {
  return typeof publicKey === 'string'
    ? createPublicKey(publicKey)
    : createPublicKey({ key: publicKey, format: 'jwk' });
}

function verify(jwt: Jwt, key: KeyObject): boolean {
  try {
    return createVerify('RSA-SHA256').update(jwt.input).verify(key, jwt.signature);
  } catch {
    return false;
  }
}

/** RFC 7638 §3.2: the required members, lexicographic order, no whitespace. */
export function thumbprint(jwk: JsonWebKey): string {
  const input =
    jwk.kty === 'EC'
      ? JSON.stringify({ crv: jwk.crv, kty: jwk.kty, x: jwk.x, y: jwk.y })
      : JSON.stringify({ e: jwk.e, kty: jwk.kty, n: jwk.n });
  return createHash('sha256').update(input).digest('base64url');
}

function lowerKeys(headers: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(headers)) out[k.toLowerCase()] = v;
  return out;
}
