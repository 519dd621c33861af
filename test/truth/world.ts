// A whole offboarding driven through the engine on the fake Okta and the fake clock, watching every save
// of the run's row: what each task claimed, and what Okta's state was at that moment.

import { signButton, verifyButton } from '../../src/run/buttons';
import * as engine from '../../src/run/engine';
import type { RunStore } from '../../src/run/store';
import type { Run, TaskState } from '../../src/run/types';
import { TASKS } from '../../src/tasks/catalog';
import type { TaskId } from '../../src/tasks/types';
import { nodeCrypto } from '../fakes/services';
import { makeWorld, type World } from '../fixtures/world';

const SECRET = 'test-signing-secret';
/** These runs are about Okta's truth, not about who may click: everyone may. */
const anyone = (): void => {};
/** The two-person rule is off in these tests. */
const noApproval = (): null => null;
const FINISHED: Run['status'][] = ['completed', 'aborted', 'cancelled', 'expired'];
/** Worker turns before a run counts as left running; each turn is 6 fake minutes apart. */
const MAX_TURNS = 40;

/** The Okta state a task's done or already-done claims, checked on the fake at the moment of the claim. */
/** The Okta tasks' truths; Google tasks are off in these worlds (test/tasks/google/*.test.ts check theirs). */
export const TRUTH: Record<
  Exclude<TaskId, `google_${string}` | `webhook:${string}`>,
  (w: World) => boolean
> = {
  suspend: (w) => ['SUSPENDED', 'DEPROVISIONED'].includes(w.okta.user(w.target.id)!.status),
  clear_sessions: (w) => w.okta.sessionsOf(w.target.id) === 0 && w.okta.tokensOf(w.target.id).length === 0,
  remove_admin_roles: (w) => w.okta.rolesOf(w.target.id).every((r) => r.assignmentType !== 'USER'),
  revoke_grants: (w) => w.okta.grantsOf(w.target.id).length === 0,
  reset_factors: (w) => w.okta.factorsOf(w.target.id).length === 0,
  remove_groups: (w) => w.okta.groupsOf(w.target.id).every((g) => g.type !== 'OKTA_GROUP'),
  deactivate: (w) => w.okta.user(w.target.id)!.status === 'DEPROVISIONED',
};

export interface Watched {
  w: World;
  run: Run;
  /** Tasks that claimed done or already done while the fake Okta disagreed, with their text. */
  falseClaims: string[];
  /** Every task state a save recorded, in order, as "task: state". */
  states: string[];
  /** The run was saved paused at least once. */
  paused: boolean;
  /** Skip clicks needed to finish. */
  skips: number;
}

/**
 * Jane, as in makeWorld, plus what an admin leaves behind: a direct admin role, a group that carries an
 * admin role, a factor listFactors does not show, and an OAuth token.
 */
export function adminWorld(): World {
  const w = makeWorld();
  w.okta.assignRole(w.target.id, 'ORG_ADMIN');
  const helpDesk = w.okta.addGroup({ name: 'Okta Help Desk Admins' });
  w.okta.assignGroupRole(helpDesk.id, 'HELP_DESK_ADMIN');
  w.okta.addToGroup(helpDesk.id, w.target.id);
  w.okta.enrollFactor(w.target.id, 'sms', { hiddenFromList: true });
  w.okta.addToken(w.target.id, 'client-1');
  return w;
}

/** Every task of the catalog, in its default order with its default On Failure. */
export function fullPlan(): Run['data']['plan'] {
  return TASKS.filter((t) => t.offByDefault !== true).map((t) => ({
    id: t.id,
    label: t.label,
    onFailure: t.defaultOnFailure,
  }));
}

/** Requests, confirms, then lets the worker run (clicking Skip where the run pauses) until it ends. */
export function offboard(w: World): Watched {
  const watched: Watched = {
    w,
    run: undefined as unknown as Run,
    falseClaims: [],
    states: [],
    paused: false,
    skips: 0,
  };
  watch(w, watched);
  const requested = engine.requestRun(w.deps, {
    requester: { slackUserId: 'U0APPROVED', name: 'Alex Admin' },
    input: w.target.profile.login,
    audit: { actor: 'alex', detail: `/offboard ${w.target.profile.login}` },
    user: {
      id: w.target.id,
      status: 'ACTIVE',
      profile: { login: w.target.profile.login, email: w.target.profile.email },
    },
    plan: fullPlan(),
  });
  engine.confirmRun(w.deps, {
    approval: noApproval,
    graceMs: 0,
    claim: claim(w, requested.runId, 'confirm'),
    actor: 'Alex Admin (U0APPROVED)',
    startedAt: w.services.clock.now(),
    authorize: anyone,
  });
  for (let turn = 0; turn < MAX_TURNS; turn++) {
    const run = stored(w, requested.runId);
    if (FINISHED.includes(run.status)) break;
    if (run.status === 'paused') {
      engine.clickRun(w.deps, {
        claim: claim(w, run.runId, 'skip', run.data.pausedTask),
        actor: 'Sam Approver (U0SAM)',
        authorize: anyone,
      });
      watched.skips += 1;
      continue;
    }
    w.services.clock.advance(6 * 60_000);
    engine.workerTurn(w.deps, w.services.clock.now() + 4.5 * 60_000);
  }
  watched.run = stored(w, requested.runId);
  return watched;
}

export function isLeftRunning(run: Run): boolean {
  return !FINISHED.includes(run.status);
}

function stored(w: World, runId: string): Run {
  return w.deps.store.get(runId)!;
}

function claim(w: World, runId: string, action: 'confirm' | 'skip', taskId = '') {
  const current = stored(w, runId);
  const value = signButton(nodeCrypto, SECRET, {
    action,
    runId,
    taskId,
    pauseSeq: current.data.pauseSeq,
    expiresAt: 0,
  });
  return verifyButton(nodeCrypto, SECRET, value, w.services.clock.now());
}

/** Checks each save of the run's row: a task newly done must match the fake's state right then. */
function watch(w: World, watched: Watched): void {
  const store: RunStore = w.deps.store;
  const seen = new Map<string, TaskState>();
  w.deps = {
    ...w.deps,
    store: {
      ...store,
      save: (run) => {
        if (run.status === 'paused') watched.paused = true;
        for (const [id, record] of Object.entries(run.data.tasks)) {
          if (!record || seen.get(id) === record.state) continue;
          seen.set(id, record.state);
          watched.states.push(`${id}: ${record.state}`);
          const claimsDone = record.state === 'done' || record.state === 'already_done';
          const truth = TRUTH[id as keyof typeof TRUTH] as ((w: World) => boolean) | undefined;
          if (claimsDone && truth === undefined) throw new Error(`No truth to check ${id} against.`);
          if (claimsDone && !truth!(w)) watched.falseClaims.push(`${id}: ${record.text}`);
        }
        store.save(run);
      },
    },
  };
}
