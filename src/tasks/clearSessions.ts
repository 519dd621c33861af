// Clear Sessions: end the person's Okta sessions, revoke the OAuth tokens Okta issued to them and forget
// their remembered devices. Okta offers no read-back of a user's sessions, so the documented call's 2xx
// is the proof, and the cell says so. Sessions already open inside downstream apps are not ended.

import { oktaCalls } from '../okta/requests';
import { failedWith, mayHaveActed, userCallFailed } from './outcomes';
import { send } from './send';
import type { TaskContext, TaskDefinition, TaskSteps } from './types';

const DONE =
  "Okta sessions ended, Okta-issued OAuth tokens revoked, remembered devices forgotten; proof: Okta's 2xx (Okta offers no read-back of sessions). Sessions already open inside apps are not ended by Okta.";

function* run(ctx: TaskContext): TaskSteps {
  let cleared = yield* send(oktaCalls.clearSessions(ctx.user.id));
  // The call is idempotent: when its answer was lost or failed on Okta's side, sending it again is the
  // only way to know, since nothing can be read back.
  if (!cleared.ok && mayHaveActed(cleared.error)) {
    cleared = yield* send(oktaCalls.clearSessions(ctx.user.id));
    if (cleared.ok) return { kind: 'done', detail: `${DONE} (The first answer was lost; sent again.)` };
  }
  if (cleared.ok) return { kind: 'done', detail: DONE };
  if (cleared.error.code === 'OKTA_NOT_FOUND') {
    // Tell "the user is gone" from Okta's glitch by reading the user.
    const current = yield* send(oktaCalls.getUser(ctx.user.id));
    if (!current.ok) return userCallFailed(current.error, ctx.user, 'clear sessions');
    return failedWith(
      cleared.error,
      `Could not clear sessions: Okta answered ${cleared.error.summary} for a user it still has.`,
      {
        transient: true,
      },
    );
  }
  return failedWith(cleared.error, `Could not clear sessions: ${cleared.error.summary}`);
}

export const clearSessionsTask: TaskDefinition = {
  id: 'clear_sessions',
  label: 'Clear Sessions',
  stage: 'contain',
  description:
    'End Okta sessions, revoke Okta-issued OAuth tokens and forget remembered devices. Sessions already open inside apps stay until those apps end them.',
  defaultOrder: 2,
  defaultOnFailure: 'pause',
  run,
};
