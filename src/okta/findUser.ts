// Finds the one Okta user an /offboard names, exactly, with one search whose values compare without regard
// to case (`profile.login eq "x" or profile.email eq "x"`, every page). Never by prefix (`q=`), never by
// `filter=` (its values compare case-sensitively: "Jane.Roe@Corp.com" would miss jane.roe@corp.com), and
// never a guess: live accounts are preferred to deactivated ones, and several live matches are refused.
// Okta's `filter` reads the most up-to-date data while `search` reads an index, so an account created or
// renamed seconds ago may not be found yet; for offboarding that trade is worth a case-insensitive match.

import { OffboardError } from '../errors';
import { oktaError, type OktaClient } from './client';
import { oktaCalls } from './requests';
import type { OktaUser } from './types';
import { OKTA_USER_STATUSES } from './types';

export type TargetQuery = { kind: 'email'; email: string } | { kind: 'login'; login: string };

export type FindTargetResult = { ok: true; user: OktaUser } | { ok: false; error: OffboardError };

/** Logins named in an error's detail; more are counted, not listed. */
const MAX_LOGINS_NAMED = 5;

export function findTarget(client: OktaClient, target: TargetQuery): FindTargetResult {
  const wanted = target.kind === 'email' ? target.email : target.login;
  const call =
    target.kind === 'email' ? oktaCalls.findUsersByLoginOrEmail(wanted) : oktaCalls.findUsersByLogin(wanted);
  const found = client.send<unknown>(call);
  if (!found.ok) return { ok: false, error: oktaError(found.error) };
  return matchTarget(found.body, target);
}

/** The one person a search's answer names (the same rules as findTarget), for lookups sent in bulk. */
export function matchTarget(body: unknown, target: TargetQuery): FindTargetResult {
  const wanted = target.kind === 'email' ? target.email : target.login;
  // Okta already matched; checking again keeps a loose match (or a fake) from picking someone else.
  const matches = (Array.isArray(body) ? body : [])
    .map(asUser)
    .filter((u): u is OktaUser => u !== null && matchesTarget(u, target));
  // A rehire: the deactivated account keeps the address as its login while the live one has it as email.
  const live = matches.filter((u) => u.status !== 'DEPROVISIONED');

  const [only] = live;
  if (live.length === 1 && only) return { ok: true, user: only };
  if (live.length > 1) {
    return {
      ok: false,
      error: new OffboardError(
        'TARGET_AMBIGUOUS',
        `${live.length} live Okta users match ${wanted}: ${loginList(live)}.`,
        { target: wanted, matches: live.length, logins: loginList(live) },
      ),
    };
  }
  if (matches.length > 0) {
    return {
      ok: false,
      error: new OffboardError(
        'TARGET_DEPROVISIONED',
        `Only deactivated Okta users match ${wanted}: ${loginList(matches)}.`,
        { target: wanted, matches: matches.length, logins: loginList(matches) },
      ),
    };
  }
  return {
    ok: false,
    error: new OffboardError('TARGET_NOT_FOUND', `No Okta user has the login or email ${wanted}.`, {
      target: wanted,
    }),
  };
}

function matchesTarget(user: OktaUser, target: TargetQuery): boolean {
  const same = (a: string | undefined, b: string): boolean =>
    a !== undefined && a.toLowerCase() === b.toLowerCase();
  if (target.kind === 'login') return same(user.profile.login, target.login);
  return same(user.profile.login, target.email) || same(user.profile.email, target.email);
}

function loginList(users: OktaUser[]): string {
  const named = users.slice(0, MAX_LOGINS_NAMED).map((u) => u.profile.login);
  const more = users.length - named.length;
  return named.join(', ') + (more > 0 ? ` and ${more} more` : '');
}

/** A user body from Okta, or null if it lacks what Offboard relies on. */
export function asUser(body: unknown): OktaUser | null {
  const u = body as Partial<OktaUser> | null;
  if (typeof u !== 'object' || u === null || typeof u.id !== 'string') return null;
  if (!OKTA_USER_STATUSES.includes(u.status as OktaUser['status'])) return null;
  if (typeof u.profile !== 'object' || u.profile === null || typeof u.profile.login !== 'string') return null;
  return u as OktaUser;
}
