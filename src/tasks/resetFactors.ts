// Reset Factors: remove every enrolled MFA factor, so a known password alone is not enough to get back in.
// Always sends reset_factors: listFactors shows only the factors of the highest-priority enrollment
// policy in the admin's context (Okta API reference, listFactors), so an empty list proves nothing before
// the reset. After it, the list is read back as the best proof Okta offers, and the cell says so.

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
  return withAccess(before, yield* reset(ctx));
}

function* reset(ctx: TaskContext): TaskSteps {
  const id = ctx.user.id;
  let reset = yield* send(oktaCalls.resetFactors(id));
  let resent = false;
  // The reset is idempotent, and an empty list cannot prove it happened: send it again.
  if (!reset.ok && mayHaveActed(reset.error)) {
    reset = yield* send(oktaCalls.resetFactors(id));
    resent = true;
  }
  if (!reset.ok) {
    if (reset.error.code === 'OKTA_NOT_FOUND') {
      const current = yield* send(oktaCalls.getUser(id));
      if (!current.ok) return userCallFailed(current.error, ctx.user, 'reset MFA factors');
      return failedWith(
        reset.error,
        `Could not reset MFA factors: Okta answered ${reset.error.summary} for a user it still has.`,
        {
          transient: true,
        },
      );
    }
    const why = notWorthReading(reset.error) ? '' : ' Factors may still be enrolled.';
    return failedWith(reset.error, `Could not reset MFA factors: ${reset.error.summary}.${why}`);
  }

  const listed = yield* send(oktaCalls.listFactors(id));
  if (!listed.ok) {
    return failedWith(
      listed.error,
      `Factors reset, but listing them to verify failed (${listed.error.summary}); will check again.`,
      {
        transient: listed.error.code !== 'OKTA_NOT_FOUND',
      },
    );
  }
  if (!Array.isArray(listed.body)) return unexpectedAnswer('listFactors');
  if (listed.body.length > 0) {
    return {
      kind: 'failed',
      transient: true,
      code: 'OKTA_INVALID',
      message: `Okta accepted reset_factors but still lists ${plural(listed.body.length, 'factor')}; will try again.`,
    };
  }
  const again = resent ? ' (The first answer was lost; sent again.)' : '';
  return {
    kind: 'done',
    detail: `Factors reset; Okta lists none now (read back; Okta lists only what the enrollment policy shows an admin).${again}`,
  };
}

export const resetFactorsTask: TaskDefinition = {
  id: 'reset_factors',
  label: 'Reset Factors',
  stage: 'revoke',
  description:
    'Reset all enrolled MFA factors (always sent: an empty factor list proves nothing). Deactivate also blocks sign-in, so a failure here need not stop the run.',
  defaultOrder: 5,
  defaultOnFailure: 'continue',
  run,
};
