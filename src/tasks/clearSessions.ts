// Clear Sessions: end every Okta session and revoke the OAuth tokens issued to the user.

import { oktaCalls } from '../okta/requests';
import { userCallFailed } from './outcomes';
import type { TaskContext, TaskDefinition, TaskSteps } from './types';

function* run(ctx: TaskContext): TaskSteps {
  // Okta cannot tell us whether there were sessions, so this is always "done"; running it twice is harmless.
  const [cleared] = yield [oktaCalls.clearSessions(ctx.user.id)];
  if (!cleared.ok) return userCallFailed(cleared.error, ctx.user, 'clear sessions');
  return { kind: 'done', detail: 'Sessions and OAuth tokens cleared.' };
}

export const clearSessionsTask: TaskDefinition = {
  id: 'clear_sessions',
  label: 'Clear Sessions',
  stage: 'contain',
  description: 'End all Okta sessions and revoke OAuth tokens, so signed-in devices lose access now.',
  defaultOrder: 2,
  defaultOnFailure: 'pause',
  run,
};
