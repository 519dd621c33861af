// CacheService.getScriptCache() in memory, with Apps Script's TTL rules and size limits and an
// injectable clock so tests can expire entries without waiting.

import type { RealmRef } from './realm';
import { missingService, strict } from './strict';

export const DEFAULT_TTL_SECONDS = 600;
export const MAX_TTL_SECONDS = 21600;
const MAX_KEY_CHARS = 250;
const MAX_VALUE_BYTES = 100 * 1024;

export type Now = () => number;

/** The cache's contents, shared by every execution (the Apps Script script cache is per script). */
export class CacheStore {
  private readonly entries = new Map<string, { value: string; expiresAt: number }>();
  readonly now: Now;

  constructor(now: Now = Date.now) {
    this.now = now;
  }

  get(key: string): string | null {
    const entry = this.entries.get(key);
    if (!entry) return null;
    if (entry.expiresAt <= this.now()) {
      this.entries.delete(key);
      return null;
    }
    return entry.value;
  }

  put(key: string, value: string, ttlSeconds: number): void {
    this.entries.set(key, { value, expiresAt: this.now() + ttlSeconds * 1000 });
  }

  remove(key: string): void {
    this.entries.delete(key);
  }

  clear(): void {
    this.entries.clear();
  }
}

export function createCacheService(store: CacheStore, realm: RealmRef): object {
  const fail = (message: string): never => {
    throw realm.error(message);
  };
  const makeError = (m: string) => realm.error(m);

  const checkKey = (key: unknown): string => {
    const k = String(key);
    if (k.length > MAX_KEY_CHARS) fail('Argument too large: key');
    return k;
  };
  const checkedPut = (key: unknown, value: unknown, seconds: unknown): void => {
    const k = checkKey(key);
    const v = String(value);
    if (Buffer.byteLength(v) > MAX_VALUE_BYTES) fail('Argument too large: value');
    const ttl = seconds === undefined ? DEFAULT_TTL_SECONDS : Number(seconds);
    if (!Number.isFinite(ttl) || ttl < 1) fail('Invalid argument: expirationInSeconds');
    if (ttl > MAX_TTL_SECONDS) fail('Argument too large: expirationInSeconds');
    store.put(k, v, ttl);
  };

  const cache = strict(
    'Cache',
    {
      get: (key: string) => store.get(checkKey(key)),
      getAll: (keys: string[]) => {
        const out: Record<string, string> = {};
        for (const key of Array.from(keys)) {
          const value = store.get(checkKey(key));
          if (value !== null) out[key] = value;
        }
        return realm.object(out);
      },
      put: (key: string, value: string, seconds?: number) => checkedPut(key, value, seconds),
      putAll: (values: Record<string, string>, seconds?: number) => {
        for (const [key, value] of Object.entries(values)) checkedPut(key, value, seconds);
      },
      remove: (key: string) => store.remove(checkKey(key)),
      removeAll: (keys: string[]) => {
        for (const key of Array.from(keys)) store.remove(checkKey(key));
      },
    },
    makeError,
  );

  return strict(
    'CacheService',
    {
      getScriptCache: () => cache,
      getUserCache: () => missingService('CacheService.getUserCache()', makeError),
      getDocumentCache: () => missingService('CacheService.getDocumentCache()', makeError),
    },
    makeError,
  );
}
