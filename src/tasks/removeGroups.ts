// Remove Groups: take the person out of every Okta-managed group. Irreversible in effect: leaving a group
// unassigns the apps assigned through it, and unassignment deletes the app's user data (Okta help,
// "Unassign users from applications"). Only BUILT_IN and APP_GROUP memberships are kept, with the reason;
// any other group still listed after the removals, re-read from Okta, fails the task, named.

import type { OktaFailure } from '../okta/client';
import { groupName } from '../okta/access';
import { oktaCalls } from '../okta/requests';
import type { OktaGroup } from '../okta/types';
import { accessBefore, withAccess } from './accessBefore';
import {
  groupsOf,
  keptNames,
  MAX_NAMES_KEPT,
  nameList,
  plural,
  unexpectedAnswer,
  userCallFailed,
} from './outcomes';
import { send, sendEach } from './send';
import type { RunDetail, TaskContext, TaskDefinition, TaskOutcome, TaskSteps } from './types';

export interface RemovedGroup {
  id: string;
  name: string;
}

/** Removals sent per round; the run's record is saved after each round, so a dying execution loses none. */
export const REMOVALS_PER_ROUND = 10;

/** Why Okta will not let us change a membership, by group type. */
const KEPT_BY_TYPE: Partial<Record<OktaGroup['type'], string>> = {
  BUILT_IN: 'built-in Okta group (such as Everyone); Okta manages its members',
  APP_GROUP: 'imported from an app (such as Active Directory); remove the membership there',
};

/** Okta help, administrators-group-admin: "Only super admins can manage groups with administrative roles". */
const NEEDS_SUPER_ADMIN =
  'removing groups with admin roles needs a Super Administrator token (Okta answered 403)';

function* run(ctx: TaskContext): TaskSteps {
  const before = yield* accessBefore(ctx);
  return withAccess(before, yield* removeAll(ctx));
}

function* removeAll(ctx: TaskContext): TaskSteps {
  const id = ctx.user.id;
  const earlier = earlierRemovals(ctx.runData);

  const listed = yield* send(oktaCalls.listUserGroups(id));
  if (!listed.ok) return userCallFailed(listed.error, ctx.user, 'list groups');
  const groups = groupsOf(listed.body);
  if (groups === null) return unexpectedAnswer('listUserGroups');

  const kept = groups.filter((g) => KEPT_BY_TYPE[g.type] !== undefined);
  const keptDetails: RunDetail[] = kept.map((g) => ({
    kind: 'group kept',
    oktaId: g.id,
    name: groupName(g),
    note: KEPT_BY_TYPE[g.type]!, // `kept` holds only types it names
  }));
  const removable = groups.filter((g) => KEPT_BY_TYPE[g.type] === undefined);
  if (removable.length === 0 && earlier.count > 0) {
    // An earlier attempt of this run (cut short, or failed after removing) did the work.
    return {
      kind: 'done',
      detail: `Removed from ${plural(earlier.count, 'group')} earlier in this run; Okta lists none left to remove (read back)${keptNote(kept)}.`,
      data: record(earlier, [], kept),
      details: keptDetails,
    };
  }
  if (removable.length === 0) {
    return {
      kind: 'already_done',
      detail: `No groups to remove: Okta lists none besides the kept ones (read back)${keptNote(kept)}.`,
      data: record(earlier, [], kept),
      details: keptDetails,
    };
  }

  const answered: RemovedGroup[] = [];
  const failures = new Map<string, OktaFailure>();
  for (let i = 0; i < removable.length; i += REMOVALS_PER_ROUND) {
    const round = removable.slice(i, i + REMOVALS_PER_ROUND);
    const results = yield* sendEach(round.map((g) => oktaCalls.removeFromGroup(g.id, id)));
    round.forEach((g, j) => {
      const result = results[j]!; // sendEach returns one result per group sent, in order
      if (result.ok) answered.push({ id: g.id, name: groupName(g) });
      else failures.set(g.id, result.error);
    });
    ctx.record?.(record(earlier, answered, kept));
  }

  // Verify: what Okta lists now is the truth, whatever the answers said (a lost answer, a 404).
  const relisted = yield* send(oktaCalls.listUserGroups(id));
  const relistedGroups = relisted.ok ? groupsOf(relisted.body) : null;
  if (!relisted.ok || relistedGroups === null) {
    const why = relisted.ok ? 'not a list' : relisted.error.summary;
    return {
      kind: 'failed',
      transient: true,
      code: relisted.ok ? 'OKTA_INVALID' : relisted.error.code,
      message: `Okta answered ${plural(answered.length, 'removal')}, but re-listing the groups to verify failed (${why}); will check again.`,
      data: record(earlier, answered, kept),
    };
  }
  const stillIn = new Set(relistedGroups.filter((g) => KEPT_BY_TYPE[g.type] === undefined).map((g) => g.id));
  const removed = removable.filter((g) => !stillIn.has(g.id)).map((g) => ({ id: g.id, name: groupName(g) }));
  const remaining = relistedGroups.filter((g) => stillIn.has(g.id));
  const details: RunDetail[] = [
    ...removed.map((g): RunDetail => ({ kind: 'group removed', oktaId: g.id, name: g.name })),
    ...keptDetails,
  ];
  const data = record(earlier, removed, kept);
  const total = data['removedGroupCount'] as number;
  const thisRun = total > removed.length ? ` (${total - removed.length} earlier in this run)` : '';

  if (remaining.length === 0) {
    return {
      kind: 'done',
      detail: `Removed from ${plural(total, 'group')}${thisRun}; Okta lists none left to remove (re-listed)${keptNote(kept)}.`,
      data,
      details,
    };
  }

  const notes = remaining.map((g) => ({ group: g, failure: failures.get(g.id) }));
  for (const { group, failure } of notes) {
    details.push({
      kind: 'group not removed',
      oktaId: group.id,
      name: groupName(group),
      note: failure ? `${failure.status} ${failure.summary}` : 'still listed after removal',
    });
  }
  const forbidden = notes.filter((n) => n.failure?.code === 'OKTA_FORBIDDEN');
  // 403 is a refusal that repeats; anything else (5xx, a lost answer, a 404 for a listed membership) may pass.
  const transient =
    forbidden.length === 0 &&
    notes.every((n) => !n.failure || n.failure.transient || n.failure.code === 'OKTA_NOT_FOUND');
  const first = notes.find((n) => n.failure)?.failure;
  const why =
    forbidden.length > 0 ? NEEDS_SUPER_ADMIN : first ? first.summary : 'Okta still lists them after removal';
  const outcome: TaskOutcome = {
    kind: 'failed',
    transient,
    code: forbidden.length > 0 ? 'OKTA_FORBIDDEN' : (first?.code ?? 'OKTA_INVALID'),
    message: `${total > 0 ? `Removed from ${plural(total, 'group')}${thisRun}; still` : 'Still'} in ${nameList(remaining.map(groupName))}: ${why}.`,
    data,
    details,
  };
  const retryAts = notes.map((n) => n.failure?.retryAt).filter((t): t is number => t !== undefined);
  if (retryAts.length > 0) outcome.retryAt = Math.max(...retryAts);
  return outcome;
}

/**
 * The run's record, bounded: removedGroups holds at most MAX_NAMES_KEPT groups (earlier attempts'
 * first), removedGroupCount counts them all; keptGroups the same way.
 */
function record(
  earlier: { groups: RemovedGroup[]; count: number },
  removed: RemovedGroup[],
  kept: OktaGroup[],
): Record<string, unknown> {
  const known = new Set(earlier.groups.map((g) => g.id));
  const fresh = removed.filter((g) => !known.has(g.id));
  return {
    removedGroups: [...earlier.groups, ...fresh].slice(0, MAX_NAMES_KEPT),
    removedGroupCount: earlier.count + fresh.length,
    keptGroups: keptNames(kept.map(groupName)),
  };
}

function keptNote(kept: OktaGroup[]): string {
  return kept.length > 0
    ? `; kept ${plural(kept.length, 'group')} Okta does not let us change (${nameList(kept.map(groupName), 3)})`
    : '';
}

/** removedGroups from the run's record, ignoring anything not shaped like one. */
function earlierRemovals(runData: Readonly<Record<string, unknown>>): {
  groups: RemovedGroup[];
  count: number;
} {
  const earlier = runData['removedGroups'];
  const groups = Array.isArray(earlier)
    ? earlier
        .filter((g): g is RemovedGroup => typeof g?.id === 'string' && typeof g?.name === 'string')
        .map((g) => ({ id: g.id, name: g.name }))
    : [];
  const count = Number(runData['removedGroupCount']);
  return { groups, count: Number.isFinite(count) && count >= groups.length ? count : groups.length };
}

export const removeGroupsTask: TaskDefinition = {
  id: 'remove_groups',
  label: 'Remove Groups',
  stage: 'revoke',
  description:
    'Remove the user from every Okta-managed group and record which. Irreversible in effect: apps assigned through a group are unassigned. Built-in and app-imported groups are kept, with the reason.',
  defaultOrder: 6,
  defaultOnFailure: 'continue',
  run,
};
