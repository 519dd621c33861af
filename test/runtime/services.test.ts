// Script Properties, the script cache, the script lock, Utilities, ContentService and the services the
// runtime does not provide, each against Apps Script's documented behaviour.

import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import { CacheStore, createCacheService } from '../../runtime/cache';
import { createGlobals } from '../../runtime/globals';
import { createLockService, ScriptLockCell } from '../../runtime/lock';
import { RuntimeLog } from '../../runtime/log';
import { createPropertiesService, PropertyFile } from '../../runtime/properties';
import { RealmRef } from '../../runtime/realm';
import { newUiRecord } from '../../runtime/spreadsheet';
import { TriggerStore } from '../../runtime/triggers';
import { createContentService, createUtilities, formatDate } from '../../runtime/utilities';
import { WorkbookFile } from '../../runtime/workbook';
import { tempDir, type Loose } from './helpers';

const realm = new RealmRef();

describe('PropertiesService.getScriptProperties()', () => {
  const setup = (): { props: Loose; file: string } => {
    const file = path.join(tempDir(), 'config.json');
    return { props: createPropertiesService(new PropertyFile(file), realm) as Loose, file };
  };

  it('answers null for a property never set', () => {
    expect(setup().props.getScriptProperties().getProperty('SLACK_BOT_TOKEN')).toBeNull();
  });

  it('persists a set property to the JSON file', () => {
    const { props, file } = setup();
    props.getScriptProperties().setProperty('OKTA_ORG_URL', 'https://fake.okta.example');
    expect(JSON.parse(fs.readFileSync(file, 'utf8'))).toEqual({ OKTA_ORG_URL: 'https://fake.okta.example' });
  });

  it('stores values as strings', () => {
    const { props } = setup();
    props.getScriptProperties().setProperty('N', 5);
    expect(props.getScriptProperties().getProperty('N')).toBe('5');
  });

  it('deleteProperty removes it from getProperties', () => {
    const { props } = setup();
    const store = props.getScriptProperties();
    store.setProperties({ A: '1', B: '2' });
    store.deleteProperty('A');
    expect(store.getProperties()).toEqual({ B: '2' });
  });

  it('reads a hand edit of the file', () => {
    const { props, file } = setup();
    props.getScriptProperties().setProperty('A', 'old');
    fs.writeFileSync(file, JSON.stringify({ A: 'new' }));
    fs.utimesSync(file, new Date(), new Date(Date.now() + 5000));
    expect(props.getScriptProperties().getProperty('A')).toBe('new');
  });

  it('ignores _comment keys of config.example.json', () => {
    const { props, file } = setup();
    fs.writeFileSync(file, JSON.stringify({ _comment: 'x', A: '1' }));
    expect(props.getScriptProperties().getProperties()).toEqual({ A: '1' });
  });

  it('refuses a value over 9 KB', () => {
    const { props } = setup();
    expect(() => props.getScriptProperties().setProperty('BIG', 'x'.repeat(9 * 1024 + 1))).toThrow(
      'Argument too large: value',
    );
  });

  it('user properties fail loudly: Offboard keeps everything in Script Properties', () => {
    expect(() => setup().props.getUserProperties().getProperty('x')).toThrow(
      'Offboard local runtime: PropertiesService.getUserProperties().getProperty is not emulated',
    );
  });

  it('the committed config.example.json names every Script Property the app reads', () => {
    const example = JSON.parse(
      fs.readFileSync(path.join(__dirname, '../../runtime/config.example.json'), 'utf8'),
    );
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- read the names the app really uses
    const { PROPERTY } = require('../../src/config') as { PROPERTY: Record<string, string> };
    expect(
      Object.keys(example)
        .filter((k) => !k.startsWith('_'))
        .sort(),
    ).toEqual(Object.values(PROPERTY).sort());
  });
});

describe('CacheService.getScriptCache()', () => {
  const setup = (): { cache: Loose; clock: { t: number } } => {
    const clock = { t: 1_000_000 };
    const service = createCacheService(new CacheStore(() => clock.t), realm) as Loose;
    return { cache: service.getScriptCache(), clock };
  };

  it('keeps a value until its TTL passes', () => {
    const { cache, clock } = setup();
    cache.put('k', 'v', 60);
    clock.t += 59_999;
    expect(cache.get('k')).toBe('v');
    clock.t += 1;
    expect(cache.get('k')).toBeNull();
  });

  it('defaults to 600 seconds', () => {
    const { cache, clock } = setup();
    cache.put('k', 'v');
    clock.t += 600_000;
    expect(cache.get('k')).toBeNull();
  });

  it('refuses a TTL over 6 hours', () => {
    expect(() => setup().cache.put('k', 'v', 21601)).toThrow('expirationInSeconds');
  });

  it('refuses a key over 250 characters', () => {
    expect(() => setup().cache.put('k'.repeat(251), 'v')).toThrow('Argument too large: key');
  });

  it('refuses a value over 100 KB', () => {
    expect(() => setup().cache.put('k', 'v'.repeat(100 * 1024 + 1))).toThrow('Argument too large: value');
  });

  it('remove forgets a value', () => {
    const { cache } = setup();
    cache.put('k', 'v');
    cache.remove('k');
    expect(cache.get('k')).toBeNull();
  });
});

describe('LockService.getScriptLock()', () => {
  const lockFor = (cell: ScriptLockCell, executionId: number): Loose =>
    (createLockService(cell, executionId, realm) as Loose).getScriptLock();

  it('tryLock takes a free lock', () => {
    const lock = lockFor(new ScriptLockCell(), 1);
    expect([lock.tryLock(0), lock.hasLock()]).toEqual([true, true]);
  });

  it('tryLock gives up after its timeout while another execution holds the lock', () => {
    const cell = new ScriptLockCell();
    lockFor(cell, 1).tryLock(0);
    const started = Date.now();
    expect(lockFor(cell, 2).tryLock(60)).toBe(false);
    expect(Date.now() - started).toBeGreaterThanOrEqual(55);
  });

  it('waitLock throws Apps Script’s timeout message', () => {
    const cell = new ScriptLockCell();
    lockFor(cell, 1).waitLock(0);
    expect(() => lockFor(cell, 2).waitLock(10)).toThrow(
      'Lock timeout: another process was holding the lock for too long.',
    );
  });

  it('releaseLock lets another execution take it', () => {
    const cell = new ScriptLockCell();
    const first = lockFor(cell, 1);
    first.tryLock(0);
    first.releaseLock();
    expect([lockFor(cell, 2).tryLock(0), first.hasLock()]).toEqual([true, false]);
  });

  it('excludes an execution in another thread until that thread releases', async () => {
    const cell = new ScriptLockCell();
    // The worker takes the lock as execution 7 (same protocol as ScriptLockCell), holds it 300 ms, then frees it.
    const worker = new Worker(
      `const { workerData, parentPort } = require('node:worker_threads');
       const a = new Int32Array(workerData);
       Atomics.compareExchange(a, 0, 0, 7);
       parentPort.postMessage('held');
       Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 300);
       Atomics.compareExchange(a, 0, 7, 0); Atomics.notify(a, 0);`,
      { eval: true, workerData: cell.buffer },
    );
    await new Promise((resolve) => worker.once('message', resolve));
    const lock = lockFor(cell, 1);
    expect(lock.tryLock(0)).toBe(false);
    expect(lock.tryLock(5000)).toBe(true);
    await worker.terminate();
  });
});

describe('Utilities', () => {
  const utilities = createUtilities(realm, { timeZone: 'UTC' }) as Loose;

  it('computeHmacSha256Signature answers signed bytes of the HMAC', () => {
    const expected = Array.from(crypto.createHmac('sha256', 'key').update('message').digest(), (b) =>
      b > 127 ? b - 256 : b,
    );
    expect(utilities.computeHmacSha256Signature('message', 'key', utilities.Charset.UTF_8)).toEqual(expected);
  });

  it('base64 round-trips bytes, web-safe alphabet included', () => {
    const encoded = utilities.base64EncodeWebSafe('??>>');
    expect([
      encoded,
      Buffer.from(utilities.base64DecodeWebSafe(encoded).map((b: number) => b & 0xff)).toString(),
    ]).toEqual(['Pz8-Pg==', '??>>']);
  });

  it('getUuid answers a v4 UUID', () => {
    expect(utilities.getUuid()).toMatch(
      /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/,
    );
  });

  it('sleep blocks for real', () => {
    const started = Date.now();
    utilities.sleep(40);
    expect(Date.now() - started).toBeGreaterThanOrEqual(35);
  });

  it('formatDate follows SimpleDateFormat in the given zone', () => {
    const d = new Date('2026-03-04T05:06:07Z');
    expect(formatDate(d, 'America/New_York', "yyyy-MM-dd'T'HH:mm:ssXXX EEE")).toBe(
      '2026-03-04T00:06:07-05:00 Wed',
    );
  });
});

describe('ContentService', () => {
  it('createTextOutput carries its content and the JSON MIME type', () => {
    const content = createContentService(realm) as Loose;
    const out = content.createTextOutput('{"ok":true}').setMimeType(content.MimeType.JSON);
    expect([out.getContent(), out.getMimeType()]).toEqual(['{"ok":true}', 'application/json']);
  });
});

describe('globals', () => {
  const globals = (): Loose => {
    const dir = tempDir();
    return createGlobals(
      {
        workbook: new WorkbookFile(path.join(dir, 'b.xlsx')),
        properties: new PropertyFile(path.join(dir, 'c.json')),
        cache: new CacheStore(),
        lock: new ScriptLockCell(),
        triggers: new TriggerStore(),
        ui: newUiRecord(),
        log: new RuntimeLog(),
        routes: {},
        timeZone: 'UTC',
        userEmail: 'deployer@corp.com',
        serviceUrl: () => 'http://127.0.0.1:1/exec',
      },
      { executionId: 1, realm: new RealmRef(), uiAvailable: false },
    );
  };

  it('a service the runtime does not provide throws, naming the call', () => {
    expect(() => globals().GmailApp.sendEmail('a', 'b', 'c')).toThrow(
      'Offboard local runtime: GmailApp.sendEmail is not emulated',
    );
  });

  it('HtmlService fails loudly: Offboard answers JSON only', () => {
    expect(() => globals().HtmlService.createHtmlOutput('x')).toThrow(
      'HtmlService.createHtmlOutput is not emulated',
    );
  });

  it('an unknown method of an emulated service throws, naming it', () => {
    expect(() => globals().UrlFetchApp.fetchAsync('x')).toThrow(
      'Offboard local runtime: UrlFetchApp.fetchAsync is not emulated',
    );
  });

  it('Session answers the deployer as the user the script runs as', () => {
    expect(globals().Session.getEffectiveUser().getEmail()).toBe('deployer@corp.com');
  });
});
