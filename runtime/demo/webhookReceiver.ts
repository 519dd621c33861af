// The demo's webhook receiver: an in-process endpoint that checks X-Offboard-Signature the way the
// README tells a receiver to, drops a repeated Idempotency-Key, and writes each message to the log.

import { createHmac, timingSafeEqual } from 'node:crypto';
import type { LocalRequest, LocalResponse } from '../urlFetch';

/** Allowed in WEBHOOK_ALLOWED_HOSTS by demo mode; the runtime routes it here, never to the internet. */
export const DEMO_WEBHOOK_URL = 'https://hooks.offboard-demo.example/offboard';
export const DEMO_WEBHOOK_HOST = 'hooks.offboard-demo.example';
export const DEMO_WEBHOOK_SECRET_PROPERTY = 'DEMO_WEBHOOK_SECRET';
export const DEMO_WEBHOOK_SECRET = 'demo-webhook-secret';
/** The demo's Tasks row: the webhook task as a person would add it. */
export const DEMO_WEBHOOK_TASK = 'Notify IT Tickets';

export interface ReceivedWebhook {
  idempotencyKey: string;
  signatureOk: boolean;
  repeat: boolean;
  body: string;
}

export class DemoWebhookReceiver {
  readonly received: ReceivedWebhook[] = [];

  constructor(
    private readonly log: (message: string) => void,
    private readonly now: () => number = Date.now,
  ) {}

  readonly handle = (request: LocalRequest): LocalResponse => {
    const key = request.headers['idempotency-key'] ?? '';
    const signatureOk = this.verify(request.body, request.headers);
    const repeat = signatureOk && this.received.some((r) => r.signatureOk && r.idempotencyKey === key);
    this.received.push({ idempotencyKey: key, signatureOk, repeat, body: request.body });
    if (!signatureOk) {
      this.log(`refused a message with a bad signature (Idempotency-Key ${key})`);
      return { status: 401, body: 'bad signature' };
    }
    this.log(`${repeat ? 'repeat of' : 'received'} ${key}: ${request.body}`);
    return {
      status: 200,
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ ticket: `DEMO-${this.received.filter((r) => !r.repeat).length}`, repeat }),
    };
  };

  /** The README's Node check, word for word in substance: HMAC of "<timestamp>.<body>", five minutes. */
  private verify(rawBody: string, headers: Record<string, string>): boolean {
    const timestamp = headers['x-offboard-timestamp'] ?? '';
    const sent = headers['x-offboard-signature'] ?? '';
    if (!/^\d+$/.test(timestamp) || Math.abs(this.now() / 1000 - Number(timestamp)) > 300) return false;
    const hmac = createHmac('sha256', DEMO_WEBHOOK_SECRET).update(`${timestamp}.${rawBody}`, 'utf8');
    const expected = `sha256=${hmac.digest('hex')}`;
    return sent.length === expected.length && timingSafeEqual(Buffer.from(sent), Buffer.from(expected));
  }
}
