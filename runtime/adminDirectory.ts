// The Admin SDK Directory advanced service for the local runtime: a stand-in object (the fake Google
// directory in demo mode) given as the `AdminDirectory` global. Errors it throws become Errors of the
// script's realm, keeping Google's `details`, as Apps Script's advanced services throw them. Without a
// stand-in the global is absent, as in a project where the advanced service is not enabled.

import type { RealmRef } from './realm';

/** What ScriptApp.getOAuthToken() answers in the local runtime. */
export const LOCAL_OAUTH_TOKEN = 'local-runtime-oauth-token';

export function realmAdminDirectory(service: object, realm: RealmRef): object {
  const wrap = (target: object): object =>
    new Proxy(target, {
      get(obj, key, receiver) {
        const value: unknown = Reflect.get(obj, key, receiver);
        if (typeof value === 'function') {
          return (...args: unknown[]) => {
            try {
              return (value as (...a: unknown[]) => unknown).apply(obj, args);
            } catch (e) {
              const message = e instanceof Error ? e.message : String(e);
              const error = realm.error(message);
              const details = (e as { details?: unknown } | null)?.details;
              if (details !== undefined) Object.assign(error, { details });
              throw error;
            }
          };
        }
        return value !== null && typeof value === 'object' ? wrap(value) : value;
      },
    });
  return wrap(service);
}
