// ScriptApp's triggers and the local scheduler.

import path from 'node:path';
import { RealmRef } from '../../runtime/realm';
import { createScriptApp, TriggerStore } from '../../runtime/triggers';
import { tempDir, type Loose } from './helpers';

const MINUTE = 60_000;

function setup(options: { speed?: number; file?: string } = {}): {
  app: Loose;
  store: TriggerStore;
  clock: { t: number };
} {
  const clock = { t: 0 };
  const store = new TriggerStore({ now: () => clock.t, ...options });
  const app = createScriptApp(store, new RealmRef(), {
    serviceUrl: () => 'http://127.0.0.1:8787/exec',
  }) as Loose;
  return { app, store, clock };
}

/** A runner that records which handlers fired. */
function countingRunner(): { fired: string[]; run: (handler: string) => void } {
  const fired: string[] = [];
  return { fired, run: (handler) => void fired.push(handler) };
}

it('refuses a 21st trigger with Apps Script’s message', () => {
  const { app } = setup();
  for (let i = 0; i < 20; i++) app.newTrigger('runWorker').timeBased().after(1000).create();
  expect(() => app.newTrigger('runWorker').timeBased().after(1000).create()).toThrow(
    'This script has too many triggers. Triggers must be deleted from the script before more can be added.',
  );
});

it('a deleted trigger frees its slot', () => {
  const { app } = setup();
  for (let i = 0; i < 20; i++) app.newTrigger('runWorker').timeBased().after(1000).create();
  app.deleteTrigger(app.getProjectTriggers()[0]);
  expect(() => app.newTrigger('kickWorker').timeBased().after(1000).create()).not.toThrow();
});

it('a trigger tells its handler, id and event type', () => {
  const { app } = setup();
  const t = app.newTrigger('runWorker').timeBased().everyMinutes(1).create();
  const [listed] = app.getProjectTriggers();
  expect([
    listed.getHandlerFunction(),
    listed.getUniqueId(),
    listed.getEventType(),
    listed.getTriggerSource(),
  ]).toEqual(['runWorker', t.getUniqueId(), 'CLOCK', 'CLOCK']);
});

it('everyMinutes accepts only 1, 5, 10, 15 or 30', () => {
  expect(() => setup().app.newTrigger('runWorker').timeBased().everyMinutes(2)).toThrow('everyMinutes');
});

it('a recurring trigger fires every n minutes', async () => {
  const { app, store } = setup();
  app.newTrigger('runWorker').timeBased().everyMinutes(5).create();
  const { fired, run } = countingRunner();
  await store.runDue(run, 4 * MINUTE);
  await store.runDue(run, 5 * MINUTE);
  await store.runDue(run, 9 * MINUTE);
  await store.runDue(run, 10 * MINUTE);
  expect(fired).toEqual(['runWorker', 'runWorker']);
});

it('a one-shot trigger fires once and stays listed until deleted', async () => {
  const { app, store } = setup();
  app.newTrigger('kickWorker').timeBased().after(30_000).create();
  const { fired, run } = countingRunner();
  await store.runDue(run, 30_000);
  await store.runDue(run, 10 * MINUTE);
  expect([fired, app.getProjectTriggers().length]).toEqual([['kickWorker'], 1]);
});

it('speed shortens the interval for demos', async () => {
  const { app, store } = setup({ speed: 60 });
  app.newTrigger('runWorker').timeBased().everyMinutes(1).create();
  const { fired, run } = countingRunner();
  await store.runDue(run, 1000);
  expect(fired).toEqual(['runWorker']);
});

it('triggers survive a restart when kept in a file', () => {
  const file = path.join(tempDir(), 'triggers.json');
  setup({ file }).app.newTrigger('runWorker').timeBased().everyMinutes(1).create();
  expect(
    setup({ file })
      .app.getProjectTriggers()
      .map((t: Loose) => t.getHandlerFunction()),
  ).toEqual(['runWorker']);
});

it('spreadsheet onChange triggers are listed with their event type', () => {
  const { app } = setup();
  app.newTrigger('onChange').forSpreadsheet({}).onChange().create();
  expect(app.getProjectTriggers()[0].getEventType()).toBe('ON_CHANGE');
});

it('getService().getUrl() answers the local /exec URL', () => {
  expect(setup().app.getService().getUrl()).toBe('http://127.0.0.1:8787/exec');
});
