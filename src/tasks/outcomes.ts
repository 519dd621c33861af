// Small helpers every task uses to read Okta's answers and to phrase outcomes the same way.

import type { OktaFailure } from '../okta/client';
import type { OktaGroup, OktaUser, OktaUserStatus } from '../okta/types';
import { OKTA_USER_STATUSES } from '../okta/types';
import type { TaskOutcome } from './types';

/** Who the target is, in messages: login and id, so a reader can find them in Okta. */
export function who(user: OktaUser): string {
  return `${user.profile.login} (${user.id})`;
}

/**
 * A failed call about the target user. A 404 there means the user was deleted in Okta since the run
 * started: retrying cannot help, so it is permanent whatever else is going on.
 */
export function userCallFailed(failure: OktaFailure, user: OktaUser, doing: string): TaskOutcome {
  if (failure.code === 'OKTA_NOT_FOUND') {
    return {
      kind: 'failed',
      transient: false,
      code: 'TARGET_NOT_FOUND',
      message: `The Okta user ${who(user)} no longer exists, so could not ${doing}.`,
    };
  }
  return {
    kind: 'failed',
    transient: failure.transient,
    code: failure.code,
    message: `Could not ${doing}: ${failure.summary}`,
    ...(failure.retryAt !== undefined ? { retryAt: failure.retryAt } : {}),
  };
}

/** Okta answered 2xx with something that is not what the spec promises. */
export function unexpectedAnswer(what: string): TaskOutcome {
  return {
    kind: 'failed',
    transient: false,
    code: 'OKTA_INVALID',
    message: `Okta's answer to ${what} was not understood.`,
  };
}

/** The live status of a user from a getUser body, or null when the body is not a user. */
export function statusOf(body: unknown): OktaUserStatus | null {
  const status = (body as { status?: unknown } | null)?.status;
  return OKTA_USER_STATUSES.includes(status as OktaUserStatus) ? (status as OktaUserStatus) : null;
}

/** A listUserGroups body, keeping only well-formed groups. */
export function groupsOf(body: unknown): OktaGroup[] | null {
  if (!Array.isArray(body)) return null;
  return body.filter(
    (g): g is OktaGroup =>
      typeof g === 'object' &&
      g !== null &&
      typeof (g as OktaGroup).id === 'string' &&
      typeof (g as OktaGroup).type === 'string',
  );
}

export function plural(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}
