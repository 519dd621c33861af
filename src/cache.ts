// Every CacheService entry Offboard keeps: one key registry, one TTL table, one guarded read and write
// (as apps-script-oauth2's Storage_). CacheService may forget anything at any time (PLATFORM.md), so
// nothing cached here is the only copy.

import type { Cache } from './ports';

/** CacheService refuses a TTL over six hours and a value over 100 KB. */
export const MAX_TTL_SECONDS = 21_600;
const MAX_VALUE_CHARS = 100_000;

interface CacheEntry {
  /** The key, or the key's prefix when the entry is per id (a Slack user, a run). Versioned. */
  key: string;
  ttlSeconds: number;
  /** Derived from the Sheet: forgotten after every hand edit (onEdit, onChange) and by setup. */
  fromSheet: boolean;
}

export const CACHED = {
  /**
   * The Approved Users list. Five minutes, not six hours: an edit through the Sheets API or another
   * script fires no onEdit, and a person unticked there must lose access within minutes (issue 9).
   */
  approvedUsers: { key: 'offboard.sheet.approvedUsers.v1', ttlSeconds: 5 * 60, fromSheet: true },
  /** The enabled tasks in run order, from the Tasks tab. */
  tasksPlan: { key: 'offboard.sheet.tasksPlan.v1', ttlSeconds: MAX_TTL_SECONDS, fromSheet: true },
  /** The Settings tab as read (settings and the problems found): src/sheet/settings.ts. */
  settings: { key: 'offboard.sheet.settings.v1', ttlSeconds: MAX_TTL_SECONDS, fromSheet: true },
  /** Where each tab's columns are: a stale map would write into the wrong columns, hence fromSheet. */
  auditHeader: { key: 'offboard.sheet.auditHeader.v1', ttlSeconds: MAX_TTL_SECONDS, fromSheet: true },
  offboardingHeader: {
    key: 'offboard.sheet.offboardingHeader.v1',
    ttlSeconds: MAX_TTL_SECONDS,
    fromSheet: true,
  },
  runDetailsHeader: {
    key: 'offboard.sheet.runDetailsHeader.v1',
    ttlSeconds: MAX_TTL_SECONDS,
    fromSheet: true,
  },
  /** The Okta user an SSWS token acts as ({id, login}): protected from offboarding. */
  oktaSelf: { key: 'offboard.okta.self.v1', ttlSeconds: MAX_TTL_SECONDS, fromSheet: false },
  /**
   * What Okta's rate-limit headers last said about each window (src/okta/client.ts RateMemory): a worker
   * turn starts where the last one left off instead of blind. Ten minutes: Okta's windows are a minute.
   */
  oktaWindows: { key: 'offboard.okta.windows.v1', ttlSeconds: 10 * 60, fromSheet: false },
  /** A Slack user's email from users.info ('' when Slack has none), per Slack user id. */
  slackEmail: { key: 'offboard.slackEmail.v1:', ttlSeconds: MAX_TTL_SECONDS, fromSheet: false },
} as const satisfies Record<string, CacheEntry>;

export type CachedName = keyof typeof CACHED;

export function cacheKey(name: CachedName, id = ''): string {
  return `${CACHED[name].key}${id}`;
}

/** The cached value, parsed and checked: null when absent, unreadable or of another shape. */
export function readCache<T>(
  cache: Cache,
  name: CachedName,
  isValid: (value: unknown) => value is T,
  id = '',
): T | null {
  const raw = cache.get(cacheKey(name, id));
  if (raw === null) return null;
  try {
    const value: unknown = JSON.parse(raw);
    return isValid(value) ? value : null;
  } catch {
    return null;
  }
}

/** Caches `value` as JSON. A refusal (too big, CacheService trouble) is an early forget, never an error. */
export function writeCache(cache: Cache, name: CachedName, value: unknown, id = ''): void {
  const json = JSON.stringify(value);
  if (json === undefined || json.length > MAX_VALUE_CHARS) return;
  try {
    cache.put(cacheKey(name, id), json, CACHED[name].ttlSeconds);
  } catch {
    // The cache is an optimisation.
  }
}

/** Forgets everything derived from the Sheet; onEdit, onChange and setup call it. */
export function forgetSheetCaches(cache: Cache): void {
  for (const entry of Object.values(CACHED)) if (entry.fromSheet) cache.remove(entry.key);
}
