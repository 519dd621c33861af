// The CacheService keys of Sheet-derived values, and the one way to forget them all after a hand edit.

import type { Cache } from '../ports';
import type { HeaderMap, Table } from './table';

/** The Approved Users list as JSON. Versioned so a new shape never reads an old one. */
export const APPROVED_USERS_CACHE_KEY = 'offboard.sheet.approvedUsers.v1';

/** Six hours, CacheService's maximum; onEdit/onChange/setup clear it sooner. */
export const SHEET_CACHE_TTL_SECONDS = 21600;

/** Where the Audit Log's columns are (see auditLog.ts for why caching it is safe). */
export const AUDIT_HEADER_CACHE_KEY = 'offboard.sheet.auditHeader.v1';

/** Where the Offboarding tab's columns are (same rules as the Audit Log's). */
export const OFFBOARDING_HEADER_CACHE_KEY = 'offboard.sheet.offboardingHeader.v1';

/** Where the Run Details tab's columns are. */
export const RUN_DETAILS_HEADER_CACHE_KEY = 'offboard.sheet.runDetailsHeader.v1';

/** Every cached value derived from the Sheet (the Tasks plan is cleared beside it, in src/admin.ts). */
export const SHEET_CACHE_KEYS: readonly string[] = [
  APPROVED_USERS_CACHE_KEY,
  AUDIT_HEADER_CACHE_KEY,
  OFFBOARDING_HEADER_CACHE_KEY,
  RUN_DETAILS_HEADER_CACHE_KEY,
];

/** Forgets every cached Sheet-derived value; call it from onEdit, onChange and setup. */
export function invalidateSheetCache(cache: Cache): void {
  for (const key of SHEET_CACHE_KEYS) cache.remove(key);
}

/**
 * A tab's header map from the cache, else row 1 (one read), then cached. A stale map would write into the
 * wrong columns, so every path that can move a column clears these keys (onEdit, onChange, setup).
 */
export function cachedHeader(table: Table, cache: Cache | undefined, key: string): HeaderMap {
  const cached = cache?.get(key);
  if (cached) {
    try {
      const parsed = JSON.parse(cached) as Partial<HeaderMap>;
      if (parsed && typeof parsed.columns === 'object' && parsed.columns !== null && !parsed.missing?.length)
        return parsed as HeaderMap;
    } catch {
      // Unreadable: read row 1 again below.
    }
  }
  const header = table.readHeader();
  try {
    cache?.put(key, JSON.stringify(header), SHEET_CACHE_TTL_SECONDS);
  } catch {
    // The cache is an optimisation; a write must not be lost because CacheService refused a value.
  }
  return header;
}
