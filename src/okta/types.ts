// The Okta objects Offboard reads, trimmed to the fields it uses (shapes from Okta's Management API spec).

/** Okta's user lifecycle states (spec: components.schemas.UserStatus). */
export type OktaUserStatus =
  | 'STAGED'
  | 'PROVISIONED'
  | 'ACTIVE'
  | 'RECOVERY'
  | 'PASSWORD_EXPIRED'
  | 'LOCKED_OUT'
  | 'SUSPENDED'
  | 'DEPROVISIONED';

export const OKTA_USER_STATUSES: readonly OktaUserStatus[] = [
  'STAGED',
  'PROVISIONED',
  'ACTIVE',
  'RECOVERY',
  'PASSWORD_EXPIRED',
  'LOCKED_OUT',
  'SUSPENDED',
  'DEPROVISIONED',
];

export interface OktaUser {
  id: string;
  status: OktaUserStatus;
  profile: {
    login: string;
    email: string;
    firstName?: string;
    lastName?: string;
    displayName?: string;
    title?: string;
    department?: string;
  };
}

/** OKTA_GROUP memberships Okta lets us change; BUILT_IN (Everyone) and APP_GROUP (imported) it does not. */
export type OktaGroupType = 'OKTA_GROUP' | 'APP_GROUP' | 'BUILT_IN';

export interface OktaGroup {
  id: string;
  type: OktaGroupType;
  profile: { name: string; description?: string };
}

/** One enrolled factor; only the fields used to report what a reset removed. */
export interface OktaFactor {
  id: string;
  factorType: string;
  status?: string;
}
