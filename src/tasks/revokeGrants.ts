// Revoke Grants: withdraw every OAuth consent the person gave to apps, so no app keeps acting for them.
// Done only when Okta, read back after the call (listUserGrants), lists no grant.

import { oktaCalls } from '../okta/requests';
import { accessBefore, withAccess } from './accessBefore';
import {
  failedWith,
  mayHaveActed,
  notWorthReading,
  plural,
  unexpectedAnswer,
  userCallFailed,
} from './outcomes';
import { send } from './send';
import type { TaskContext, TaskDefinition, TaskSteps } from './types';

function* run(ctx: TaskContext): TaskSteps {
  const before = yield* accessBefore(ctx);
  return withAccess(before, yield* revoke(ctx));
}

function* revoke(ctx: TaskContext): TaskSteps {
  const id = ctx.user.id;
  const revoked = yield* send(oktaCalls.revokeGrants(id));
  if (!revoked.ok && notWorthReading(revoked.error)) {
    return failedWith(revoked.error, `Could not revoke grants: ${revoked.error.summary}`);
  }
  const listed = yield* send(oktaCalls.listGrants(id));
  if (!listed.ok) {
    if (revoked.ok && listed.error.code !== 'OKTA_NOT_FOUND') {
      return failedWith(
        listed.error,
        `Grants revoked, but listing them to verify failed (${listed.error.summary}); will check again.`,
        {
          transient: true,
        },
      );
    }
    return userCallFailed(listed.error, ctx.user, 'list OAuth grants');
  }
  if (!Array.isArray(listed.body)) return unexpectedAnswer('listUserGrants');
  const left = listed.body.length;

  if (left === 0) {
    if (revoked.ok) return { kind: 'done', detail: 'OAuth grants revoked; Okta lists none now (read back).' };
    if (mayHaveActed(revoked.error)) {
      return {
        kind: 'done',
        detail: `OAuth grants revoked; Okta's answer was lost or failed (${revoked.error.summary}), and a re-read lists none.`,
      };
    }
    return {
      kind: 'already_done',
      detail: `No OAuth grants to revoke: Okta lists none (read back; Okta had answered ${revoked.error.summary}).`,
    };
  }
  if (revoked.ok) {
    return {
      kind: 'failed',
      transient: true,
      code: 'OKTA_INVALID',
      message: `Okta accepted the revoke but still lists ${plural(left, 'grant')}; will try again.`,
    };
  }
  return failedWith(
    revoked.error,
    `Could not revoke grants: ${revoked.error.summary}. Okta still lists ${plural(left, 'grant')} (read back).`,
    {
      transient: revoked.error.transient || revoked.error.code === 'OKTA_NOT_FOUND',
    },
  );
}

export const revokeGrantsTask: TaskDefinition = {
  id: 'revoke_grants',
  label: 'Revoke Grants',
  stage: 'revoke',
  description: 'Revoke the OAuth grants the user consented to, so apps stop acting on their behalf.',
  defaultOrder: 4,
  defaultOnFailure: 'pause',
  run,
};
