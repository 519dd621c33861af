// Shared fixtures for the runtime tests: temp folders, a workbook-backed SpreadsheetApp, Slack form posts.

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { RuntimeLog } from '../../runtime/log';
import { RealmRef } from '../../runtime/realm';
import { createSpreadsheetApp, newUiRecord, type SpreadsheetAppOptions } from '../../runtime/spreadsheet';
import { WorkbookFile } from '../../runtime/workbook';

export function tempDir(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'offboard-runtime-'));
}

/** Loose handles on emulated Apps Script objects: the tests call them as the bundle would. */
/* eslint-disable @typescript-eslint/no-explicit-any -- emulated services are untyped objects by design */
export type Loose = any;

export interface SheetFixture {
  file: WorkbookFile;
  app: Loose;
  log: RuntimeLog;
  path: string;
}

export function sheetFixture(
  options: SpreadsheetAppOptions = {},
  workbookPath = path.join(tempDir(), 'book.xlsx'),
): SheetFixture {
  const file = new WorkbookFile(workbookPath);
  const log = new RuntimeLog();
  const app = createSpreadsheetApp(file, new RealmRef(), log, { ui: newUiRecord(), ...options });
  return { file, app, log, path: workbookPath };
}

/** A slash command body as Slack sends it (fields from Slack's documented slash command payload). */
export function slashCommandForm(overrides: Record<string, string> = {}): string {
  return new URLSearchParams({
    token: 'local-verification-token',
    team_id: 'T0LOCAL',
    team_domain: 'corp',
    channel_id: 'C0LOCAL',
    channel_name: 'it-ops',
    user_id: 'U0APPROVER',
    user_name: 'alex',
    command: '/offboard',
    text: 'jane@corp.com',
    api_app_id: 'A0LOCAL',
    is_enterprise_install: 'false',
    response_url: 'https://hooks.slack.com/commands/T0LOCAL/1/abc',
    trigger_id: '1.2.3',
    ...overrides,
  }).toString();
}
