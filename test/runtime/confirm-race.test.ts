// Confirm while another execution holds the script lock after containment ran, with the runtime's real
// lock: a second "execution" in a worker thread takes the lock while Okta suspends and keeps it 3 s,
// longer than a Slack request waits for it (2 s). The built bundle runs the Confirm.

import { Worker } from 'node:worker_threads';
import { buttonValue } from '../../bench/world';
import type { HttpRequest } from '../../src/ports';
import { bundleWorld, click, doPost, slash, type History } from '../fixtures/bundleWorld';

const OTHER_EXECUTION = 999;
const CLICK_RESPONSE_URL = 'https://hooks.slack.com/actions/T0001/3333333333/ZyXwVuTsRqPo';

/** Another execution (a worker thread) takes the real script lock now and releases it after `ms`. */
function anotherExecutionHoldsTheLock(buffer: SharedArrayBuffer, ms: number): void {
  new Worker(
    `const { workerData } = require('node:worker_threads');
     const cell = new Int32Array(workerData.buffer);
     Atomics.compareExchange(cell, 0, 0, ${OTHER_EXECUTION});
     Atomics.notify(cell, 0);
     setTimeout(() => { Atomics.compareExchange(cell, 0, ${OTHER_EXECUTION}, 0); Atomics.notify(cell, 0); }, workerData.ms);`,
    { eval: true, workerData: { buffer, ms } },
  ).unref();
  const cell = new Int32Array(buffer);
  while (Atomics.load(cell, 0) !== OTHER_EXECUTION) Atomics.wait(cell, 0, Atomics.load(cell, 0), 50);
}

async function confirmedWhileLocked(): Promise<History> {
  const h = bundleWorld();
  const card = await doPost(h, slash('jane@example.com'));
  const fetch = h.okta.fetch.bind(h.okta);
  let held = false;
  h.okta.fetch = (r: HttpRequest) => {
    const answer = fetch(r);
    if (!held && r.url.endsWith('/lifecycle/suspend')) {
      held = true;
      anotherExecutionHoldsTheLock(h.runtime.lock.buffer, 3_000);
    }
    return answer;
  };
  await doPost(h, click('confirm', buttonValue(card, 'confirm')!));
  return h;
}

function runData(h: History): { tasks: Record<string, { state: string }> } {
  const rows = h.sheet.sheet('Offboarding').rows();
  const column = rows[0]!.indexOf('Run Data');
  return JSON.parse(String(rows[1]![column])) as { tasks: Record<string, { state: string }> };
}

describe('Confirm while another execution holds the real lock after containment ran', () => {
  let h: History;
  beforeAll(async () => {
    h = await confirmedWhileLocked();
  }, 30_000);

  it('records suspend and clear sessions as this run’s work', () => {
    const { tasks } = runData(h);
    expect([tasks.suspend?.state, tasks.clear_sessions?.state]).toEqual(['done', 'done']);
  });

  it('audits the confirmation once', () => {
    const actions = h.sheet
      .sheet('Audit Log')
      .rows()
      .map((r) => r[2]);
    expect(actions.filter((a) => a === 'confirmed')).toHaveLength(1);
  });

  it('posts one channel message for the run', () => {
    expect(h.slack.messagesIn('C0REPORTS')).toHaveLength(1);
  });

  it('never tells the requester to try again', () => {
    expect(JSON.stringify(h.slack.responsesTo(CLICK_RESPONSE_URL))).not.toMatch(/try again/i);
  });
});
