// End to end in a real browser: the demo page plays Slack against the real bundle in the local runtime,
// with the fake Okta in its own process. Each case checks the page, the workbook file and the fake Okta.

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
const MEI = 'U0DEMOMEI'; // approver
const JOHN = 'U0DEMOJOHN'; // not in Approved Users
const CARLOS = 'U0DEMOCARLOS'; // requester

const runnable = browserAvailable();
if (!runnable) {
  console.warn(
    `End-to-end tests skipped: ${CHROMIUM} is missing (apt-get install chromium). In CI they always run.`,
  );
}
const describeE2e = runnable ? describe : describe.skip;

const CASE_TIMEOUT = 90_000;

describeE2e('the demo page, end to end', () => {
  let demo: RunningDemo;
  let browser: Awaited<ReturnType<typeof launchBrowser>>;
  let page: Page;
  let dataDir: string;

  beforeAll(async () => {
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'offboard-e2e-'));
    // 60x: the every-minute worker runs every second, so runs finish within seconds.
    demo = await startDemo({ port: 0, dataDir, triggerSpeed: 60, tickMs: 200, echo: false });
    browser = await launchBrowser();
    page = await browser.context.newPage();
    await page.goto(demo.pageUrl);
    await page.locator('body[data-ready=true]').waitFor({ timeout: 15_000 });
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await demo?.stop();
    if (dataDir) fs.rmSync(dataDir, { recursive: true, force: true });
  });

  /** The latest run for `login` (a person may have a cancelled request before the run that counts). */
  const offboardingRow = async (login: string): Promise<Record<string, string> | undefined> =>
    (await readTabRecords(demo.workbookPath, 'Offboarding')).filter((r) => r['Target'] === login).at(-1);

  const oktaUser = async (login: string) => {
    const user = (await demo.okta.state()).users.find((u) => u.login === login);
    if (!user) throw new Error(`the fake Okta has no ${login}`);
    return user;
  };

  /** Requests and confirms a run as the current person, up to the Confirm dialog's "Offboard". */
  async function requestAndConfirm(target: string, name: string, shotPrefix: string): Promise<void> {
    await typeCommand(page, `/offboard ${target}`);
    const card = latestEphemeral(page);
    await card.locator('.bk-header', { hasText: `Offboard ${name}?` }).waitFor({ timeout: 10_000 });
    await shot(page, `${shotPrefix}-1-confirmation-card`);
    // An Okta admin (Jane is a Help Desk admin in the demo) needs a second person's approval.
    const needsApproval = ((await card.textContent()) ?? '').includes('must approve');
    await card.getByRole('button', { name: 'Confirm' }).click();
    await page.getByTestId('confirm-dialog').waitFor({ state: 'visible' });
    await shot(page, `${shotPrefix}-2-confirm-dialog`);
    await page.getByTestId('confirm-ok').click();
    if (!needsApproval) return;
    await waitForRunStatus(page, name, 'awaiting approval');
    await actAs(page, MEI);
    await page.getByTestId('channel').getByRole('button', { name: 'Approve' }).first().click();
    await page.getByTestId('confirm-dialog').waitFor({ state: 'visible' });
    await shot(page, `${shotPrefix}-2b-approve-dialog`);
    await page.getByTestId('confirm-ok').click();
    await actAs(page, SAM);
  }

  async function armFailure(operation: string, status: number): Promise<void> {
    await page.getByTestId('fail-operation').selectOption(operation);
    await page.getByTestId('fail-status').selectOption(String(status));
    await page.getByTestId('fail-submit').click();
    await eventually('the failure to be armed', async () =>
      (await demo.okta.state()).pendingFailures > 0 ? true : undefined,
    );
  }

  test(
    'a person not in Approved Users is refused, and nothing happens in Okta',
    async () => {
      await actAs(page, JOHN);
      await typeCommand(page, '/offboard jane.doe@example.com');
      const reply = latestEphemeral(page);
      expect(await reply.textContent()).toMatch(/not (an )?approved|Approved Users/i);
      await shot(page, 'refused-1-reply');

      const audit = await eventually('the refusal in the Audit Log', async () =>
        (await readTabRecords(demo.workbookPath, 'Audit Log')).find(
          (r) => r['Action'] === 'refused: not approved' && r['Actor']!.includes(JOHN),
        ),
      );
      expect(audit['Detail']).toContain('/offboard jane.doe@example.com');
      expect(await offboardingRow('jane.doe@example.com')).toBeUndefined();
      expect((await oktaUser('jane.doe@example.com')).status).toBe('ACTIVE');
    },
    CASE_TIMEOUT,
  );

  test(
    'a protected person (an Okta admin asked for by a requester) is refused on the page, and nothing happens in Okta',
    async () => {
      await actAs(page, CARLOS);
      await typeCommand(page, '/offboard sam.rivera@example.com');
      const reply = latestEphemeral(page);
      expect(await reply.textContent()).toContain('is protected: they hold Okta admin roles');
      await shot(page, 'protected-1-reply');
      const audit = await eventually('the refusal in the Audit Log', async () =>
        (await readTabRecords(demo.workbookPath, 'Audit Log')).find(
          (r) => r['Action'] === 'refused: protected' && r['Actor']!.includes(CARLOS),
        ),
      );
      expect(audit['Detail']).toContain('/offboard sam.rivera@example.com');
      expect((await oktaUser('sam.rivera@example.com')).status).toBe('ACTIVE');
    },
    CASE_TIMEOUT,
  );

  test(
    'the confirmation card shows admin roles, apps, groups and the profile source',
    async () => {
      await actAs(page, SAM);
      await typeCommand(page, '/offboard john.smith@example.com');
      const card = latestEphemeral(page);
      await card.locator('.bk-header', { hasText: 'Offboard John Smith?' }).waitFor({ timeout: 10_000 });
      const text = (await card.textContent()) ?? '';
      expect(
        [/Admin roles/, /Apps\s*\d+/, /Groups\s*\d+/, /ACTIVE_DIRECTORY/, /next import may reactivate/].map(
          (r) => r.test(text),
        ),
      ).toEqual([true, true, true, true, true]);
      await shot(page, 'card-stakes');
      await card.getByRole('button', { name: 'Cancel' }).click();
      await eventually('John’s request to be cancelled', async () =>
        (await offboardingRow('john.smith@example.com'))?.['Status'] === 'cancelled' ? true : undefined,
      );
    },
    CASE_TIMEOUT,
  );

  test(
    'a full offboarding runs from the command to the summary with every task done',
    async () => {
      await actAs(page, SAM);
      // Jane holds Okta admin roles: an Offboard admin may go on, and a second person (Mei) approves in
      // the channel; requestAndConfirm does both.
      await requestAndConfirm('jane.doe@example.com', 'Jane Doe', 'full');
      await waitForRunStatus(page, 'Jane Doe', 'completed');
      await shot(page, 'full-3-completed');

      const row = await eventually('Jane’s run to be completed in the workbook', async () => {
        const r = await offboardingRow('jane.doe@example.com');
        return r?.['Status'] === 'completed' ? r : undefined;
      });
      for (const task of [
        'Suspend',
        'Clear Sessions',
        'Remove Admin Roles',
        'Revoke Grants',
        'Reset Factors',
        'Remove Groups',
        'Deactivate',
      ]) {
        expect([task, row[task]]).toEqual([task, expect.stringMatching(/^(✅ done|☑️ already done)/)]);
      }
      expect(row['Requested By']).toContain(SAM);

      const jane = await oktaUser('jane.doe@example.com');
      expect(jane.status).toBe('DEPROVISIONED');
      expect(jane.sessions).toBe(0);
      expect(jane.grants + jane.tokens).toBe(0);
      expect(jane.factors).toEqual([]);
      expect(jane.groups).not.toEqual(expect.arrayContaining(['Engineering']));
      expect(jane.groups).not.toEqual(expect.arrayContaining(['VPN']));
      expect(jane.groups).not.toEqual(expect.arrayContaining(['Okta Help Desk Admins']));
    },
    CASE_TIMEOUT,
  );

  test('the demo’s webhook task reached its receiver, signed, for the completed run', () => {
    const messages = demo.webhooks.received.filter(
      (m) => (JSON.parse(m.body) as { login?: string }).login === 'jane.doe@example.com',
    );
    expect(messages.map((m) => m.signatureOk)).toEqual([true]);
  });

  test(
    'a task that fails pauses the run, and Retry finishes it',
    async () => {
      await actAs(page, SAM);
      await armFailure('deactivateUser', 403);
      await requestAndConfirm('john.smith@example.com', 'John Smith', 'retry');
      await waitForRunStatus(page, 'John Smith', 'paused');
      const message = runMessage(page, 'John Smith');
      expect(await message.textContent()).toContain('Paused at Deactivate');
      await shot(page, 'retry-3-paused');

      const paused = await eventually('John’s run to be paused in the workbook', async () => {
        const r = await offboardingRow('john.smith@example.com');
        return r?.['Status'] === 'paused' ? r : undefined;
      });
      expect(paused['Deactivate']).toMatch(/^❌ failed/);
      expect((await oktaUser('john.smith@example.com')).status).toBe('SUSPENDED');

      await message.getByRole('button', { name: 'Retry' }).click();
      await waitForRunStatus(page, 'John Smith', 'completed');
      await shot(page, 'retry-4-completed');

      const done = await eventually('John’s run to be completed in the workbook', async () => {
        const r = await offboardingRow('john.smith@example.com');
        return r?.['Status'] === 'completed' ? r : undefined;
      });
      expect(done['Deactivate']).toMatch(/^✅ done/);
      // Clicks queue their Audit Log entries; the worker writes them within its minute.
      const audit = await eventually('the retry in the Audit Log', async () =>
        (await readTabRecords(demo.workbookPath, 'Audit Log')).find(
          (r) => r['Action'] === 'retry' && r['Actor']!.includes(SAM),
        ),
      );
      expect(audit['Actor']).toContain(SAM);
      expect((await oktaUser('john.smith@example.com')).status).toBe('DEPROVISIONED');
    },
    CASE_TIMEOUT,
  );

  test(
    'an approver skips a failed task and the run completes without it',
    async () => {
      await actAs(page, SAM);
      await armFailure('revokeUserGrants', 403);
      await requestAndConfirm('carlos.garcia@example.com', 'Carlos Garcia', 'skip');
      await waitForRunStatus(page, 'Carlos Garcia', 'paused');
      await shot(page, 'skip-3-paused');

      // Mei is an approver: she may steer a run someone else asked for.
      await actAs(page, MEI);
      await runMessage(page, 'Carlos Garcia').getByRole('button', { name: 'Skip' }).click();
      await waitForRunStatus(page, 'Carlos Garcia', 'completed');
      await shot(page, 'skip-4-completed');

      const row = await eventually('Carlos’s run to be completed in the workbook', async () => {
        const r = await offboardingRow('carlos.garcia@example.com');
        return r?.['Status'] === 'completed' ? r : undefined;
      });
      expect(row['Revoke Grants']).toMatch(/^⏭️ skipped/);
      expect(row['Deactivate']).toMatch(/^✅ done/);
      // Clicks queue their Audit Log entries; the worker writes them within its minute.
      const audit = await eventually('the skip in the Audit Log', async () =>
        (await readTabRecords(demo.workbookPath, 'Audit Log')).find(
          (r) => r['Action'] === 'skip' && r['Actor']!.includes(MEI),
        ),
      );
      expect(audit['Actor']).toContain(MEI);
      const carlos = await oktaUser('carlos.garcia@example.com');
      expect(carlos.status).toBe('DEPROVISIONED');
      expect(carlos.grants).toBeGreaterThan(0);
    },
    CASE_TIMEOUT,
  );

  test(
    'Abort stops a paused run: what was done stays done, the rest never runs',
    async () => {
      await actAs(page, SAM);
      // Mei has no OAuth grants, so a refused Revoke Grants would be already done: refuse Clear Sessions.
      await armFailure('revokeUserSessions', 403);
      await requestAndConfirm('mei.chen@example.com', 'Mei Chen', 'abort');
      await waitForRunStatus(page, 'Mei Chen', 'paused');
      await shot(page, 'abort-3-paused');

      await runMessage(page, 'Mei Chen').getByRole('button', { name: 'Abort' }).click();
      await page.getByTestId('confirm-dialog').waitFor({ state: 'visible' });
      await shot(page, 'abort-4-confirm-dialog');
      await page.getByTestId('confirm-ok').click();
      await waitForRunStatus(page, 'Mei Chen', 'aborted');
      await shot(page, 'abort-5-aborted');

      const row = await eventually('Mei’s run to be aborted in the workbook', async () => {
        const r = await offboardingRow('mei.chen@example.com');
        return r?.['Status'] === 'aborted' ? r : undefined;
      });
      expect(row['Suspend']).toMatch(/^✅ done/);
      expect(row['Clear Sessions']).toMatch(/^❌ failed/);
      expect(row['Deactivate']).toBe('');
      // Clicks queue their Audit Log entries; the worker writes them within its minute.
      const audit = await eventually('the abort in the Audit Log', async () =>
        (await readTabRecords(demo.workbookPath, 'Audit Log')).find(
          (r) => r['Action'] === 'abort' && r['Actor']!.includes(SAM),
        ),
      );
      expect(audit['Actor']).toContain(SAM);
      expect((await oktaUser('mei.chen@example.com')).status).toBe('SUSPENDED');
    },
    CASE_TIMEOUT,
  );
  test(
    "the page renders the app's text as text: markup, scripts and odd links never become elements",
    async () => {
      // Browser code as text: ts-jest would rewrite a dynamic import() into a CommonJS helper the page lacks.
      const rendered: unknown = await page.evaluate(`(async () => {
        const { renderBlocks } = await import('/demo/blocks.js');
        const text =
          '*Jane* _left_ \`E0000006\` <@U0DEMOSAM> <https://example.com/run|the run> ' +
          '<img src=x onerror=alert(1)> &lt;script&gt;alert(1)&lt;/script&gt; <javascript:alert(1)|click me>';
        const node = renderBlocks(
          { blocks: [{ type: 'section', text: { type: 'mrkdwn', text } }] },
          { people: [{ id: 'U0DEMOSAM', name: 'Sam Rivera' }], channelId: 'C0OFFBOARD', channelName: 'offboarding', onButton() {} },
        );
        return {
          dangerous: node.querySelectorAll('img, script, iframe, [onerror]').length,
          links: [...node.querySelectorAll('a')].map((a) => a.getAttribute('href')),
          bold: node.querySelector('strong')?.textContent,
          italic: node.querySelector('em')?.textContent,
          code: node.querySelector('code')?.textContent,
          mention: node.querySelector('.mention')?.textContent,
          text: node.textContent,
        };
      })()`);
      expect(rendered).toEqual({
        dangerous: 0,
        links: ['https://example.com/run'],
        bold: 'Jane',
        italic: 'left',
        code: 'E0000006',
        mention: '@Sam Rivera',
        text: expect.stringContaining('<script>alert(1)</script>'),
      });
    },
    CASE_TIMEOUT,
  );
});
