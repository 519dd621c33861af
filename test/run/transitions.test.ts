import * as t from '../../src/run/transitions';
import { codeOf } from '../fixtures/errors';
import { RUN_STATUSES } from '../../src/run/types';
import { RUN_STATUS_COLORS } from '../../src/sheet/tabs';
import { aRun, FULL_PLAN, NOW } from '../fixtures/runs';

const suspend = FULL_PLAN[0]!;
const clear = FULL_PLAN[1]!;

describe('nextStep', () => {
  it('starts with the first task of the plan', () => {
    expect(t.nextStep(aRun({ status: 'queued' }), NOW)).toEqual({ kind: 'task', task: suspend });
  });

  it('returns a task left running by a dead execution, so it is run again', () => {
    const run = aRun(
      { status: 'running' },
      { tasks: { suspend: { state: 'running', text: '', attempts: 1 } } },
    );
    expect(t.nextStep(run, NOW)).toEqual({ kind: 'task', task: suspend });
  });

  it('waits for a transient failure until its retry time', () => {
    const run = aRun(
      {},
      { tasks: { suspend: { state: 'failed', text: 'x', attempts: 1, retryAt: NOW + 5 } } },
    );
    expect(t.nextStep(run, NOW)).toEqual({ kind: 'wait', until: NOW + 5 });
    expect(t.nextStep(run, NOW + 5)).toEqual({ kind: 'task', task: suspend });
  });

  it('is complete when every task has a final outcome', () => {
    const tasks = Object.fromEntries(
      FULL_PLAN.map((p) => [p.id, { state: 'done' as const, text: '', attempts: 1 }]),
    );
    expect(t.nextStep(aRun({}, { tasks }), NOW)).toEqual({ kind: 'complete' });
  });
});

describe('containmentTasks', () => {
  it('takes the leading contain-stage tasks only', () => {
    const isContain = (id: string) => id === 'suspend' || id === 'clear_sessions' || id === 'deactivate';
    expect(t.containmentTasks(aRun(), isContain)).toEqual([suspend, clear]);
  });

  it('is empty when the plan does not start with containment', () => {
    const run = aRun({}, { plan: [FULL_PLAN[2]!, suspend] });
    expect(t.containmentTasks(run, (id) => id === 'suspend')).toEqual([]);
  });
});

describe('applyOutcome', () => {
  it('records done with its detail', () => {
    const run = aRun({ status: 'running' });
    t.markRunning(run, 'suspend', NOW);
    t.applyOutcome(run, suspend, { kind: 'done', detail: 'suspended' }, NOW);
    expect(run.data.tasks.suspend).toMatchObject({ state: 'done', text: 'suspended', attempts: 1 });
  });

  it('keeps facts a task returns, such as removed groups', () => {
    const run = aRun({ status: 'running' });
    const data = { removedGroups: [{ id: '00g1', name: 'VPN' }] };
    t.applyOutcome(run, FULL_PLAN[4]!, { kind: 'done', detail: '1 group', data }, NOW);
    expect(run.data.facts.removedGroups).toEqual(data.removedGroups);
  });

  it('schedules an automatic retry for a transient failure', () => {
    const run = aRun({ status: 'running' });
    t.markRunning(run, 'suspend', NOW);
    t.applyOutcome(
      run,
      suspend,
      { kind: 'failed', transient: true, code: 'OKTA_SERVER', message: '500' },
      NOW,
    );
    expect(run.status).toBe('queued');
    expect(run.data.tasks.suspend?.retryAt).toBe(NOW + t.RETRY_BACKOFF_MS[0]!);
  });

  it('waits at least until Okta says the rate limit resets', () => {
    const run = aRun({ status: 'running' });
    t.markRunning(run, 'suspend', NOW);
    const retryAt = NOW + 10 * 60_000;
    t.applyOutcome(
      run,
      suspend,
      { kind: 'failed', transient: true, code: 'OKTA_RATE_LIMITED', message: '429', retryAt },
      NOW,
    );
    expect(run.data.tasks.suspend?.retryAt).toBe(retryAt);
  });

  it('pauses after the last automatic attempt of a transient failure', () => {
    const run = aRun({ status: 'running' });
    for (let i = 0; i < t.MAX_AUTOMATIC_ATTEMPTS; i++) t.markRunning(run, 'suspend', NOW);
    t.applyOutcome(
      run,
      suspend,
      { kind: 'failed', transient: true, code: 'OKTA_SERVER', message: '500' },
      NOW,
    );
    expect(run.status).toBe('paused');
    expect(run.data.pausedTask).toBe('suspend');
  });

  it('pauses at once on a permanent failure and bumps the pause sequence', () => {
    const run = aRun({ status: 'running' });
    t.markRunning(run, 'suspend', NOW);
    t.applyOutcome(
      run,
      suspend,
      { kind: 'failed', transient: false, code: 'OKTA_FORBIDDEN', message: 'no' },
      NOW,
    );
    expect(run.status).toBe('paused');
    expect(run.data.pauseSeq).toBe(1);
    expect(run.message).toContain('Suspend');
  });

  it('never pauses a task that keeps waiting for another system: each wait counts no attempt', () => {
    const run = aRun({ status: 'running' });
    const waiting = {
      kind: 'failed',
      transient: true,
      waiting: true,
      code: 'GOOGLE_FAILED',
      message: 'Waiting for Google',
      retryAt: NOW + 300_000,
    } as const;
    for (let i = 0; i < 5; i++) {
      t.markRunning(run, 'suspend', NOW);
      t.applyOutcome(run, suspend, waiting, NOW);
    }
    expect([run.status, run.data.tasks.suspend?.attempts, run.data.tasks.suspend?.retryAt]).toEqual([
      'queued',
      0,
      NOW + 300_000,
    ]);
  });

  it('keeps a pause and its reason when a later task of the same step is done', () => {
    const run = aRun({ status: 'running' });
    const failed = { kind: 'failed', transient: false, code: 'OKTA_FORBIDDEN', message: 'no' } as const;
    t.applyOutcome(run, suspend, failed, NOW);
    t.applyOutcome(run, clear, { kind: 'done', detail: 'ended' }, NOW);
    expect([run.status, run.message]).toEqual(['paused', 'Paused at Suspend: no']);
  });

  it('keeps a pause when a later task of the same step fails transiently', () => {
    const run = aRun({ status: 'running' });
    const failed = { kind: 'failed', transient: false, code: 'OKTA_FORBIDDEN', message: 'no' } as const;
    t.applyOutcome(run, suspend, failed, NOW);
    t.applyOutcome(run, clear, { kind: 'failed', transient: true, code: 'OKTA_SERVER', message: '503' }, NOW);
    expect([run.status, run.data.pausedTask, run.data.tasks.clear_sessions?.retryAt !== undefined]).toEqual([
      'paused',
      'suspend',
      true,
    ]);
  });

  it('passes a failure when the task says continue', () => {
    const run = aRun({ status: 'running' });
    const lenient = { ...suspend, onFailure: 'continue' as const };
    t.markRunning(run, 'suspend', NOW);
    t.applyOutcome(
      run,
      lenient,
      { kind: 'failed', transient: false, code: 'OKTA_FORBIDDEN', message: 'no' },
      NOW,
    );
    expect(run.status).toBe('running');
    expect(t.nextStep(run, NOW)).toEqual({ kind: 'task', task: clear });
  });
});

describe('settle', () => {
  it('completes a run with nothing left and releases its lease', () => {
    const tasks = Object.fromEntries(
      FULL_PLAN.map((p) => [p.id, { state: 'done' as const, text: '', attempts: 1 }]),
    );
    const run = aRun({ status: 'running' }, { tasks, leaseOwner: 'x', leaseUntil: NOW + 1 });
    t.settle(run, NOW);
    expect(run.status).toBe('completed');
    expect(run.data.leaseOwner).toBeUndefined();
    expect(run.message).toBe('6 done');
  });
});

describe('confirm and cancel', () => {
  it('queues a confirmed run and records who confirmed', () => {
    const run = aRun();
    expect(t.confirm(run, 'alex', NOW)).toBe(true);
    expect(run.status).toBe('queued');
    expect(run.confirmedBy).toBe('alex');
  });

  it('expires instead of confirming after the confirmation window', () => {
    const run = aRun();
    expect(t.confirm(run, 'alex', NOW + t.CONFIRM_WINDOW_MS + 1)).toBe(false);
    expect(run.status).toBe('expired');
  });

  it('refuses a second confirm as already done', () => {
    const run = aRun({ status: 'completed' });
    expect(codeOf(() => t.confirm(run, 'alex', NOW))).toBe('RUN_FINISHED');
  });

  it('refuses confirm on a running run as a state error', () => {
    expect(codeOf(() => t.confirm(aRun({ status: 'running' }), 'alex', NOW))).toBe('RUN_STATE');
  });

  it('cancels an unconfirmed run', () => {
    const run = aRun();
    t.cancel(run, 'alex', NOW);
    expect(run.status).toBe('cancelled');
  });
});

describe('retry, skip and abort', () => {
  function paused() {
    const run = aRun({ status: 'running' });
    t.markRunning(run, 'suspend', NOW);
    t.applyOutcome(
      run,
      suspend,
      { kind: 'failed', transient: false, code: 'OKTA_FORBIDDEN', message: 'no' },
      NOW,
    );
    return run;
  }

  it('retry sets the paused task pending again and queues the run', () => {
    const run = paused();
    t.retry(run, 'suspend', 1, 'sam', NOW);
    expect(run.status).toBe('queued');
    expect(run.data.tasks.suspend?.state).toBe('pending');
  });

  it('retry from an earlier pause is refused', () => {
    const run = paused();
    expect(codeOf(() => t.retry(run, 'suspend', 0, 'sam', NOW))).toBe('RUN_STATE');
  });

  it('retry naming another task is refused', () => {
    expect(codeOf(() => t.retry(paused(), 'deactivate', 1, 'sam', NOW))).toBe('RUN_STATE');
  });

  it('skip records who skipped and moves on', () => {
    const run = paused();
    t.skip(run, 'suspend', 1, 'sam', NOW);
    expect(run.data.tasks.suspend).toMatchObject({ state: 'skipped', by: 'sam' });
    expect(t.nextStep(run, NOW)).toEqual({ kind: 'task', task: clear });
  });

  it('skip of the last task completes the run', () => {
    const tasks = Object.fromEntries(
      FULL_PLAN.map((p) => [p.id, { state: 'done' as const, text: '', attempts: 1 }]),
    );
    const run = aRun({ status: 'paused' }, { tasks, pausedTask: 'deactivate', pauseSeq: 2 });
    run.data.tasks.deactivate = { state: 'failed', text: 'no', attempts: 1 };
    t.skip(run, 'deactivate', 2, 'sam', NOW);
    expect(run.status).toBe('completed');
  });

  it('abort ends a paused run and says what was done', () => {
    const run = paused();
    t.abort(run, 'sam', NOW);
    expect(run.status).toBe('aborted');
    expect(run.message).toContain('Aborted by sam');
  });

  it('abort of a finished run is refused', () => {
    expect(codeOf(() => t.abort(aRun({ status: 'aborted' }), 'sam', NOW))).toBe('RUN_FINISHED');
  });
});

describe('leases', () => {
  it('a running run whose lease ran out is abandoned', () => {
    const run = aRun({ status: 'running' }, { leaseOwner: 'a', leaseUntil: NOW });
    expect(t.isAbandoned(run, NOW)).toBe(true);
    expect(t.isAbandoned(run, NOW - 1)).toBe(false);
  });

  it('only the owner holds a live lease', () => {
    const run = aRun({ status: 'running' }, { leaseOwner: 'a', leaseUntil: NOW + 10 });
    expect(t.holdsLease(run, 'a', NOW)).toBe(true);
    expect(t.holdsLease(run, 'b', NOW)).toBe(false);
  });
});

describe('status words', () => {
  it('every run status has a colour in the Offboarding tab, and nothing else does', () => {
    expect(Object.keys(RUN_STATUS_COLORS).sort()).toEqual([...RUN_STATUSES].sort());
  });
});

describe('the grace period', () => {
  const HOUR = 60 * 60_000;
  const isContain = (id: string) => id === 'suspend' || id === 'clear_sessions';
  const contained = { state: 'done' as const, text: '', attempts: 1 };

  function inGrace(): ReturnType<typeof aRun> {
    const run = aRun({ status: 'queued' }, { tasks: { suspend: contained, clear_sessions: contained } });
    t.planGrace(run, 24 * HOUR, isContain);
    t.settle(run, NOW);
    return run;
  }

  it('holds from the first task after containment', () => {
    const run = aRun({ status: 'queued' });
    t.planGrace(run, HOUR, isContain);
    expect(run.data.grace).toEqual({ ms: HOUR, from: 'revoke_grants' });
  });

  it('is not planned for 0 hours', () => {
    const run = aRun({ status: 'queued' });
    t.planGrace(run, 0, isContain);
    expect(run.data.grace).toBeUndefined();
  });

  it('lets containment run first', () => {
    const run = aRun({ status: 'queued' });
    t.planGrace(run, HOUR, isContain);
    expect(t.nextStep(run, NOW)).toEqual({ kind: 'task', task: suspend });
  });

  it('puts a contained run in its grace period, due the grace period after containment', () => {
    const run = inGrace();
    expect([run.status, run.data.grace?.until, t.dueAt(run, NOW)]).toEqual([
      'in grace period',
      NOW + 24 * HOUR,
      NOW + 24 * HOUR,
    ]);
  });

  it('is over for the worker only once its time has come', () => {
    const run = inGrace();
    expect([t.graceOver(run, NOW + 24 * HOUR - 1), t.graceOver(run, NOW + 24 * HOUR)]).toEqual([false, true]);
  });

  it('once ended, lets the held task run', () => {
    const run = inGrace();
    t.endGrace(run, 'offboard', NOW + 24 * HOUR);
    expect([run.status, t.nextStep(run, NOW + 24 * HOUR)]).toEqual([
      'queued',
      { kind: 'task', task: FULL_PLAN[2] },
    ]);
  });

  it('with an Undo under way is never due for the worker', () => {
    const run = inGrace();
    t.beginUndo(run, 'Sam', NOW);
    expect([t.dueAt(run, NOW + 48 * HOUR), t.graceOver(run, NOW + 48 * HOUR)]).toEqual([null, false]);
  });

  it('refuses Undo once a held (irreversible) task has run, naming it', () => {
    const run = aRun(
      { status: 'paused' },
      {
        tasks: {
          suspend: contained,
          clear_sessions: contained,
          revoke_grants: contained,
          reset_factors: { state: 'failed', text: 'x', attempts: 3 },
        },
        grace: { ms: HOUR, from: 'revoke_grants', until: NOW, endedAt: NOW, endedBy: 'offboard' },
      },
    );
    let message = '';
    try {
      t.beginUndo(run, 'Sam', NOW);
    } catch (e) {
      message = (e as Error).message;
    }
    expect(message).toContain('Revoke Grants has run');
  });

  it('refuses Undo on a run that has no grace period', () => {
    expect(codeOf(() => t.beginUndo(aRun({ status: 'queued' }), 'Sam', NOW))).toBe('RUN_STATE');
  });

  it('ends undone when Okta shows the person active again', () => {
    const run = inGrace();
    t.beginUndo(run, 'Sam', NOW);
    t.finishUndo(run, { kind: 'done', detail: 'unsuspended.' }, 'Sam');
    expect(run.status).toBe('undone');
  });

  it('does nothing with an Undo answer once Continue now moved the run on', () => {
    const run = inGrace();
    t.beginUndo(run, 'Sam', NOW);
    t.endGrace(run, 'Alex', NOW);
    expect([t.finishUndo(run, { kind: 'done', detail: 'unsuspended.' }, 'Sam'), run.status]).toEqual([
      false,
      'queued',
    ]);
  });

  it('counts undone among the finished statuses: a later click says so', () => {
    const run = inGrace();
    t.beginUndo(run, 'Sam', NOW);
    t.finishUndo(run, { kind: 'done', detail: 'unsuspended.' }, 'Sam');
    expect(codeOf(() => t.endGrace(run, 'Alex', NOW))).toBe('RUN_FINISHED');
  });
});
