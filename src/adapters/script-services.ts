// Script Properties, the script cache, the script lock, the clock and the log over their Apps Script services.

import type { Cache, Clock, Log, PropertyStore, ScriptAccount, ScriptLock } from '../ports';

export function appsScriptProperties(): PropertyStore {
  const store = PropertiesService.getScriptProperties();
  return {
    get: (key) => store.getProperty(key),
    set: (key, value) => void store.setProperty(key, value),
    setMany: (values) => void store.setProperties(values),
    delete: (key) => void store.deleteProperty(key),
    // One call: every property in one round trip.
    all: () => store.getProperties(),
  };
}

/** CacheService refuses a TTL over six hours. */
export const MAX_CACHE_SECONDS = 21600;

export function appsScriptCache(log: Log): Cache {
  const cache = CacheService.getScriptCache();
  return {
    get: (key) => cache.get(key),
    getAll: (keys) => cache.getAll(keys),
    putAll(values, ttlSeconds) {
      try {
        cache.putAll(values, Math.min(Math.max(Math.ceil(ttlSeconds), 1), MAX_CACHE_SECONDS));
      } catch (e) {
        log.warn('cache putAll refused', { reason: e instanceof Error ? e.message : String(e) });
      }
    },
    put(key, value, ttlSeconds) {
      try {
        cache.put(key, value, Math.min(Math.max(Math.ceil(ttlSeconds), 1), MAX_CACHE_SECONDS));
      } catch (e) {
        // A value over 100 KB or a key over 250 characters throws. The cache may forget anything at any
        // time anyway, so a refused put is just an early forget.
        log.warn('cache put refused', { key, reason: e instanceof Error ? e.message : String(e) });
      }
    },
    remove: (key) => cache.remove(key),
  };
}

export function appsScriptLock(): ScriptLock {
  // One Lock object for the execution: releaseLock must be called on the object that took it.
  const lock = LockService.getScriptLock();
  return {
    tryLock: (timeoutMs) => lock.tryLock(timeoutMs),
    release: () => lock.releaseLock(),
  };
}

export function appsScriptClock(): Clock {
  return {
    now: () => Date.now(),
    sleep: (ms) => Utilities.sleep(ms),
  };
}

export function appsScriptAccount(): ScriptAccount {
  return {
    email() {
      try {
        // Needs the userinfo.email scope (appsscript.json); Apps Script answers '' when it may not say.
        return Session.getEffectiveUser().getEmail();
      } catch {
        return '';
      }
    },
    authorizationRequired: () =>
      ScriptApp.getAuthorizationInfo(ScriptApp.AuthMode.FULL).getAuthorizationStatus() ===
      ScriptApp.AuthorizationStatus.REQUIRED,
    requireAllScopes: () => ScriptApp.requireAllScopes(ScriptApp.AuthMode.FULL),
  };
}

/** Detail as one JSON string, so Cloud Logging keeps it on the same line; never throws. */
export function logLine(message: string, detail?: Record<string, unknown>): string {
  if (detail === undefined) return message;
  try {
    return `${message} ${JSON.stringify(detail)}`;
  } catch {
    return `${message} [detail not serialisable]`;
  }
}

export function consoleLog(): Log {
  return {
    info: (message, detail) => console.info(logLine(message, detail)),
    warn: (message, detail) => console.warn(logLine(message, detail)),
    error: (message, detail) => console.error(logLine(message, detail)),
  };
}
