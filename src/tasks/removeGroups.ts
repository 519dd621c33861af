// Remove Groups: take the user out of every Okta-managed group, keeping a record of each group removed
// (and of each kept, with why) so access can be reviewed or restored.

import type { OktaResult } from '../okta/client';
import { oktaCalls } from '../okta/requests';
import type { OktaGroup } from '../okta/types';
import { groupsOf, plural, unexpectedAnswer, userCallFailed } from './outcomes';
import type { RunDetail, TaskContext, TaskDefinition, TaskOutcome, TaskSteps } from './types';

export interface RemovedGroup {
  id: string;
  name: string;
}

export interface KeptGroup {
  id: string;
  name: string;
  reason: string;
}

/** Why Okta will not let us change a membership, by group type. */
const KEPT_BY_TYPE: Partial<Record<OktaGroup['type'], string>> = {
  BUILT_IN: 'built-in Okta group (such as Everyone); Okta manages its members',
  APP_GROUP: 'imported from an app (such as Active Directory); remove the membership there',
};

function* run(ctx: TaskContext): TaskSteps {
  // Groups an earlier attempt removed were written to Run Details by that attempt.
  const removed: RemovedGroup[] = [];
  const kept: KeptGroup[] = [];

  const [listed] = yield [oktaCalls.listUserGroups(ctx.user.id)];
  if (!listed.ok) return userCallFailed(listed.error, ctx.user, 'list groups');
  const groups = groupsOf(listed.body);
  if (groups === null) return unexpectedAnswer('listUserGroups');

  const removable: OktaGroup[] = [];
  for (const group of groups) {
    const reason = KEPT_BY_TYPE[group.type];
    if (reason) kept.push({ id: group.id, name: nameOf(group), reason });
    else removable.push(group);
  }
  if (removable.length === 0) {
    return {
      kind: 'already_done',
      detail: `No groups left to remove${keptNote(kept)}.`,
      ...record(removed, kept),
    };
  }

  const results: OktaResult[] = yield removable.map((group) =>
    oktaCalls.removeFromGroup(group.id, ctx.user.id),
  );

  const failures: { group: OktaGroup; result: Extract<OktaResult, { ok: false }> }[] = [];
  let removedNow = 0;
  removable.forEach((group, i) => {
    const result = results[i]!;
    if (result.ok) {
      removed.push({ id: group.id, name: nameOf(group) });
      removedNow += 1;
    } else if (result.error.code === 'OKTA_FORBIDDEN') {
      // E0000006: e.g. a group rule owns the membership, or the token's admin may not manage this group.
      kept.push({ id: group.id, name: nameOf(group), reason: `Okta refused: ${result.error.summary}` });
    } else if (result.error.code !== 'OKTA_NOT_FOUND') {
      // A 404 means the membership is already gone: nothing to remove, nothing to record.
      failures.push({ group, result });
    }
  });

  if (failures.length > 0) {
    const retryAts = failures.map((f) => f.result.error.retryAt).filter((t): t is number => t !== undefined);
    const first = failures[0]!.result.error;
    // Name a few: the full list is in Run Details, and a Sheet cell holds at most 50,000 characters.
    const shown = failures.slice(0, 5).map((f) => nameOf(f.group));
    const names =
      failures.length > 5 ? `${shown.join(', ')} and ${failures.length - 5} more` : shown.join(', ');
    const outcome: TaskOutcome = {
      kind: 'failed',
      transient: failures.every((f) => f.result.error.transient),
      code: first.code,
      message: `Removed ${plural(removedNow, 'group')}, could not remove ${names}: ${first.summary}`,
      ...record(removed, kept),
    };
    if (retryAts.length > 0) outcome.retryAt = Math.max(...retryAts);
    return outcome;
  }
  if (removedNow === 0) {
    return {
      kind: 'already_done',
      detail: `No groups left to remove${keptNote(kept)}.`,
      ...record(removed, kept),
    };
  }
  return {
    kind: 'done',
    detail: `Removed from ${plural(removedNow, 'group')}${keptNote(kept)}.`,
    ...record(removed, kept),
  };
}

/**
 * The groups go to Run Details, one row each; the run's record keeps only counts, so it stays small
 * however many groups a person is in (a cell holds at most 50,000 characters).
 */
function record(removed: RemovedGroup[], kept: KeptGroup[]): Pick<TaskOutcome, 'data' | 'details'> {
  const details: RunDetail[] = [
    ...removed.map((g): RunDetail => ({ kind: 'group removed', oktaId: g.id, name: g.name })),
    ...kept.map((g): RunDetail => ({ kind: 'group kept', oktaId: g.id, name: g.name, note: g.reason })),
  ];
  return { data: { groupsRemoved: removed.length, groupsKept: kept.length }, details };
}

function nameOf(group: OktaGroup): string {
  return group.profile?.name ?? group.id;
}

function keptNote(kept: KeptGroup[]): string {
  return kept.length > 0 ? `; kept ${plural(kept.length, 'group')} Okta does not let us change` : '';
}

export const removeGroupsTask: TaskDefinition = {
  id: 'remove_groups',
  label: 'Remove Groups',
  stage: 'revoke',
  description:
    'Remove the user from every Okta-managed group and record which; built-in and app-imported groups are kept, with the reason.',
  defaultOrder: 5,
  defaultOnFailure: 'continue',
  run,
};
