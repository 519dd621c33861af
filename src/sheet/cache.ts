// The CacheService keys of Sheet-derived values, and the one way to forget them all after a hand edit.

import type { Cache } from '../ports';

/** The Approved Users list as JSON. Versioned so a new shape never reads an old one. */
export const APPROVED_USERS_CACHE_KEY = 'offboard.sheet.approvedUsers.v1';

/** Six hours, CacheService's maximum; onEdit/onChange/setup clear it sooner. */
export const SHEET_CACHE_TTL_SECONDS = 21600;

/** Where the Audit Log's columns are (see auditLog.ts for why caching it is safe). */
export const AUDIT_HEADER_CACHE_KEY = 'offboard.sheet.auditHeader.v1';

/** Every cached value derived from the Sheet (the Tasks plan is cleared beside it, in src/admin.ts). */
export const SHEET_CACHE_KEYS: readonly string[] = [APPROVED_USERS_CACHE_KEY, AUDIT_HEADER_CACHE_KEY];

/** Forgets every cached Sheet-derived value; call it from onEdit, onChange and setup. */
export function invalidateSheetCache(cache: Cache): void {
  for (const key of SHEET_CACHE_KEYS) cache.remove(key);
}
