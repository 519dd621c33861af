// The webhook signature: HMAC-SHA256 of "<timestamp>.<body>" with the receiver's secret, as
// "sha256=<hex>". The timestamp in the signed text lets a receiver refuse an old message replayed.

import type { Crypto } from '../ports';

export const SIGNATURE_HEADER = 'X-Offboard-Signature';
export const TIMESTAMP_HEADER = 'X-Offboard-Timestamp';
export const IDEMPOTENCY_HEADER = 'Idempotency-Key';

/** `timestamp` is Unix seconds as decimal text, exactly as sent in X-Offboard-Timestamp. */
export function webhookSignature(crypto: Crypto, secret: string, timestamp: string, body: string): string {
  return `sha256=${crypto.hmacSha256Hex(secret, `${timestamp}.${body}`)}`;
}
