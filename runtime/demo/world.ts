// The demo's seeded world: Script Properties that point the bundle at the fake Slack and fake Okta, and
// Approved Users rows for the demo people when the tab has none.

import fs from 'node:fs';
import type ExcelJS from 'exceljs';
import { writeFileAtomic } from '../files';
import type { WorkbookFile } from '../workbook';
import {
  DEMO_APP_ID,
  DEMO_BOT_TOKEN,
  DEMO_CHANNEL_ID,
  DEMO_OKTA_ORG_URL,
  DEMO_PEOPLE,
  DEMO_TEAM_ID,
  DEMO_VERIFICATION_TOKEN,
  type DemoSlackUser,
} from './people';
import {
  DEMO_WEBHOOK_HOST,
  DEMO_WEBHOOK_SECRET,
  DEMO_WEBHOOK_SECRET_PROPERTY,
  DEMO_WEBHOOK_TASK,
  DEMO_WEBHOOK_URL,
} from './webhookReceiver';

export const DEMO_OKTA_TOKEN = 'demo-okta-api-token';
export const DEMO_OKTA_CLIENT_ID = '0oaDEMOoffboard';
export const DEMO_OKTA_KEY_ID = 'demo-key-1';

/** How the demo's bundle authenticates to the fake Okta (OFFBOARD_DEMO_OKTA_AUTH). */
export type DemoOktaAuth = 'ssws' | 'oauth' | 'oauth-dpop';

/** The OAuth service app's key pair, when the demo runs in an OAuth mode; made fresh at each start. */
export interface DemoOAuthKey {
  privatePem: string;
  publicPem: string;
}
export const APPROVED_USERS_TAB = 'Approved Users';

/** The Script Properties of demo mode. BUTTON_SIGNING_SECRET is left to the bundle's setup(). */
export function demoProperties(auth: DemoOktaAuth = 'ssws', key?: DemoOAuthKey): Record<string, string> {
  const oauth = auth !== 'ssws' && key !== undefined;
  return {
    SLACK_VERIFICATION_TOKEN: DEMO_VERIFICATION_TOKEN,
    SLACK_BOT_TOKEN: DEMO_BOT_TOKEN,
    SLACK_REPORT_CHANNEL: DEMO_CHANNEL_ID,
    SLACK_TEAM_ID: DEMO_TEAM_ID,
    SLACK_APP_ID: DEMO_APP_ID,
    OKTA_ORG_URL: DEMO_OKTA_ORG_URL,
    // Blank means unset: switching modes between starts leaves nothing of the other mode behind.
    OKTA_API_TOKEN: oauth ? '' : DEMO_OKTA_TOKEN,
    OKTA_CLIENT_ID: oauth ? DEMO_OKTA_CLIENT_ID : '',
    OKTA_PRIVATE_KEY: oauth ? key.privatePem : '',
    OKTA_KEY_ID: oauth ? DEMO_OKTA_KEY_ID : '',
    OKTA_DPOP: oauth ? String(auth === 'oauth-dpop') : '',
    // The demo's webhook task posts to the in-process receiver (runtime/demo/webhookReceiver.ts).
    WEBHOOK_ALLOWED_HOSTS: DEMO_WEBHOOK_HOST,
    [DEMO_WEBHOOK_SECRET_PROPERTY]: DEMO_WEBHOOK_SECRET,
  };
}

/**
 * Adds the demo's webhook row to the Tasks tab when it has none, as a person would: Kind webhook, the
 * receiver's URL, the secret's property name. A workbook from before webhooks (no Kind column) is left
 * alone. Returns whether it added the row.
 */
export async function seedWebhookTask(file: WorkbookFile): Promise<boolean> {
  await file.refresh();
  const sheet = file.workbook.getWorksheet('Tasks');
  if (!sheet) return false;
  const columns = headerColumns(sheet);
  const needed = [
    'task',
    'enabled',
    'order',
    'on failure',
    'kind',
    'url',
    'secret property',
    'timeout policy',
  ];
  if (needed.some((h) => !columns.has(h))) return false;
  let hasHook = false;
  sheet.eachRow((row, n) => {
    if (
      n > 1 &&
      String(row.getCell(columns.get('kind')!).text)
        .trim()
        .toLowerCase() === 'webhook'
    )
      hasHook = true;
  });
  if (hasHook) return false;
  const values: Record<string, string | number | boolean> = {
    task: DEMO_WEBHOOK_TASK,
    enabled: true,
    order: 60,
    'on failure': 'continue',
    kind: 'webhook',
    url: DEMO_WEBHOOK_URL,
    'secret property': DEMO_WEBHOOK_SECRET_PROPERTY,
    'timeout policy': 'retry',
  };
  const row = sheet.getRow(sheet.actualRowCount + 1);
  for (const [header, value] of Object.entries(values)) row.getCell(columns.get(header)!).value = value;
  file.markDirty();
  await file.save();
  return true;
}

/** Ticks the Enabled cell of every Google Workspace task row (task ids google_…); returns how many changed. */
export async function tickGoogleTasks(file: WorkbookFile): Promise<number> {
  await file.refresh();
  const sheet = file.workbook.getWorksheet('Tasks');
  if (!sheet) return 0;
  const columns = headerColumns(sheet);
  const task = columns.get('task');
  const enabled = columns.get('enabled');
  if (task === undefined || enabled === undefined) return 0;
  let changed = 0;
  sheet.eachRow((row, n) => {
    if (n === 1 || !String(row.getCell(task).text).startsWith('google_')) return;
    if (row.getCell(enabled).value === true) return;
    row.getCell(enabled).value = true;
    changed++;
  });
  if (changed > 0) {
    file.markDirty();
    await file.save();
  }
  return changed;
}

/**
 * Writes the demo properties into the config file, keeping any other property already there (the
 * signing secret setup() made on an earlier start, so old buttons still verify).
 */
export function writeDemoProperties(
  configPath: string,
  auth: DemoOktaAuth = 'ssws',
  key?: DemoOAuthKey,
): void {
  let existing: Record<string, unknown> = {};
  if (fs.existsSync(configPath)) {
    try {
      existing = JSON.parse(fs.readFileSync(configPath, 'utf8')) as Record<string, unknown>;
    } catch {
      // A broken demo config is rewritten: it only ever held demo values.
    }
  }
  const next = {
    _comment: 'Demo mode: Script Properties pointing at the fake Slack and the fake Okta. Not real secrets.',
    ...existing,
    ...demoProperties(auth, key),
  };
  writeFileAtomic(configPath, JSON.stringify(next, null, 2) + '\n');
}

/** Header text → what a demo person's row holds there. */
const ROW_VALUES: Record<string, (p: DemoSlackUser) => string | boolean> = {
  'slack user id': (p) => p.id,
  email: (p) => p.email,
  name: (p) => p.name,
  role: (p) => p.role ?? '',
  active: (p) => p.active,
};

/**
 * Adds the listed demo people to Approved Users if the tab has no one yet; returns how many rows it
 * added (0 when someone already filled the tab: their Sheet, their choice).
 */
export async function seedApprovedUsers(
  file: WorkbookFile,
  people: readonly DemoSlackUser[] = DEMO_PEOPLE,
): Promise<number> {
  await file.refresh();
  const sheet = file.workbook.getWorksheet(APPROVED_USERS_TAB);
  if (!sheet) throw new Error(`the workbook has no "${APPROVED_USERS_TAB}" tab: did setup() run?`);
  const columns = headerColumns(sheet);
  const missing = Object.keys(ROW_VALUES).filter((h) => !columns.has(h));
  if (missing.length > 0) throw new Error(`"${APPROVED_USERS_TAB}" lacks the columns: ${missing.join(', ')}`);
  if (hasRowsBelowHeader(sheet)) return 0;
  const listed = people.filter((p) => p.role !== null);
  listed.forEach((person, i) => {
    const row = sheet.getRow(2 + i);
    for (const [header, value] of Object.entries(ROW_VALUES))
      row.getCell(columns.get(header)!).value = value(person);
  });
  file.markDirty();
  await file.save();
  return listed.length;
}

/**
 * Sets one row of the Settings tab, as a person would type it (the demo's fresh workbook: a grace period
 * and a pause reminder of minutes, so Undo, Continue now and reminders show in demo time). Returns
 * whether the row was found and set.
 */
export async function seedSetting(file: WorkbookFile, setting: string, value: number): Promise<boolean> {
  await file.refresh();
  const sheet = file.workbook.getWorksheet('Settings');
  if (!sheet) return false;
  const columns = headerColumns(sheet);
  const settingColumn = columns.get('setting');
  const valueColumn = columns.get('value');
  if (settingColumn === undefined || valueColumn === undefined) return false;
  for (let r = 2; r <= sheet.rowCount; r++) {
    const row = sheet.getRow(r);
    if (
      String(row.getCell(settingColumn).text ?? '')
        .trim()
        .toLowerCase() !== setting.toLowerCase()
    )
      continue;
    row.getCell(valueColumn).value = value;
    file.markDirty();
    await file.save();
    return true;
  }
  return false;
}

/** Lower-cased header text of row 1 → its column number. */
function headerColumns(sheet: ExcelJS.Worksheet): Map<string, number> {
  const columns = new Map<string, number>();
  sheet.getRow(1).eachCell((cell, column) => {
    const text = String(cell.text ?? '')
      .trim()
      .toLowerCase();
    if (text !== '') columns.set(text, column);
  });
  return columns;
}

function hasRowsBelowHeader(sheet: ExcelJS.Worksheet): boolean {
  for (let r = 2; r <= sheet.rowCount; r++) {
    let filled = false;
    sheet.getRow(r).eachCell((cell) => {
      if (String(cell.text ?? '').trim() !== '') filled = true;
    });
    if (filled) return true;
  }
  return false;
}
