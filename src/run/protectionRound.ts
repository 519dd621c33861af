// The protection round, as the card and a scheduled start ask it: one parallel Okta round (roles, apps,
// groups and, with an SSWS token whose user is not cached yet, GET /users/me), then the pure check.

import { readCache, writeCache } from '../cache';
import { notRead, readAccess, type AccessAtStake, type OktaSelf } from '../okta/access';
import type { OktaClient } from '../okta/client';
import type { OktaUser } from '../okta/types';
import type { Cache } from '../ports';
import type { Role } from '../sheet/tabs';
import { checkProtection, type Protection } from './protection';

export interface ProtectionRoundInput {
  user: OktaUser;
  /** An SSWS token acts as an Okta user (protected); an OAuth service app has no user behind it. */
  ssws: boolean;
  /** Protected Okta Groups from the Settings tab. */
  protectedGroups: string[];
  requesterRole: Role;
  /** Set when there is no time left to ask Okta: nothing is read, so protection comes out unchecked. */
  notReadBecause?: string;
}

export interface ProtectionRound {
  access: AccessAtStake & { self?: OktaSelf | null };
  protection: Protection;
}

export function protectionRound(
  okta: OktaClient,
  cache: Cache,
  input: ProtectionRoundInput,
): ProtectionRound {
  const cachedSelf = input.ssws ? cachedOktaSelf(cache) : null;
  const access: ProtectionRound['access'] =
    input.notReadBecause !== undefined
      ? notRead(input.notReadBecause)
      : readAccess(okta, input.user.id, { withSelf: input.ssws && !cachedSelf });
  let self: OktaSelf | null | undefined = undefined;
  if (input.ssws) {
    self = cachedSelf ?? access.self ?? null;
    if (!cachedSelf && self) writeCache(cache, 'oktaSelf', self);
  }
  const protection = checkProtection({
    user: input.user,
    access,
    self,
    protectedGroups: input.protectedGroups,
    requesterRole: input.requesterRole,
  });
  return { access, protection };
}

/** The Okta user the SSWS token acts as, when cached. */
export function cachedOktaSelf(cache: Cache): OktaSelf | null {
  return readCache(cache, 'oktaSelf', isOktaSelf);
}

function isOktaSelf(v: unknown): v is OktaSelf {
  const s = v as Partial<OktaSelf> | null;
  return typeof s?.id === 'string' && typeof s.login === 'string';
}
