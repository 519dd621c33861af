// Remove Admin Roles: a departing admin must not keep admin rights while suspended. Unassigns every admin
// role assigned to the person directly (listAssignedRolesForUser, then unassignRoleFromUser), then
// re-lists to verify. Roles held through a group are reported, named with the group, and go with that
// group in Remove Groups. Irreversible in effect: a removed role must be assigned again by hand.

import type { OktaFailure } from '../okta/client';
import { groupName, groupsOf, rolesOf, type RoleHeld } from '../okta/access';
import { oktaCalls } from '../okta/requests';
import type { OktaGroup } from '../okta/types';
import { accessBefore, withAccess } from './accessBefore';
import { failedWith, keptNames, nameList, plural, unexpectedAnswer, userCallFailed, who } from './outcomes';
import { send, sendEach } from './send';
import type { RunDetail, TaskContext, TaskDefinition, TaskOutcome, TaskSteps } from './types';

/** Okta lets only a Super Administrator unassign the Super Administrator role. */
const NEEDS_SUPER_ADMIN = 'removing this role needs a Super Administrator token (Okta answered 403)';

function* run(ctx: TaskContext): TaskSteps {
  const before = yield* accessBefore(ctx);
  return withAccess(before, yield* removeAll(ctx));
}

function* removeAll(ctx: TaskContext): TaskSteps {
  const id = ctx.user.id;
  const [listed, groupsListed] = yield* sendEach([oktaCalls.listRoles(id), oktaCalls.listUserGroups(id)]);
  if (!listed.ok && listed.error.code === 'OKTA_FORBIDDEN') {
    return failedWith(
      listed.error,
      `Okta refused to list admin roles (${listed.error.summary}): viewing and removing administrators needs a Super Administrator token, so any admin role ${who(ctx.user)} holds is still there.`,
    );
  }
  if (!listed.ok) return userCallFailed(listed.error, ctx.user, 'list admin roles');
  const roles = rolesOf(listed.body);
  if (roles === null) return unexpectedAnswer('listAssignedRolesForUser');
  const groups = (groupsListed.ok ? groupsOf(groupsListed.body) : null) ?? [];
  const throughGroup = roles.filter((r) => r.assignmentType === 'GROUP');
  const keptDetails: RunDetail[] = throughGroup.map((r) => ({
    kind: 'role kept',
    oktaId: r.id,
    name: r.name,
    note: `through group ${viaName(r, groups)}; removed with that group by Remove Groups`,
  }));
  const groupNote =
    throughGroup.length > 0
      ? `; held through a group: ${nameList(
          throughGroup.map((r) => `${r.name} (${viaName(r, groups)})`),
          3,
        )}, which Remove Groups removes`
      : '';

  const direct = roles.filter((r) => r.assignmentType === 'USER');
  const earlier = earlierRemovals(ctx.runData);
  if (direct.length === 0 && earlier > 0) {
    // An earlier attempt of this run (cut short, or failed after removing) did the work.
    return {
      kind: 'done',
      detail: `Removed ${plural(earlier, 'admin role')} earlier in this run; Okta lists none assigned directly now (read back)${groupNote}.`,
      details: keptDetails,
    };
  }
  if (direct.length === 0) {
    return {
      kind: 'already_done',
      detail: `No admin role assigned directly: Okta lists none (read back)${groupNote}.`,
      data: record([], throughGroup),
      details: keptDetails,
    };
  }

  const results = yield* sendEach(direct.map((r) => oktaCalls.unassignRole(id, r.id)));
  const failures = new Map<string, OktaFailure>();
  direct.forEach((r, i) => {
    const result = results[i]!; // sendEach returns one result per role sent, in order
    if (!result.ok) failures.set(r.id, result.error);
  });
  // Saved before the re-list, so an execution that dies now still knows this run removed them.
  ctx.record?.(
    record(
      direct.filter((r) => !failures.has(r.id)),
      throughGroup,
    ),
  );

  const relisted = yield* send(oktaCalls.listRoles(id));
  const now = relisted.ok ? rolesOf(relisted.body) : null;
  if (now === null) {
    const why = relisted.ok ? 'not a list' : relisted.error.summary;
    return {
      kind: 'failed',
      transient: true,
      code: relisted.ok ? 'OKTA_INVALID' : relisted.error.code,
      message: `Sent ${plural(direct.length, 'role removal')}, but re-listing the roles to verify failed (${why}); will check again.`,
    };
  }
  const stillDirect = new Set(now.filter((r) => r.assignmentType === 'USER').map((r) => r.id));
  const removed = direct.filter((r) => !stillDirect.has(r.id));
  const remaining = now.filter((r) => stillDirect.has(r.id));
  const details: RunDetail[] = [
    ...removed.map((r): RunDetail => ({ kind: 'role removed', oktaId: r.id, name: r.name, note: r.type })),
    ...keptDetails,
  ];
  const data = record(removed, throughGroup);
  if (remaining.length === 0) {
    return {
      kind: 'done',
      detail: `Removed ${plural(removed.length, 'admin role')} (${nameList(
        removed.map((r) => r.name),
        3,
      )}); Okta lists none assigned directly now (re-listed)${groupNote}.`,
      data,
      details,
    };
  }
  const notes = remaining.map((r) => ({ role: r, failure: failures.get(r.id) }));
  for (const { role, failure } of notes) {
    details.push({
      kind: 'role not removed',
      oktaId: role.id,
      name: role.name,
      note: failure ? `${failure.status} ${failure.summary}` : 'still listed after removal',
    });
  }
  const forbidden = notes.some((n) => n.failure?.code === 'OKTA_FORBIDDEN');
  const first = notes.find((n) => n.failure)?.failure;
  const outcome: TaskOutcome = {
    kind: 'failed',
    transient:
      !forbidden &&
      notes.every((n) => !n.failure || n.failure.transient || n.failure.code === 'OKTA_NOT_FOUND'),
    code: forbidden ? 'OKTA_FORBIDDEN' : (first?.code ?? 'OKTA_INVALID'),
    message: `${removed.length > 0 ? `Removed ${plural(removed.length, 'admin role')}; still holds` : 'Still holds'} ${nameList(remaining.map((r) => r.name))}: ${forbidden ? NEEDS_SUPER_ADMIN : (first?.summary ?? 'Okta still lists it after removal')}.`,
    data,
    details,
  };
  const retryAts = notes.map((n) => n.failure?.retryAt).filter((t): t is number => t !== undefined);
  if (retryAts.length > 0) outcome.retryAt = Math.max(...retryAts);
  return outcome;
}

function viaName(role: RoleHeld, groups: OktaGroup[]): string {
  const group = role.groupId ? groups.find((g) => g.id === role.groupId) : undefined;
  return group ? groupName(group) : (role.groupId ?? 'a group');
}

/** How many roles an earlier attempt of this run removed, from the run's record. */
function earlierRemovals(runData: Readonly<Record<string, unknown>>): number {
  const count = (runData['removedRoles'] as { count?: unknown } | undefined)?.count;
  return typeof count === 'number' && Number.isFinite(count) ? count : 0;
}

function record(removed: RoleHeld[], throughGroup: RoleHeld[]): Record<string, unknown> {
  return {
    removedRoles: keptNames(removed.map((r) => r.name)),
    rolesThroughGroups: keptNames(throughGroup.map((r) => r.name)),
  };
}

export const removeAdminRolesTask: TaskDefinition = {
  id: 'remove_admin_roles',
  label: 'Remove Admin Roles',
  stage: 'revoke',
  description:
    'Unassign every admin role assigned to the user directly, so a departing admin keeps no admin rights. Roles held through a group go with that group (Remove Groups). Irreversible in effect: roles must be assigned again by hand.',
  defaultOrder: 3,
  defaultOnFailure: 'pause',
  run,
};
