// Sends webhook calls over HttpClient: checks each URL against the allow-list again, signs at send time
// with the secret from its Script Property, and keeps a short excerpt of each answer.

import type { Clock, Crypto, HttpClient, HttpRequest } from '../ports';
import type { WebhookCall, WebhookResult, WebhookSender } from './call';
import { IDEMPOTENCY_HEADER, SIGNATURE_HEADER, TIMESTAMP_HEADER, webhookSignature } from './sign';
import { checkWebhookUrl } from './target';

/** Characters of an answer kept for the run's record and the task's text. */
export const EXCERPT_CHARS = 200;

export interface WebhookSenderOptions {
  http: HttpClient;
  clock: Clock;
  crypto: Crypto;
  /** WEBHOOK_ALLOWED_HOSTS, parsed. */
  allowedHosts: readonly string[];
  /** The value of a Script Property a webhook row names, or null when it is unset or not allowed. */
  secret(propertyName: string): string | null;
}

export function httpWebhookSender(options: WebhookSenderOptions): WebhookSender {
  return {
    sendAll(calls) {
      const prepared = calls.map((call) => prepare(options, call));
      const requests = prepared.filter((p): p is HttpRequest => !('refused' in p));
      const responses = requests.length > 0 ? options.http.fetchAll(requests) : [];
      return prepared.map((p): WebhookResult => {
        if ('refused' in p) return p;
        const response = responses.shift()!; // one response per request sent, in order
        const result: WebhookResult = {
          system: 'webhook',
          status: response.status,
          excerpt: excerpt(response.body),
        };
        if (response.networkError !== undefined) result.networkError = response.networkError;
        return result;
      });
    },
  };
}

function prepare(options: WebhookSenderOptions, call: WebhookCall): HttpRequest | WebhookResult {
  const refused = (reason: string): WebhookResult => ({
    system: 'webhook',
    status: 0,
    excerpt: '',
    refused: reason,
  });
  const target = checkWebhookUrl(call.url, options.allowedHosts);
  if (!target.ok) return refused(target.reason);
  const secret = options.secret(call.secretProperty);
  if (secret === null) {
    return refused(`The Script Property ${call.secretProperty || '(none named)'} holds no webhook secret.`);
  }
  const timestamp = String(Math.floor(options.clock.now() / 1000));
  return {
    url: target.url,
    method: 'post',
    contentType: 'application/json',
    payload: call.body,
    headers: {
      [SIGNATURE_HEADER]: webhookSignature(options.crypto, secret, timestamp, call.body),
      [TIMESTAMP_HEADER]: timestamp,
      [IDEMPOTENCY_HEADER]: call.idempotencyKey,
    },
  };
}

/** The answer's start on one line: receivers may answer with a page of HTML. */
export function excerpt(body: string): string {
  const line = body.replace(/\s+/g, ' ').trim();
  return line.length > EXCERPT_CHARS ? `${line.slice(0, EXCERPT_CHARS - 1)}…` : line;
}
