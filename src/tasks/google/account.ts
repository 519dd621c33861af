// What every Google Workspace task shares: finding the person's Google account from their Okta login or
// email, and phrasing Google's refusals the same way.

import type { ErrorCode } from '../../errors';
import { googleCall, type GoogleFailure } from '../../google/call';
import { sendGoogle } from '../send';
import type { CallResult, Steps, TaskCall, TaskContext, TaskOutcome } from '../types';

/** The fields of a Directory API User resource the tasks read. */
export interface GoogleUser {
  id: string;
  primaryEmail: string;
  suspended: boolean;
  includeInGlobalAddressList: boolean;
}

/** A users.get body as a GoogleUser, or null when it is not one. */
export function googleUserOf(body: unknown): GoogleUser | null {
  const u = body as Partial<GoogleUser> | null;
  if (!u || typeof u.id !== 'string' || typeof u.primaryEmail !== 'string') return null;
  return {
    id: u.id,
    primaryEmail: u.primaryEmail,
    suspended: u.suspended === true,
    // Absent means the default: listed (Directory API, User.includeInGlobalAddressList).
    includeInGlobalAddressList: u.includeInGlobalAddressList !== false,
  };
}

/** The addresses to try: the Okta email, then the login when it differs and is an address. */
export function googleKeys(ctx: TaskContext): string[] {
  const keys = [ctx.user.profile.email, ctx.user.profile.login]
    .map((k) => (k ?? '').trim().toLowerCase())
    .filter((k) => k.includes('@'));
  return [...new Set(keys)];
}

export type Found = { user: GoogleUser } | { outcome: TaskOutcome };

/**
 * The person's Google account, by email then login. Google answers 404 for an address it does not know
 * (Directory API, users.get): when every address is unknown the task is skipped, naming them.
 */
export function* findGoogleAccount(ctx: TaskContext, doing: string): Steps<Found, TaskCall, CallResult> {
  const keys = googleKeys(ctx);
  for (const key of keys) {
    const got = yield* sendGoogle(googleCall({ method: 'users.get', userKey: key }));
    if (got.ok) {
      const user = googleUserOf(got.body);
      return user ? { user } : { outcome: googleUnexpected('users.get') };
    }
    if (got.error.status !== 404) return { outcome: googleFailed(got.error, doing) };
  }
  return {
    outcome: {
      kind: 'skipped',
      reason: `skipped: no Google account (tried ${keys.length > 0 ? keys.join(', ') : 'no address: the Okta profile has none'}).`,
    },
  };
}

export function googleErrorCode(error: GoogleFailure): ErrorCode {
  if (error.serviceOff) return 'GOOGLE_SERVICE_OFF';
  if (error.status === 403 || error.status === 401) return 'GOOGLE_FORBIDDEN';
  return 'GOOGLE_FAILED';
}

/** Google's error as a failed outcome, with what to do about a refusal. */
export function googleFailed(
  error: GoogleFailure,
  doing: string,
  extra: { transient?: boolean } = {},
): TaskOutcome {
  const said =
    error.status > 0
      ? `Google answered ${error.status}${error.reason ? ` ${error.reason}` : ''}: ${error.message}`
      : error.message;
  const hint =
    error.status === 403
      ? ' The admin who deployed Offboard needs the Admin console privilege and the scope this task uses (README, Google Workspace tasks).'
      : '';
  return {
    kind: 'failed',
    transient: extra.transient ?? error.transient,
    code: googleErrorCode(error),
    message: `Could not ${doing}: ${said}.${hint}`,
  };
}

export function googleUnexpected(method: string): TaskOutcome {
  return {
    kind: 'failed',
    transient: false,
    code: 'GOOGLE_FAILED',
    message: `Google's answer to ${method} was not understood.`,
  };
}

/** Google may have acted on a write whose answer says otherwise (no answer, 5xx): only a read can tell. */
export function googleMayHaveActed(error: GoogleFailure): boolean {
  return error.status === 0 || error.status >= 500;
}
