// The record of access before removal: the apps, groups and admin roles the person had, read once per
// run by whichever revoke or finish task runs first, before it changes anything, in one parallel round.

import { appsOf, groupName, groupsOf, rolesOf } from '../okta/access';
import type { OktaResult } from '../okta/client';
import { oktaCalls } from '../okta/requests';
import { keptNames } from './outcomes';
import { sendEach } from './send';
import type { RunDetail, Steps, TaskContext, TaskOutcome } from './types';

/** The run-record key; once set (even partly), later tasks do not read again. */
export const ACCESS_BEFORE_KEY = 'accessBefore';

export interface AccessBefore {
  /** Facts for the run's record, bounded: counts and at most a few names per list. */
  data: Record<string, unknown>;
  /** Every app, group and role, one item each. */
  details: RunDetail[];
}

/** Reads and records the person's access unless this run already did. Never fails the task. */
export function* accessBefore(ctx: TaskContext): Steps<AccessBefore> {
  if (ctx.runData[ACCESS_BEFORE_KEY] !== undefined) return { data: {}, details: [] };
  const id = ctx.user.id;
  const [apps, groups, roles] = yield* sendEach([
    oktaCalls.listAppLinks(id),
    oktaCalls.listUserGroups(id),
    oktaCalls.listRoles(id),
  ]);
  const details: RunDetail[] = [];
  const record: Record<string, unknown> = {};
  const unread: string[] = [];

  const appList = apps.ok ? appsOf(apps.body) : null;
  if (appList) {
    appList.forEach((a) => details.push({ kind: 'app', oktaId: a.id, name: a.name }));
    record['apps'] = keptNames(appList.map((a) => a.name));
  } else unread.push(`apps (${reason(apps)})`);

  const groupList = groups.ok ? groupsOf(groups.body) : null;
  if (groupList) {
    groupList.forEach((g) => details.push({ kind: 'group', oktaId: g.id, name: groupName(g), note: g.type }));
    record['groups'] = keptNames(groupList.map(groupName));
  } else unread.push(`groups (${reason(groups)})`);

  const roleList = roles.ok ? rolesOf(roles.body) : null;
  if (roleList) {
    for (const r of roleList) {
      const through = r.groupId ? groupList?.find((g) => g.id === r.groupId) : undefined;
      const note =
        r.assignmentType === 'GROUP'
          ? `through group ${through ? groupName(through) : (r.groupId ?? '(unknown)')}`
          : 'assigned directly';
      details.push({ kind: 'role', oktaId: r.id, name: r.name, note });
    }
    record['roles'] = keptNames(roleList.map((r) => r.name));
  } else unread.push(`roles (${reason(roles)})`);

  if (unread.length > 0) record['unread'] = unread;
  const data = { [ACCESS_BEFORE_KEY]: record };
  ctx.record?.(data);
  return { data, details };
}

/** The outcome with the access record merged in (data and details). */
export function withAccess(before: AccessBefore, outcome: TaskOutcome): TaskOutcome {
  if (before.details.length === 0 && Object.keys(before.data).length === 0) return outcome;
  return {
    ...outcome,
    data: { ...before.data, ...(outcome.data ?? {}) },
    details: [...before.details, ...(outcome.details ?? [])],
  };
}

function reason(result: OktaResult): string {
  return result.ok ? 'not a list' : result.error.summary.slice(0, 120);
}
