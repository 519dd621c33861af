// Suspend: block sign-in at once, reversibly. Done only when Okta, read back after the call, shows the
// user SUSPENDED (or DEPROVISIONED). A refusal or an uncertain answer is resolved by that same read.

import type { OktaFailure } from '../okta/client';
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
import { send } from './send';
import type { TaskContext, TaskDefinition, TaskOutcome, TaskSteps } from './types';

/** Set in the run's record when a suspend may have been carried out, so a later attempt knows it was ours. */
const SENT = 'suspendSent';

function* run(ctx: TaskContext): TaskSteps {
  const suspended = yield* send(oktaCalls.suspend(ctx.user.id));
  if (!suspended.ok && notWorthReading(suspended.error)) {
    return failedWith(suspended.error, `Could not suspend: ${suspended.error.summary}`);
  }
  const sent = suspended.ok || mayHaveActed(suspended.error) || ctx.runData[SENT] === true;

  const current = yield* send(oktaCalls.getUser(ctx.user.id));
  if (!current.ok) {
    if (current.error.code !== 'OKTA_NOT_FOUND' && sent) {
      return failedWith(
        current.error,
        `Suspend sent, but reading the user back failed (${current.error.summary}); will check again.`,
        { transient: true, data: { [SENT]: true } },
      );
    }
    return userCallFailed(current.error, ctx.user, 'check the user after suspending');
  }
  const status = statusOf(current.body);
  if (status === null) return unexpectedAnswer('getUser');

  if (status === 'SUSPENDED' || status === 'DEPROVISIONED') {
    if (suspended.ok) return { kind: 'done', detail: `Suspended; Okta shows ${status} (read back).` };
    if (sent) {
      return {
        kind: 'done',
        detail: `Suspended by this run; Okta's answer was lost or failed (${suspended.error.summary}), and a re-read confirms ${status}.`,
      };
    }
    return status === 'SUSPENDED'
      ? { kind: 'already_done', detail: 'Already suspended in Okta (read back: SUSPENDED).' }
      : { kind: 'already_done', detail: 'Already deactivated in Okta, which blocks sign-in (read back).' };
  }

  if (suspended.ok) {
    return {
      kind: 'failed',
      transient: true,
      code: 'OKTA_INVALID',
      message: `Okta accepted the suspend but still shows ${status}; will check again.`,
      data: { [SENT]: true },
    };
  }
  if (suspended.error.code === 'OKTA_INVALID') return notSuspendable(ctx, status, suspended.error);
  return stillNotSuspended(suspended.error, status, sent);
}

/** Okta answered 400: it suspends only ACTIVE users. What that means depends on the live status. */
function notSuspendable(ctx: TaskContext, status: string, error: OktaFailure): TaskOutcome {
  switch (status) {
    case 'STAGED':
    case 'PROVISIONED':
      // Never activated: no password to sign in with, but a pending activation link could still work.
      return {
        kind: 'skipped',
        reason: `Not suspended: ${who(ctx.user)} was never activated (${status}), and Okta suspends only active users. Deactivate will close the pending activation.`,
      };
    case 'LOCKED_OUT':
    case 'PASSWORD_EXPIRED':
    case 'RECOVERY':
      // These users can get back in (unlock, password change, recovery link) until deactivated.
      return {
        kind: 'skipped',
        reason: `Not suspended: Okta suspends only active users and ${who(ctx.user)} is ${status}. Clear Sessions and Deactivate still cut access.`,
      };
    default:
      return {
        kind: 'failed',
        transient: false,
        code: 'OKTA_INVALID',
        message: `Okta refused to suspend the ${status} user ${who(ctx.user)}: ${error.summary}`,
      };
  }
}

/** The call failed (403, 404, 5xx, no answer) and a re-read shows the user still not suspended. */
function stillNotSuspended(error: OktaFailure, status: string, sent: boolean): TaskOutcome {
  // A 404 for a user Okta still has is Okta's glitch: worth another try.
  const transient = error.transient || error.code === 'OKTA_NOT_FOUND';
  return failedWith(error, `Could not suspend: ${error.summary}. Okta still shows ${status} (read back).`, {
    transient,
    ...(sent ? { data: { [SENT]: true } } : {}),
  });
}

export const suspendTask: TaskDefinition = {
  id: 'suspend',
  label: 'Suspend',
  stage: 'contain',
  description: 'Suspend the Okta user so they can no longer sign in (reversible: Okta can unsuspend).',
  defaultOrder: 1,
  defaultOnFailure: 'pause',
  run,
};
