// The Okta operations the fake answers, named by the spec's operationId, and the router that finds one.

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'DELETE';

/**
 * Rate limits are counted per family, the way Okta buckets its management endpoints (developer.okta.com,
 * rl-global-mgmt): `users` = /api/v1/users (list), `user` = GET /api/v1/users/{id}, `userResources` =
 * /api/v1/users* (lifecycle, sessions, grants, factors, groups, appLinks, roles: writes on a person's
 * subresources are counted apart from getting the person), `groups` = /api/v1/groups*, `apps` = /api/v1/apps*.
 */
export type RateFamily = 'users' | 'user' | 'userResources' | 'groups' | 'apps';

export const RATE_FAMILIES: readonly RateFamily[] = ['users', 'user', 'userResources', 'groups', 'apps'];

export interface Operation {
  /** Okta's operationId, so a failure can be injected by name. */
  operation: string;
  method: HttpMethod;
  /** The path exactly as the spec writes it. */
  pathTemplate: string;
  family: RateFamily;
  /** What the spec answers on success. */
  successStatus: 200 | 204;
}

export const OPERATIONS: readonly Operation[] = [
  {
    operation: 'listUsers',
    method: 'GET',
    pathTemplate: '/api/v1/users',
    family: 'users',
    successStatus: 200,
  },
  {
    operation: 'getUser',
    method: 'GET',
    pathTemplate: '/api/v1/users/{id}',
    family: 'user',
    successStatus: 200,
  },
  {
    operation: 'suspendUser',
    method: 'POST',
    pathTemplate: '/api/v1/users/{id}/lifecycle/suspend',
    family: 'userResources',
    successStatus: 200,
  },
  {
    operation: 'unsuspendUser',
    method: 'POST',
    pathTemplate: '/api/v1/users/{id}/lifecycle/unsuspend',
    family: 'userResources',
    successStatus: 200,
  },
  {
    operation: 'activateUser',
    method: 'POST',
    pathTemplate: '/api/v1/users/{id}/lifecycle/activate',
    family: 'userResources',
    successStatus: 200,
  },
  {
    operation: 'deactivateUser',
    method: 'POST',
    pathTemplate: '/api/v1/users/{id}/lifecycle/deactivate',
    family: 'userResources',
    successStatus: 200,
  },
  {
    operation: 'resetFactors',
    method: 'POST',
    pathTemplate: '/api/v1/users/{id}/lifecycle/reset_factors',
    family: 'userResources',
    successStatus: 200,
  },
  {
    operation: 'expirePassword',
    method: 'POST',
    pathTemplate: '/api/v1/users/{id}/lifecycle/expire_password',
    family: 'userResources',
    successStatus: 200,
  },
  {
    operation: 'revokeUserSessions',
    method: 'DELETE',
    pathTemplate: '/api/v1/users/{userId}/sessions',
    family: 'userResources',
    successStatus: 204,
  },
  {
    operation: 'listUserGrants',
    method: 'GET',
    pathTemplate: '/api/v1/users/{userId}/grants',
    family: 'userResources',
    successStatus: 200,
  },
  {
    operation: 'revokeUserGrants',
    method: 'DELETE',
    pathTemplate: '/api/v1/users/{userId}/grants',
    family: 'userResources',
    successStatus: 204,
  },
  {
    operation: 'listUserGroups',
    method: 'GET',
    pathTemplate: '/api/v1/users/{id}/groups',
    family: 'userResources',
    successStatus: 200,
  },
  {
    operation: 'listGroupUsers',
    method: 'GET',
    pathTemplate: '/api/v1/groups/{groupId}/users',
    family: 'groups',
    successStatus: 200,
  },
  {
    operation: 'assignUserToGroup',
    method: 'PUT',
    pathTemplate: '/api/v1/groups/{groupId}/users/{userId}',
    family: 'groups',
    successStatus: 204,
  },
  {
    operation: 'unassignUserFromGroup',
    method: 'DELETE',
    pathTemplate: '/api/v1/groups/{groupId}/users/{userId}',
    family: 'groups',
    successStatus: 204,
  },
  {
    operation: 'listAppLinks',
    method: 'GET',
    pathTemplate: '/api/v1/users/{id}/appLinks',
    family: 'userResources',
    successStatus: 200,
  },
  {
    operation: 'unassignUserFromApplication',
    method: 'DELETE',
    pathTemplate: '/api/v1/apps/{appId}/users/{userId}',
    family: 'apps',
    successStatus: 204,
  },
  {
    operation: 'listFactors',
    method: 'GET',
    pathTemplate: '/api/v1/users/{userId}/factors',
    family: 'userResources',
    successStatus: 200,
  },
  {
    operation: 'getFactor',
    method: 'GET',
    pathTemplate: '/api/v1/users/{userId}/factors/{factorId}',
    family: 'userResources',
    successStatus: 200,
  },
  {
    operation: 'unenrollFactor',
    method: 'DELETE',
    pathTemplate: '/api/v1/users/{userId}/factors/{factorId}',
    family: 'userResources',
    successStatus: 204,
  },
  {
    operation: 'listAssignedRolesForUser',
    method: 'GET',
    pathTemplate: '/api/v1/users/{userId}/roles',
    family: 'userResources',
    successStatus: 200,
  },
  {
    operation: 'getUserAssignedRole',
    method: 'GET',
    pathTemplate: '/api/v1/users/{userId}/roles/{roleAssignmentId}',
    family: 'userResources',
    successStatus: 200,
  },
  {
    operation: 'unassignRoleFromUser',
    method: 'DELETE',
    pathTemplate: '/api/v1/users/{userId}/roles/{roleAssignmentId}',
    family: 'userResources',
    successStatus: 204,
  },
  {
    operation: 'listGroupAssignedRoles',
    method: 'GET',
    pathTemplate: '/api/v1/groups/{groupId}/roles',
    family: 'groups',
    successStatus: 200,
  },
];

export interface RouteMatch {
  op: Operation;
  params: Record<string, string>;
}

interface CompiledRoute {
  op: Operation;
  pattern: RegExp;
  names: string[];
}

const COMPILED: CompiledRoute[] = OPERATIONS.map((op) => {
  const names: string[] = [];
  const source = op.pathTemplate.replace(/\{(\w+)\}/g, (_m, name: string) => {
    names.push(name);
    return '([^/]+)';
  });
  return { op, pattern: new RegExp(`^${source}$`), names };
});

/** The operation for a method and path, with its path parameters URL-decoded; null when none. */
export function matchRoute(method: string, path: string): RouteMatch | null {
  const upper = method.toUpperCase();
  for (const route of COMPILED) {
    if (route.op.method !== upper) continue;
    const m = route.pattern.exec(path);
    if (!m) continue;
    const params: Record<string, string> = {};
    route.names.forEach((name, i) => {
      params[name] = safeDecode(m[i + 1] ?? '');
    });
    return { op: route.op, params };
  }
  return null;
}

function safeDecode(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}
