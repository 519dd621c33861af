// Suspend: block sign-in at once, reversibly. Okta suspends only ACTIVE users, so a refusal is checked
// against the user's live status to tell "already done" from "not applicable".

import { oktaCalls } from '../okta/requests';
import { statusOf, unexpectedAnswer, userCallFailed, who } from './outcomes';
import type { TaskContext, TaskDefinition, TaskSteps } from './types';

function* run(ctx: TaskContext): TaskSteps {
  const [suspended] = yield [oktaCalls.suspend(ctx.user.id)];
  if (suspended.ok) return { kind: 'done', detail: 'Suspended in Okta: sign-in is blocked.' };
  // Okta answers 400 E0000001 when the user is not ACTIVE; anything else is a real failure.
  if (suspended.error.code !== 'OKTA_INVALID') return userCallFailed(suspended.error, ctx.user, 'suspend');

  const [current] = yield [oktaCalls.getUser(ctx.user.id)];
  if (!current.ok)
    return userCallFailed(current.error, ctx.user, 'check the user after Okta refused to suspend');
  const status = statusOf(current.body);
  switch (status) {
    case 'SUSPENDED':
      return { kind: 'already_done', detail: 'Already suspended in Okta.' };
    case 'DEPROVISIONED':
      return { kind: 'already_done', detail: 'Already deactivated in Okta, which blocks sign-in.' };
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
    case 'ACTIVE':
      return {
        kind: 'failed',
        transient: false,
        code: 'OKTA_INVALID',
        message: `Okta refused to suspend the active user ${who(ctx.user)}: ${suspended.error.summary}`,
      };
    case null:
      return unexpectedAnswer('getUser');
  }
}

export const suspendTask: TaskDefinition = {
  id: 'suspend',
  label: 'Suspend',
  stage: 'contain',
  description: 'Suspend the Okta user so they can no longer sign in (reversible until Deactivate).',
  defaultOrder: 1,
  defaultOnFailure: 'pause',
  run,
};
