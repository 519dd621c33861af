// Undo during the grace period: unsuspend the person (Okta's unsuspendUser, only from SUSPENDED) and read
// them back. Done only when Okta shows ACTIVE. Not a task of the plan: a click runs it, once.

import type { OktaClient } from '../okta/client';
import { oktaCalls } from '../okta/requests';
import {
  failedWith,
  mayHaveActed,
  notWorthReading,
  statusOf,
  unexpectedAnswer,
  userCallFailed,
  who,
} from './outcomes';
import type { OktaUser } from '../okta/types';
import type { TaskOutcome } from './types';

/**
 * Unsuspends `user` when this run suspended them (`suspend` is the Suspend task's state). A person who
 * was already suspended before the run (already done), or was not suspended by it (skipped, failed), is
 * left as Okta shows them: undoing the run must not undo what someone else did.
 */
export function undoSuspend(client: OktaClient, user: OktaUser, suspend: string | undefined): TaskOutcome {
  if (suspend !== 'done') {
    return {
      kind: 'already_done',
      detail: `this run did not suspend ${who(user)} (Suspend: ${(suspend ?? 'not planned').replace('_', ' ')}), so Okta was left as it is.`,
    };
  }
  // POST .../lifecycle/unsuspend: "can only be performed on users that have a SUSPENDED status"
  // (Okta API reference, unsuspendUser); otherwise 400 E0000001.
  const sent = client.send(oktaCalls.unsuspend(user.id));
  if (!sent.ok && notWorthReading(sent.error)) {
    return failedWith(sent.error, `Could not unsuspend: ${sent.error.summary}`);
  }
  const current = client.send(oktaCalls.getUser(user.id));
  if (!current.ok) return userCallFailed(current.error, user, 'read the user back after unsuspending');
  const status = statusOf(current.body);
  if (status === null) return unexpectedAnswer('getUser');
  if (status === 'ACTIVE') {
    if (sent.ok) return { kind: 'done', detail: 'unsuspended; Okta shows ACTIVE (read back).' };
    return mayHaveActed(sent.error)
      ? {
          kind: 'done',
          detail: `unsuspended; Okta's answer was lost or failed (${sent.error.summary}), and a re-read shows ACTIVE.`,
        }
      : { kind: 'already_done', detail: 'Okta already shows ACTIVE (read back).' };
  }
  if (status === 'DEPROVISIONED') {
    return {
      kind: 'failed',
      transient: false,
      code: 'OKTA_INVALID',
      message: `Okta shows ${who(user)} DEPROVISIONED (deactivated outside this run): Offboard cannot undo that; reactivate the person in Okta.`,
    };
  }
  if (sent.ok) {
    return {
      kind: 'failed',
      transient: true,
      code: 'OKTA_INVALID',
      message: `Okta accepted the unsuspend but still shows ${status} (read back).`,
    };
  }
  return failedWith(
    sent.error,
    `Could not unsuspend: ${sent.error.summary}. Okta shows ${status} (read back).`,
  );
}
