// End to end in a real browser, with a grace period in the demo's Settings: Confirm suspends at once and
// the run waits with Undo and Continue now; Undo brings the person back in Okta; after Continue now and the
// run's end, `/offboard restore` refuses while Okta shows the person deactivated, then, once reactivated in
// Okta (the page's Reactivate), puts them back in the groups the run removed.

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { startDemo, type RunningDemo } from '../../runtime/demo/start';
import {
  actAs,
  browserAvailable,
  CHROMIUM,
  eventually,
  latestEphemeral,
  launchBrowser,
  readTabRecords,
  runMessage,
  shot,
  typeCommand,
  waitForRunStatus,
} from './helpers';

const SAM = 'U0DEMOSAM'; // admin
const JOHN = 'john.smith@example.com'; // Finance, VPN and Salesforce Users (an APP_GROUP, kept)

const runnable = browserAvailable();
if (!runnable) {
  console.warn(
    `End-to-end tests skipped: ${CHROMIUM} is missing (apt-get install chromium). In CI they always run.`,
  );
}
const describeE2e = runnable ? describe : describe.skip;

const CASE_TIMEOUT = 90_000;

describeE2e('the grace period, Undo and restore in the demo, end to end', () => {
  let demo: RunningDemo;
  let browser: Awaited<ReturnType<typeof launchBrowser>>;
  let page: Page;
  let dataDir: string;

  beforeAll(async () => {
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'offboard-e2e-grace-'));
    // An hour: the grace period never ends by itself during the test; Continue now ends it.
    demo = await startDemo({ port: 0, dataDir, triggerSpeed: 60, tickMs: 200, echo: false, graceHours: 1 });
    browser = await launchBrowser();
    page = await browser.context.newPage();
    await page.goto(demo.pageUrl);
    await page.locator('body[data-ready=true]').waitFor({ timeout: 15_000 });
    await actAs(page, SAM);
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await demo?.stop();
    if (dataDir) fs.rmSync(dataDir, { recursive: true, force: true });
  });

  const oktaUser = async (login: string) => {
    const user = (await demo.okta.state()).users.find((u) => u.login === login);
    if (!user) throw new Error(`the fake Okta has no ${login}`);
    return user;
  };

  const audited = (action: string) =>
    eventually(`"${action}" in the Audit Log`, async () =>
      (await readTabRecords(demo.workbookPath, 'Audit Log')).find((r) => r['Action'] === action),
    );

  /** Confirms John's offboarding as Sam and waits for the run to enter its grace period. */
  async function confirmJohn(shotPrefix: string): Promise<void> {
    await typeCommand(page, `/offboard ${JOHN}`);
    const card = latestEphemeral(page);
    await card.locator('.bk-header', { hasText: 'Offboard John Smith?' }).waitFor({ timeout: 10_000 });
    await card.getByRole('button', { name: 'Confirm' }).click();
    await page.getByTestId('confirm-dialog').waitFor({ state: 'visible' });
    await page.getByTestId('confirm-ok').click();
    await waitForRunStatus(page, 'John Smith', 'in grace period');
    await shot(page, `${shotPrefix}-1-grace-period`);
  }

  /** Clicks a button of John's latest run message and accepts its dialog. */
  async function clickOnRun(name: string): Promise<void> {
    await runMessage(page, 'John Smith').getByRole('button', { name }).click();
    await page.getByTestId('confirm-dialog').waitFor({ state: 'visible' });
    await page.getByTestId('confirm-ok').click();
  }

  test(
    'Confirm suspends at once and holds the rest; Undo brings the person back and ends the run undone',
    async () => {
      await confirmJohn('undo');
      const held = await oktaUser(JOHN);
      expect([held.status, held.groups.includes('Finance')]).toEqual(['SUSPENDED', true]);

      await clickOnRun('Undo');
      await waitForRunStatus(page, 'John Smith', 'undone');
      await shot(page, 'undo-2-undone');
      expect(await runMessage(page, 'John Smith').textContent()).toContain('cannot be restored');
      const back = await oktaUser(JOHN);
      expect([back.status, back.groups.includes('Finance'), back.groups.includes('VPN')]).toEqual([
        'ACTIVE',
        true,
        true,
      ]);
      expect((await audited('undone'))['Actor']).toContain(SAM);
    },
    CASE_TIMEOUT,
  );

  test(
    'Continue now runs the rest; restore refuses while Okta shows the person deactivated, then puts them back in the groups removed',
    async () => {
      await confirmJohn('restore');
      await clickOnRun('Continue now');
      await waitForRunStatus(page, 'John Smith', 'completed', 45_000);
      const gone = await oktaUser(JOHN);
      expect([gone.status, gone.groups.includes('Finance'), gone.groups.includes('VPN')]).toEqual([
        'DEPROVISIONED',
        false,
        false,
      ]);
      const runId = /OFF-\d{8}-[A-Z2-9]{5}/.exec(
        (await runMessage(page, 'John Smith').textContent()) ?? '',
      )?.[0];
      expect(runId).toBeDefined();

      const refused = await typeCommand(page, `/offboard restore ${runId}`);
      expect(await refused.textContent()).toContain('reactivate the person in Okta first');
      await shot(page, 'restore-1-deactivated');
      expect((await oktaUser(JOHN)).groups.includes('Finance')).toBe(false);

      // The rehire's account is reactivated in Okta, as the reply asked: the Okta panel's Reactivate.
      await page.locator(`tr[data-login="${JOHN}"]`).getByTestId('okta-reactivate').click();
      await page
        .locator(`tr[data-login="${JOHN}"]`)
        .getByTestId('okta-status')
        .filter({ hasText: 'ACTIVE' })
        .waitFor({ timeout: 10_000 });

      const reply = (await (await typeCommand(page, `/offboard restore ${runId}`)).textContent()) ?? '';
      await shot(page, 'restore-2-restored');
      expect([reply.includes('back in Finance'), reply.includes('back in VPN')]).toEqual([true, true]);
      const restored = await oktaUser(JOHN);
      expect([restored.groups.includes('Finance'), restored.groups.includes('VPN')]).toEqual([true, true]);
      expect((await audited('restore'))['Run ID']).toBe(runId);
    },
    CASE_TIMEOUT,
  );
});
