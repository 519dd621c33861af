// The Apps Script world behind the ports: the only folder that touches Apps Script globals.

import { PROPERTY } from '../config';
import type { Services, SpreadsheetLike } from '../ports';
import { appsScriptCrypto } from './crypto';
import { appsScriptGoogle } from './google';
import { appsScriptHttp } from './http';
import {
  appsScriptAccount,
  appsScriptCache,
  appsScriptClock,
  appsScriptLock,
  appsScriptProperties,
  consoleLog,
} from './script-services';
import { appsScriptFormatting, openRealSpreadsheet, spreadsheetLike } from './spreadsheet';
import { appsScriptTriggers } from './triggers';

export { addOffboardingMenu, jsonOutput, showAlert } from './ui';

/** Builds a value on first use and keeps it. */
function once<T>(make: () => T): () => T {
  let made: { value: T } | undefined;
  return () => {
    if (made === undefined) made = { value: make() };
    return made.value;
  };
}

/**
 * A fresh Services bag. Each service is built on first use only, so a request that never touches the
 * Sheet never opens it.
 */
export function createAppsScriptServices(): Services {
  const log = once(consoleLog);
  const properties = once(appsScriptProperties);
  const realSpreadsheet = once(() => openRealSpreadsheet(properties().get(PROPERTY.spreadsheetId)));
  let opened = false;
  const spreadsheet = once((): SpreadsheetLike => {
    opened = true;
    return spreadsheetLike(realSpreadsheet());
  });
  const formatting = once(appsScriptFormatting);
  const http = once(appsScriptHttp);
  const cache = once(() => appsScriptCache(log()));
  const lock = once(appsScriptLock);
  const clock = once(appsScriptClock);
  const triggers = once(() => appsScriptTriggers(realSpreadsheet));
  const crypto = once(appsScriptCrypto);
  const account = once(appsScriptAccount);
  const google = once(() => appsScriptGoogle(http()));
  return {
    spreadsheet,
    spreadsheetIfOpen: () => (opened ? spreadsheet() : null),
    get formatting() {
      return formatting();
    },
    get http() {
      return http();
    },
    get properties() {
      return properties();
    },
    get cache() {
      return cache();
    },
    get lock() {
      return lock();
    },
    get clock() {
      return clock();
    },
    get triggers() {
      return triggers();
    },
    get crypto() {
      return crypto();
    },
    get account() {
      return account();
    },
    get log() {
      return log();
    },
    get google() {
      return google();
    },
  };
}

let current: Services | undefined;

/**
 * The Services for this execution. Apps Script starts every execution with fresh globals, so keeping
 * the bag in a module variable builds each service once per execution.
 */
export function appsScriptServices(): Services {
  current ??= createAppsScriptServices();
  return current;
}
