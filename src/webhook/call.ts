// A call to a webhook as plain data, and its answer: what a webhook task yields and what it gets back.

/** One POST to a receiver. Signed by the sender at send time, so the secret never sits in a call. */
export interface WebhookCall {
  system: 'webhook';
  url: string;
  /** The Script Property holding the receiver's signing secret. */
  secretProperty: string;
  /** Run id and task: the same on every attempt, so the receiver can drop a repeat. */
  idempotencyKey: string;
  /** The JSON body, serialised once: the signature covers these exact bytes. */
  body: string;
}

/**
 * The receiver's answer. `status` 0: no HTTP answer (timeout, DNS, TLS), `networkError` says why; or the
 * call was refused before sending (`refused` names the configuration problem).
 */
export interface WebhookResult {
  system: 'webhook';
  status: number;
  /** The start of the answer's body, for the run's record. */
  excerpt: string;
  networkError?: string;
  refused?: string;
}

/** Sends webhook calls, in parallel, answering in the same order. Never throws. */
export interface WebhookSender {
  sendAll(calls: WebhookCall[]): WebhookResult[];
}

export function isWebhookCall(call: object): call is WebhookCall {
  return 'system' in call && call.system === 'webhook';
}
