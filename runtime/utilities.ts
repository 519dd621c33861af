// ContentService, Utilities, Session, Logger and console as the bundle sees them.

import crypto from 'node:crypto';
import type { RealmRef } from './realm';
import { isDate } from './realm';
import { formatLogArgs, type RuntimeLog } from './log';
import { strict } from './strict';

export const MIME_TYPE = {
  JSON: 'application/json',
  TEXT: 'text/plain',
  JAVASCRIPT: 'application/javascript',
  CSV: 'text/csv',
  ICAL: 'text/calendar',
  VCARD: 'text/vcard',
  ATOM: 'application/atom+xml',
  RSS: 'application/rss+xml',
  XML: 'text/xml',
} as const;

/** What the runtime reads back from a doPost/doGet answer. */
export interface TextOutputLike {
  getContent(): string;
  getMimeType(): string;
}

export function createContentService(realm: RealmRef): object {
  const makeError = (m: string) => realm.error(m);
  const textOutput = (initial: string): object => {
    let content = initial;
    let mimeType: string = MIME_TYPE.TEXT;
    const out: object = strict(
      'TextOutput',
      {
        getContent: () => content,
        setContent: (text: string) => ((content = String(text)), out),
        append: (text: string) => ((content += String(text)), out),
        clear: () => ((content = ''), out),
        getMimeType: () => mimeType,
        setMimeType: (type: string) => {
          if (!Object.values(MIME_TYPE).includes(type as never))
            throw makeError('Invalid argument: mimeType');
          mimeType = type;
          return out;
        },
        downloadAsFile: () => out,
        getFileName: () => null,
      },
      makeError,
    );
    return out;
  };
  return strict(
    'ContentService',
    {
      createTextOutput: (text?: string) => textOutput(text === undefined ? '' : String(text)),
      MimeType: { ...MIME_TYPE },
    },
    makeError,
  );
}

/** Apps Script bytes are Java bytes: -128..127. */
function toSignedBytes(buffer: Buffer): number[] {
  return Array.from(buffer, (b) => (b > 127 ? b - 256 : b));
}

function toBuffer(value: unknown): Buffer {
  if (typeof value === 'string') return Buffer.from(value, 'utf8');
  if (Array.isArray(value)) return Buffer.from(value.map((b: number) => b & 0xff));
  return Buffer.from(String(value), 'utf8');
}

export interface UtilitiesOptions {
  timeZone: string;
  /** Sleeping blocks the thread for real (Atomics.wait), as Utilities.sleep does; tests may swap it. */
  sleep?: (ms: number) => void;
}

export function realSleep(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, Math.max(0, ms));
}

export function createUtilities(realm: RealmRef, options: UtilitiesOptions): object {
  const makeError = (m: string) => realm.error(m);
  const bytes = (b: Buffer) => realm.array(toSignedBytes(b));
  const Charset = { US_ASCII: 'US_ASCII', UTF_8: 'UTF_8' };
  return strict(
    'Utilities',
    {
      Charset,
      DigestAlgorithm: { MD5: 'md5', SHA_1: 'sha1', SHA_256: 'sha256', SHA_512: 'sha512' },
      computeHmacSha256Signature: (value: unknown, key: unknown) =>
        bytes(crypto.createHmac('sha256', toBuffer(key)).update(toBuffer(value)).digest()),
      // RSASSA-PKCS1-v1_5 SHA-256 with a PEM private key, as Apps Script signs service-account JWTs.
      computeRsaSha256Signature: (value: unknown, key: unknown) => {
        try {
          return bytes(crypto.createSign('RSA-SHA256').update(toBuffer(value)).sign(String(key)));
        } catch {
          throw makeError('Invalid argument: key');
        }
      },
      computeDigest: (algorithm: string, value: unknown) =>
        bytes(crypto.createHash(algorithm).update(toBuffer(value)).digest()),
      base64Encode: (data: unknown) => toBuffer(data).toString('base64'),
      base64EncodeWebSafe: (data: unknown) =>
        toBuffer(data).toString('base64').replace(/\+/g, '-').replace(/\//g, '_'),
      base64Decode: (text: string) => bytes(Buffer.from(String(text), 'base64')),
      base64DecodeWebSafe: (text: string) =>
        bytes(Buffer.from(String(text).replace(/-/g, '+').replace(/_/g, '/'), 'base64')),
      newBlob: (data: unknown) => {
        const buffer = toBuffer(data);
        return strict(
          'Blob',
          { getDataAsString: () => buffer.toString('utf8'), getBytes: () => bytes(buffer) },
          makeError,
        );
      },
      getUuid: () => crypto.randomUUID(),
      sleep: (ms: number) => {
        // Apps Script caps a sleep at 5 minutes.
        const capped = Math.min(Math.max(0, Number(ms) || 0), 300_000);
        (options.sleep ?? realSleep)(capped);
      },
      formatDate: (date: Date, timeZone: string, pattern: string) => {
        if (!isDate(date)) throw makeError('Invalid argument: date');
        return formatDate(date, timeZone, pattern);
      },
      formatString: (template: string, ...args: unknown[]) => {
        let i = 0;
        return String(template).replace(/%[sdif%]/g, (m) => (m === '%%' ? '%' : String(args[i++])));
      },
    },
    makeError,
  );
}

/**
 * Java SimpleDateFormat, the subset Offboard uses: yyyy yy MM M dd d HH H hh h mm ss SSS a EEE EEEE MMM
 * MMMM z Z XXX and 'quoted text'.
 */
export function formatDate(date: Date, timeZone: string, pattern: string): string {
  const zone = timeZone === 'GMT' || timeZone === '' ? 'UTC' : timeZone;
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('en-US', {
      timeZone: zone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
      weekday: 'long',
    })
      .formatToParts(date)
      .map((p) => [p.type, p.value]),
  ) as Partial<Record<string, string>>;
  // formatToParts answers every field the format asks for; '' keeps the types honest.
  const part = (type: string): string => parts[type] ?? '';
  const wallMs = Date.UTC(
    Number(part('year')),
    Number(part('month')) - 1,
    Number(part('day')),
    Number(part('hour')) % 24,
    Number(part('minute')),
    Number(part('second')),
  );
  const offsetMin = Math.round((wallMs - Math.floor(date.getTime() / 1000) * 1000) / 60000);
  const sign = offsetMin < 0 ? '-' : '+';
  const abs = Math.abs(offsetMin);
  const hh = String(Math.floor(abs / 60)).padStart(2, '0');
  const mi = String(abs % 60).padStart(2, '0');
  const monthNames = [
    'January',
    'February',
    'March',
    'April',
    'May',
    'June',
    'July',
    'August',
    'September',
    'October',
    'November',
    'December',
  ];
  const month = Number(part('month'));
  const hour = Number(part('hour')) % 24;
  const pad = (n: number | string, w: number) => String(n).padStart(w, '0');
  const tokens: Record<string, () => string> = {
    yyyy: () => part('year'),
    yy: () => part('year').slice(-2),
    MMMM: () => monthNames[month - 1] ?? '',
    MMM: () => (monthNames[month - 1] ?? '').slice(0, 3),
    MM: () => pad(month, 2),
    M: () => String(month),
    dd: () => pad(part('day'), 2),
    d: () => String(Number(part('day'))),
    HH: () => pad(hour, 2),
    H: () => String(hour),
    hh: () => pad(hour % 12 === 0 ? 12 : hour % 12, 2),
    h: () => String(hour % 12 === 0 ? 12 : hour % 12),
    mm: () => pad(part('minute'), 2),
    ss: () => pad(part('second'), 2),
    SSS: () => pad(date.getTime() % 1000, 3),
    a: () => (hour < 12 ? 'AM' : 'PM'),
    EEEE: () => part('weekday'),
    EEE: () => part('weekday').slice(0, 3),
    XXX: () => (offsetMin === 0 ? 'Z' : `${sign}${hh}:${mi}`),
    Z: () => `${sign}${hh}${mi}`,
    z: () => (offsetMin === 0 ? 'GMT' : `GMT${sign}${hh}:${mi}`),
  };
  const re = /'([^']*)'|yyyy|yy|MMMM|MMM|MM|M|dd|d|HH|H|hh|h|mm|ss|SSS|a|EEEE|EEE|XXX|Z|z/g;
  return pattern.replace(re, (m, quoted: string | undefined) =>
    quoted !== undefined ? (quoted === '' ? "'" : quoted) : (tokens[m]?.() ?? m),
  );
}

export interface SessionOptions {
  timeZone: string;
  /** Who the script runs as (the deployer). */
  userEmail: string;
}

export function createSession(realm: RealmRef, options: SessionOptions): object {
  const makeError = (m: string) => realm.error(m);
  const user = strict('User', { getEmail: () => options.userEmail }, makeError);
  return strict(
    'Session',
    {
      getScriptTimeZone: () => options.timeZone,
      getActiveUser: () => user,
      getEffectiveUser: () => user,
      getTemporaryActiveUserKey: () => 'local-user-key',
      getActiveUserLocale: () => 'en',
    },
    makeError,
  );
}

/** Logger.log plus a console whose lines go to the runtime log. */
export function createLogging(log: RuntimeLog, realm: RealmRef): { Logger: object; console: object } {
  const makeError = (m: string) => realm.error(m);
  const Logger: object = strict(
    'Logger',
    {
      log: (format: unknown, ...args: unknown[]) => {
        const text =
          typeof format === 'string' && args.length > 0
            ? format.replace(/%s/g, () => formatLogArgs([args.shift()]))
            : formatLogArgs([format]);
        log.info('Logger', args.length > 0 ? `${text} ${formatLogArgs(args)}` : text);
        return Logger;
      },
      getLog: () =>
        log.lines
          .filter((l) => l.source === 'Logger')
          .map((l) => l.message)
          .join('\n'),
      clear: () => undefined,
    },
    makeError,
  );
  const consoleObject = strict(
    'console',
    {
      log: (...args: unknown[]) => log.info('console', formatLogArgs(args)),
      info: (...args: unknown[]) => log.info('console', formatLogArgs(args)),
      warn: (...args: unknown[]) => log.warn('console', formatLogArgs(args)),
      error: (...args: unknown[]) => log.error('console', formatLogArgs(args)),
      time: () => undefined,
      timeEnd: () => undefined,
    },
    makeError,
  );
  return { Logger, console: consoleObject };
}
