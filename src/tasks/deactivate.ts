// Deactivate: the last step. Okta drops the user's app assignments; the user is never deleted, so the
// record stays for audit.

import { oktaCalls } from '../okta/requests';
import { statusOf, unexpectedAnswer, userCallFailed } from './outcomes';
import type { TaskContext, TaskDefinition, TaskSteps } from './types';

function* run(ctx: TaskContext): TaskSteps {
  // Okta refuses to deactivate a DEPROVISIONED user, so look first.
  const [current] = yield [oktaCalls.getUser(ctx.user.id)];
  if (!current.ok) return userCallFailed(current.error, ctx.user, 'check the user before deactivating');
  const status = statusOf(current.body);
  if (status === null) return unexpectedAnswer('getUser');
  if (status === 'DEPROVISIONED') return { kind: 'already_done', detail: 'Already deactivated in Okta.' };

  const [deactivated] = yield [oktaCalls.deactivate(ctx.user.id)];
  if (!deactivated.ok) return userCallFailed(deactivated.error, ctx.user, 'deactivate');
  return {
    kind: 'done',
    detail: `Deactivated in Okta (was ${status}; no email sent).`,
    data: { statusBeforeDeactivate: status },
  };
}

export const deactivateTask: TaskDefinition = {
  id: 'deactivate',
  label: 'Deactivate',
  stage: 'finish',
  description:
    'Deactivate the Okta user (no email to them). Irreversible in effect: app assignments are dropped.',
  defaultOrder: 6,
  defaultOnFailure: 'pause',
  run,
};
