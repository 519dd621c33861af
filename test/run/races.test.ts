// Races that used to end untruthfully: each reproduced, each ending with the record saying what Okta did.

import * as app from '../../src/app';
import { signButton, verifyButton, type ButtonAction } from '../../src/run/buttons';
import * as engine from '../../src/run/engine';
import type { Run } from '../../src/run/types';
import type { HttpRequest, HttpResponse } from '../../src/ports';
import { FULL_PLAN } from '../fixtures/runs';
import { codeOf } from '../fixtures/errors';
import { slashCommandPost } from '../fixtures/slack';
import { allRuns, makeWorld, type World } from '../fixtures/world';
import { activeRunIndex } from '../../src/run/activeRuns';
import { nodeCrypto } from '../fakes/services';

const SECRET = 'test-signing-secret';
/** These tests are about the engine, not about who may click: everyone may. */
const anyone = (): void => {};
/** The two-person rule is off in these tests. */
const noApproval = (): null => null;

function request(w: World): Run {
  return engine.requestRun(w.deps, {
    requester: { slackUserId: 'U0APPROVED', name: 'Alex Admin' },
    input: 'jane.doe@example.com',
    audit: { actor: 'alex', detail: '/offboard jane.doe@example.com' },
    user: {
      id: w.target.id,
      status: 'ACTIVE',
      profile: { login: w.target.profile.login, email: w.target.profile.email },
    },
    plan: FULL_PLAN.map((t) => ({ ...t })),
  });
}

function claim(w: World, runId: string, action: ButtonAction, taskId = '') {
  const current = w.deps.store.get(runId)!;
  const value = signButton(nodeCrypto, SECRET, {
    action,
    runId,
    taskId,
    pauseSeq: current.data.pauseSeq,
    expiresAt: 0,
  });
  return verifyButton(nodeCrypto, SECRET, value, w.services.clock.now());
}

function confirm(w: World, run: Run): Run {
  return engine.confirmRun(w.deps, {
    approval: noApproval,
    graceMs: 0,
    claim: claim(w, run.runId, 'confirm'),
    actor: 'Alex Admin (U0APPROVED)',
    startedAt: w.services.clock.now(),
    authorize: anyone,
  });
}

function work(w: World): engine.WorkerReport {
  return engine.workerTurn(w.deps, w.services.clock.now() + 4.5 * 60_000);
}

/** Runs `during` once, while the first Okta request matching `matches` is being answered. */
function whileOktaWorks(w: World, matches: (r: HttpRequest) => boolean, during: () => void): void {
  const fetch = w.okta.fetch.bind(w.okta);
  let fired = false;
  w.okta.fetch = (r: HttpRequest): HttpResponse => {
    const response = fetch(r);
    if (!fired && matches(r)) {
      fired = true;
      during();
    }
    return response;
  };
}

const revokeGrants = (r: HttpRequest): boolean => r.method === 'delete' && r.url.includes('/grants');

describe('Abort while a task’s Okta call is in flight', () => {
  function abortedMidTask(): { w: World; run: Run } {
    const w = makeWorld();
    w.okta.failNext({ operation: 'revokeUserGrants' }, { status: 403, errorCode: 'E0000006' });
    const run = confirm(w, request(w));
    work(w); // pauses at Revoke Grants
    engine.clickRun(w.deps, {
      claim: claim(w, run.runId, 'retry', 'revoke_grants'),
      actor: 'sam',
      authorize: anyone,
    });
    const abort = claim(w, run.runId, 'abort');
    whileOktaWorks(w, revokeGrants, () =>
      engine.clickRun(w.deps, { claim: abort, actor: 'sam', authorize: anyone }),
    );
    work(w);
    return { w, run };
  }

  it('records the task’s outcome on the aborted run', () => {
    const { w, run } = abortedMidTask();
    const stored = w.deps.store.get(run.runId)!;
    expect([stored.status, stored.data.tasks.revoke_grants?.state]).toEqual(['aborted', 'done']);
  });

  it('counts the task in the summary', () => {
    const { w, run } = abortedMidTask();
    expect(w.deps.store.get(run.runId)!.message).toMatch(/^Aborted by sam\. 3 done/);
  });

  it('has the Audit Log agree with the row', () => {
    const { w, run } = abortedMidTask();
    expect(
      w.audit
        .filter((e) => e.runId === run.runId && e.action.startsWith('task revoke_grants'))
        .map((e) => e.action),
    ).toEqual(['task revoke_grants: failed', 'task revoke_grants: done']);
  });
});

describe('an Abort button from an earlier pause', () => {
  it('is refused like a stale Retry, and the run stays paused', () => {
    const w = makeWorld();
    w.okta.failNext({ operation: 'revokeUserGrants' }, { status: 403, errorCode: 'E0000006', times: 2 });
    const run = confirm(w, request(w));
    work(w); // first pause
    const staleAbort = claim(w, run.runId, 'abort');
    engine.clickRun(w.deps, {
      claim: claim(w, run.runId, 'retry', 'revoke_grants'),
      actor: 'sam',
      authorize: anyone,
    });
    work(w); // second pause
    expect([
      codeOf(() => engine.clickRun(w.deps, { claim: staleAbort, actor: 'sam', authorize: anyone })),
      w.deps.store.get(run.runId)!.status,
    ]).toEqual(['RUN_STATE', 'paused']);
  });
});

describe('Confirm when another execution holds the lock after containment ran', () => {
  /** Another execution takes the lock while Okta suspends and keeps it `holdMs` (3 s: longer than a request waits). */
  function busyAfterContainment(w: World, holdMs = 3_000): void {
    let heldUntil = 0;
    const lock = w.services.lock;
    const tryLock = lock.tryLock.bind(lock);
    lock.tryLock = (timeoutMs: number): boolean => {
      const now = w.services.clock.now();
      if (heldUntil > now) {
        if (heldUntil > now + timeoutMs) return false;
        w.services.clock.advance(heldUntil - now);
      }
      return tryLock(timeoutMs);
    };
    whileOktaWorks(
      w,
      (r) => r.url.includes('/lifecycle/suspend'),
      () => (heldUntil = w.services.clock.now() + holdMs),
    );
  }

  function confirmedAgainstBusyLock(holdMs = 3_000): { w: World; run: Run; result: Run | string } {
    const w = makeWorld();
    w.deps = { ...w.deps, lockWaitMs: engine.REQUEST_LOCK_WAIT_MS };
    const run = request(w);
    busyAfterContainment(w, holdMs);
    let result: Run | string;
    try {
      result = confirm(w, run);
    } catch (e) {
      result = (e as { code?: string }).code ?? String(e);
    }
    return { w, run, result };
  }

  it('records the containment outcomes as this run’s work, not later as already done', () => {
    const { w, run } = confirmedAgainstBusyLock();
    work(w);
    const tasks = w.deps.store.get(run.runId)!.data.tasks;
    expect([tasks.suspend?.state, tasks.clear_sessions?.state]).toEqual(['done', 'done']);
  });

  it('answers the requester with the run, never an error to try again', () => {
    const { result } = confirmedAgainstBusyLock();
    expect(typeof result === 'string' ? result : result.status).toBe('queued');
  });

  it('audits the confirmation and posts one channel message', () => {
    const { w, run } = confirmedAgainstBusyLock();
    expect([
      w.audit.filter((e) => e.action === 'confirmed').length,
      new Set(w.published.map((p) => p.runId)).size,
    ]).toEqual([1, 1]);
    expect(w.published.every((p) => p.runId === run.runId)).toBe(true);
  });

  describe('and stays busy longer than even a worker waits (20 s)', () => {
    it('answers with the run queued and containment recorded in its index entry', () => {
      const { w, run, result } = confirmedAgainstBusyLock(20_000);
      const tasks = w.deps.store.get(run.runId)!.data.tasks;
      expect([
        typeof result === 'string' ? result : result.status,
        tasks.suspend?.state,
        tasks.clear_sessions?.state,
      ]).toEqual(['queued', 'done', 'done']);
    });

    it('lets the worker finish the run later with suspend still this run’s work and one row', () => {
      const { w, run } = confirmedAgainstBusyLock(20_000);
      w.services.clock.advance(20_000);
      work(w);
      const rows = w.sheet
        .sheet('Offboarding')
        .rows()
        .filter((r) => r[0] === run.runId);
      expect([
        w.deps.store.get(run.runId)!.status,
        w.deps.store.get(run.runId)!.data.tasks.suspend?.state,
        rows.length,
      ]).toEqual(['completed', 'done', 1]);
    });
  });
});

describe('/offboard whose card was lost to Slack’s timeout', () => {
  function post(w: World, text: string) {
    return app.handleSlackPost(() => w.services, slashCommandPost({ text })) as Record<string, unknown>;
  }

  it('gives the same requester a fresh card for the same run, not "already active"', () => {
    const w = makeWorld();
    post(w, 'jane.doe@example.com');
    const again = JSON.stringify(post(w, 'jane.doe@example.com'));
    const runId = allRuns(w)[0]!.runId;
    expect([allRuns(w).length, again.includes(`"action_id":"confirm"`), again.includes(runId)]).toEqual([
      1,
      true,
      true,
    ]);
  });
});

describe('with the button signing secret missing', () => {
  it('writes nothing: no row, no active run blocking the person', () => {
    const w = makeWorld();
    delete w.services.properties.values.BUTTON_SIGNING_SECRET;
    app.handleSlackPost(() => w.services, slashCommandPost({ text: 'jane.doe@example.com' }));
    expect([allRuns(w).length, activeRunIndex(w.services.properties).all().length]).toEqual([0, 0]);
  });
});
