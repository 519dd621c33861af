// Finds the one Okta user an /offboard names, exactly: by login first, then by email attribute. Never by
// prefix search, and never a guess when several people match.

import { OffboardError } from '../errors';
import { oktaError, type OktaClient } from './client';
import { oktaCalls } from './requests';
import type { OktaUser } from './types';
import { OKTA_USER_STATUSES } from './types';

export type TargetQuery = { kind: 'email'; email: string } | { kind: 'login'; login: string };

export type FindTargetResult = { ok: true; user: OktaUser } | { ok: false; error: OffboardError };

export function findTarget(client: OktaClient, target: TargetQuery): FindTargetResult {
  const wanted = target.kind === 'email' ? target.email : target.login;

  // Logins are usually emails, so an email is tried as a login first: one exact GET.
  const byLogin = client.send<unknown>(oktaCalls.getUser(wanted));
  if (byLogin.ok) {
    // getUser also accepts ids and login shortnames; only an exact login or email match counts.
    const user = asUser(byLogin.body);
    if (user && matches(user, target)) return { ok: true, user };
  } else if (byLogin.error.code !== 'OKTA_NOT_FOUND') {
    return { ok: false, error: oktaError(byLogin.error) };
  }
  if (target.kind === 'login') return notFound(wanted);

  const byEmail = client.send<unknown>(oktaCalls.findUsersByEmail(target.email));
  if (!byEmail.ok) return { ok: false, error: oktaError(byEmail.error) };
  const users = Array.isArray(byEmail.body)
    ? byEmail.body.map(asUser).filter((u): u is OktaUser => u !== null)
    : [];
  if (users.length === 0) return notFound(wanted);
  if (users.length > 1) {
    return {
      ok: false,
      error: new OffboardError(
        'TARGET_AMBIGUOUS',
        `${users.length} Okta users have the email ${wanted}; use the login of the one you mean.`,
        { target: wanted, matches: users.length },
      ),
    };
  }
  return { ok: true, user: users[0]! };
}

function matches(user: OktaUser, target: TargetQuery): boolean {
  const same = (a: string | undefined, b: string): boolean =>
    a !== undefined && a.toLowerCase() === b.toLowerCase();
  if (target.kind === 'login') return same(user.profile.login, target.login);
  return same(user.profile.login, target.email) || same(user.profile.email, target.email);
}

function notFound(wanted: string): FindTargetResult {
  return {
    ok: false,
    error: new OffboardError('TARGET_NOT_FOUND', `No Okta user has the login or email ${wanted}.`, {
      target: wanted,
    }),
  };
}

/** A user body from Okta, or null if it lacks what Offboard relies on. */
export function asUser(body: unknown): OktaUser | null {
  const u = body as Partial<OktaUser> | null;
  if (typeof u !== 'object' || u === null || typeof u.id !== 'string') return null;
  if (!OKTA_USER_STATUSES.includes(u.status as OktaUser['status'])) return null;
  if (typeof u.profile !== 'object' || u.profile === null || typeof u.profile.login !== 'string') return null;
  return u as OktaUser;
}
