// Shared by the end-to-end tests: the browser, the workbook as records, waiting for the runtime, and
// the page's moves (who you are, typing a command, clicking a button in a message).

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { chromium, type BrowserContext, type Locator, type Page } from 'playwright-core';

export const CHROMIUM = '/usr/bin/chromium';
export const SCREENSHOT_DIR = path.resolve(__dirname, '..', '..', 'test-output', 'e2e');

/** CI must run these; a laptop without Debian's chromium skips them, saying why. */
export function browserAvailable(): boolean {
  return fs.existsSync(CHROMIUM) || Boolean(process.env.CI);
}

export async function launchBrowser(): Promise<{ context: BrowserContext; close(): Promise<void> }> {
  const userDataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'offboard-e2e-browser-'));
  const context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: CHROMIUM,
    headless: true,
    viewport: { width: 1440, height: 900 },
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
    ],
  });
  return {
    context,
    close: async () => {
      await context.close();
      fs.rmSync(userDataDir, { recursive: true, force: true });
    },
  };
}

/** A tab of the xlsx workbook as records keyed by header text (row 1). */
export async function readTabRecords(workbookPath: string, tab: string): Promise<Record<string, string>[]> {
  const book = new ExcelJS.Workbook();
  await book.xlsx.readFile(workbookPath);
  const sheet = book.getWorksheet(tab);
  if (!sheet) throw new Error(`the workbook has no tab "${tab}"`);
  const headers: string[] = [];
  sheet.getRow(1).eachCell((cell, column) => (headers[column] = cell.text.trim()));
  const records: Record<string, string>[] = [];
  for (let r = 2; r <= sheet.rowCount; r++) {
    const record: Record<string, string> = {};
    let filled = false;
    headers.forEach((header, column) => {
      if (!header) return;
      const text = sheet.getRow(r).getCell(column).text ?? '';
      record[header] = text;
      if (text.trim() !== '') filled = true;
    });
    if (filled) records.push(record);
  }
  return records;
}

/** Polls `probe` until it returns a value (not undefined) or time runs out, then says what it last saw. */
export async function eventually<T>(
  what: string,
  probe: () => Promise<T | undefined>,
  timeoutMs = 20_000,
): Promise<T> {
  const until = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const value = await probe();
      if (value !== undefined) return value;
    } catch (e) {
      last = e;
    }
    if (Date.now() > until)
      throw new Error(`timed out waiting for ${what}${last ? `: ${String(last)}` : ''}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

export async function shot(page: Page, name: string): Promise<void> {
  fs.mkdirSync(SCREENSHOT_DIR, { recursive: true });
  await page.screenshot({ path: path.join(SCREENSHOT_DIR, `${name}.png`), fullPage: false });
}

export async function actAs(page: Page, slackUserId: string): Promise<void> {
  const chosen = await page.getByTestId('me').selectOption(slackUserId);
  if (chosen[0] !== slackUserId) throw new Error(`could not switch to ${slackUserId}`);
  // The page re-reads its state as the new person: wait until the view says who they are.
  await page.locator(`[data-testid=me][data-as="${slackUserId}"]`).waitFor({ timeout: 5_000 });
}

/**
 * Types a command in the composer and waits until the page shows the app's answer to it: a message after
 * the typed line's own echo. (Counting messages is not enough: a late answer to an earlier click, e.g. a
 * response_url note, can land after the count was taken and pass for this command's answer.) Returns the
 * answer's message.
 */
export async function typeCommand(page: Page, line: string): Promise<Locator> {
  const messages = page.getByTestId('ephemeral').getByTestId('message');
  const before = await messages.count();
  await page.getByTestId('command').fill(line);
  await page.getByTestId('command').press('Enter');
  const echo = await eventually(
    `the answer to "${line}"`,
    async () => {
      const texts = await messages.allTextContents();
      const at = texts.findIndex((text, i) => i >= before && text.includes(line));
      return at >= 0 && texts.length > at + 1 ? at : undefined;
    },
    15_000,
  );
  return messages.nth(echo + 1);
}

/** The newest channel message about `who` (the run's live checklist). */
export function runMessage(page: Page, who: string): Locator {
  return page
    .getByTestId('channel')
    .getByTestId('message')
    .filter({ hasText: `Offboarding ${who}` })
    .last();
}

/** Waits for the run message's header to read e.g. "completed · Offboarding Jane Doe". */
export async function waitForRunStatus(
  page: Page,
  who: string,
  status: string,
  timeoutMs = 30_000,
): Promise<void> {
  await page
    .getByTestId('channel')
    .locator('.bk-header', { hasText: `${status} · Offboarding ${who}` })
    .first()
    .waitFor({ timeout: timeoutMs });
}

/** The newest ephemeral message (the app's latest reply to you). */
export function latestEphemeral(page: Page): Locator {
  return page.getByTestId('ephemeral').getByTestId('message').last();
}
