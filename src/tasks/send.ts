// Sending Okta calls from inside a task: `yield* send(call)` for one, `yield* sendEach([...])` for several,
// so a task gets a result for each call it made, checked, rather than indexing an array of them.

import { OffboardError } from '../errors';
import type { GoogleCall, GoogleResult } from '../google/call';
import type { OktaResult } from '../okta/client';
import type { OktaCall } from '../okta/requests';
import type { WebhookCall, WebhookResult } from '../webhook/call';
import type { CallResult, Steps, TaskCall } from './types';

/** One result per call, typed by position: `[a, b]` gives `[OktaResult, OktaResult]`. */
export type ResultsOf<C extends readonly OktaCall[]> = { -readonly [K in keyof C]: OktaResult };

/**
 * Sends the calls together and returns their results in the same order. The driver answers each batch
 * with one result per call; a short answer would be a driver bug, so it ends the task as INTERNAL (the
 * driver turns a task's throw into a failed outcome) instead of handing the task an undefined result.
 */
export function* sendEach<const C extends readonly OktaCall[]>(calls: C): Steps<ResultsOf<C>> {
  const results = yield [...calls];
  if (results.length !== calls.length) {
    throw new OffboardError(
      'INTERNAL',
      `The task sent ${calls.length} Okta calls and got ${results.length} results back.`,
    );
  }
  // The length was checked just above: position k holds call k's result.
  return results as ResultsOf<C>;
}

/** Sends one call and returns its result. */
export function* send(call: OktaCall): Steps<OktaResult> {
  const [result] = yield* sendEach([call]);
  return result;
}

/** Sends one webhook call (through the driver's webhook sender) and returns the receiver's answer. */
export function* sendWebhook(call: WebhookCall): Steps<WebhookResult, TaskCall, CallResult> {
  const results = yield [call];
  const [result] = results;
  if (results.length !== 1 || result === undefined || !('system' in result) || result.system !== 'webhook') {
    throw new OffboardError(
      'INTERNAL',
      `The task sent a webhook call and got ${results.length} results back.`,
    );
  }
  return result;
}

/** Sends Google calls together (through the driver's Google sender) and returns their answers in order. */
export function* sendGoogleEach(calls: GoogleCall[]): Steps<GoogleResult[], TaskCall, CallResult> {
  if (calls.length === 0) return [];
  const results = yield [...calls];
  if (results.length !== calls.length || results.some((r) => !('system' in r) || r.system !== 'google')) {
    throw new OffboardError(
      'INTERNAL',
      `The task sent ${calls.length} Google calls and got ${results.length} results back.`,
    );
  }
  return results as GoogleResult[];
}

/** Sends one Google call and returns its answer. */
export function* sendGoogle(call: GoogleCall): Steps<GoogleResult, TaskCall, CallResult> {
  const [result] = yield* sendGoogleEach([call]);
  return result!;
}

/** Sends one Okta call from a task that also calls other systems (its results are of any system). */
export function* sendOktaAmong(call: OktaCall): Steps<OktaResult, TaskCall, CallResult> {
  const results = yield [call];
  const [result] = results;
  if (results.length !== 1 || result === undefined || 'system' in result) {
    throw new OffboardError('INTERNAL', `The task sent an Okta call and got ${results.length} results back.`);
  }
  return result;
}
