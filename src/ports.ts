// The small interfaces the core receives. Apps Script implements them in src/adapters; tests and the
// local runtime implement them too. Nothing outside src/adapters touches an Apps Script global.

import type { GoogleDirectory } from './google/call';

/** One outgoing HTTP request, in the vocabulary of UrlFetchApp. */
export interface HttpRequest {
  url: string;
  method?: 'get' | 'post' | 'put' | 'patch' | 'delete';
  headers?: Record<string, string>;
  /** Body, already serialised. */
  payload?: string;
  contentType?: string;
}

/**
 * One HTTP answer. `status` 0 means the request never got an HTTP answer (DNS, TLS, timeout);
 * `networkError` then says why. Header names are lower-cased.
 */
export interface HttpResponse {
  status: number;
  headers: Record<string, string>;
  body: string;
  networkError?: string;
}

/** UrlFetchApp with muteHttpExceptions always on. Never throws. */
export interface HttpClient {
  fetch(request: HttpRequest): HttpResponse;
  /** Sends the requests in parallel and answers in the same order. */
  fetchAll(requests: HttpRequest[]): HttpResponse[];
}

/** Script Properties: where every secret lives. */
export interface PropertyStore {
  get(key: string): string | null;
  set(key: string, value: string): void;
  /**
   * Several properties in one call (PropertiesService `setProperties(properties)`: "Sets all key-value
   * pairs from the given object"; the others are kept).
   */
  setMany(values: Record<string, string>): void;
  delete(key: string): void;
  all(): Record<string, string>;
}

/** CacheService: may forget anything at any time, so never the only copy. */
export interface Cache {
  get(key: string): string | null;
  /** Several keys in one call (CacheService.getAll): only the keys found are in the answer. */
  getAll(keys: string[]): Record<string, string>;
  put(key: string, value: string, ttlSeconds: number): void;
  /** Several entries in one call (CacheService.putAll), all with the same time to live. */
  putAll(values: Record<string, string>, ttlSeconds: number): void;
  remove(key: string): void;
}

/** The script lock. Hold it briefly, never across HTTP. */
export interface ScriptLock {
  /** True when the lock was taken within `timeoutMs`. */
  tryLock(timeoutMs: number): boolean;
  release(): void;
}

export interface Clock {
  /** Milliseconds since the epoch. */
  now(): number;
  sleep(ms: number): void;
}

export interface TriggerInfo {
  id: string;
  handler: string;
  kind: 'recurring' | 'once' | 'change';
}

/** ScriptApp's project triggers (all owned by the deployer). */
export interface Triggers {
  list(): TriggerInfo[];
  everyMinutes(handler: string, minutes: 1 | 5 | 10 | 15 | 30): TriggerInfo;
  /** A one-shot time trigger; Apps Script treats `ms` as a minimum. */
  after(handler: string, ms: number): TriggerInfo;
  /** An installable onChange trigger on the spreadsheet: row deletions and column moves fire no onEdit. */
  onSpreadsheetChange(handler: string): TriggerInfo;
  remove(id: string): void;
}

export interface Crypto {
  /** HMAC-SHA256 of `message` with `key`, as lower-case hex. */
  hmacSha256Hex(key: string, message: string): string;
  uuid(): string;
  /**
   * RSASSA-PKCS1-v1_5 with SHA-256 (JWS "RS256") of the UTF-8 `message` with a PKCS#8 PEM private key,
   * as base64url without padding. Throws when the key cannot be used.
   */
  rsaSha256Base64Url(message: string, privateKeyPem: string): string;
  /** SHA-256 of the UTF-8 `message` as base64url without padding (DPoP's `ath`, JWK thumbprints). */
  sha256Base64Url(message: string): string;
}

/** The Google account the script runs as, and what it has authorized (Session, ScriptApp). */
export interface ScriptAccount {
  /** The effective user's email; '' when Apps Script does not say. */
  email(): string;
  /**
   * True when the account has not granted every scope the manifest lists (granular consent lets a user
   * untick some: developers.google.com/apps-script/concepts/scopes#granular_consent).
   */
  authorizationRequired(): boolean;
  /** ScriptApp.requireAllScopes(FULL): asks for every manifest scope; throws when they are not granted. */
  requireAllScopes(): void;
}

export interface Log {
  info(message: string, detail?: Record<string, unknown>): void;
  warn(message: string, detail?: Record<string, unknown>): void;
  error(message: string, detail?: Record<string, unknown>): void;
}

// ---- Spreadsheet: the subset of SpreadsheetApp the Sheet tables use. The real Apps Script objects are
// assignable to these (the adapter checks that at compile time); tests use a counting fake.

export type CellValue = string | number | boolean | Date;

export interface RangeLike {
  getValues(): CellValue[][];
  setValues(values: CellValue[][]): RangeLike;
  /** Text format "@" makes a cell plain text, so a value starting with = is not a formula. */
  setNumberFormat(format: string): RangeLike;
  setDataValidation(rule: DataValidationLike | null): RangeLike;
  setFontWeight(weight: 'bold' | 'normal' | null): RangeLike;
  /** The note shown when hovering the cell (Range.setNote). */
  setNote(note: string): RangeLike;
  /** The range's first row (1-based). */
  getRow(): number;
  /** A search inside this range that runs in Google's servers: no cell comes back but the matches. */
  createTextFinder(findText: string): TextFinderLike;
}

/** SpreadsheetApp's TextFinder: find cells without reading the tab (developers.google.com/apps-script/reference/spreadsheet/text-finder). */
export interface TextFinderLike {
  /** True: the whole cell must equal the text (default: the text anywhere in the cell). */
  matchEntireCell(matchEntireCell: boolean): TextFinderLike;
  /** True: case must match (default: case-insensitive). */
  matchCase(matchCase: boolean): TextFinderLike;
  /** Every matching cell, top to bottom. */
  findAll(): RangeLike[];
}

export interface ProtectionLike {
  setWarningOnly(warningOnly: boolean): ProtectionLike;
  setDescription(description: string): ProtectionLike;
  getDescription(): string;
}

export interface SheetLike {
  getName(): string;
  getLastRow(): number;
  getLastColumn(): number;
  getMaxRows(): number;
  getMaxColumns(): number;
  appendRow(values: CellValue[]): SheetLike;
  insertColumnsAfter(afterPosition: number, howMany: number): SheetLike;
  insertRowsAfter(afterPosition: number, howMany: number): SheetLike;
  /** Removes rows; the rows below move up (Sheet.deleteRows). */
  deleteRows(rowPosition: number, howMany: number): void;
  getRange(row: number, column: number, numRows: number, numColumns: number): RangeLike;
  getFrozenRows(): number;
  setFrozenRows(rows: number): void;
  protect(): ProtectionLike;
  getProtections(type: 'SHEET'): ProtectionLike[];
  getConditionalFormatRules(): ConditionalFormatRuleLike[];
  setConditionalFormatRules(rules: ConditionalFormatRuleLike[]): void;
}

export interface SpreadsheetLike {
  getSheetByName(name: string): SheetLike | null;
  insertSheet(name: string): SheetLike;
  /**
   * SpreadsheetApp.flush(): applies pending writes. Called before every lock release, as the LockService
   * reference asks (developers.google.com/apps-script/reference/lock/lock#releaseLock()).
   */
  flush(): void;
  /** The spreadsheet's time zone (File → Settings), an IANA name; dates in cells show in it. */
  getSpreadsheetTimeZone(): string;
  /**
   * Whole tabs in one round trip: the Sheets advanced service's `Spreadsheets.Values.batchGet`
   * (developers.google.com/sheets/api/reference/rest/v4/spreadsheets.values/batchGet), each tab's used
   * range from A1, rows padded with '' to the widest. Null when the advanced service is not enabled or
   * the call fails (a tab missing, say): read each tab with SpreadsheetApp instead.
   */
  readTabs(names: string[]): CellValue[][][] | null;
}

/**
 * A spreadsheet, or how to open it: hot paths pass the opener, so a cached read never opens the Sheet
 * (and the lock release after it has nothing to flush).
 */
export type SpreadsheetSource = SpreadsheetLike | (() => SpreadsheetLike);

export function openSource(source: SpreadsheetSource): SpreadsheetLike {
  return typeof source === 'function' ? source() : source;
}

/** Sheets refuses a cell over this many characters (the Sheets API and Apps Script throw on the write). */
export const MAX_CELL_CHARS = 50_000;

/** Opaque rule objects made by the Formatting port. */
export type DataValidationLike = object;
export type ConditionalFormatRuleLike = object;

/** SpreadsheetApp's rule builders, behind a seam. */
export interface Formatting {
  checkbox(): DataValidationLike;
  oneOf(values: string[]): DataValidationLike;
  /** A number at least `min` (anything else refused where people type it). */
  numberAtLeast(min: number): DataValidationLike;
  /** Cells in `range` whose text equals `text` get `background`. */
  textEquals(range: RangeLike, text: string, background: string): ConditionalFormatRuleLike;
  /** The texts a rule matches, so setup can tell which rules it already added. */
  describeRule(rule: ConditionalFormatRuleLike): string | null;
}

/** Everything the core needs from the outside world, in one bag. */
export interface Services {
  spreadsheet(): SpreadsheetLike;
  /**
   * The spreadsheet when this execution has opened it, else null: then no write of this execution can be
   * pending, and a lock release has nothing to flush (a Slack request that never touched the Sheet).
   */
  spreadsheetIfOpen(): SpreadsheetLike | null;
  formatting: Formatting;
  http: HttpClient;
  properties: PropertyStore;
  cache: Cache;
  lock: ScriptLock;
  clock: Clock;
  triggers: Triggers;
  crypto: Crypto;
  account: ScriptAccount;
  log: Log;
  /**
   * Google Workspace (the Admin SDK Directory advanced service and the Data Transfer API), for the Google
   * tasks. Absent where there is no Google (then those tasks fail saying so).
   */
  google?: GoogleDirectory;
}
