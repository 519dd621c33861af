// Undo during the grace period: unsuspend the person (Okta's unsuspendUser, only from SUSPENDED) and read
// them back. Done only when Okta shows ACTIVE. Not a task of the plan: a click runs it, once, or the worker
// for a batch's Undo everyone.

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
import { driveTasks } from './drive';
import { send } from './send';
import type { TaskDefinition, TaskOutcome, TaskSteps } from './types';

/**
 * Unsuspends `user` when this run suspended them (`suspend` is the Suspend task's state). A person who
 * was already suspended before the run (already done), or was not suspended by it (skipped, failed), is
 * left as Okta shows them: undoing the run must not undo what someone else did.
 */
export function undoSuspend(client: OktaClient, user: OktaUser, suspend: string | undefined): TaskOutcome {
  return driveTasks(client, [{ task: undoSuspendTask(suspend), ctx: { user, runData: {} } }])[0]!; // one job, one outcome
}

/**
 * The same as a task the driver runs: many people's Undo (a batch's Undo everyone) go through one driver,
 * their calls sent together within the client's in-flight cap and paced by Okta's headers.
 */
export function undoSuspendTask(suspend: string | undefined): TaskDefinition {
  return {
    id: 'suspend',
    label: 'Undo',
    stage: 'contain',
    description: 'Unsuspend the Okta user this run suspended, and read them back.',
    defaultOrder: 0,
    defaultOnFailure: 'pause',
    run: (ctx) => undo(ctx.user, suspend),
  };
}

function* undo(user: OktaUser, suspend: string | undefined): TaskSteps {
  if (suspend !== 'done') {
    return {
      kind: 'already_done',
      detail: `this run did not suspend ${who(user)} (Suspend: ${(suspend ?? 'not planned').replace('_', ' ')}), so Okta was left as it is.`,
    };
  }
  // POST .../lifecycle/unsuspend: "can only be performed on users that have a SUSPENDED status"
  // (Okta API reference, unsuspendUser); otherwise 400 E0000001.
  const sent = yield* send(oktaCalls.unsuspend(user.id));
  if (!sent.ok && notWorthReading(sent.error)) {
    return failedWith(sent.error, `Could not unsuspend: ${sent.error.summary}`);
  }
  const current = yield* send(oktaCalls.getUser(user.id));
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
