// Reset Factors: remove every enrolled MFA factor, so a known password alone is not enough to get back in.

import { oktaCalls } from '../okta/requests';
import { plural, unexpectedAnswer, userCallFailed } from './outcomes';
import type { TaskContext, TaskDefinition, TaskSteps } from './types';

function* run(ctx: TaskContext): TaskSteps {
  const [listed] = yield [oktaCalls.listFactors(ctx.user.id)];
  if (!listed.ok) return userCallFailed(listed.error, ctx.user, 'list MFA factors');
  if (!Array.isArray(listed.body)) return unexpectedAnswer('listFactors');
  const count = listed.body.length;
  if (count === 0) return { kind: 'already_done', detail: 'No MFA factors enrolled.' };

  const [reset] = yield [oktaCalls.resetFactors(ctx.user.id)];
  if (!reset.ok) return userCallFailed(reset.error, ctx.user, 'reset MFA factors');
  return { kind: 'done', detail: `Reset ${plural(count, 'MFA factor')}.`, data: { factorsReset: count } };
}

export const resetFactorsTask: TaskDefinition = {
  id: 'reset_factors',
  label: 'Reset Factors',
  stage: 'revoke',
  description:
    'Remove all enrolled MFA factors. Deactivate also blocks sign-in, so a failure here need not stop the run.',
  defaultOrder: 4,
  defaultOnFailure: 'continue',
  run,
};
