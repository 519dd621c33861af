// In-memory Services for tests and the benchmark: every call is counted, time is a fake clock.

import { createHash, createHmac, createSign, randomUUID } from 'node:crypto';
import type {
  Cache,
  Clock,
  Crypto,
  Formatting,
  HttpClient,
  Log,
  PropertyStore,
  ScriptAccount,
  ScriptLock,
  Services,
  SpreadsheetLike,
  TriggerInfo,
  Triggers,
} from '../../src/ports';

/** Counts calls by service and method, e.g. counts['cache.get']. */
export class CallCounter {
  readonly counts: Record<string, number> = {};
  add(name: string): void {
    this.counts[name] = (this.counts[name] ?? 0) + 1;
  }
  get(name: string): number {
    return this.counts[name] ?? 0;
  }
  reset(): void {
    for (const k of Object.keys(this.counts)) delete this.counts[k];
  }
}

/** Time that moves only when told to (or when code sleeps); every sleep is recorded. */
export class FakeClock implements Clock {
  readonly sleeps: number[] = [];
  constructor(
    public time = Date.UTC(2026, 10, 29, 9, 0, 0),
    private readonly calls?: CallCounter,
  ) {}
  now(): number {
    return this.time;
  }
  sleep(ms: number): void {
    this.calls?.add('clock.sleep');
    this.sleeps.push(ms);
    this.time += ms;
  }
  advance(ms: number): void {
    this.time += ms;
  }
}

/** PropertiesService's store limit (PLATFORM.md; the local runtime enforces the same). */
export const MAX_PROPERTY_STORE_BYTES = 500 * 1024;
export const MAX_PROPERTY_VALUE_BYTES = 9 * 1024;

/** What a store holds, as its quota counts it (keys and values). */
export function storeBytes(values: Record<string, string>): number {
  let n = 0;
  for (const [k, v] of Object.entries(values)) n += Buffer.byteLength(k) + Buffer.byteLength(v);
  return n;
}

export class FakeProperties implements PropertyStore {
  constructor(
    readonly values: Record<string, string> = {},
    private readonly calls = new CallCounter(),
  ) {}
  get(key: string): string | null {
    this.calls.add('properties.get');
    return this.values[key] ?? null;
  }
  set(key: string, value: string): void {
    this.calls.add('properties.set');
    this.store({ [key]: value });
  }
  /**
   * Apps Script's limits (PLATFORM.md: 9 KB a value, 500 KB per store, counted in bytes as
   * runtime/properties.ts does); a refused write changes nothing.
   */
  private store(values: Record<string, string>): void {
    // runtime/properties.ts answers the same: Apps Script refuses a value over 9 KB (PLATFORM.md).
    for (const value of Object.values(values))
      if (Buffer.byteLength(value) > MAX_PROPERTY_VALUE_BYTES) throw new Error('Argument too large: value');
    const next = { ...this.values, ...values };
    if (storeBytes(next) > MAX_PROPERTY_STORE_BYTES)
      throw new Error(
        'You have exceeded the property storage quota. Please remove some properties and try again.',
      );
    Object.assign(this.values, values);
  }
  /** One call, counted like one setProperty (PropertiesService.setProperties). */
  setMany(values: Record<string, string>): void {
    this.calls.add('properties.set');
    this.store(values);
  }
  delete(key: string): void {
    this.calls.add('properties.delete');
    delete this.values[key];
  }
  all(): Record<string, string> {
    this.calls.add('properties.all');
    return { ...this.values };
  }
}

export class FakeCache implements Cache {
  private readonly entries = new Map<string, { value: string; until: number }>();
  constructor(
    private readonly clock: Clock,
    private readonly calls = new CallCounter(),
  ) {}
  get(key: string): string | null {
    this.calls.add('cache.get');
    const e = this.entries.get(key);
    if (!e || e.until <= this.clock.now()) return null;
    return e.value;
  }
  /** One call (CacheService.getAll). */
  getAll(keys: string[]): Record<string, string> {
    this.calls.add('cache.get');
    const found: Record<string, string> = {};
    for (const key of keys) {
      const e = this.entries.get(key);
      if (e && e.until > this.clock.now()) found[key] = e.value;
    }
    return found;
  }
  /** One call (CacheService.putAll). */
  putAll(values: Record<string, string>, ttlSeconds: number): void {
    this.calls.add('cache.put');
    for (const [key, value] of Object.entries(values))
      this.entries.set(key, { value, until: this.clock.now() + Math.min(ttlSeconds, 21600) * 1000 });
  }
  put(key: string, value: string, ttlSeconds: number): void {
    this.calls.add('cache.put');
    this.entries.set(key, { value, until: this.clock.now() + Math.min(ttlSeconds, 21600) * 1000 });
  }
  remove(key: string): void {
    this.calls.add('cache.remove');
    this.entries.delete(key);
  }
  /** Cache may forget anything: tests use this to prove nothing depends on it. */
  evictAll(): void {
    this.entries.clear();
  }
}

export class FakeLock implements ScriptLock {
  held = false;
  /** When true, tryLock fails as if another execution held the lock. */
  busy = false;
  /** The timeout of every tryLock, in order. */
  readonly waits: number[] = [];
  constructor(private readonly calls = new CallCounter()) {}
  tryLock(timeoutMs: number): boolean {
    this.calls.add('lock.tryLock');
    this.waits.push(timeoutMs);
    if (this.busy || this.held) return false;
    this.held = true;
    return true;
  }
  release(): void {
    this.calls.add('lock.release');
    this.held = false;
  }
}

export class FakeTriggers implements Triggers {
  readonly triggers: TriggerInfo[] = [];
  private next = 1;
  /** `prefix` tells two accounts' triggers apart (each Google account sees only its own). */
  constructor(
    private readonly calls = new CallCounter(),
    private readonly prefix = 'trigger',
  ) {}
  list(): TriggerInfo[] {
    this.calls.add('triggers.list');
    return [...this.triggers];
  }
  everyMinutes(handler: string): TriggerInfo {
    return this.create(handler, 'recurring');
  }
  after(handler: string): TriggerInfo {
    return this.create(handler, 'once');
  }
  onSpreadsheetChange(handler: string): TriggerInfo {
    return this.create(handler, 'change');
  }
  remove(id: string): void {
    this.calls.add('triggers.remove');
    const i = this.triggers.findIndex((x) => x.id === id);
    if (i >= 0) this.triggers.splice(i, 1);
  }
  private create(handler: string, kind: TriggerInfo['kind']): TriggerInfo {
    this.calls.add('triggers.create');
    // Apps Script's limit: 20 triggers per user per script.
    if (this.triggers.length >= 20) throw new Error('This script has too many triggers.');
    const t = { id: `${this.prefix}-${this.next++}`, handler, kind };
    this.triggers.push(t);
    return t;
  }
}

/** The Google account: an email, and whether some manifest scope is still ungranted. */
export class FakeAccount implements ScriptAccount {
  constructor(
    public address = 'admin@corp.example',
    public missingScopes = false,
  ) {}
  email(): string {
    return this.address;
  }
  authorizationRequired(): boolean {
    return this.missingScopes;
  }
  requireAllScopes(): void {
    if (this.missingScopes) throw new Error('Authorization is required to perform that action.');
  }
}

export const nodeCrypto: Crypto = {
  hmacSha256Hex: (key, message) => createHmac('sha256', key).update(message, 'utf8').digest('hex'),
  uuid: () => randomUUID(),
  rsaSha256Base64Url: (message, pem) =>
    createSign('RSA-SHA256').update(message, 'utf8').sign(pem).toString('base64url'),
  sha256Base64Url: (message) => createHash('sha256').update(message, 'utf8').digest('base64url'),
};

export class MemoryLog implements Log {
  readonly lines: string[] = [];
  info(message: string, detail?: Record<string, unknown>): void {
    this.lines.push(`info ${message} ${detail ? JSON.stringify(detail) : ''}`);
  }
  warn(message: string, detail?: Record<string, unknown>): void {
    this.lines.push(`warn ${message} ${detail ? JSON.stringify(detail) : ''}`);
  }
  error(message: string, detail?: Record<string, unknown>): void {
    this.lines.push(`error ${message} ${detail ? JSON.stringify(detail) : ''}`);
  }
}

const noHttp: HttpClient = {
  fetch: (req) => ({ status: 0, headers: {}, body: '', networkError: `no route to ${req.url}` }),
  fetchAll: (reqs) =>
    reqs.map((req) => ({ status: 0, headers: {}, body: '', networkError: `no route to ${req.url}` })),
};

export interface TestServices extends Services {
  calls: CallCounter;
  clock: FakeClock;
  cache: FakeCache;
  lock: FakeLock;
  triggers: FakeTriggers;
  properties: FakeProperties;
  log: MemoryLog;
  account: FakeAccount;
}

export function fakeServices(parts: {
  spreadsheet: SpreadsheetLike;
  formatting: Formatting;
  http?: HttpClient;
  properties?: Record<string, string>;
  clock?: FakeClock;
}): TestServices {
  const calls = new CallCounter();
  const clock = parts.clock ?? new FakeClock();
  // Shared by every execution a test drives: once opened, it counts as open (each execution's own view,
  // src/handlers/context.ts, tracks its own opening).
  let opened = false;
  return {
    calls,
    spreadsheet() {
      opened = true;
      return parts.spreadsheet;
    },
    spreadsheetIfOpen: () => (opened ? parts.spreadsheet : null),
    formatting: parts.formatting,
    http: parts.http ?? noHttp,
    properties: new FakeProperties(parts.properties ?? {}, calls),
    cache: new FakeCache(clock, calls),
    lock: new FakeLock(calls),
    clock,
    triggers: new FakeTriggers(calls),
    crypto: nodeCrypto,
    account: new FakeAccount(),
    log: new MemoryLog(),
  };
}
