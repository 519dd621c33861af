// End to end in a real browser, issue 10 meets issue 9: the demo's Field Sales team offboarded in one
// command with a grace period in the Settings tab. Everyone is contained, then waits: the batch message
// says until when, `/offboard undo` brings one person back (undone 1) while the others wait, and
// Continue now on the batch message starts everyone else's other tasks.

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Locator, Page } from 'playwright-core';
import { FIELD_SALES_LOGINS } from '../../fakes/okta';
import { DEMO_OKTA_LATENCY_MS, startDemo, type RunningDemo } from '../../runtime/demo/start';
import { actAs, browserAvailable, latestEphemeral, launchBrowser, shot, typeCommand } from './helpers';

const SAM = 'U0DEMOSAM'; // admin
const BEN = 'ben.carter@example.com'; // already deactivated
const NINA = 'nina.kowalski@example.com';
const ACTIVE = FIELD_SALES_LOGINS.filter((l) => l !== BEN);

const describeE2e = browserAvailable() ? describe : describe.skip;

const CASE_TIMEOUT = 90_000;

describeE2e('the Field Sales team with a grace period on the demo page', () => {
  let demo: RunningDemo;
  let browser: Awaited<ReturnType<typeof launchBrowser>>;
  let page: Page;
  let dataDir: string;

  beforeAll(async () => {
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'offboard-e2e-team-grace-'));
    // An hour: the grace period never ends by itself during the test; Continue now ends it.
    demo = await startDemo({
      port: 0,
      dataDir,
      triggerSpeed: 60,
      tickMs: 200,
      echo: false,
      graceHours: 1,
      oktaLatencyMs: DEMO_OKTA_LATENCY_MS,
    });
    browser = await launchBrowser();
    page = await browser.context.newPage();
    await page.goto(`${demo.pageUrl}?as=${SAM}`);
    await page.locator('body[data-ready=true]').waitFor({ timeout: 15_000 });
    await actAs(page, SAM);
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await demo?.stop();
    if (dataDir) fs.rmSync(dataDir, { recursive: true, force: true });
  });

  const oktaStatuses = async (logins: readonly string[]): Promise<string[]> => {
    const users = (await demo.okta.state()).users;
    return logins.map((l) => users.find((u) => u.login === l)?.status ?? 'missing');
  };

  const batchMessage = (): Locator =>
    page
      .getByTestId('channel')
      .getByTestId('message')
      .filter({ hasText: 'Offboarding 7 people (BAT-' })
      .first();

  test(
    'after Confirm, everyone is contained and the batch message says they wait in the grace period until when',
    async () => {
      await typeCommand(page, `/offboard ${FIELD_SALES_LOGINS.join(', ')}`);
      const card = latestEphemeral(page);
      await card.locator('.bk-header', { hasText: 'Offboard 7 people?' }).waitFor({ timeout: 20_000 });
      await card.getByRole('button', { name: 'Confirm 7' }).click();
      await page.getByTestId('confirm-dialog').waitFor({ state: 'visible' });
      await page.getByTestId('confirm-ok').click();
      await batchMessage()
        .filter({ hasText: 'containment 7/7 · in grace period 7 until' })
        .waitFor({ timeout: 45_000 });
      await shot(page, 'team-grace-1-waiting');
      expect(await oktaStatuses(ACTIVE)).toEqual(ACTIVE.map(() => 'SUSPENDED'));
    },
    CASE_TIMEOUT,
  );

  test(
    '`/offboard undo` brings one person back: Okta shows them ACTIVE and the batch message counts undone 1',
    async () => {
      const answer = await typeCommand(page, `/offboard undo ${NINA}`);
      expect(await answer.textContent()).toContain('Undone by');
      await batchMessage()
        .filter({ hasText: 'in grace period 6 until' })
        .filter({ hasText: 'undone 1' })
        .waitFor({
          timeout: 15_000,
        });
      expect(await oktaStatuses([NINA])).toEqual(['ACTIVE']);
    },
    CASE_TIMEOUT,
  );

  test(
    'Continue now on the batch message starts everyone else’s other tasks: six deactivated, Nina untouched',
    async () => {
      await batchMessage().getByRole('button', { name: 'Continue now (6)' }).click();
      await page.getByTestId('confirm-dialog').waitFor({ state: 'visible' });
      await page.getByTestId('confirm-ok').click();
      await batchMessage()
        .filter({ hasText: 'containment 7/7 · completed 6/7 · paused 0 · undone 1' })
        .waitFor({ timeout: 60_000 });
      await shot(page, 'team-grace-2-continued');
      expect({
        nina: (await oktaStatuses([NINA]))[0],
        others: await oktaStatuses(ACTIVE.filter((l) => l !== NINA)),
      }).toEqual({ nina: 'ACTIVE', others: ACTIVE.slice(1).map(() => 'DEPROVISIONED') });
    },
    CASE_TIMEOUT,
  );
});
