// Runs several tasks in lockstep: each round, every unfinished task's calls go to Okta in one sendAll,
// so Confirm can suspend and clear sessions in parallel rather than one after the other.

import { asOffboardError } from '../errors';
import type { OktaClient, OktaResult } from '../okta/client';
import type { OktaCall } from '../okta/requests';
import type { TaskContext, TaskDefinition, TaskOutcome, TaskSteps } from './types';

/**
 * A task that keeps yielding past this is broken. Remove Groups needs one round per REMOVALS_PER_ROUND
 * groups plus four (access record, list, re-list): 60 rounds cover over 500 groups.
 */
const MAX_ROUNDS = 60;

interface Running {
  steps: TaskSteps | null;
  waitingFor: OktaCall[];
  outcome?: TaskOutcome;
}

export function driveTasks(
  client: OktaClient,
  jobs: { task: TaskDefinition; ctx: TaskContext }[],
): TaskOutcome[] {
  const running: Running[] = jobs.map(({ task, ctx }) => {
    const state: Running = { steps: null, waitingFor: [] };
    try {
      state.steps = task.run(ctx);
    } catch (e) {
      state.outcome = crashed(e);
      return state;
    }
    advance(state, undefined);
    return state;
  });

  for (let round = 0; round < MAX_ROUNDS; round++) {
    const open = running.filter((r) => r.outcome === undefined);
    if (open.length === 0) break;
    const calls = open.flatMap((r) => r.waitingFor);
    const results = calls.length > 0 ? client.sendAll(calls) : [];
    let offset = 0;
    for (const r of open) {
      const mine = results.slice(offset, offset + r.waitingFor.length);
      offset += r.waitingFor.length;
      advance(r, mine);
    }
  }

  return running.map(
    (r) =>
      r.outcome ?? {
        kind: 'failed',
        transient: false,
        code: 'INTERNAL',
        message: `The task did not finish within ${MAX_ROUNDS} rounds of Okta calls.`,
      },
  );
}

/** Hands a task its results and records what it asks for next, or its outcome. */
function advance(r: Running, results: OktaResult[] | undefined): void {
  try {
    // The first next() starts the generator; its argument is ignored.
    const step = results === undefined ? r.steps!.next() : r.steps!.next(results);
    if (step.done) r.outcome = step.value;
    else r.waitingFor = step.value;
  } catch (e) {
    r.outcome = crashed(e);
  }
}

function crashed(e: unknown): TaskOutcome {
  const error = asOffboardError(e);
  return { kind: 'failed', transient: false, code: 'INTERNAL', message: error.message };
}
