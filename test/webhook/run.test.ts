// A webhook task inside a whole run: sent by the worker, retried after a 5xx with the same
// Idempotency-Key, its answer recorded in Run Details.

import { signButton, verifyButton, type ButtonAction } from '../../src/run/buttons';
import { webhookTaskId } from '../../src/tasks/webhook';
import * as engine from '../../src/run/engine';
import { RETRY_BACKOFF_MS } from '../../src/run/transitions';
import type { PlannedTask, Run } from '../../src/run/types';
import type { HttpRequest } from '../../src/ports';
import { httpWebhookSender } from '../../src/webhook/sender';
import { FULL_PLAN } from '../fixtures/runs';
import { makeWorld, type World } from '../fixtures/world';
import { nodeCrypto } from '../fakes/services';
import { ScriptedHttp } from '../okta/helpers';

const NOTIFY: PlannedTask = {
  id: 'webhook:notify_payroll',
  label: 'Notify Payroll',
  onFailure: 'pause',
  webhook: {
    url: 'https://hooks.example.com/offboard',
    secretProperty: 'PAYROLL_SECRET',
    timeoutPolicy: 'retry',
  },
};

/** A world whose receiver answers with the given statuses in turn (the last one from then on). */
function worldWithReceiver(statuses: number[]): { w: World; receiver: ScriptedHttp } {
  const w = makeWorld();
  const receiver = new ScriptedHttp((_r: HttpRequest, i: number) => ({
    status: statuses[Math.min(i, statuses.length - 1)]!,
    headers: {},
    body: statuses[Math.min(i, statuses.length - 1)]! < 300 ? '{"ticket":"IT-7"}' : 'busy',
  }));
  w.deps.webhooks = () =>
    httpWebhookSender({
      http: receiver,
      clock: w.services.clock,
      crypto: nodeCrypto,
      allowedHosts: ['hooks.example.com'],
      secret: (name) => (name === 'PAYROLL_SECRET' ? 'payroll-secret' : null),
    });
  return { w, receiver };
}

function confirmedRun(w: World): Run {
  const plan = [...FULL_PLAN.slice(0, -1), NOTIFY, FULL_PLAN[FULL_PLAN.length - 1]!];
  const run = engine.requestRun(w.deps, {
    requester: { slackUserId: 'U0APPROVED', name: 'Alex Admin' },
    input: 'jane.doe@example.com',
    audit: { actor: 'alex', detail: '/offboard jane.doe@example.com' },
    user: {
      id: w.target.id,
      status: 'ACTIVE',
      profile: { login: w.target.profile.login, email: w.target.profile.email },
    },
    plan,
  });
  const value = signButton(nodeCrypto, 'test-signing-secret', {
    action: 'confirm',
    runId: run.runId,
    taskId: '',
    pauseSeq: 0,
    expiresAt: 0,
  });
  return engine.confirmRun(w.deps, {
    claim: verifyButton(nodeCrypto, 'test-signing-secret', value, w.services.clock.now()),
    actor: 'Alex Admin (U0APPROVED)',
    startedAt: w.services.clock.now(),
    authorize: () => {},
    // The two-person rule is off here.
    approval: () => null,
    graceMs: 0,
  });
}

const work = (w: World): engine.WorkerReport =>
  engine.workerTurn(w.deps, w.services.clock.now() + 4.5 * 60_000);

describe('a webhook task in a run', () => {
  it('is done when the receiver answers 2xx, and the run completes', () => {
    const { w } = worldWithReceiver([200]);
    const run = confirmedRun(w);
    work(w);
    const after = w.deps.store.get(run.runId)!;
    expect([after.status, after.data.tasks['webhook:notify_payroll']?.state]).toEqual(['completed', 'done']);
  });

  it('is sent again after a 503 with the same Idempotency-Key', () => {
    const { w, receiver } = worldWithReceiver([503, 200]);
    const run = confirmedRun(w);
    work(w);
    w.services.clock.advance(RETRY_BACKOFF_MS[0]!);
    work(w);
    const keys = receiver.requests.map((r) => r.headers!['Idempotency-Key']);
    expect(keys).toEqual([`${run.runId}:webhook:notify_payroll`, `${run.runId}:webhook:notify_payroll`]);
  });

  it('after a 503 waits for its retry time, sent once so far', () => {
    const { w, receiver } = worldWithReceiver([503, 200]);
    const run = confirmedRun(w);
    work(w);
    const record = w.deps.store.get(run.runId)!.data.tasks['webhook:notify_payroll'];
    expect([record?.state, record?.retryAt !== undefined, receiver.requests.length]).toEqual([
      'failed',
      true,
      1,
    ]);
  });

  it('writes the receiver’s answer to Run Details', () => {
    const { w } = worldWithReceiver([200]);
    const run = confirmedRun(w);
    work(w);
    const rows = w.sheet
      .sheet('Run Details')
      .rows()
      .filter((r) => r[0] === run.runId && r[3] === 'webhook answer');
    expect(rows.map((r) => [r[2], r[6]])).toEqual([['Notify Payroll', 'HTTP 200: {"ticket":"IT-7"}']]);
  });

  it('tells the receiver who requested and who confirmed the run', () => {
    const { w, receiver } = worldWithReceiver([200]);
    confirmedRun(w);
    work(w);
    const body = JSON.parse(receiver.requests[0]!.payload!);
    expect([body.requestedBy, body.confirmedBy]).toEqual([
      'Alex Admin (U0APPROVED)',
      'Alex Admin (U0APPROVED)',
    ]);
  });

  it('pauses the run on a 4xx, and Retry sends it again with the same Idempotency-Key', () => {
    const { w, receiver } = worldWithReceiver([422, 200]);
    const run = confirmedRun(w);
    work(w);
    const paused = w.deps.store.get(run.runId)!;
    engine.clickRun(w.deps, {
      claim: click(w, paused, 'retry', 'webhook:notify_payroll'),
      actor: 'Alex Admin (U0APPROVED)',
      authorize: () => {},
    });
    work(w);
    const keys = new Set(receiver.requests.map((r) => r.headers!['Idempotency-Key']));
    expect([paused.status, w.deps.store.get(run.runId)!.status, receiver.requests.length, keys.size]).toEqual(
      ['paused', 'completed', 2, 1],
    );
  });
});

describe('a webhook task’s own Offboarding column', () => {
  it('holds the task’s outcome, like every task’s column', () => {
    const { w } = worldWithReceiver([200]);
    const tab = w.sheet.sheet('Offboarding');
    // What setup adds for a webhook row of the Tasks tab: a column headed by its label.
    tab.getRange(1, tab.getLastColumn() + 1, 1, 1).setValues([['Notify Payroll']]);
    const run = confirmedRun(w);
    work(w);
    const header = tab.rows()[0]!;
    const row = tab.rows().find((r) => r[0] === run.runId)!;
    expect(String(row[header.indexOf('Notify Payroll')])).toMatch(/^✅ done: The receiver answered HTTP 200/);
  });

  it('is left alone when the tab has no such column (setup not run since the row was added)', () => {
    const { w } = worldWithReceiver([200]);
    const run = confirmedRun(w);
    work(w);
    expect(w.deps.store.get(run.runId)!.status).toBe('completed');
  });
});

describe('a webhook task id', () => {
  it('keeps only letters, digits and underscores from the label, so it fits a button value', () => {
    expect(webhookTaskId(' Notify | Payroll (EU) ')).toBe('webhook:notify_payroll_eu_');
  });
});

function click(w: World, run: Run, action: ButtonAction, taskId: string) {
  const value = signButton(nodeCrypto, 'test-signing-secret', {
    action,
    runId: run.runId,
    taskId,
    pauseSeq: run.data.pauseSeq,
    expiresAt: 0,
  });
  return verifyButton(nodeCrypto, 'test-signing-secret', value, w.services.clock.now());
}
