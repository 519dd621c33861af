// End to end in a real browser, issue 10's demo: the seeded Field Sales team offboarded in one command from
// the first steps. "Looking up 8 people…" is replaced by one card (Ben Carter listed apart, already
// deactivated), one Confirm, then one channel message counts the batch in place while the worker goes
// through its rounds (the fake Okta answers after 100 ms, as `npm start` has it, and the demo's front door
// serves the page meanwhile), each person's checklist in its thread. Then Abort the rest, on the team again
// after the fake Okta is reseeded, with one person paused by an armed failure.

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { ElementHandle, Locator, Page } from 'playwright-core';
import { FIELD_SALES_LOGINS } from '../../fakes/okta';
import { DEMO_OKTA_LATENCY_MS, startDemo, type RunningDemo } from '../../runtime/demo/start';
import { actAs, browserAvailable, eventually, latestEphemeral, launchBrowser, shot } from './helpers';

const SAM = 'U0DEMOSAM'; // admin
const BEN = 'ben.carter@example.com'; // already deactivated
const ACTIVE = FIELD_SALES_LOGINS.filter((l) => l !== BEN);
const NAMES = [
  'Nina Kowalski',
  'Omar Farouk',
  'Hana Sato',
  'Diego Alvarez',
  'Emma Johansson',
  'Lucas Martin',
  'Ruth Okafor',
];

/** In the page: every text a message ever showed, however briefly (a DOM observer; the tests have no DOM types). */
const RECORD_SHOWN_TEXTS = `
  window.shownTexts = [];
  new MutationObserver(() => {
    for (const node of document.querySelectorAll('[data-testid=message]')) {
      const text = node.textContent ?? '';
      if (!window.shownTexts.includes(text)) window.shownTexts.push(text);
    }
  }).observe(document, { subtree: true, childList: true, characterData: true });
`;

const describeE2e = browserAvailable() ? describe : describe.skip;

const CASE_TIMEOUT = 90_000;

describeE2e('the Field Sales team offboarded in one command on the demo page', () => {
  let demo: RunningDemo;
  let browser: Awaited<ReturnType<typeof launchBrowser>>;
  let page: Page;
  let dataDir: string;

  beforeAll(async () => {
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'offboard-e2e-team-'));
    demo = await startDemo({
      port: 0,
      dataDir,
      triggerSpeed: 60,
      tickMs: 200,
      echo: false,
      oktaLatencyMs: DEMO_OKTA_LATENCY_MS,
    });
    browser = await launchBrowser();
    page = await browser.context.newPage();
    // Every text an ephemeral message or the batch message ever showed, however briefly.
    await page.addInitScript({ content: RECORD_SHOWN_TEXTS });
    await page.goto(`${demo.pageUrl}?as=${SAM}`);
    await page.locator('body[data-ready=true]').waitFor({ timeout: 15_000 });
    await actAs(page, SAM);
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await demo?.stop();
    if (dataDir) fs.rmSync(dataDir, { recursive: true, force: true });
  });

  const shownTexts = (): Promise<string[]> => page.evaluate<string[]>('window.shownTexts');

  const oktaStatuses = async (logins: readonly string[]): Promise<string[]> => {
    const users = (await demo.okta.state()).users;
    return logins.map((l) => users.find((u) => u.login === l)?.status ?? 'missing');
  };

  /** The batch's one channel message ("Offboarding 7 people (BAT-…)"). */
  const batchMessages = (): Locator =>
    page.getByTestId('channel').getByTestId('message').filter({ hasText: 'Offboarding 7 people (BAT-' });

  /** Sends the team command from the first steps' button and waits for the card; returns the card. */
  async function askForTheTeam(): Promise<Locator> {
    await page.getByTestId('try-command').filter({ hasText: 'nina.kowalski@example.com' }).click();
    expect(await page.getByTestId('command').inputValue()).toBe(`/offboard ${FIELD_SALES_LOGINS.join(', ')}`);
    await page.getByTestId('command').press('Enter');
    const card = latestEphemeral(page);
    await card.locator('.bk-header', { hasText: 'Offboard 7 people?' }).waitFor({ timeout: 20_000 });
    return card;
  }

  /** Opens the thread under a channel message (a batch's starts folded, as Slack shows "7 replies"). */
  async function openThread(message: Locator): Promise<Locator> {
    const ts = await message.getAttribute('data-ts');
    const thread = page.getByTestId('channel').locator(`[data-testid=thread][data-parent="${ts}"]`);
    await thread.waitFor({ state: 'attached', timeout: 10_000 });
    if ((await thread.getAttribute('open')) === null) await thread.getByTestId('thread-toggle').click();
    return thread;
  }

  async function confirm(card: Locator): Promise<void> {
    await card.getByRole('button', { name: 'Confirm 7' }).click();
    await page.getByTestId('confirm-dialog').waitFor({ state: 'visible' });
    await page.getByTestId('confirm-ok').click();
  }

  test(
    'the first steps offer the team command, and sending it shows “Looking up 8 people…” at once',
    async () => {
      const card = await askForTheTeam();
      await shot(page, 'team-1-card');
      expect((await shownTexts()).some((t) => t.includes('Looking up 8 people in Okta (batch BAT-'))).toBe(
        true,
      );
      // The card replaced that answer in place: one answer from the app, marked edited.
      const answers = page
        .getByTestId('ephemeral')
        .getByTestId('message')
        .filter({ has: page.locator('.app-tag') });
      expect([await answers.count(), await card.locator('.time').textContent()]).toEqual([
        1,
        expect.stringContaining('(edited)'),
      ]);
    },
    CASE_TIMEOUT,
  );

  test(
    'the card lists the seven active people and leaves Ben out, saying he is already deactivated',
    async () => {
      const text = (await latestEphemeral(page).textContent()) ?? '';
      expect({
        listed: NAMES.filter((n) => text.includes(n)),
        leftOut: text.includes(
          `Left out (1), nothing will be done for them:• ${BEN}: already deactivated in Okta`,
        ),
        benListed: text.includes('Ben Carter'),
      }).toEqual({ listed: NAMES, leftOut: true, benListed: false });
    },
    CASE_TIMEOUT,
  );

  test(
    'after one Confirm, the one batch message counts up in place until everyone is completed',
    async () => {
      await confirm(latestEphemeral(page));
      await batchMessages().first().waitFor({ timeout: 15_000 });
      const first: ElementHandle = (await batchMessages().first().elementHandle())!;
      const ts = await first.getAttribute('data-ts');
      await batchMessages()
        .first()
        .filter({ hasText: 'containment 7/7 · completed 7/7 · paused 0' })
        .waitFor({ timeout: 45_000 });
      await shot(page, 'team-2-completed');
      const counts = (await shownTexts())
        .filter((t) => t.includes('Offboarding 7 people (BAT-'))
        .map((t) => /containment \d\/7 · completed \d\/7/.exec(t)?.[0]);
      expect({
        sameElement: await first.evaluate((n) => n.isConnected),
        ts: await batchMessages().first().getAttribute('data-ts'),
        batchMessages: await batchMessages().count(),
        // The page showed the message before everyone was completed, then at its end.
        before: counts.some((c) => c !== undefined && !c.endsWith('completed 7/7')),
        last: counts.at(-1),
      }).toEqual({
        sameElement: true,
        ts,
        batchMessages: 1,
        before: true,
        last: 'containment 7/7 · completed 7/7',
      });
    },
    CASE_TIMEOUT,
  );

  test(
    'the batch message’s thread names each person completed, with each task’s mark, in fewer replies than people',
    async () => {
      const thread = await openThread(batchMessages().first());
      const text = await eventually('everyone named in the thread', async () => {
        const shown = (await thread.textContent()) ?? '';
        return NAMES.every((n) => shown.includes(n)) ? shown : undefined;
      });
      await shot(page, 'team-3-thread');
      const replies = await thread.getByTestId('thread-reply').count();
      expect({
        named: NAMES.filter((n) =>
          new RegExp(`${n}[^✅]{0,120}completed: ✅ Suspend · ✅ Clear Sessions`).test(text),
        ),
        fewerRepliesThanPeople: replies < NAMES.length,
      }).toEqual({ named: NAMES, fewerRepliesThanPeople: true });
    },
    CASE_TIMEOUT,
  );

  test(
    'the Okta panel shows the seven deactivated and Ben as he was',
    async () => {
      const panel = async (login: string) =>
        page.locator(`tr[data-login="${login}"]`).getByTestId('okta-status').textContent();
      await eventually('the panel to show everyone deactivated', async () => {
        const shown = await Promise.all(ACTIVE.map(panel));
        return shown.every((s) => s === 'DEPROVISIONED') ? shown : undefined;
      });
      expect([await panel(BEN), await oktaStatuses(ACTIVE)]).toEqual([
        'DEPROVISIONED',
        ACTIVE.map(() => 'DEPROVISIONED'),
      ]);
    },
    CASE_TIMEOUT,
  );

  test(
    'Abort the rest: with one person paused by a failed Deactivate, the others complete and Abort stops the paused one',
    async () => {
      // The team again: the fake Okta back as seeded (and as slow), and one Deactivate that Okta refuses.
      await demo.okta.reset();
      await demo.okta.setLatency(DEMO_OKTA_LATENCY_MS);
      await page.getByTestId('fail-operation').selectOption('deactivateUser');
      await page.getByTestId('fail-status').selectOption('403');
      await page.getByTestId('fail-submit').click();
      await page.getByTestId('pending-failures').filter({ hasText: '1 failure(s) armed' }).waitFor();

      await confirm(await askForTheTeam());
      const message = batchMessages().last();
      await message
        .filter({ hasText: 'containment 7/7 · completed 6/7 · paused 1' })
        .waitFor({ timeout: 45_000 });
      await shot(page, 'team-4-paused');
      // The paused person's checklist in the thread offers Retry, Skip and Abort for them alone.
      const thread = await openThread(message);
      const paused = thread.getByTestId('thread-reply').filter({ hasText: 'paused · Offboarding' });
      await paused.first().waitFor({ timeout: 10_000 });
      const pausedName = /paused · Offboarding (.+)$/.exec(
        (await paused.first().locator('.bk-header').textContent()) ?? '',
      )?.[1];
      expect(await paused.first().getByRole('button', { name: 'Retry' }).count()).toBe(1);

      await message.getByRole('button', { name: 'Abort the rest' }).click();
      await page.getByTestId('confirm-dialog').waitFor({ state: 'visible' });
      await page.getByTestId('confirm-ok').click();
      await message
        .filter({ hasText: 'containment 7/7 · completed 6/7 · paused 0 · aborted 1' })
        .waitFor({ timeout: 30_000 });
      await shot(page, 'team-5-aborted');
      const login = ACTIVE[NAMES.indexOf(pausedName ?? '')]!;
      expect({
        abortButton: await message.getByRole('button', { name: 'Abort the rest' }).count(),
        // Contained but not deactivated: the refused Deactivate is not pretended done.
        paused: (await oktaStatuses([login]))[0],
        others: await oktaStatuses(ACTIVE.filter((l) => l !== login)),
      }).toEqual({ abortButton: 0, paused: 'SUSPENDED', others: ACTIVE.slice(1).map(() => 'DEPROVISIONED') });
    },
    CASE_TIMEOUT + 30_000,
  );
});
