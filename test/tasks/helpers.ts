// Runs one task against a fake Okta org, the way the engine does (through driveTasks).

import type { OktaClient } from '../../src/okta/client';
import type { OktaUser } from '../../src/okta/types';
import { driveTasks } from '../../src/tasks/drive';
import type { TaskDefinition, TaskOutcome } from '../../src/tasks/types';

export function runTask(
  client: OktaClient,
  task: TaskDefinition,
  user: OktaUser,
  runData: Record<string, unknown> = {},
): TaskOutcome {
  return driveTasks(client, [{ task, ctx: { user, runData } }])[0]!;
}

/** Runs a task, merges its data into the run's record the way the engine does (shallowly), and returns both. */
export function runAndRecord(
  client: OktaClient,
  task: TaskDefinition,
  user: OktaUser,
  runData: Record<string, unknown>,
): TaskOutcome {
  const outcome = runTask(client, task, user, runData);
  if (outcome.data) Object.assign(runData, outcome.data);
  return outcome;
}
