// The pure JWT pieces: base64url, PEM clean-up, and the public JWK read out of a PKCS#8 key.

import { createPublicKey } from 'node:crypto';
import { base64ToBytes, bytesToBase64Url, normalisePem, rsaPublicJwk, utf8Bytes } from '../../src/okta/jwt';
import { KEYS } from './oauthHelpers';

describe('base64url', () => {
  it('encodes like Node, without padding', () => {
    for (const text of ['', 'a', 'ab', 'abc', 'é ü ✓ ~~~???>>>', '𝄞 emoji 😀', 'lone \ud800 surrogate']) {
      expect(bytesToBase64Url(utf8Bytes(text))).toBe(Buffer.from(text, 'utf8').toString('base64url'));
    }
  });

  it('decodes standard and url-safe base64 back to the bytes', () => {
    const bytes = [0, 255, 62, 63, 128, 1];
    expect(base64ToBytes(Buffer.from(bytes).toString('base64'))).toEqual(bytes);
    expect(base64ToBytes(Buffer.from(bytes).toString('base64url'))).toEqual(bytes);
  });
});

describe('normalisePem', () => {
  it('turns literal \\n sequences (a key pasted from JSON) into a usable PEM', () => {
    const pasted = KEYS.privatePem.trim().replace(/\n/g, '\\n');
    expect(normalisePem(pasted)).toBe(KEYS.privatePem);
  });

  it('refuses a PKCS#1 "RSA PRIVATE KEY"', () => {
    expect(normalisePem('-----BEGIN RSA PRIVATE KEY-----\nAAAA\n-----END RSA PRIVATE KEY-----')).toBeNull();
  });
});

describe('rsaPublicJwk', () => {
  it("gives the same n and e as Node's export of the public key", () => {
    const expected = createPublicKey(KEYS.privatePem).export({ format: 'jwk' });
    expect(rsaPublicJwk(KEYS.privatePem)).toEqual({ kty: 'RSA', n: expected.n, e: expected.e });
  });

  it('answers null for something that is not an RSA PKCS#8 key', () => {
    expect(rsaPublicJwk('-----BEGIN PRIVATE KEY-----\nMAA=\n-----END PRIVATE KEY-----')).toBeNull();
  });
});
