// What a person can reach in Okta, read from listAssignedRolesForUser, listAppLinks and listUserGroups:
// shown on the confirmation card and kept with the run before anything is removed.

import type { OktaClient, OktaResult } from './client';
import { oktaCalls } from './requests';
import type { OktaAppLink, OktaGroup, OktaRole, OktaUser } from './types';

/** Profile sources whose next import may reactivate the account unless the source is disabled too. */
const OKTA_MASTERED = new Set(['OKTA', 'FEDERATION', 'SOCIAL']);

export interface RoleHeld {
  id: string;
  /** Okta's label, e.g. "Help Desk Administrator", or the type when unlabeled. */
  name: string;
  type: string;
  /** USER: assigned directly; GROUP: through a group. */
  assignmentType: string;
  /** For GROUP assignments: the group's id, from the assignee link. */
  groupId?: string;
}

/** A listAssignedRolesForUser body as roles, or null when it is not a list. */
export function rolesOf(body: unknown): RoleHeld[] | null {
  if (!Array.isArray(body)) return null;
  return body
    .filter((r): r is OktaRole => typeof r?.id === 'string' && typeof r?.type === 'string')
    .map((r) => {
      const role: RoleHeld = {
        id: r.id,
        name: typeof r.label === 'string' && r.label ? r.label : r.type,
        type: r.type,
        assignmentType: typeof r.assignmentType === 'string' ? r.assignmentType : 'USER',
      };
      const groupId = /\/groups\/([^/?#]+)/.exec(r._links?.assignee?.href ?? '')?.[1];
      if (role.assignmentType === 'GROUP' && groupId) role.groupId = decodeURIComponent(groupId);
      return role;
    });
}

export interface AppHeld {
  id: string;
  name: string;
}

/** A listAppLinks body as apps (one per app instance), or null when it is not a list. */
export function appsOf(body: unknown): AppHeld[] | null {
  if (!Array.isArray(body)) return null;
  const seen = new Map<string, AppHeld>();
  for (const link of body as OktaAppLink[]) {
    if (typeof link !== 'object' || link === null) continue;
    const id = link.appInstanceId ?? link.appName ?? link.label;
    if (typeof id !== 'string' || seen.has(id)) continue;
    seen.set(id, { id, name: link.label || link.appName || id });
  }
  return [...seen.values()];
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

export function groupName(group: OktaGroup): string {
  return group.profile?.name ?? group.id;
}

export interface ProfileSource {
  type: string;
  name: string;
  /** A directory or HR source masters the profile: its next import may reactivate the account. */
  external: boolean;
}

/** Where the profile is mastered, from credentials.provider; OKTA when Okta does not say. */
export function profileSource(user: OktaUser): ProfileSource {
  const provider = user.credentials?.provider;
  const type = typeof provider?.type === 'string' && provider.type ? provider.type : 'OKTA';
  const name = typeof provider?.name === 'string' && provider.name ? provider.name : type;
  return { type, name, external: !OKTA_MASTERED.has(type) };
}

/** What is at stake for one person, as the confirmation card shows it; null where Okta's answer failed. */
export interface AccessAtStake {
  roles: RoleHeld[] | null;
  apps: AppHeld[] | null;
  groups: OktaGroup[] | null;
  /** Why nothing was read, when Offboard chose not to ask. */
  notRead?: string;
}

/** What is at stake, left unread on purpose (e.g. no time left in Slack's 3 seconds). */
export function notRead(why: string): AccessAtStake {
  return { roles: null, apps: null, groups: null, notRead: why };
}

/** The Okta user an SSWS token acts as (GET /api/v1/users/me). */
export interface OktaSelf {
  id: string;
  login: string;
}

/** A getUser body as the API credential's own user, or null when it is not one. */
export function selfOf(body: unknown): OktaSelf | null {
  const u = body as Partial<OktaUser> | null;
  if (typeof u?.id !== 'string') return null;
  return { id: u.id, login: typeof u.profile?.login === 'string' ? u.profile.login : u.id };
}

/**
 * Roles, apps and groups in ONE parallel round (one sendAll), so the slash command stays within 3 s; with
 * `withSelf`, GET /users/me goes in the same round (`self`: null when it failed).
 */
export function readAccess(
  client: OktaClient,
  userId: string,
  opts: { withSelf?: boolean } = {},
): AccessAtStake & { self?: OktaSelf | null } {
  let results: OktaResult[];
  const calls = [
    oktaCalls.listRoles(userId),
    oktaCalls.listAppLinks(userId),
    oktaCalls.listUserGroups(userId),
  ];
  if (opts.withSelf) calls.push(oktaCalls.me());
  try {
    results = client.sendAll(calls);
  } catch {
    // Shown as "could not read"; protection (src/run/protection.ts) refuses what it could not check.
    return { roles: null, apps: null, groups: null, ...(opts.withSelf ? { self: null } : {}) };
  }
  const [roles, apps, groups, me] = results;
  const access: AccessAtStake & { self?: OktaSelf | null } = {
    roles: roles?.ok ? rolesOf(roles.body) : null,
    apps: apps?.ok ? appsOf(apps.body) : null,
    groups: groups?.ok ? groupsOf(groups.body) : null,
  };
  if (opts.withSelf) access.self = me?.ok ? selfOf(me.body) : null;
  return access;
}
