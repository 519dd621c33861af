// Crypto over Utilities: HMAC-SHA256 as hex, RS256 signatures and SHA-256 digests as base64url, and UUIDs.

import type { Crypto } from '../ports';

/** Apps Script bytes are signed (-128..127): mask each to 0..255 before printing it. */
export function bytesToHex(bytes: number[]): string {
  return bytes.map((b) => (b & 0xff).toString(16).padStart(2, '0')).join('');
}

/** base64EncodeWebSafe pads with '='; JWS wants no padding (RFC 7515 §2). */
function webSafeUnpadded(bytes: number[]): string {
  return Utilities.base64EncodeWebSafe(bytes).replace(/=+$/, '');
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
    rsaSha256Base64Url(message: string, privateKeyPem: string): string {
      // developers.google.com/apps-script/reference/utilities/utilities#computeRsaSha256Signature(String,String,Charset)
      return webSafeUnpadded(
        Utilities.computeRsaSha256Signature(message, privateKeyPem, Utilities.Charset.UTF_8),
      );
    },
    sha256Base64Url(message: string): string {
      return webSafeUnpadded(
        Utilities.computeDigest(Utilities.DigestAlgorithm.SHA_256, message, Utilities.Charset.UTF_8),
      );
    },
  };
}
