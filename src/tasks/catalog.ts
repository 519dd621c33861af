// The offboarding tasks, in their default order: contain first, then revoke, and deactivate last.

import { clearSessionsTask } from './clearSessions';
import { deactivateTask } from './deactivate';
import { removeAdminRolesTask } from './removeAdminRoles';
import { removeGroupsTask } from './removeGroups';
import { resetFactorsTask } from './resetFactors';
import { revokeGrantsTask } from './revokeGrants';
import { suspendTask } from './suspend';
import type { TaskDefinition } from './types';

export const TASKS: readonly TaskDefinition[] = [
  suspendTask,
  clearSessionsTask,
  removeAdminRolesTask,
  revokeGrantsTask,
  resetFactorsTask,
  removeGroupsTask,
  deactivateTask,
].sort((a, b) => a.defaultOrder - b.defaultOrder);

/** Accepts any text (e.g. a Sheet cell), so callers need not check it is a TaskId first. */
export function taskById(id: string): TaskDefinition | undefined {
  return TASKS.find((task) => task.id === id);
}
