// The demo's seeded world: demo Script Properties keep the signing secret, Approved Users is filled once
// and never over someone's own rows, and tabs read back as the Sheet shows them.

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { DEMO_PEOPLE } from '../../runtime/demo/people';
import { cellText, readTab } from '../../runtime/demo/workbookView';
import { APPROVED_USERS_TAB, seedApprovedUsers, writeDemoProperties } from '../../runtime/demo/world';
import { WorkbookFile } from '../../runtime/workbook';

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
