// Protected accounts: who is never offboarded from Slack, decided before any card is shown. Pure: the
// facts come from the card's one Okta round (roles, groups, and the credential's own user).

import { groupName, type AccessAtStake, type OktaSelf } from '../okta/access';
import type { OktaUser } from '../okta/types';
import type { Role } from '../sheet/tabs';

export type ProtectionReason = 'api-account' | 'protected-group' | 'admin-role';

export type Protection =
  /** `needsApproval`: allowed only because the requester is an admin; the two-person rule must approve. */
  | { kind: 'allowed'; needsApproval?: 'admin-target' }
  /** `why` is plain text naming what protects the person. */
  | { kind: 'protected'; reason: ProtectionReason; why: string }
  /** Okta did not answer something protection depends on: refused, since it could not be checked. */
  | { kind: 'unchecked'; missing: string };

export interface ProtectionFacts {
  user: OktaUser;
  access: AccessAtStake;
  /**
   * The Okta user the API credential acts as: undefined in OAuth mode (a service app has no user behind
   * its token, so there is none to protect); null when the SSWS GET /users/me failed.
   */
  self: OktaSelf | null | undefined;
  /** Protected Okta Groups from the Settings tab. */
  protectedGroups: string[];
  requesterRole: Role;
}

/** Names shown before "and N more". */
const NAMES = 3;

function list(names: string[]): string {
  const shown = names.slice(0, NAMES).join(', ');
  return names.length > NAMES ? `${shown} and ${names.length - NAMES} more` : shown;
}

export function checkProtection(f: ProtectionFacts): Protection {
  if (f.self === null) return { kind: 'unchecked', missing: 'the Okta user Offboard’s API token acts as' };
  if (f.self && (f.self.id === f.user.id || same(f.self.login, f.user.profile.login))) {
    return {
      kind: 'protected',
      reason: 'api-account',
      why: 'it is the Okta account Offboard’s API token acts as; offboarding it would cut Offboard off from Okta',
    };
  }
  if (f.protectedGroups.length > 0) {
    if (f.access.groups === null) return { kind: 'unchecked', missing: 'their Okta groups' };
    const wanted = new Set(f.protectedGroups.map(key));
    const hits = f.access.groups.map(groupName).filter((name) => wanted.has(key(name)));
    if (hits.length > 0) {
      return {
        kind: 'protected',
        reason: 'protected-group',
        why: `they are a member of ${hits.length > 1 ? 'the Protected Okta Groups' : 'the Protected Okta Group'} ${list(hits)} (Settings tab)`,
      };
    }
  }
  if (f.access.roles === null) return { kind: 'unchecked', missing: 'their Okta admin roles' };
  if (f.access.roles.length > 0) {
    if (f.requesterRole === 'admin') return { kind: 'allowed', needsApproval: 'admin-target' };
    return {
      kind: 'protected',
      reason: 'admin-role',
      why: `they hold Okta admin roles (${list(f.access.roles.map((r) => r.name))}); only an Offboard admin may offboard an Okta admin, with a second person’s approval`,
    };
  }
  return { kind: 'allowed' };
}

function key(name: string): string {
  return name.trim().toLowerCase();
}

function same(a: string, b: string): boolean {
  return key(a) === key(b);
}
