// Okta OAuth scopes: which one each Management API operation needs (from the spec's `security`, checked
// by test/okta/contract.test.ts), which ones each task needs, and reading a 403's WWW-Authenticate hint.

import type { OktaOperation } from './requests';

/** As in okta-management-openapi-spec: `security: [{apiToken: []}, {oauth2: [scope]}]`. */
export const SCOPE_BY_OPERATION: Record<OktaOperation, string> = {
  getUser: 'okta.users.read',
  listUsers: 'okta.users.read',
  listUserGroups: 'okta.users.read',
  suspendUser: 'okta.users.manage',
  unsuspendUser: 'okta.users.manage',
  deactivateUser: 'okta.users.manage',
  revokeUserSessions: 'okta.users.manage',
  revokeUserGrants: 'okta.users.manage',
  resetFactors: 'okta.users.manage',
  listFactors: 'okta.users.read',
  unassignUserFromGroup: 'okta.groups.manage',
  assignUserToGroup: 'okta.groups.manage',
  listAppLinks: 'okta.users.read',
  listUserGrants: 'okta.users.read',
  listAssignedRolesForUser: 'okta.roles.read',
  unassignRoleFromUser: 'okta.roles.manage',
};

/** Finding the person to offboard reads users, whatever tasks are enabled. */
export const BASE_SCOPES: readonly string[] = ['okta.users.read'];

/**
 * The scopes each task's calls need (README: "Scopes per task"). A `.manage` scope includes `.read` for
 * the same resource in Okta's scope model, but both are listed where both are called, so the table reads
 * plainly. A task missing here gets no extra scope: its first call then fails naming the scope.
 */
export const TASK_SCOPES: Record<string, readonly string[]> = {
  suspend: ['okta.users.manage'],
  clear_sessions: ['okta.users.manage'],
  // Lists the person's groups too, to name the group a role comes through.
  remove_admin_roles: ['okta.users.read', 'okta.roles.read', 'okta.roles.manage'],
  revoke_grants: ['okta.users.read', 'okta.users.manage'],
  reset_factors: ['okta.users.read', 'okta.users.manage'],
  remove_groups: ['okta.users.read', 'okta.groups.manage'],
  deactivate: ['okta.users.manage'],
  // Google Workspace tasks call Google, not Okta.
  google_sign_out: [],
  google_suspend: [],
  google_remove_groups: [],
  google_hide: [],
  // Reads the person's Okta profile for the manager, and the manager.
  google_transfer_drive: ['okta.users.read'],
};

/** The scopes to ask for: the base ones plus the enabled tasks', each once, in a stable order. */
export function scopesFor(taskIds: readonly string[]): string[] {
  const all = new Set<string>(BASE_SCOPES);
  for (const id of taskIds) for (const scope of TASK_SCOPES[id] ?? []) all.add(scope);
  return [...all].sort();
}

/**
 * The scope a 403 names: Okta answers `www-authenticate: Bearer authorization_uri="…", realm="…",
 * scope="okta.groups.manage", error="insufficient_scope", error_description="The access token provided
 * does not contain the required scopes.", resource="/api/v1/groups"` (support.okta.com, "insufficient_scope
 * Error when Making a Request to an OAuth or Management Endpoint"). Null unless error="insufficient_scope".
 */
export function insufficientScope(wwwAuthenticate: string | undefined): string | null {
  if (!wwwAuthenticate) return null;
  const params = authParams(wwwAuthenticate);
  if (params['error'] !== 'insufficient_scope') return null;
  return params['scope'] ?? '';
}

/** The key="value" pairs of a WWW-Authenticate challenge (one challenge; quoted values may hold commas). */
export function authParams(header: string): Record<string, string> {
  const out: Record<string, string> = {};
  const re = /([A-Za-z_]+)=(?:"((?:[^"\\]|\\.)*)"|([^\s,]+))/g;
  for (let m = re.exec(header); m !== null; m = re.exec(header)) {
    out[m[1]!.toLowerCase()] = m[2] !== undefined ? m[2].replace(/\\(.)/g, '$1') : m[3]!; // group 1 always matches; group 3 when group 2 does not
  }
  return out;
}
