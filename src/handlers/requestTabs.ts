// Approved Users, Tasks and Settings as a Slack request reads them. From the cache first: one getAll
// for the three and the Okta token's identity (the execution's cache view answers later reads of those
// keys from memory). On a miss, every missing tab in one Sheets API batchGet (the advanced service,
// when it is enabled) and one putAll; without the advanced service, each tab when it is asked for (one
// table read, one put), as before.

import { CACHED, cacheKey, readCache } from '../cache';
import type { CellValue, Services } from '../ports';
import { isPlan, loadPlan, planFrom } from '../run/plan';
import type { PlannedTask } from '../run/types';
import { loadApprovedUsers, parseApprovedUsers, type ApprovedUser } from '../sheet/approvedUsers';
import {
  isSettingsReading,
  parseSettings,
  readSettings,
  SETTINGS_TAB,
  type SettingsReading,
} from '../sheet/settings';
import { snapshotOf } from '../sheet/table';
import { APPROVED_USERS_SPEC, TASKS_SPEC } from '../sheet/tabs';

export interface RequestTabs {
  approvedUsers(): ApprovedUser[];
  plan(): PlannedTask[];
  settings(): SettingsReading;
}

type Name = 'approvedUsers' | 'tasksPlan' | 'settings';
const NAMES: Name[] = ['approvedUsers', 'tasksPlan', 'settings'];
const TAB: Record<Name, string> = {
  approvedUsers: APPROVED_USERS_SPEC.name,
  tasksPlan: TASKS_SPEC.name,
  settings: SETTINGS_TAB,
};
const VALID: Record<Name, (v: unknown) => boolean> = {
  approvedUsers: (v) => Array.isArray(v),
  tasksPlan: isPlan,
  settings: isSettingsReading,
};

/** What a batch read gave for one tab: its value, or the error asking for it throws. */
type Outcome = { ok: true; value: unknown } | { ok: false; error: unknown };

export function requestTabs(services: Services): RequestTabs {
  let prefetched = false;
  let batch: Map<Name, Outcome> | null | undefined;
  const prefetch = (): void => {
    if (prefetched) return;
    prefetched = true;
    services.cache.getAll([...NAMES.map((n) => cacheKey(n)), cacheKey('oktaSelf')]);
  };
  const cached = (name: Name): unknown =>
    readCache(services.cache, name, (v): v is unknown => VALID[name](v));

  /** Every missing tab in one readTabs, parsed and cached with one putAll; null without the Sheets API. */
  function readMissing(): Map<Name, Outcome> | null {
    const missing = NAMES.filter((n) => cached(n) === null);
    if (missing.length === 0) return new Map();
    const spreadsheet = services.spreadsheet();
    const grids = spreadsheet.readTabs(missing.map((n) => TAB[n]));
    if (!grids) return null;
    const outcomes = new Map<Name, Outcome>();
    const toCache: Record<string, string> = {};
    missing.forEach((name, i) => {
      try {
        const value = parse(name, grids[i] ?? [], () => spreadsheet.getSpreadsheetTimeZone());
        outcomes.set(name, { ok: true, value });
        toCache[cacheKey(name)] = JSON.stringify(value);
      } catch (error) {
        outcomes.set(name, { ok: false, error });
      }
    });
    // Read together, kept together: the shortest time to live of the three (Approved Users' five
    // minutes), so they expire together and the next miss is again one read.
    const ttl = Math.min(...missing.map((n) => CACHED[n].ttlSeconds));
    if (Object.keys(toCache).length > 0) services.cache.putAll(toCache, ttl);
    return outcomes;
  }

  function get<T>(name: Name, oneByOne: () => T): T {
    prefetch();
    const hit = cached(name);
    if (hit !== null) return hit as T;
    if (batch === undefined) batch = readMissing(); // null (no Sheets API) is an answer too: asked once
    const outcome = batch?.get(name);
    if (!outcome) return oneByOne();
    if (!outcome.ok) throw outcome.error;
    return outcome.value as T;
  }

  const open = () => services.spreadsheet();
  return {
    approvedUsers: () => get('approvedUsers', () => loadApprovedUsers(open, services.cache)),
    plan: () => get('tasksPlan', () => loadPlan(open, services.cache)),
    settings: () => get('settings', () => readSettings(open, services.cache)),
  };
}

function parse(name: Name, grid: CellValue[][], timeZone: () => string): unknown {
  switch (name) {
    case 'approvedUsers':
      return parseApprovedUsers(snapshotOf(APPROVED_USERS_SPEC, grid)).users;
    case 'tasksPlan':
      return planFrom(snapshotOf(TASKS_SPEC, grid));
    case 'settings':
      return parseSettings(grid, timeZone);
  }
}
