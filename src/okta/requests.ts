// Every Okta request Offboard can make, as plain data: one builder per operation, named by Okta's operationId.

/** Okta's operationIds (okta-management-openapi-spec) for the operations Offboard uses. */
export type OktaOperation =
  | 'getUser'
  | 'listUsers'
  | 'listUserGroups'
  | 'suspendUser'
  | 'unsuspendUser'
  | 'deactivateUser'
  | 'revokeUserSessions'
  | 'revokeUserGrants'
  | 'resetFactors'
  | 'listFactors'
  | 'unassignUserFromGroup'
  | 'assignUserToGroup'
  | 'listAppLinks'
  | 'listUserGrants'
  | 'listAssignedRolesForUser'
  | 'unassignRoleFromUser';

export type OktaMethod = 'GET' | 'POST' | 'PUT' | 'DELETE';

export interface OktaCall {
  operation: OktaOperation;
  method: OktaMethod;
  /** Path below the org URL; every variable segment is already encodeURIComponent'd. */
  path: string;
  query?: Record<string, string>;
  body?: unknown;
  /** The answer is a JSON array split across pages linked by `Link: <…>; rel="next"`. */
  paged?: boolean;
}

const seg = encodeURIComponent;

/** Okta filter and search values are double-quoted; a quote or backslash inside must be escaped or it ends the value. */
export function filterValue(value: string): string {
  return '"' + value.replace(/\\/g, '\\\\').replace(/"/g, '\\"') + '"';
}

export const oktaCalls = {
  /** By id or by exact login. */
  getUser: (idOrLogin: string): OktaCall => ({
    operation: 'getUser',
    method: 'GET',
    path: `/api/v1/users/${seg(idOrLogin)}`,
  }),

  /** The user the API token belongs to: a cheap check that the token works. */
  me: (): OktaCall => ({ operation: 'getUser', method: 'GET', path: '/api/v1/users/me' }),

  /**
   * Exact match on login or email, compared without regard to case: `search` values compare
   * case-insensitively, `filter` values case-sensitively (Okta API reference, listUsers). Never `q=`, which
   * matches prefixes and can pick the wrong person. Both live and DEPROVISIONED accounts come back.
   */
  findUsersByLoginOrEmail: (address: string): OktaCall => ({
    operation: 'listUsers',
    method: 'GET',
    path: '/api/v1/users',
    query: { search: `profile.login eq ${filterValue(address)} or profile.email eq ${filterValue(address)}` },
    // Every page: a second match on a later page is what makes a lookup ambiguous.
    paged: true,
  }),

  /** Exact match on login alone, for a target typed as a login (not an email). */
  findUsersByLogin: (login: string): OktaCall => ({
    operation: 'listUsers',
    method: 'GET',
    path: '/api/v1/users',
    query: { search: `profile.login eq ${filterValue(login)}` },
    paged: true,
  }),

  listUserGroups: (userId: string): OktaCall => ({
    operation: 'listUserGroups',
    method: 'GET',
    path: `/api/v1/users/${seg(userId)}/groups`,
    paged: true,
  }),

  suspend: (userId: string): OktaCall => ({
    operation: 'suspendUser',
    method: 'POST',
    path: `/api/v1/users/${seg(userId)}/lifecycle/suspend`,
  }),

  unsuspend: (userId: string): OktaCall => ({
    operation: 'unsuspendUser',
    method: 'POST',
    path: `/api/v1/users/${seg(userId)}/lifecycle/unsuspend`,
  }),

  /**
   * sendEmail=false: Okta's deactivateUser sends its deactivation notice to the admin, not the person
   * (Okta API reference, deactivateUser); Offboard reports in Slack and the Sheet instead.
   */
  deactivate: (userId: string): OktaCall => ({
    operation: 'deactivateUser',
    method: 'POST',
    path: `/api/v1/users/${seg(userId)}/lifecycle/deactivate`,
    query: { sendEmail: 'false' },
  }),

  /**
   * Ends the person's Okta sessions, revokes the OAuth tokens Okta issued (oauthTokens) and forgets
   * remembered devices (forgetDevices). Both default to false on Classic Engine orgs, so both are sent
   * (Okta API reference, revokeUserSessions). Sessions already open inside downstream apps are not ended.
   */
  clearSessions: (userId: string): OktaCall => ({
    operation: 'revokeUserSessions',
    method: 'DELETE',
    path: `/api/v1/users/${seg(userId)}/sessions`,
    query: { oauthTokens: 'true', forgetDevices: 'true' },
  }),

  /** The OAuth grants the person consented to: the read-back after Revoke Grants. */
  listGrants: (userId: string): OktaCall => ({
    operation: 'listUserGrants',
    method: 'GET',
    path: `/api/v1/users/${seg(userId)}/grants`,
    paged: true,
  }),

  revokeGrants: (userId: string): OktaCall => ({
    operation: 'revokeUserGrants',
    method: 'DELETE',
    path: `/api/v1/users/${seg(userId)}/grants`,
  }),

  resetFactors: (userId: string): OktaCall => ({
    operation: 'resetFactors',
    method: 'POST',
    path: `/api/v1/users/${seg(userId)}/lifecycle/reset_factors`,
  }),

  listFactors: (userId: string): OktaCall => ({
    operation: 'listFactors',
    method: 'GET',
    path: `/api/v1/users/${seg(userId)}/factors`,
  }),

  removeFromGroup: (groupId: string, userId: string): OktaCall => ({
    operation: 'unassignUserFromGroup',
    method: 'DELETE',
    path: `/api/v1/groups/${seg(groupId)}/users/${seg(userId)}`,
  }),

  /**
   * Puts the person back in an OKTA_GROUP (`/offboard restore`): 204, and Okta answers the same for a
   * member already in it (Okta API reference, assignUserToGroup; only OKTA_GROUP memberships can change).
   */
  addToGroup: (groupId: string, userId: string): OktaCall => ({
    operation: 'assignUserToGroup',
    method: 'PUT',
    path: `/api/v1/groups/${seg(groupId)}/users/${seg(userId)}`,
  }),

  listAppLinks: (userId: string): OktaCall => ({
    operation: 'listAppLinks',
    method: 'GET',
    path: `/api/v1/users/${seg(userId)}/appLinks`,
  }),

  /** Admin roles the person holds: assignmentType USER (direct) or GROUP (through a group). */
  listRoles: (userId: string): OktaCall => ({
    operation: 'listAssignedRolesForUser',
    method: 'GET',
    path: `/api/v1/users/${seg(userId)}/roles`,
  }),

  /** Removes a directly assigned admin role (a role assignment id from listRoles). */
  unassignRole: (userId: string, roleAssignmentId: string): OktaCall => ({
    operation: 'unassignRoleFromUser',
    method: 'DELETE',
    path: `/api/v1/users/${seg(userId)}/roles/${seg(roleAssignmentId)}`,
  }),
} satisfies Record<string, (...ids: string[]) => OktaCall>;

export type OktaCallBuilderName = keyof typeof oktaCalls;

/** One example call per builder, with placeholder ids (`id-example-1`, `id-example-2`). */
export function exampleCalls(): OktaCall[] {
  const builders: Readonly<Record<OktaCallBuilderName, (...ids: string[]) => OktaCall>> = oktaCalls;
  return Object.values(builders).map((build) =>
    build(...Array.from({ length: build.length }, (_, i) => `id-example-${i + 1}`)),
  );
}
