// The demo's seeded world: demo Script Properties keep the signing secret, Approved Users is filled once
// and never over someone's own rows, Settings rows are set to demo-time values, and tabs read back as the
// Sheet shows them.

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { firstSteps } from '../../runtime/demo/firstSteps';
import { DEMO_PEOPLE } from '../../runtime/demo/people';
import { cellText, readTab } from '../../runtime/demo/workbookView';
import {
  APPROVED_USERS_TAB,
  seedApprovedUsers,
  seedSetting,
  writeDemoProperties,
} from '../../runtime/demo/world';
import { WorkbookFile } from '../../runtime/workbook';
import { SETTING_ROWS } from '../../src/sheet/settings';

const HEADERS = ['Slack User ID', 'Email', 'Name', 'Role', 'Active'];

function tempDir(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'offboard-demo-world-'));
}

/** A workbook with an Approved Users tab holding `rows` under the headers setup() writes. */
async function workbookWith(rows: (string | boolean)[][] = []): Promise<WorkbookFile> {
  const file = path.join(tempDir(), 'book.xlsx');
  const book = new ExcelJS.Workbook();
  const sheet = book.addWorksheet(APPROVED_USERS_TAB);
  sheet.addRow(HEADERS);
  for (const row of rows) sheet.addRow(row);
  await book.xlsx.writeFile(file);
  return new WorkbookFile(file);
}

describe('writeDemoProperties', () => {
  test('points the bundle at the demo channel and the fake Okta', () => {
    const config = path.join(tempDir(), 'config.json');
    writeDemoProperties(config);
    const written = JSON.parse(fs.readFileSync(config, 'utf8')) as Record<string, string>;
    expect([written['SLACK_REPORT_CHANNEL'], written['OKTA_ORG_URL']]).toEqual([
      'C0OFFBOARD',
      'https://fake.okta.example',
    ]);
  });

  test('keeps the button signing secret setup() made on an earlier start', () => {
    const config = path.join(tempDir(), 'config.json');
    fs.writeFileSync(
      config,
      JSON.stringify({ BUTTON_SIGNING_SECRET: 'kept-secret', SLACK_BOT_TOKEN: 'xoxb-old' }),
    );
    writeDemoProperties(config);
    const written = JSON.parse(fs.readFileSync(config, 'utf8')) as Record<string, string>;
    expect([written['BUTTON_SIGNING_SECRET'], written['SLACK_BOT_TOKEN']]).toEqual([
      'kept-secret',
      'xoxb-demo-offboard-bot',
    ]);
  });
});

describe('seedApprovedUsers', () => {
  test('adds every listed demo person to an empty tab, unlisted people left out', async () => {
    const file = await workbookWith();
    const added = await seedApprovedUsers(file);
    const listed = DEMO_PEOPLE.filter((p) => p.role !== null);
    expect(added).toBe(listed.length);
    const tab = readTab(file, APPROVED_USERS_TAB)!;
    expect(tab.rows.map((r) => [r[0], r[3], r[4]])).toEqual(
      listed.map((p) => [p.id, p.role, p.active ? 'TRUE' : 'FALSE']),
    );
  });

  test('saves the rows to the file, so the bundle reads them', async () => {
    const file = await workbookWith();
    await seedApprovedUsers(file);
    const fromDisk = new WorkbookFile(file.path);
    await fromDisk.refresh();
    expect(readTab(fromDisk, APPROVED_USERS_TAB)!.total).toBe(
      DEMO_PEOPLE.filter((p) => p.role !== null).length,
    );
  });

  test('leaves a tab that already has people alone', async () => {
    const file = await workbookWith([['U0SOMEONE', 'someone@corp.com', 'Someone', 'admin', true]]);
    expect(await seedApprovedUsers(file)).toBe(0);
    expect(readTab(file, APPROVED_USERS_TAB)!.rows.map((r) => r[0])).toEqual(['U0SOMEONE']);
  });

  test('says which columns are missing when the headers are not the expected ones', async () => {
    const file = path.join(tempDir(), 'book.xlsx');
    const book = new ExcelJS.Workbook();
    book.addWorksheet(APPROVED_USERS_TAB).addRow(['Slack User ID', 'Name']);
    await book.xlsx.writeFile(file);
    await expect(seedApprovedUsers(new WorkbookFile(file))).rejects.toThrow('email, role, active');
  });
});

/** A workbook with the Settings tab as setup() writes it: every row, Grace Period Hours 0, Pause Reminder Hours 4. */
async function workbookWithSettings(): Promise<WorkbookFile> {
  const file = path.join(tempDir(), 'book.xlsx');
  const book = new ExcelJS.Workbook();
  const sheet = book.addWorksheet('Settings');
  sheet.addRow(['Setting', 'Value', 'Description']);
  const defaults: Record<string, string | number | boolean> = {
    'Two-Person Rule': false,
    'Protected Okta Groups': '',
    'Grace Period Hours': 0,
    'Pause Reminder Hours': 4,
    'Time Zone': 'Europe/Paris',
  };
  for (const row of SETTING_ROWS) sheet.addRow([row.label, defaults[row.label] ?? '', row.description]);
  await book.xlsx.writeFile(file);
  return new WorkbookFile(file);
}

/** The Value column of the Settings tab, by setting, as saved on disk. */
async function settingsOnDisk(file: WorkbookFile): Promise<Record<string, string>> {
  const fromDisk = new WorkbookFile(file.path);
  await fromDisk.refresh();
  return Object.fromEntries(readTab(fromDisk, 'Settings')!.rows.map((r) => [r[0], r[1]]));
}

describe('seedSetting', () => {
  test('writes Pause Reminder Hours to the file, so the bundle reads it', async () => {
    const file = await workbookWithSettings();
    expect(await seedSetting(file, 'Pause Reminder Hours', 0.05)).toBe(true);
    expect((await settingsOnDisk(file))['Pause Reminder Hours']).toBe('0.05');
  });

  test('leaves the other settings as they were', async () => {
    const file = await workbookWithSettings();
    await seedSetting(file, 'Pause Reminder Hours', 0.05);
    expect((await settingsOnDisk(file))['Grace Period Hours']).toBe('0');
  });

  test('answers false and writes nothing when the workbook has no Settings tab', async () => {
    const file = await workbookWith();
    expect(await seedSetting(file, 'Pause Reminder Hours', 0.05)).toBe(false);
  });
});

describe('firstSteps', () => {
  test('says how often a paused run is raised when the demo seeded Pause Reminder Hours', () => {
    expect(firstSteps(null, { pauseReminderHours: 0.05 }).join('\n')).toContain(
      'reminded every 3 minutes (the Settings tab’s Pause Reminder Hours is 0.05)',
    );
  });

  test('says nothing of pause reminders when the workbook kept its own value', () => {
    expect(firstSteps(null, { pauseReminderHours: null }).join('\n')).not.toContain('reminded every');
  });
});

describe('cellText', () => {
  test('shows a date as ISO text', () => {
    expect(cellText(new Date(Date.UTC(2026, 10, 29, 14, 0, 0)))).toBe('2026-11-29T14:00:00.000Z');
  });

  test('shows a formula by its cached result', () => {
    expect(cellText({ formula: 'A1+1', result: 3 } as ExcelJS.CellFormulaValue)).toBe('3');
  });

  test('joins rich text runs', () => {
    expect(cellText({ richText: [{ text: 'Sus' }, { text: 'pended' }] })).toBe('Suspended');
  });
});
