// The CacheService keys of Sheet-derived values, and the one way to forget them all after a hand edit.

import type { Cache } from '../ports';

/** The Approved Users list as JSON. Versioned so a new shape never reads an old one. */
export const APPROVED_USERS_CACHE_KEY = 'offboard.sheet.approvedUsers.v1';

/** Six hours, CacheService's maximum; onEdit/onChange/setup clear it sooner. */
export const SHEET_CACHE_TTL_SECONDS = 21600;

/** Every cached value derived from the Sheet. Header maps are not cached (see auditLog.ts). */
export const SHEET_CACHE_KEYS: readonly string[] = [APPROVED_USERS_CACHE_KEY];

/** Forgets every cached Sheet-derived value; call it from onEdit, onChange and setup. */
export function invalidateSheetCache(cache: Cache): void {
  for (const key of SHEET_CACHE_KEYS) cache.remove(key);
}
