// Button values carry what the click is about, signed, so a forged, edited or replayed click cannot act
// on another run, another task or an older pause.

import type { Crypto } from '../ports';
import { OffboardError } from '../errors';
import { constantTimeEqual } from '../slack/verify';

export type ButtonAction =
  | 'confirm'
  | 'cancel'
  | 'retry'
  | 'skip'
  | 'abort'
  | 'approve'
  | 'deny'
  | 'undo'
  | 'continue'
  /** A batch's card and channel message: the claim's runId is the batch id. */
  | 'confirm_batch'
  | 'cancel_batch'
  | 'abort_batch'
  | 'approve_batch'
  | 'deny_batch'
  | 'continue_batch'
  | 'undo_batch';

export const BUTTON_ACTIONS: readonly ButtonAction[] = [
  'confirm',
  'cancel',
  'retry',
  'skip',
  'abort',
  'approve',
  'deny',
  'undo',
  'continue',
  'confirm_batch',
  'cancel_batch',
  'abort_batch',
  'approve_batch',
  'deny_batch',
  'continue_batch',
  'undo_batch',
];

/** Whether a claim is about a batch (its runId is then a batch id). */
export function isBatchAction(
  action: ButtonAction,
): action is
  | 'confirm_batch'
  | 'cancel_batch'
  | 'abort_batch'
  | 'approve_batch'
  | 'deny_batch'
  | 'continue_batch'
  | 'undo_batch' {
  return (
    action === 'continue_batch' ||
    action === 'undo_batch' ||
    action === 'confirm_batch' ||
    action === 'cancel_batch' ||
    action === 'abort_batch' ||
    action === 'approve_batch' ||
    action === 'deny_batch'
  );
}

export interface ButtonClaim {
  action: ButtonAction;
  runId: string;
  /** The paused task a Retry/Skip is about; '' otherwise. */
  taskId: string;
  /** The run's pause sequence when the button was drawn. */
  pauseSeq: number;
  /** Epoch seconds after which the button no longer works; 0 for never. */
  expiresAt: number;
}

const VERSION = 'v1';
const SIG_HEX = 32;

export function signButton(crypto: Crypto, secret: string, claim: ButtonClaim): string {
  const body = [VERSION, claim.action, claim.runId, claim.taskId, claim.pauseSeq, claim.expiresAt].join('|');
  return `${body}|${crypto.hmacSha256Hex(secret, body).slice(0, SIG_HEX)}`;
}

/**
 * The claim in a clicked button's value, when its signature holds and it has not expired.
 * Throws CLICK_FORGED or CLICK_EXPIRED.
 */
export function verifyButton(crypto: Crypto, secret: string, value: string, nowMs: number): ButtonClaim {
  const parts = (value ?? '').split('|');
  if (parts.length !== 7 || parts[0] !== VERSION) throw forged();
  const [, action, runId, taskId, seq, expires, sig] = parts as [
    string,
    string,
    string,
    string,
    string,
    string,
    string,
  ];
  const body = parts.slice(0, 6).join('|');
  const expected = crypto.hmacSha256Hex(secret, body).slice(0, SIG_HEX);
  if (!constantTimeEqual(expected, sig)) throw forged();
  if (!(BUTTON_ACTIONS as readonly string[]).includes(action)) throw forged();
  const claim: ButtonClaim = {
    action: action as ButtonAction,
    runId,
    taskId,
    pauseSeq: Number(seq),
    expiresAt: Number(expires),
  };
  if (!Number.isFinite(claim.pauseSeq) || !Number.isFinite(claim.expiresAt)) throw forged();
  if (claim.expiresAt > 0 && nowMs > claim.expiresAt * 1000) {
    throw new OffboardError('CLICK_EXPIRED', 'This button has expired.', { runId });
  }
  return claim;
}

function forged(): OffboardError {
  return new OffboardError('CLICK_FORGED', 'This button could not be verified.');
}
