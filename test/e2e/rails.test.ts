// End to end in a real browser, the safety rails and the demo page's own help: a scheduled run seeded at
// start that fires in demo time (its reminder a thread reply under its message), a scheduled run cancelled
// from the channel with nothing done in Okta, the two-person rule's Deny (its Approve is in
// offboarding.test.ts), the first steps on the page, the armed-failure notice and the Status column of
// the Sheet view. The seeded run starts at the first whole minute 20 s after start; the other cases run
// meanwhile, so the wait costs little.

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { startDemo, type RunningDemo } from '../../runtime/demo/start';
import { wallTime } from '../../runtime/demo/seedSchedule';
import {
  actAs,
  browserAvailable,
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
const MEI = 'U0DEMOMEI'; // approver
const CARLOS = 'U0DEMOCARLOS'; // requester

const describeE2e = browserAvailable() ? describe : describe.skip;

const CASE_TIMEOUT = 90_000;

describeE2e('the rails on the demo page, end to end', () => {
  let demo: RunningDemo;
  let browser: Awaited<ReturnType<typeof launchBrowser>>;
  let page: Page;
  let dataDir: string;

  beforeAll(async () => {
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'offboard-e2e-rails-'));
    demo = await startDemo({
      port: 0,
      dataDir,
      triggerSpeed: 60,
      tickMs: 200,
      echo: false,
      seedScheduledRun: { leadMs: 20_000 },
    });
    browser = await launchBrowser();
    page = await browser.context.newPage();
    await page.goto(`${demo.pageUrl}?as=${SAM}`);
    await page.locator('body[data-ready=true]').waitFor({ timeout: 15_000 });
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

  const offboardingRow = async (login: string): Promise<Record<string, string> | undefined> =>
    (await readTabRecords(demo.workbookPath, 'Offboarding')).filter((r) => r['Target'] === login).at(-1);

  test('the demo seeded a scheduled run for Janet Lee', () => {
    expect(demo.seeded).toEqual(
      expect.objectContaining({ target: 'janet.lee@example.com', timeZone: 'UTC' }),
    );
  });

  test(
    'the first steps are on the page, the seeded scheduled run among them',
    async () => {
      const steps = (await page.getByTestId('first-steps').textContent()) ?? '';
      expect([
        steps.includes('/offboard jane.doe@example.com'),
        steps.includes(`offboard janet.lee@example.com at ${demo.seeded!.at}`),
      ]).toEqual([true, true]);
    },
    CASE_TIMEOUT,
  );

  test(
    'the seeded scheduled run waits in the channel with Cancel, and Janet is untouched in Okta',
    async () => {
      await waitForRunStatus(page, 'Janet Lee', 'scheduled', 10_000);
      const message = runMessage(page, 'Janet Lee');
      expect([
        await message.getByRole('button', { name: 'Cancel' }).count(),
        (await oktaUser('janet.lee@example.com')).status,
      ]).toEqual([1, 'ACTIVE']);
      await shot(page, 'scheduled-1-waiting');
    },
    CASE_TIMEOUT,
  );

  test(
    'the scheduled run’s reminder is a thread reply shown under its message, not a new message',
    async () => {
      const ts = await runMessage(page, 'Janet Lee').getAttribute('data-ts');
      const thread = page.getByTestId('channel').locator(`[data-testid=thread][data-parent="${ts}"]`);
      await thread.getByTestId('thread-reply').first().waitFor({ timeout: 10_000 });
      expect([
        await thread.getByTestId('thread-reply').first().textContent(),
        await page.getByTestId('channel').getByTestId('message').filter({ hasText: 'To stop it' }).count(),
      ]).toEqual([expect.stringContaining('To stop it, click Cancel'), 0]);
    },
    CASE_TIMEOUT,
  );

  test(
    'the Sheet view shows Status right after Run ID',
    async () => {
      const headers = await page.getByTestId('tab-offboarding').locator('thead th').allTextContents();
      expect(headers.slice(0, 2)).toEqual(['Run ID', 'Status']);
    },
    CASE_TIMEOUT,
  );

  test(
    'a scheduled run cancelled from the channel ends cancelled, and nothing happens in Okta',
    async () => {
      const before = await oktaUser('mei.chen@example.com');
      const tomorrow = wallTime(Date.now() + 24 * 3_600_000, 'UTC').slice(0, 10);
      await actAs(page, CARLOS);
      await typeCommand(page, `/offboard mei.chen@example.com on ${tomorrow}`);
      const card = latestEphemeral(page);
      // The card's header says when.
      await card
        .locator('.bk-header', { hasText: `Offboard Mei Chen at ${tomorrow} 17:00 UTC?` })
        .waitFor({ timeout: 10_000 });
      await card.getByRole('button', { name: 'Confirm' }).click();
      await page.getByTestId('confirm-dialog').waitFor({ state: 'visible' });
      await page.getByTestId('confirm-ok').click();
      await waitForRunStatus(page, 'Mei Chen', 'scheduled');
      await shot(page, 'cancel-1-scheduled');

      // Mei is the approver, but not for her own offboarding: Sam (admin) cancels it in the channel.
      await actAs(page, SAM);
      await runMessage(page, 'Mei Chen').getByRole('button', { name: 'Cancel' }).click();
      await page.getByTestId('confirm-dialog').waitFor({ state: 'visible' });
      await page.getByTestId('confirm-ok').click();
      await waitForRunStatus(page, 'Mei Chen', 'cancelled');
      await shot(page, 'cancel-2-cancelled');

      const row = await eventually('the cancelled run in the workbook', async () => {
        const r = await offboardingRow('mei.chen@example.com');
        return r?.['Status'] === 'cancelled' ? r : undefined;
      });
      const audit = await eventually('the cancel in the Audit Log', async () =>
        (await readTabRecords(demo.workbookPath, 'Audit Log')).find(
          (r) => r['Action'] === 'cancel' && r['Run ID'] === row['Run ID'],
        ),
      );
      expect([audit['Actor'], await oktaUser('mei.chen@example.com')]).toEqual([
        expect.stringContaining(SAM),
        before,
      ]);
    },
    CASE_TIMEOUT,
  );

  test(
    'two-person rule: an Okta admin’s run waits for a second person; Mei denies it, nothing happens in Okta',
    async () => {
      const before = await oktaUser('priya.patel@example.com');
      // Priya is an Okta read-only admin: only an Offboard admin may ask, and a second person must approve.
      await actAs(page, SAM);
      await typeCommand(page, '/offboard priya.patel@example.com');
      const card = latestEphemeral(page);
      await card.getByRole('button', { name: 'Confirm' }).click();
      await page.getByTestId('confirm-dialog').waitFor({ state: 'visible' });
      await page.getByTestId('confirm-ok').click();
      await waitForRunStatus(page, 'Priya Patel', 'awaiting approval');
      // A second person: Mei (approver) denies; the denial is told in the run's thread.
      await actAs(page, MEI);
      await runMessage(page, 'Priya Patel').getByRole('button', { name: 'Deny' }).click();
      await waitForRunStatus(page, 'Priya Patel', 'denied');
      await shot(page, 'deny-1-denied');

      const ts = await runMessage(page, 'Priya Patel').getAttribute('data-ts');
      const thread = page.getByTestId('channel').locator(`[data-testid=thread][data-parent="${ts}"]`);
      await thread
        .getByTestId('thread-reply')
        .filter({ hasText: 'denied' })
        .first()
        .waitFor({ timeout: 10_000 });
      expect(await oktaUser('priya.patel@example.com')).toEqual(before);
    },
    CASE_TIMEOUT,
  );

  test(
    'an armed failure’s notice stays until the failure fired, then says it fired',
    async () => {
      await actAs(page, SAM);
      await page.getByTestId('fail-operation').selectOption('listUsers');
      await page.getByTestId('fail-status').selectOption('403');
      await page.getByTestId('fail-submit').click();
      await page
        .getByTestId('notice')
        .filter({ hasText: 'The next listUsers call will answer HTTP 403' })
        .waitFor({ timeout: 5_000 });
      await typeCommand(page, '/offboard ahmed.hassan@example.com');
      await page
        .getByTestId('notice')
        .filter({ hasText: 'The armed failure fired: listUsers answered HTTP 403' })
        .waitFor({ timeout: 10_000 });
    },
    CASE_TIMEOUT,
  );

  test(
    'the seeded scheduled run fires at its minute, in demo time, and completes',
    async () => {
      const left = demo.seeded!.startAt - Date.now();
      await waitForRunStatus(page, 'Janet Lee', 'completed', Math.max(0, left) + 45_000);
      await shot(page, 'scheduled-2-completed');
      const started = await eventually('the scheduled start in the Audit Log', async () =>
        (await readTabRecords(demo.workbookPath, 'Audit Log')).find((r) => r['Action'] === 'scheduled start'),
      );
      expect([started['Detail'], (await oktaUser('janet.lee@example.com')).status]).toEqual([
        `janet.lee@example.com at ${demo.seeded!.at} UTC`,
        'DEPROVISIONED',
      ]);
    },
    CASE_TIMEOUT + 60_000,
  );
});
