// PropertiesService.getScriptProperties() over a JSON file (default runtime/config.json), written
// atomically on every change, read again whenever the file changed on disk.

import fs from 'node:fs';
import { mtimeOf, writeFileAtomic } from './files';
import type { RealmRef } from './realm';
import { missingService, strict } from './strict';

/** Apps Script's limits: 9 KB per value, 500 KB per store. */
const MAX_VALUE_BYTES = 9 * 1024;
const MAX_STORE_BYTES = 500 * 1024;

export class PropertyFile {
  readonly path: string;
  private values: Record<string, string> = {};
  private loadedMtime: number | null = null;

  constructor(path: string) {
    this.path = path;
  }

  /** Every property, fresh from disk if the file changed (someone edited config.json by hand). */
  read(): Record<string, string> {
    const mtime = mtimeOf(this.path);
    if (mtime === null) {
      this.values = {};
      this.loadedMtime = null;
    } else if (mtime !== this.loadedMtime) {
      const parsed = JSON.parse(fs.readFileSync(this.path, 'utf8')) as Record<string, unknown>;
      this.values = Object.fromEntries(
        Object.entries(parsed)
          // Keys starting with _ are comments in config.example.json, not properties.
          .filter(([key]) => !key.startsWith('_'))
          .map(([key, value]) => [key, String(value)]),
      );
      this.loadedMtime = mtime;
    }
    return { ...this.values };
  }

  write(values: Record<string, string>): void {
    writeFileAtomic(this.path, JSON.stringify(values, null, 2) + '\n');
    this.values = { ...values };
    this.loadedMtime = mtimeOf(this.path);
  }
}

export function createPropertiesService(file: PropertyFile, realm: RealmRef): object {
  const fail = (message: string): never => {
    throw realm.error(message);
  };
  const makeError = (m: string) => realm.error(m);

  const save = (values: Record<string, string>): void => {
    for (const value of Object.values(values)) {
      if (Buffer.byteLength(value) > MAX_VALUE_BYTES) fail('Argument too large: value');
    }
    if (Buffer.byteLength(JSON.stringify(values)) > MAX_STORE_BYTES) {
      fail('You have exceeded the property storage quota. Please remove some properties and try again.');
    }
    file.write(values);
  };

  const store: object = strict(
    'Properties',
    {
      getProperty: (key: string) => file.read()[String(key)] ?? null,
      setProperty: (key: string, value: unknown) => {
        save({ ...file.read(), [String(key)]: String(value) });
        return store;
      },
      deleteProperty: (key: string) => {
        const values = file.read();
        delete values[String(key)];
        save(values);
        return store;
      },
      getProperties: () => realm.object(file.read()),
      getKeys: () => realm.array(Object.keys(file.read())),
      setProperties: (properties: Record<string, unknown>, deleteAllOthers = false) => {
        const next = deleteAllOthers ? {} : file.read();
        for (const [key, value] of Object.entries(properties)) next[key] = String(value);
        save(next);
        return store;
      },
      deleteAllProperties: () => {
        save({});
        return store;
      },
    },
    makeError,
  );

  return strict(
    'PropertiesService',
    {
      getScriptProperties: () => store,
      // Offboard keeps everything in Script Properties; reaching for the others is a bug.
      getUserProperties: () => missingService('PropertiesService.getUserProperties()', makeError),
      getDocumentProperties: () => missingService('PropertiesService.getDocumentProperties()', makeError),
    },
    makeError,
  );
}
