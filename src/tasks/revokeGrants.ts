// Revoke Grants: withdraw every OAuth consent the user gave to apps, so no app keeps acting for them.

import { oktaCalls } from '../okta/requests';
import { userCallFailed } from './outcomes';
import type { TaskContext, TaskDefinition, TaskSteps } from './types';

function* run(ctx: TaskContext): TaskSteps {
  const [revoked] = yield [oktaCalls.revokeGrants(ctx.user.id)];
  if (!revoked.ok) return userCallFailed(revoked.error, ctx.user, 'revoke grants');
  return { kind: 'done', detail: 'OAuth grants revoked.' };
}

export const revokeGrantsTask: TaskDefinition = {
  id: 'revoke_grants',
  label: 'Revoke Grants',
  stage: 'revoke',
  description: 'Revoke the OAuth grants the user consented to, so apps stop acting on their behalf.',
  defaultOrder: 3,
  defaultOnFailure: 'pause',
  run,
};
