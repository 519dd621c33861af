// The Utilities adapter: Apps Script's signed bytes become the same hex Node's crypto gives.

import { createHmac } from 'node:crypto';
import { appsScriptCrypto, bytesToHex } from '../../src/adapters/crypto';
import { fakeGlobals, removeFakeGlobals } from './globals';

afterEach(removeFakeGlobals);

/** Utilities.computeHmacSha256Signature as Apps Script answers it: Java bytes, -128..127. */
function fakeUtilities() {
  fakeGlobals({
    Utilities: {
      Charset: { UTF_8: 'UTF_8' },
      computeHmacSha256Signature(value: string, key: string): number[] {
        return [...createHmac('sha256', key).update(value, 'utf8').digest()].map((b) =>
          b > 127 ? b - 256 : b,
        );
      },
    },
  });
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
