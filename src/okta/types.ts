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
  /** Set while Okta finishes a lifecycle change asynchronously, e.g. DEPROVISIONED during deactivation. */
  transitioningToStatus?: OktaUserStatus;
  /** Where the profile is mastered: OKTA, or a directory or HR source such as ACTIVE_DIRECTORY, LDAP, IMPORT. */
  credentials?: { provider?: { type?: string; name?: string } };
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

/** An admin role assignment (spec: StandardRole / CustomRole), trimmed. */
export interface OktaRole {
  /** The role assignment id, used to unassign it. */
  id: string;
  type: string;
  label?: string;
  /** USER: assigned to the person; GROUP: held through a group; CLIENT: an app's. */
  assignmentType?: string;
  _links?: { assignee?: { href?: string } };
}

/** One app the person can reach (spec: AppLink), trimmed. */
export interface OktaAppLink {
  appInstanceId?: string;
  appName?: string;
  label?: string;
}
