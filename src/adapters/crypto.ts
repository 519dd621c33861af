// Crypto over Utilities: HMAC-SHA256 as hex, and UUIDs.

import type { Crypto } from '../ports';

/** Apps Script bytes are signed (-128..127): mask each to 0..255 before printing it. */
export function bytesToHex(bytes: number[]): string {
  return bytes.map((b) => (b & 0xff).toString(16).padStart(2, '0')).join('');
}

export function appsScriptCrypto(): Crypto {
  return {
    hmacSha256Hex(key: string, message: string): string {
      // Utilities takes (value, key), the opposite of the port's order; UTF-8 so non-ASCII text signs
      // the same as Node's crypto.
      return bytesToHex(Utilities.computeHmacSha256Signature(message, key, Utilities.Charset.UTF_8));
    },
    uuid(): string {
      return Utilities.getUuid();
    },
  };
}
