// The same built bundle with and without the Admin SDK advanced service: without it `AdminDirectory` is
// not defined at all (a project that never enabled it); /offboard still works and checkConfiguration
// names the fix once a Google task is ticked. With the fake Google as `AdminDirectory`, it reaches it.

import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { FakeGoogle } from '../../fakes/google';
import { buttonValue } from '../../bench/world';
import { LOCAL_OAUTH_TOKEN } from '../../runtime/adminDirectory';
import { bundleWorld, click, doPost, slash } from '../fixtures/bundleWorld';
import { loadOffboard, REPO_ROOT, type Runtime } from '../../runtime/loadBundle';
import { webAppEvent } from '../../runtime/server';
import type { TextOutputLike } from '../../runtime/utilities';
import { slashCommandForm, tempDir } from './helpers';

const BUILD = path.join(REPO_ROOT, 'build', 'Code.js');

function offboard(adminDirectory?: object): Runtime {
  if (!fs.existsSync(BUILD))
    execFileSync(process.execPath, [path.join(REPO_ROOT, 'scripts', 'build.mjs')], { cwd: REPO_ROOT });
  const dir = tempDir();
  return loadOffboard({
    workbookPath: path.join(dir, 'offboard.xlsx'),
    configPath: path.join(dir, 'config.json'),
    triggersPath: null,
    ...(adminDirectory ? { adminDirectory } : {}),
  });
}

/** Ticks a task's Enabled cell in the Tasks tab, as a person would. */
async function tick(runtime: Runtime, taskId: string): Promise<void> {
  await runtime.workbook.refresh();
  const sheet = runtime.workbook.workbook.getWorksheet('Tasks')!;
  sheet.eachRow((row, n) => {
    if (n > 1 && String(row.getCell(1).text) === taskId) row.getCell(2).value = true;
  });
  runtime.workbook.markDirty();
  await runtime.workbook.save();
}

async function configuration(runtime: Runtime): Promise<string> {
  await runtime.call('checkConfiguration', undefined, { ui: true });
  return runtime.ui.alerts.at(-1)?.prompt ?? '';
}

describe('the bundle without the Admin SDK advanced service', () => {
  it('answers /offboard with JSON, the Google tasks being off', async () => {
    const runtime = offboard();
    await runtime.call('setup');
    const output = (await runtime.call(
      'doPost',
      webAppEvent('/exec', slashCommandForm({ text: 'help' }), 'application/x-www-form-urlencoded'),
    )) as TextOutputLike;
    expect(output.getMimeType()).toBe('application/json');
  });

  it('says in checkConfiguration that the Google tasks are off after setup', async () => {
    const runtime = offboard();
    await runtime.call('setup');
    expect(await configuration(runtime)).toContain('OK: Google Workspace tasks are off (Tasks tab)');
  });

  it('names the fix in checkConfiguration once a Google task is ticked', async () => {
    const runtime = offboard();
    await runtime.call('setup');
    await tick(runtime, 'google_suspend');
    expect(await configuration(runtime)).toContain(
      'but they will fail: The Admin SDK API advanced service is not enabled in this Apps Script project: in the editor, Services → Admin SDK API → Add',
    );
  });
});

describe('the bundle with the fake Google as AdminDirectory', () => {
  it('reaches Google: checkConfiguration reads the deployer there', async () => {
    const google = new FakeGoogle();
    google.addUser({ primaryEmail: 'deployer@localhost' });
    const runtime = offboard(google);
    await runtime.call('setup');
    await tick(runtime, 'google_suspend');
    expect(await configuration(runtime)).toContain(
      'OK: Google Workspace tasks are on (Suspend Google Account); the Admin SDK advanced service is enabled and Google answers users.get',
    );
  });

  it("turns the fake's refusal into Google's words: the deployer unknown to Google is a 404", async () => {
    const runtime = offboard(new FakeGoogle());
    await runtime.call('setup');
    await tick(runtime, 'google_suspend');
    expect(await configuration(runtime)).toContain(
      'but Google refused a test read of deployer@localhost (404 Resource Not Found: userKey)',
    );
  });
});

describe('the built bundle offboarding Jane with every Google task ticked', () => {
  async function offboardJane() {
    const google = new FakeGoogle({ oauthToken: LOCAL_OAUTH_TOKEN, transferReads: 1 });
    const jane = google.addUser({ primaryEmail: 'jane@example.com', sessions: 2 });
    google.addUser({ primaryEmail: 'sam@example.com' });
    google.addMember(google.addGroup('team@example.com'), jane);
    const h = bundleWorld(0, google);
    h.okta.setManager(h.okta.user('jane@example.com')!.id, { managerId: 'sam@example.com' });
    const card = await doPost(h, slash('jane@example.com'));
    await doPost(h, click('confirm', buttonValue(card, 'confirm')!));
    for (let turn = 0; turn < 5; turn++) await h.runtime.call('runWorker', {});
    return { h, google, jane };
  }

  it('signs her out, suspends, removes and hides her in Google', async () => {
    const { google, jane } = await offboardJane();
    expect([
      jane.sessions,
      jane.suspended,
      google.groupsOf(jane).length,
      jane.includeInGlobalAddressList,
    ]).toEqual([0, true, 0, false]);
  }, 60_000);

  it('asks Google to transfer her Drive to Sam, her manager in Okta', async () => {
    const { google } = await offboardJane();
    const [transfer] = [...google.transfersById.values()];
    expect(google.users.get(transfer!.newOwnerUserId)?.primaryEmail).toBe('sam@example.com');
  }, 60_000);
});
