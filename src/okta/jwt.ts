// JSON Web Tokens signed RS256, as Okta's private_key_jwt client assertion and DPoP proofs need them, and
// the RSA public key (JWK) read out of a PKCS#8 private key. Pure TypeScript: the signing itself goes
// through the Crypto port (Utilities.computeRsaSha256Signature on Apps Script).

import type { Crypto } from '../ports';

const B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

/** Bytes (0..255) as base64url without padding (RFC 7515 §2). */
export function bytesToBase64Url(bytes: readonly number[]): string {
  let out = '';
  for (let i = 0; i < bytes.length; i += 3) {
    const a = bytes[i]! & 0xff; // i < bytes.length (the loop); the next two are guarded, B64 indexes masked to 0..63
    const b = i + 1 < bytes.length ? bytes[i + 1]! & 0xff : 0;
    const c = i + 2 < bytes.length ? bytes[i + 2]! & 0xff : 0;
    const n = (a << 16) | (b << 8) | c;
    out += B64[(n >> 18) & 63]! + B64[(n >> 12) & 63]!;
    if (i + 1 < bytes.length) out += B64[(n >> 6) & 63]!;
    if (i + 2 < bytes.length) out += B64[n & 63]!;
  }
  return out.replace(/\+/g, '-').replace(/\//g, '_');
}

/** Standard or url-safe base64 (padding and whitespace ignored) as bytes; null when it is not base64. */
export function base64ToBytes(text: string): number[] | null {
  const clean = text.replace(/\s+/g, '').replace(/=+$/, '').replace(/-/g, '+').replace(/_/g, '/');
  if (!/^[A-Za-z0-9+/]*$/.test(clean) || clean.length % 4 === 1) return null;
  const bytes: number[] = [];
  let bits = 0;
  let value = 0;
  for (const ch of clean) {
    value = (value << 6) | B64.indexOf(ch);
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      bytes.push((value >> bits) & 0xff);
    }
  }
  return bytes;
}

/** UTF-8 bytes of a string (Apps Script has no TextEncoder); a lone surrogate becomes U+FFFD, as there. */
export function utf8Bytes(text: string): number[] {
  const bytes: number[] = [];
  for (const ch of text) {
    let c = ch.codePointAt(0)!; // iterating a string yields non-empty characters
    if (c >= 0xd800 && c <= 0xdfff) c = 0xfffd;
    if (c < 0x80) bytes.push(c);
    else if (c < 0x800) bytes.push(0xc0 | (c >> 6), 0x80 | (c & 63));
    else if (c < 0x10000) bytes.push(0xe0 | (c >> 12), 0x80 | ((c >> 6) & 63), 0x80 | (c & 63));
    else bytes.push(0xf0 | (c >> 18), 0x80 | ((c >> 12) & 63), 0x80 | ((c >> 6) & 63), 0x80 | (c & 63));
  }
  return bytes;
}

export function base64UrlJson(value: unknown): string {
  return bytesToBase64Url(utf8Bytes(JSON.stringify(value)));
}

export interface RsaPublicJwk {
  kty: 'RSA';
  n: string;
  e: string;
}

/** header.payload.signature, signed RS256 through the Crypto port. */
export function signJwt(
  crypto: Crypto,
  pem: string,
  header: Record<string, unknown>,
  claims: Record<string, unknown>,
): string {
  const input = `${base64UrlJson({ alg: 'RS256', ...header })}.${base64UrlJson(claims)}`;
  return `${input}.${crypto.rsaSha256Base64Url(input, pem)}`;
}

/**
 * A PEM as pasted into Script Properties: literal "\n" sequences (from a JSON copy) become newlines, and
 * surrounding blanks go. Returns null unless it is an unencrypted PKCS#8 private key.
 */
export function normalisePem(text: string): string | null {
  const pem = text.replace(/\\n/g, '\n').replace(/\r/g, '').trim();
  const m = /^-----BEGIN PRIVATE KEY-----\s*([A-Za-z0-9+/=\s]+?)\s*-----END PRIVATE KEY-----$/.exec(pem);
  if (!m) return null;
  const body = m[1]!.replace(/\s+/g, ''); // group 1 is not optional: it matched
  const lines = body.match(/.{1,64}/g) ?? [];
  return `-----BEGIN PRIVATE KEY-----\n${lines.join('\n')}\n-----END PRIVATE KEY-----\n`;
}

/**
 * The public half of a PKCS#8 RSA private key as a JWK: PrivateKeyInfo → RSAPrivateKey → (n, e)
 * (RFC 5208 §5, RFC 8017 §A.1.2). Null when the PEM is not an RSA key.
 */
export function rsaPublicJwk(pem: string): RsaPublicJwk | null {
  const body = pem.replace(/-----[A-Z ]+-----/g, '');
  const der = base64ToBytes(body);
  if (!der) return null;
  try {
    const info = readTlv(der, 0, 0x30);
    let at = info.start;
    at = readTlv(der, at, 0x02).end; // version
    const algorithm = readTlv(der, at, 0x30);
    const oid = readTlv(der, algorithm.start, 0x06);
    // 1.2.840.113549.1.1.1 rsaEncryption
    if (hex(der.slice(oid.start, oid.end)) !== '2a864886f70d010101') return null;
    const octets = readTlv(der, algorithm.end, 0x04);
    const rsa = readTlv(der, octets.start, 0x30);
    let p = readTlv(der, rsa.start, 0x02).end; // version
    const n = readTlv(der, p, 0x02);
    p = n.end;
    const e = readTlv(der, p, 0x02);
    return {
      kty: 'RSA',
      n: unsignedBase64Url(der.slice(n.start, n.end)),
      e: unsignedBase64Url(der.slice(e.start, e.end)),
    };
  } catch {
    return null;
  }
}

function unsignedBase64Url(bytes: number[]): string {
  let i = 0;
  while (i < bytes.length - 1 && bytes[i] === 0) i += 1;
  return bytesToBase64Url(bytes.slice(i));
}

function hex(bytes: number[]): string {
  return bytes.map((b) => b.toString(16).padStart(2, '0')).join('');
}

/** One DER type-length-value at `at`; throws when the tag differs or the length runs past the end. */
function readTlv(der: number[], at: number, tag: number): { start: number; end: number } {
  if (der[at] !== tag) throw new Error(`expected tag ${tag} at ${at}`);
  let len = der[at + 1];
  let start = at + 2;
  if (len === undefined) throw new Error('truncated');
  if (len & 0x80) {
    const count = len & 0x7f;
    if (count < 1 || count > 4) throw new Error('bad length');
    len = 0;
    for (let i = 0; i < count; i += 1) len = len * 256 + (der[start + i] ?? 0);
    start += count;
  }
  const end = start + len;
  if (end > der.length) throw new Error('truncated');
  return { start, end };
}
