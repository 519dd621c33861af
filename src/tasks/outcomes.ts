// Small helpers every task uses to read Okta's answers and to phrase outcomes the same way.

import type { OktaFailure } from '../okta/client';
import type { OktaUser, OktaUserStatus } from '../okta/types';
import { OKTA_USER_STATUSES } from '../okta/types';
import type { TaskOutcome } from './types';

export { groupsOf } from '../okta/access';

/** Names kept in the run's record per list; the full list goes to the outcome's details. */
export const MAX_NAMES_KEPT = 20;
/** One name in the run's record is cut to this many characters. */
const MAX_NAME_CHARS = 80;

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

/**
 * Okta may have carried out a write whose answer says otherwise: no answer came back (timeout, reset
 * connection) or Okta failed on its side (5xx) after acting. Only a read of the state can tell.
 */
export function mayHaveActed(failure: OktaFailure): boolean {
  return failure.uncertain === true || failure.status === 0 || failure.status >= 500;
}

/** A failed outcome carrying the failure's code, transience and retry time, with our own message. */
export function failedWith(
  failure: OktaFailure,
  message: string,
  extra: { transient?: boolean; data?: Record<string, unknown> } = {},
): TaskOutcome {
  const outcome: TaskOutcome = {
    kind: 'failed',
    transient: extra.transient ?? failure.transient,
    code: failure.code,
    message,
  };
  if (failure.retryAt !== undefined) outcome.retryAt = failure.retryAt;
  if (extra.data) outcome.data = extra.data;
  return outcome;
}

/** Okta did not act and a read cannot change that: the rate limit (with its retry time) or a bad token. */
export function notWorthReading(failure: OktaFailure): boolean {
  return failure.code === 'OKTA_RATE_LIMITED' || failure.code === 'OKTA_UNAUTHORIZED';
}

/** "a, b, c and 4 more": a list of names for one line of text. */
export function nameList(names: string[], max = 5): string {
  if (names.length <= max) return names.join(', ');
  return `${names.slice(0, max).join(', ')} and ${names.length - max} more`;
}

/** A bounded list for the run's record: the count, and at most MAX_NAMES_KEPT names, each cut short. */
export function keptNames(names: string[]): { count: number; names: string[] } {
  return {
    count: names.length,
    names: names
      .slice(0, MAX_NAMES_KEPT)
      .map((n) => (n.length > MAX_NAME_CHARS ? `${n.slice(0, MAX_NAME_CHARS - 1)}…` : n)),
  };
}

export function plural(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}
