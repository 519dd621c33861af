// The "Done when": every Okta write of every task × {403 every time, 500 every time, 404 once,
// answer lost once} drives a whole run through the engine on the fake Okta. Then no cell claims done while
// Okta's state disagrees, no lost answer produces a failure or pause, and no run is left running.

import type { TaskId } from '../../src/tasks/types';
import { adminWorld, isLeftRunning, offboard, type Watched } from './world';

/** Each task's Okta writes, by operationId. */
const WRITES: { task: TaskId; operation: string }[] = [
  { task: 'suspend', operation: 'suspendUser' },
  { task: 'clear_sessions', operation: 'revokeUserSessions' },
  { task: 'remove_admin_roles', operation: 'unassignRoleFromUser' },
  { task: 'revoke_grants', operation: 'revokeUserGrants' },
  { task: 'reset_factors', operation: 'resetFactors' },
  { task: 'remove_groups', operation: 'unassignUserFromGroup' },
  { task: 'deactivate', operation: 'deactivateUser' },
];

type Fault = '403 every time' | '500 every time' | '404 once' | 'answer lost once';
const FAULTS: Fault[] = ['403 every time', '500 every time', '404 once', 'answer lost once'];
const EVERY_TIME = 1_000;

const CASES = WRITES.flatMap((write) => FAULTS.map((fault) => ({ ...write, fault })));

const results: { name: string; fault: Fault; watched: Watched; faulted: number }[] = [];

function arm(w: ReturnType<typeof adminWorld>, operation: string, fault: Fault): void {
  const match = { operation };
  switch (fault) {
    case '403 every time':
      return w.okta.failNext(match, { status: 403, errorCode: 'E0000006', times: EVERY_TIME });
    case '500 every time':
      return w.okta.failNext(match, { status: 500, times: EVERY_TIME });
    case '404 once':
      return w.okta.failNext(match, { status: 404, times: 1 });
    case 'answer lost once':
      return w.okta.loseAnswerNext(match, { times: 1 });
  }
}

describe(`the failure matrix: ${WRITES.length} Okta writes × ${FAULTS.length} faults = ${CASES.length} whole runs`, () => {
  describe.each(CASES)('$task ($operation), $fault', ({ task, operation, fault }) => {
    let watched: Watched;
    let faulted = 0;

    beforeAll(() => {
      const w = adminWorld();
      arm(w, operation, fault);
      watched = offboard(w);
      faulted = w.okta.requests.filter((r) => r.operation === operation).length;
      results.push({ name: `${task}/${fault}`, fault, watched, faulted });
    });

    it('reaches the faulted write', () => {
      expect(faulted).toBeGreaterThan(0);
    });

    it('claims no task done while the fake Okta disagrees', () => {
      expect(watched.falseClaims).toEqual([]);
    });

    it('leaves no run running', () => {
      expect(watched.run.status).toBe('completed');
    });

    if (fault === 'answer lost once') {
      it('records no failure and no pause for the lost answer', () => {
        expect({
          failed: watched.states.filter((s) => s.endsWith(': failed')),
          paused: watched.paused,
        }).toEqual({
          failed: [],
          paused: false,
        });
      });

      it(`records ${task} as done by this run`, () => {
        expect(watched.run.data.tasks[task]?.state).toBe('done');
      });
    }
  });

  it('sums up: false claims, lost answers that failed or paused, runs left running', () => {
    const summary = {
      runs: results.length,
      falseClaims: results.reduce((n, r) => n + r.watched.falseClaims.length, 0),
      lostAnswersThatFailedOrPaused: results.filter(
        (r) =>
          r.fault === 'answer lost once' &&
          (r.watched.paused || r.watched.states.some((s) => s.endsWith(': failed'))),
      ).length,
      runsLeftRunning: results.filter((r) => isLeftRunning(r.watched.run)).length,
    };
    // For the closing note.
    console.log(`failure matrix: ${JSON.stringify(summary)}`);
    expect(summary).toEqual({
      runs: CASES.length,
      falseClaims: 0,
      lostAnswersThatFailedOrPaused: 0,
      runsLeftRunning: 0,
    });
  });
});
