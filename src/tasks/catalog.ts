// The offboarding tasks, in their default order: contain first, then revoke (Okta, then Google Workspace,
// whose tasks are off until an admin turns them on), and deactivate last.

import { clearSessionsTask } from './clearSessions';
import { deactivateTask } from './deactivate';
import { googleHideTask } from './google/hide';
import { googleRemoveGroupsTask } from './google/removeGroups';
import { googleSignOutTask } from './google/signOut';
import { googleSuspendTask } from './google/suspend';
import { googleTransferDriveTask } from './google/transferDrive';
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
  googleSignOutTask,
  googleSuspendTask,
  googleRemoveGroupsTask,
  googleHideTask,
  googleTransferDriveTask,
  deactivateTask,
].sort(
  (a, b) => Number(a.stage === 'finish') - Number(b.stage === 'finish') || a.defaultOrder - b.defaultOrder,
);

/** Accepts any text (e.g. a Sheet cell), so callers need not check it is a TaskId first. */
export function taskById(id: string): TaskDefinition | undefined {
  return TASKS.find((task) => task.id === id);
}
