import { OffboardError } from '../../src/errors';
import { codeOf } from '../fixtures/errors';
import { signButton, verifyButton, type ButtonAction } from '../../src/run/buttons';
import * as engine from '../../src/run/engine';
import type { Run } from '../../src/run/types';
import { RETRY_BACKOFF_MS } from '../../src/run/transitions';
import { FULL_PLAN } from '../fixtures/runs';
import { makeWorld, storeOf, type World } from '../fixtures/world';
import { nodeCrypto } from '../fakes/services';

const SECRET = 'test-signing-secret';
/** These tests are about the engine, not about who may click: everyone may. */
const anyone = (): void => {};
/** The two-person rule is off in these tests. */
const noApproval = (): null => null;
const RILEY = { slackUserId: 'U0REQUEST', name: 'Riley Requester' };

function request(w: World, requester = { slackUserId: 'U0APPROVED', name: 'Alex Admin' }): Run {
  return engine.requestRun(w.deps, {
    requester,
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

function claim(w: World, run: Run, action: ButtonAction, taskId = '') {
  const current = w.deps.store.get(run.runId)!;
  const value = signButton(nodeCrypto, SECRET, {
    action,
    runId: run.runId,
    taskId,
    pauseSeq: current.data.pauseSeq,
    expiresAt: 0,
  });
  return verifyButton(nodeCrypto, SECRET, value, w.services.clock.now());
}

function stored(w: World, runId: string): Run {
  return w.deps.store.get(runId)!;
}

function confirm(w: World, run: Run): Run {
  return engine.confirmRun(w.deps, {
    approval: noApproval,
    graceMs: 0,
    claim: claim(w, run, 'confirm'),
    actor: 'Alex Admin (U0APPROVED)',
    startedAt: w.services.clock.now(),
    authorize: anyone,
  });
}

function work(w: World): engine.WorkerReport {
  return engine.workerTurn(w.deps, w.services.clock.now() + 4.5 * 60_000);
}

function oktaWrites(w: World, operation: string): number {
  return w.okta.requests.filter((r) => r.operation === operation).length;
}

describe('requesting a run', () => {
  it('keeps a run awaiting confirmation in the index only: no Offboarding row yet', () => {
    const w = makeWorld();
    const run = request(w);
    expect([stored(w, run.runId).status, w.sheet.calls.appendRow]).toEqual(['awaiting confirmation', 0]);
  });

  it('writes the Offboarding row when the run is confirmed', () => {
    const w = makeWorld();
    const run = confirm(w, request(w));
    const rows = w.sheet.sheet('Offboarding').rows();
    expect(rows.filter((r) => r[0] === run.runId)).toHaveLength(1);
  });

  it('refuses a second run for the same person from another requester, and names the first', () => {
    const w = makeWorld();
    const first = request(w);
    let error: OffboardError | undefined;
    try {
      request(w, RILEY);
    } catch (e) {
      error = e as OffboardError;
    }
    expect(error?.code).toBe('RUN_ACTIVE');
    expect(error?.detail.runId).toBe(first.runId);
  });

  it('gives up with LOCK_TIMEOUT when another execution holds the lock', () => {
    const w = makeWorld();
    w.services.lock.busy = true;
    expect(codeOf(() => request(w))).toBe('LOCK_TIMEOUT');
  });
});

describe('confirming', () => {
  it('suspends and clears sessions in one parallel Okta round, then reads the user back, inside the request', () => {
    const w = makeWorld();
    const run = request(w);
    w.http.calls.fetchAll = 0;
    const after = confirm(w, run);
    expect(after.data.tasks.suspend?.state).toBe('done');
    expect(after.data.tasks.clear_sessions?.state).toBe('done');
    expect(w.okta.user(w.target.id)?.status).toBe('SUSPENDED');
    expect(w.okta.sessionsOf(w.target.id)).toBe(0);
    expect(w.http.calls.fetchAll).toBe(2);
  });

  it('leaves the other tasks to the worker and creates no trigger (the every-minute worker takes them)', () => {
    const w = makeWorld();
    const after = confirm(w, request(w));
    expect(after.status).toBe('queued');
    expect(after.data.tasks.deactivate).toBeUndefined();
    expect(w.services.calls.get('triggers.create')).toBe(0);
  });

  it('writes one Audit Log row for the confirmation and both containment outcomes', () => {
    const w = makeWorld();
    const run = request(w);
    w.audit.length = 0;
    confirm(w, run);
    expect(w.audit).toHaveLength(1);
    expect(w.audit[0]).toMatchObject({ action: 'confirmed', runId: run.runId });
    expect(w.audit[0]?.detail).toMatch(/Suspend: done .*Clear Sessions: done/);
  });

  it('a confirmed run is finished by the every-minute worker alone', () => {
    const w = makeWorld();
    const run = confirm(w, request(w));
    expect(w.services.triggers.triggers).toHaveLength(0);
    work(w);
    expect(stored(w, run.runId).status).toBe('completed');
  });

  it('keeps the posted Slack message in the run row', () => {
    const w = makeWorld();
    const run = confirm(w, request(w));
    expect(stored(w, run.runId).data.report).toEqual({ channel: 'C0REPORTS', ts: '1700000000.000100' });
  });

  it('applies a double click once', () => {
    const w = makeWorld();
    const run = request(w);
    const click = claim(w, run, 'confirm');
    engine.confirmRun(w.deps, {
      approval: noApproval,
      graceMs: 0,
      claim: click,
      actor: 'alex',
      startedAt: w.services.clock.now(),
      authorize: anyone,
    });
    expect(
      codeOf(() =>
        engine.confirmRun(w.deps, {
          approval: noApproval,
          graceMs: 0,
          claim: click,
          actor: 'alex',
          startedAt: w.services.clock.now(),
          authorize: anyone,
        }),
      ),
    ).toBe('RUN_STATE');
    expect(oktaWrites(w, 'suspendUser')).toBe(1);
  });

  it('expires a confirmation clicked after the window, touching nothing in Okta', () => {
    const w = makeWorld();
    const run = request(w);
    const click = claim(w, run, 'confirm');
    w.services.clock.advance(16 * 60_000);
    expect(
      codeOf(() =>
        engine.confirmRun(w.deps, {
          approval: noApproval,
          graceMs: 0,
          claim: click,
          actor: 'alex',
          startedAt: w.services.clock.now(),
          authorize: anyone,
        }),
      ),
    ).toBe('CLICK_EXPIRED');
    expect(stored(w, run.runId).status).toBe('expired');
    expect(oktaWrites(w, 'suspendUser')).toBe(0);
  });

  it('cancel ends the run with nothing done in Okta', () => {
    const w = makeWorld();
    const run = request(w);
    const after = engine.clickRun(w.deps, {
      claim: claim(w, run, 'cancel'),
      actor: 'alex',
      authorize: anyone,
    });
    expect(after.status).toBe('cancelled');
    expect(w.okta.requests).toHaveLength(0);
  });
});

describe('the worker', () => {
  it('completes a confirmed run: every task done, the person deactivated', () => {
    const w = makeWorld();
    const run = confirm(w, request(w));
    work(w);
    const done = stored(w, run.runId);
    expect(done.status).toBe('completed');
    expect(FULL_PLAN.map((t) => done.data.tasks[t.id]?.state)).toEqual([
      'done',
      'done',
      'done',
      'done',
      'done',
      'done',
    ]);
    expect(w.okta.user(w.target.id)?.status).toBe('DEPROVISIONED');
  });

  it('writes which groups were removed and which were kept to Run Details, one row each', () => {
    const w = makeWorld();
    const run = confirm(w, request(w));
    work(w);
    const rows = w.sheet.sheet('Run Details').rows().slice(1);
    const of = (kind: string) =>
      rows
        .filter((r) => r[0] === run.runId && r[3] === kind)
        .map((r) => String(r[5]))
        .sort();
    expect([of('group removed'), of('group kept')]).toEqual([
      ['Engineering', 'VPN'],
      ['Everyone', 'Salesforce Users'],
    ]);
  });

  it("puts each write's X-Okta-Request-Id into the Audit Log detail of that task's outcome", () => {
    const w = makeWorld();
    const run = confirm(w, request(w));
    work(w);
    const row = w.audit.find((e) => e.runId === run.runId && e.action === 'task remove_groups: done');
    expect(row?.detail).toMatch(
      /\[Okta request ids: unassignUserFromGroup [0-9A-Za-z]{20}, unassignUserFromGroup [0-9A-Za-z]{20}\]$/,
    );
  });

  it("names the request id of a refused write in that task's Audit Log row", () => {
    const w = makeWorld();
    w.okta.failNext({ operation: 'revokeUserGrants' }, { status: 403, errorCode: 'E0000006' });
    const run = confirm(w, request(w));
    work(w);
    const row = w.audit.find((e) => e.runId === run.runId && e.action === 'task revoke_grants: failed');
    expect(row?.detail).toMatch(/\[Okta request ids: revokeUserGrants [0-9A-Za-z]{20}\]$/);
  });

  it('names the request ids of both containment writes in the confirmation row', () => {
    const w = makeWorld();
    const run = request(w);
    confirm(w, run);
    const row = w.audit.find((e) => e.action === 'confirmed');
    expect([
      row?.detail?.match(/suspendUser [0-9A-Za-z]{20}/),
      row?.detail?.match(/revokeUserSessions [0-9A-Za-z]{20}/),
    ]).toEqual([expect.anything(), expect.anything()]);
  });

  it('writes each task outcome into its own column', () => {
    const w = makeWorld();
    const run = confirm(w, request(w));
    work(w);
    const row = w.sheet.sheet('Offboarding').rows()[stored(w, run.runId).rowNumber! - 1]!;
    const header = w.sheet.sheet('Offboarding').rows()[0]!;
    expect(String(row[header.indexOf('Deactivate')])).toMatch(/^✅ done/);
  });

  it('expires confirmations nobody clicked', () => {
    const w = makeWorld();
    const run = request(w);
    w.services.clock.advance(16 * 60_000);
    expect(work(w).expired).toEqual([run.runId]);
    expect(stored(w, run.runId).status).toBe('expired');
  });

  it('stops starting tasks at its deadline and leaves the rest queued', () => {
    const w = makeWorld();
    const run = confirm(w, request(w));
    engine.workerTurn(w.deps, w.services.clock.now());
    expect(stored(w, run.runId).status).toBe('queued');
    expect(stored(w, run.runId).data.tasks.revoke_grants).toBeUndefined();
  });
});

describe('failures', () => {
  it('retries a transient failure automatically after the backoff', () => {
    const w = makeWorld();
    w.okta.failNext({ operation: 'revokeUserGrants' }, { status: 500, errorCode: 'E0000009', times: 3 });
    const run = confirm(w, request(w));
    work(w);
    expect(stored(w, run.runId).status).toBe('queued');
    expect(stored(w, run.runId).data.tasks.revoke_grants?.state).toBe('failed');
    w.services.clock.advance(RETRY_BACKOFF_MS[0]!);
    work(w);
    expect(stored(w, run.runId).status).toBe('completed');
  });

  it('pauses on a permanent failure and tells the requester', () => {
    const w = makeWorld();
    w.okta.failNext({ operation: 'revokeUserGrants' }, { status: 403, errorCode: 'E0000006' });
    const run = confirm(w, request(w));
    work(w);
    const paused = stored(w, run.runId);
    expect(paused.status).toBe('paused');
    expect(paused.data.pausedTask).toBe('revoke_grants');
    expect(w.told.some((t) => t.includes('paused'))).toBe(true);
  });

  it('Retry re-runs the paused task and the run completes', () => {
    const w = makeWorld();
    w.okta.failNext({ operation: 'revokeUserGrants' }, { status: 403, errorCode: 'E0000006' });
    const run = confirm(w, request(w));
    work(w);
    engine.clickRun(w.deps, {
      claim: claim(w, run, 'retry', 'revoke_grants'),
      actor: 'sam',
      authorize: anyone,
    });
    work(w);
    expect(stored(w, run.runId).status).toBe('completed');
    expect(stored(w, run.runId).data.tasks.revoke_grants?.state).toBe('done');
  });

  it('Skip records who skipped and the run goes on without that task', () => {
    const w = makeWorld();
    w.okta.failNext({ operation: 'revokeUserGrants' }, { status: 403, errorCode: 'E0000006' });
    const run = confirm(w, request(w));
    work(w);
    engine.clickRun(w.deps, {
      claim: claim(w, run, 'skip', 'revoke_grants'),
      actor: 'sam',
      authorize: anyone,
    });
    work(w);
    const done = stored(w, run.runId);
    expect(done.status).toBe('completed');
    expect(done.data.tasks.revoke_grants).toMatchObject({ state: 'skipped', by: 'sam' });
    expect(oktaWrites(w, 'revokeUserGrants')).toBe(1);
  });

  it('Abort ends the run; later tasks never reach Okta', () => {
    const w = makeWorld();
    w.okta.failNext({ operation: 'revokeUserGrants' }, { status: 403, errorCode: 'E0000006' });
    const run = confirm(w, request(w));
    work(w);
    engine.clickRun(w.deps, { claim: claim(w, run, 'abort'), actor: 'sam', authorize: anyone });
    work(w);
    expect(stored(w, run.runId).status).toBe('aborted');
    expect(oktaWrites(w, 'deactivateUser')).toBe(0);
  });

  it('a Retry click on a finished run is refused', () => {
    const w = makeWorld();
    w.okta.failNext({ operation: 'revokeUserGrants' }, { status: 403, errorCode: 'E0000006' });
    const run = confirm(w, request(w));
    work(w);
    const retry = claim(w, run, 'retry', 'revoke_grants');
    engine.clickRun(w.deps, { claim: claim(w, run, 'abort'), actor: 'sam', authorize: anyone });
    expect(codeOf(() => engine.clickRun(w.deps, { claim: retry, actor: 'sam', authorize: anyone }))).toBe(
      'RUN_FINISHED',
    );
  });
});

describe('one run’s trouble', () => {
  it('a task this version does not know pauses that run with a clear message', () => {
    const w = makeWorld();
    const run = confirm(w, request(w));
    const stored1 = stored(w, run.runId);
    stored1.data.plan.splice(2, 0, { id: 'wipe_laptop' as never, label: 'Wipe Laptop', onFailure: 'pause' });
    w.deps.store.save(stored1);
    work(w);
    const paused = stored(w, run.runId);
    expect(paused.status).toBe('paused');
    expect(paused.message).toContain('no task "wipe_laptop"');
  });

  it('does not hold up the other runs in the same worker turn', () => {
    const w = makeWorld();
    const other = w.okta.addUser({ login: 'sam.other@example.com', email: 'sam.other@example.com' });
    const first = confirm(w, request(w));
    const second = engine.requestRun(w.deps, {
      requester: { slackUserId: 'U0APPROVED', name: 'Alex Admin' },
      input: 'sam.other@example.com',
      audit: { actor: 'alex', detail: '/offboard sam.other@example.com' },
      user: {
        id: other.id,
        status: 'ACTIVE',
        profile: { login: other.profile.login, email: other.profile.email },
      },
      plan: FULL_PLAN.map((t) => ({ ...t })),
    });
    confirm(w, second);
    const store = w.deps.store;
    w.deps = {
      ...w.deps,
      store: {
        ...store,
        save: (r) => {
          if (r.runId === first.runId && r.status === 'running')
            throw new Error('Service Spreadsheets failed');
          store.save(r);
        },
      },
    };
    const report = work(w);
    expect(report.failed).toEqual([first.runId]);
    expect(stored(w, second.runId).status).toBe('completed');
  });
});

describe('an execution that dies', () => {
  const WRITES: Record<string, string> = {
    suspend: 'suspendUser',
    clear_sessions: 'revokeUserSessions',
    revoke_grants: 'revokeUserGrants',
    reset_factors: 'resetFactors',
    remove_groups: 'unassignUserFromGroup',
    deactivate: 'deactivateUser',
  };

  /** The next execution's store: it reads everything again, as Apps Script would. */
  function nextExecution(w: World): void {
    w.deps = { ...w.deps, store: storeOf(w.services), executionId: 'execution-2' };
    w.services.lock.held = false;
    w.services.clock.advance(engine.LEASE_MS + 1);
  }

  /**
   * Dies where it hurts most: when the outcome of `taskId` is about to be written (its Okta call went
   * out, its outcome not yet saved). Answers how many Okta writes for that task had gone out by then.
   */
  function dieOnOutcome(w: World, taskId: keyof typeof WRITES): { writesBeforeDeath: number } {
    const store = w.deps.store;
    const seen = { writesBeforeDeath: -1 };
    w.deps = {
      ...w.deps,
      store: {
        ...store,
        save: (run) => {
          const state = run.data.tasks[taskId as keyof typeof run.data.tasks]?.state;
          if (
            seen.writesBeforeDeath < 0 &&
            state !== undefined &&
            state !== 'pending' &&
            state !== 'running'
          ) {
            seen.writesBeforeDeath = oktaWrites(w, WRITES[taskId]!);
            throw new Error('Exceeded maximum execution time');
          }
          store.save(run);
        },
      },
    };
    return seen;
  }

  it('during containment on Confirm, after Okta suspended: the worker finishes the run and finds suspend already done', () => {
    const w = makeWorld();
    const run = request(w);
    const death = dieOnOutcome(w, 'suspend');
    expect(() => confirm(w, run)).toThrow('Exceeded maximum execution time');
    expect(death.writesBeforeDeath).toBe(1);
    nextExecution(w);
    work(w);
    const done = stored(w, run.runId);
    expect([done.status, done.data.tasks.suspend?.state]).toEqual(['completed', 'already_done']);
  });

  it.each(['revoke_grants', 'reset_factors', 'remove_groups', 'deactivate'] as const)(
    'after the Okta call of %s went out: the run completes, no earlier finished task is sent again',
    (taskId) => {
      const w = makeWorld();
      const run = confirm(w, request(w));
      const death = dieOnOutcome(w, taskId);
      // The worker turn catches it per run (a real death is not catchable, but leaves the same record behind).
      expect(work(w).failed).toEqual([run.runId]);
      expect(death.writesBeforeDeath).toBeGreaterThan(0);
      nextExecution(w);
      work(w);
      const done = stored(w, run.runId);
      expect(done.status).toBe('completed');
      const j = FULL_PLAN.findIndex((t) => t.id === taskId);
      const earlier = FULL_PLAN.slice(0, j).map((t) => [t.id, oktaWrites(w, WRITES[t.id]!)]);
      expect(earlier).toEqual(FULL_PLAN.slice(0, j).map((t) => [t.id, t.id === 'remove_groups' ? 2 : 1]));
      expect(['done', 'already_done']).toContain(done.data.tasks[taskId]?.state);
    },
  );

  it('after the deactivation went out: the next execution records it done by this run, not already done', () => {
    const w = makeWorld();
    const run = confirm(w, request(w));
    dieOnOutcome(w, 'deactivate');
    work(w);
    nextExecution(w);
    work(w);
    expect(stored(w, run.runId).data.tasks.deactivate).toMatchObject({
      state: 'done',
      text: expect.stringContaining('Deactivated by this run'),
    });
  });

  it('mid Remove Groups: the groups removed in each round are already in the row', () => {
    const w = makeWorld();
    for (let i = 0; i < 25; i++) w.okta.addToGroup(w.okta.addGroup({ name: `Team ${i}` }).id, w.target.id);
    const run = confirm(w, request(w));
    dieOnOutcome(w, 'remove_groups');
    expect(work(w).failed).toEqual([run.runId]);
    const row = stored(w, run.runId);
    expect([row.data.tasks.remove_groups?.state, row.data.facts['removedGroupCount']]).toEqual([
      'running',
      27,
    ]);
  });
});
