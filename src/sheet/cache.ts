// Header maps of the tabs, cached: one read of row 1, then CacheService (src/cache.ts) until the Sheet
// is edited.

import { readCache, writeCache, type CachedName } from '../cache';
import type { Cache } from '../ports';
import type { HeaderMap, Table } from './table';

function isHeaderMap(value: unknown): value is HeaderMap {
  const h = value as Partial<HeaderMap> | null;
  return (
    typeof h === 'object' &&
    h !== null &&
    typeof h.columns === 'object' &&
    h.columns !== null &&
    Array.isArray(h.missing) &&
    h.missing.length === 0
  );
}

/**
 * A tab's header map from the cache, else row 1 (one read), then cached. A stale map would write into the
 * wrong columns, so every path that can move a column forgets it (onEdit, onChange, setup).
 */
export function cachedHeader(
  table: Table,
  cache: Cache | undefined,
  name: Extract<CachedName, `${string}Header`>,
): HeaderMap {
  const cached = cache ? readCache(cache, name, isHeaderMap) : null;
  if (cached) return cached;
  const header = table.readHeader();
  if (cache) writeCache(cache, name, header);
  return header;
}
