// Deactivate: the last step, and irreversible in effect: Okta drops the person's app assignments, which
// reactivating does not restore. Done only when Okta, read back, shows DEPROVISIONED. The user is never
// deleted, so the record stays for audit.

import type { OktaFailure } from '../okta/client';
import { oktaCalls } from '../okta/requests';
import { accessBefore, withAccess } from './accessBefore';
import {
  failedWith,
  mayHaveActed,
  notWorthReading,
  statusOf,
  unexpectedAnswer,
  userCallFailed,
} from './outcomes';
import { send } from './send';
import type { TaskContext, TaskDefinition, TaskSteps } from './types';

/** Set in the run's record when a deactivation may have been carried out, so a later attempt knows it was ours. */
const SENT = 'deactivateSent';

function* run(ctx: TaskContext): TaskSteps {
  const before = yield* accessBefore(ctx);
  return withAccess(before, yield* deactivate(ctx));
}

function* deactivate(ctx: TaskContext): TaskSteps {
  const id = ctx.user.id;
  // Okta answers 404 to deactivating a DEPROVISIONED user, so look first.
  const current = yield* send(oktaCalls.getUser(id));
  if (!current.ok) return userCallFailed(current.error, ctx.user, 'check the user before deactivating');
  const status = statusOf(current.body);
  if (status === null) return unexpectedAnswer('getUser');
  if (status === 'DEPROVISIONED') {
    return ctx.runData[SENT] === true
      ? { kind: 'done', detail: 'Deactivated by this run; a re-read confirms DEPROVISIONED.' }
      : { kind: 'already_done', detail: 'Already deactivated in Okta (read back: DEPROVISIONED).' };
  }

  // Saved before the call: an execution that dies after it still knows the deactivation was this run's.
  ctx.record?.({ [SENT]: true });
  const deactivated = yield* send(oktaCalls.deactivate(id));
  if (!deactivated.ok && notWorthReading(deactivated.error)) {
    return failedWith(deactivated.error, `Could not deactivate: ${deactivated.error.summary}`, {
      data: { [SENT]: false },
    });
  }
  // A 404 here is what a retried deactivation gets when the first one's answer was lost.
  const sent =
    deactivated.ok || mayHaveActed(deactivated.error) || deactivated.error.code === 'OKTA_NOT_FOUND';

  const after = yield* send(oktaCalls.getUser(id));
  if (!after.ok) {
    if (after.error.code !== 'OKTA_NOT_FOUND' && sent) {
      return failedWith(
        after.error,
        `Deactivation sent, but reading the user back failed (${after.error.summary}); will check again.`,
        {
          transient: true,
          data: { [SENT]: true },
        },
      );
    }
    return {
      ...userCallFailed(after.error, ctx.user, 'check the user after deactivating'),
      data: { [SENT]: sent },
    };
  }
  const now = statusOf(after.body);
  if (now === null) return unexpectedAnswer('getUser');
  // A definite refusal clears the mark saved before the call: a later DEPROVISIONED is not this run's.
  const data = { statusBeforeDeactivate: status, [SENT]: sent };
  if (now === 'DEPROVISIONED') {
    const how = deactivated.ok
      ? 'Okta shows DEPROVISIONED (read back)'
      : `Okta's answer was lost or failed (${deactivated.error.summary}), and a re-read confirms DEPROVISIONED`;
    return {
      kind: 'done',
      detail: `Deactivated (was ${status}); ${how}. No admin notification email.`,
      data,
    };
  }
  const transitioning = (after.body as { transitioningToStatus?: unknown }).transitioningToStatus;
  if (transitioning === 'DEPROVISIONED') {
    return {
      kind: 'failed',
      transient: true,
      code: 'OKTA_SERVER',
      message: `Okta is still deactivating (shows ${now}, moving to DEPROVISIONED); will check again.`,
      data,
    };
  }
  if (deactivated.ok) {
    return {
      kind: 'failed',
      transient: true,
      code: 'OKTA_INVALID',
      message: `Okta accepted the deactivation but still shows ${now}; will check again.`,
      data,
    };
  }
  return stillActive(deactivated.error, now, data);
}

function stillActive(
  error: OktaFailure,
  status: string,
  data: Record<string, unknown>,
): ReturnType<typeof failedWith> {
  const transient = error.transient || error.code === 'OKTA_NOT_FOUND';
  return failedWith(
    error,
    `Could not deactivate: ${error.summary}. Okta still shows ${status} (read back).`,
    {
      transient,
      data,
    },
  );
}

export const deactivateTask: TaskDefinition = {
  id: 'deactivate',
  label: 'Deactivate',
  stage: 'finish',
  description:
    'Deactivate the Okta user (sendEmail=false: no admin notification). Irreversible in effect: app assignments are dropped.',
  defaultOrder: 7,
  defaultOnFailure: 'pause',
  run,
};
