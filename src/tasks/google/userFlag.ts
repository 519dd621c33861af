// Suspend Google Account and Hide from Directory: one users.update of one field, then the user read back.
// Done only when Google, read after the change, shows the field as wanted.

import { googleCall } from '../../google/call';
import { sendGoogle } from '../send';
import type { AnyTaskSteps, TaskContext, TaskOutcome } from '../types';
import {
  findGoogleAccount,
  googleFailed,
  googleMayHaveActed,
  googleUnexpected,
  googleUserOf,
  type GoogleUser,
} from './account';

export interface FlagChange {
  field: 'suspended' | 'includeInGlobalAddressList';
  value: boolean;
  /** "suspend the Google account" */
  doing: string;
  /** "suspended in Google" */
  shown: string;
}

function holds(user: GoogleUser, change: FlagChange): boolean {
  return user[change.field] === change.value;
}

export function* setUserFlag(ctx: TaskContext, change: FlagChange): AnyTaskSteps {
  const found = yield* findGoogleAccount(ctx, change.doing);
  if ('outcome' in found) return found.outcome;
  const before = found.user;
  if (holds(before, change)) {
    return {
      kind: 'already_done',
      detail: `Already ${change.shown} (read back) for ${before.primaryEmail}.`,
    };
  }

  const updated = yield* sendGoogle(
    googleCall({ method: 'users.update', userKey: before.id, patch: { [change.field]: change.value } }),
  );
  if (!updated.ok && !googleMayHaveActed(updated.error)) return googleFailed(updated.error, change.doing);

  // Verify: what Google shows now is the truth, whatever the answer said.
  const read = yield* sendGoogle(googleCall({ method: 'users.get', userKey: before.id }));
  if (!read.ok) {
    return googleFailed(read.error, `read the Google account back after trying to ${change.doing}`, {
      transient: true,
    });
  }
  const after = googleUserOf(read.body);
  if (!after) return googleUnexpected('users.get');
  if (holds(after, change)) {
    const lost = updated.ok
      ? ''
      : `; Google's answer was lost or failed (${updated.error.message}), and a re-read confirms it`;
    return { kind: 'done', detail: `${capital(change.shown)} (read back) for ${after.primaryEmail}${lost}.` };
  }
  const outcome: TaskOutcome = updated.ok
    ? {
        kind: 'failed',
        transient: true,
        code: 'GOOGLE_FAILED',
        message: `Google accepted the change but does not show ${after.primaryEmail} ${change.shown} yet; will check again.`,
      }
    : googleFailed(updated.error, change.doing);
  return outcome;
}

function capital(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
