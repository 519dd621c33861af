// The Utilities adapter: Apps Script's signed bytes become the same hex Node's crypto gives.

import { createHash, createHmac, createSign } from 'node:crypto';
import { appsScriptCrypto, bytesToHex } from '../../src/adapters/crypto';
import { KEYS } from '../okta/oauthHelpers';
import { fakeGlobals, removeFakeGlobals } from './globals';

afterEach(removeFakeGlobals);

/** Utilities.computeHmacSha256Signature as Apps Script answers it: Java bytes, -128..127. */
function fakeUtilities() {
  fakeGlobals({
    Utilities: {
      Charset: { UTF_8: 'UTF_8' },
      DigestAlgorithm: { SHA_256: 'SHA_256' },
      base64EncodeWebSafe: (bytes: number[]) =>
        Buffer.from(bytes.map((b) => b & 0xff))
          .toString('base64')
          .replace(/\+/g, '-')
          .replace(/\//g, '_'),
      computeRsaSha256Signature: (value: string, key: string): number[] =>
        signed(createSign('RSA-SHA256').update(value, 'utf8').sign(key)),
      computeDigest: (_algorithm: string, value: string): number[] =>
        signed(createHash('sha256').update(value, 'utf8').digest()),
      computeHmacSha256Signature(value: string, key: string): number[] {
        return [...createHmac('sha256', key).update(value, 'utf8').digest()].map((b) =>
          b > 127 ? b - 256 : b,
        );
      },
    },
  });
}

/** Java bytes: -128..127. */
function signed(buffer: Buffer): number[] {
  return [...buffer].map((b) => (b > 127 ? b - 256 : b));
}

describe('bytesToHex', () => {
  it('prints a negative (signed) byte as its unsigned value', () => {
    expect(bytesToHex([-1, -128, 0, 127])).toBe('ff80007f');
  });
});

describe('appsScriptCrypto', () => {
  it('gives the same HMAC-SHA256 hex as Node for the same key and message', () => {
    fakeUtilities();
    const key = 'signing-secret';
    const message = 'run=R-12|task=suspend|action=retry|é';
    expect(appsScriptCrypto().hmacSha256Hex(key, message)).toBe(
      createHmac('sha256', key).update(message, 'utf8').digest('hex'),
    );
  });
});

describe('appsScriptCrypto RS256 and SHA-256', () => {
  it('gives the same unpadded base64url signature as Node for the same key and message', () => {
    fakeUtilities();
    const message = 'header.claims-é';
    expect(appsScriptCrypto().rsaSha256Base64Url(message, KEYS.privatePem)).toBe(
      createSign('RSA-SHA256').update(message, 'utf8').sign(KEYS.privatePem).toString('base64url'),
    );
  });

  it('gives the unpadded base64url SHA-256 of the UTF-8 text', () => {
    fakeUtilities();
    expect(appsScriptCrypto().sha256Base64Url('token-é')).toBe(
      createHash('sha256').update('token-é', 'utf8').digest('base64url'),
    );
  });
});
