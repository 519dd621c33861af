// Google Workspace tasks inside a whole run, through the engine and worker turns: each lands in its own
// Offboarding column, and Transfer Drive to Manager waits over several turns without pausing the run.

import { FakeGoogle } from '../../fakes/google';
import { signButton, verifyButton } from '../../src/run/buttons';
import * as engine from '../../src/run/engine';
import type { PlannedTask, Run } from '../../src/run/types';
import { TRANSFER_POLL_MS } from '../../src/tasks/google/transferDrive';
import { nodeCrypto } from '../fakes/services';
import { FULL_PLAN } from '../fixtures/runs';
import { makeWorld, type World } from '../fixtures/world';
import { directoryOver } from './helpers';

const GOOGLE_PLAN: PlannedTask[] = [
  { id: 'google_sign_out', label: 'Sign Out of Google', onFailure: 'pause' },
  { id: 'google_suspend', label: 'Suspend Google Account', onFailure: 'pause' },
  { id: 'google_remove_groups', label: 'Remove from Google Groups', onFailure: 'continue' },
  { id: 'google_hide', label: 'Hide from Directory', onFailure: 'continue' },
  { id: 'google_transfer_drive', label: 'Transfer Drive to Manager', onFailure: 'pause' },
];

/** The world's Jane in Google too, with a manager in Okta and Google; Google transfers take `reads` looks. */
function googleWorld(reads: number): { w: World; google: FakeGoogle } {
  const w = makeWorld();
  const mei = w.okta.addUser({ login: 'mei@example.com', firstName: 'Mei', lastName: 'Chen' });
  w.okta.setManager(w.target.id, { managerId: mei.profile.login });
  const google = new FakeGoogle({ transferReads: reads });
  const jane = google.addUser({ primaryEmail: 'jane.doe@example.com', sessions: 2 });
  google.addUser({ primaryEmail: 'mei@example.com' });
  google.addMember(google.addGroup('eng@example.com'), jane);
  w.deps.google = () => directoryOver(google, google);
  return { w, google };
}

function confirmedRun(w: World): Run {
  const plan = [...FULL_PLAN.slice(0, -1), ...GOOGLE_PLAN, FULL_PLAN[FULL_PLAN.length - 1]!];
  const run = engine.requestRun(w.deps, {
    requester: { slackUserId: 'U0APPROVED', name: 'Alex Admin' },
    input: 'jane.doe@example.com',
    user: {
      id: w.target.id,
      status: 'ACTIVE',
      profile: { login: w.target.profile.login, email: w.target.profile.email },
    },
    plan,
    audit: { actor: 'Alex Admin (U0APPROVED)', detail: '/offboard jane.doe@example.com' },
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
    approval: () => null,
    graceMs: 0,
  });
}

/** Worker turns, each TRANSFER_POLL_MS apart, until the run finishes or `max` turns. */
function workUntilDone(w: World, runId: string, max: number): number {
  for (let turn = 1; turn <= max; turn++) {
    engine.workerTurn(w.deps, w.services.clock.now() + 4.5 * 60_000);
    if (w.deps.store.get(runId)!.status === 'completed') return turn;
    w.services.clock.advance(TRANSFER_POLL_MS);
  }
  return -1;
}

describe('Google Workspace tasks in a run', () => {
  it('complete, with Google showing Jane signed out, suspended, in no group and hidden', () => {
    const { w, google } = googleWorld(0);
    const run = confirmedRun(w);
    workUntilDone(w, run.runId, 5);
    const jane = google.findUser('jane.doe@example.com')!;
    expect([
      jane.sessions,
      jane.suspended,
      google.groupsOf(jane).length,
      jane.includeInGlobalAddressList,
    ]).toEqual([0, true, 0, false]);
  });

  it('write each outcome into the task’s own Offboarding column', () => {
    const { w } = googleWorld(0);
    const run = confirmedRun(w);
    workUntilDone(w, run.runId, 5);
    const tab = w.sheet.sheet('Offboarding');
    const header = tab.rows()[0]!.map(String);
    const row = tab.rows().find((r) => r[0] === run.runId)!;
    expect(GOOGLE_PLAN.map((t) => String(row[header.indexOf(t.label)]).slice(0, 6))).toEqual(
      GOOGLE_PLAN.map(() => '✅ done'),
    );
  });

  it('wait for a transfer over several worker turns without pausing, then complete', () => {
    const { w } = googleWorld(3);
    const run = confirmedRun(w);
    const turns = workUntilDone(w, run.runId, 10);
    const seen = w.published.filter((r) => r.runId === run.runId).map((r) => r.status);
    expect([turns >= 4, seen.includes('paused')]).toEqual([true, false]);
  });

  it('show the wait in the transfer’s column while Google is still moving the files', () => {
    const { w } = googleWorld(5);
    const run = confirmedRun(w);
    workUntilDone(w, run.runId, 2);
    const tab = w.sheet.sheet('Offboarding');
    const header = tab.rows()[0]!.map(String);
    const row = tab.rows().find((r) => r[0] === run.runId)!;
    expect(String(row[header.indexOf('Transfer Drive to Manager')])).toMatch(
      /^⏳ waiting, next look after .*: Waiting for Google: transfer \S+ to mei@example.com is inProgress/,
    );
  });

  it('record each Google group removed in Run Details, for restore', () => {
    const { w } = googleWorld(0);
    const run = confirmedRun(w);
    workUntilDone(w, run.runId, 5);
    const rows = w.sheet
      .sheet('Run Details')
      .rows()
      .filter((r) => r[0] === run.runId && r[3] === 'google group removed');
    expect(rows.map((r) => [r[2], r[5]])).toEqual([['Remove from Google Groups', 'eng@example.com']]);
  });
});
