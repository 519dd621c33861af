// The Apps Script globals for one execution, over state shared by all executions (workbook, properties,
// cache, lock, triggers). A fresh object per execution, like Apps Script's fresh globals.

import { realmAdminDirectory } from './adminDirectory';
import { createCacheService, type CacheStore } from './cache';
import { createLockService, type ScriptLockCell } from './lock';
import type { RuntimeLog } from './log';
import { createPropertiesService, type PropertyFile } from './properties';
import type { RealmRef } from './realm';
import { createSpreadsheetApp, type UiRecord } from './spreadsheet';
import { missingService } from './strict';
import { createScriptApp, type TriggerStore } from './triggers';
import { createUrlFetchApp, type FetchRoutes } from './urlFetch';
import { createContentService, createLogging, createSession, createUtilities } from './utilities';
import type { WorkbookFile } from './workbook';

/** Apps Script services Offboard never uses: touching one throws, naming it. */
export const NOT_EMULATED_SERVICES = [
  'HtmlService',
  'DriveApp',
  'GmailApp',
  'MailApp',
  'DocumentApp',
  'FormApp',
  'CalendarApp',
  'SlidesApp',
  'GroupsApp',
  'ContactsApp',
  'LanguageApp',
  'Maps',
  'Browser',
  'XmlService',
  'Charts',
  'CardService',
  'DataStudioApp',
  'Jdbc',
  'BigQuery',
  'ScriptProperties',
  'UserProperties',
  'DocumentProperties',
];

/** State that outlives an execution. */
export interface SharedState {
  workbook: WorkbookFile;
  properties: PropertyFile;
  cache: CacheStore;
  lock: ScriptLockCell;
  triggers: TriggerStore;
  ui: UiRecord;
  log: RuntimeLog;
  routes: FetchRoutes;
  timeZone: string;
  userEmail: string;
  serviceUrl: () => string;
  sleep?: (ms: number) => void;
  /** A SpreadsheetApp other than the workbook's, built per execution (tests that count cell reads). */
  spreadsheetApp?: () => object;
  /**
   * The Admin SDK Directory advanced service's stand-in (the fake Google directory). Absent: the
   * `AdminDirectory` global is not defined, as in a project without the advanced service.
   */
  adminDirectory?: object;
}

export interface ExecutionContext {
  executionId: number;
  realm: RealmRef;
  /** onOpen and menu items run with the Sheet's UI; web app and trigger executions do not. */
  uiAvailable: boolean;
}

export function createGlobals(shared: SharedState, execution: ExecutionContext): Record<string, unknown> {
  const { realm } = execution;
  const makeError = (m: string) => realm.error(m);
  const { Logger, console } = createLogging(shared.log, realm);
  const globals: Record<string, unknown> = {
    SpreadsheetApp:
      shared.spreadsheetApp?.() ??
      createSpreadsheetApp(shared.workbook, realm, shared.log, {
        ui: shared.ui,
        uiAvailable: execution.uiAvailable,
        timeZone: shared.timeZone,
      }),
    PropertiesService: createPropertiesService(shared.properties, realm),
    CacheService: createCacheService(shared.cache, realm),
    LockService: createLockService(shared.lock, execution.executionId, realm),
    ScriptApp: createScriptApp(shared.triggers, realm, { serviceUrl: shared.serviceUrl }),
    UrlFetchApp: createUrlFetchApp(shared.routes, realm, shared.log),
    ContentService: createContentService(realm),
    Utilities: createUtilities(realm, {
      timeZone: shared.timeZone,
      ...(shared.sleep ? { sleep: shared.sleep } : {}),
    }),
    Session: createSession(realm, { timeZone: shared.timeZone, userEmail: shared.userEmail }),
    Logger,
    console,
  };
  if (shared.adminDirectory) globals['AdminDirectory'] = realmAdminDirectory(shared.adminDirectory, realm);
  for (const name of NOT_EMULATED_SERVICES) globals[name] = missingService(name, makeError);
  return globals;
}
