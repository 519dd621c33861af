// The Audit Log tab: one appended row per thing Offboard or a person did, as literal text, without secrets.
//
// Header positions come from row 1, cached in CacheService so a refusal on the slash-command path costs
// no Sheet read. A stale map would write entries into the wrong columns, so the cache is cleared by
// every path that can move a column: onEdit (header edits), the installable onChange trigger that setup
// creates (inserted, deleted or moved columns) and setup itself. Without a cache, row 1 is read.

import type { Cache, PropertyStore, SpreadsheetLike } from '../ports';
import { cachedHeader } from './cache';
import { openTable } from './table';
import { AUDIT_LOG_SPEC } from './tabs';

export interface AuditEntry {
  time: Date;
  /** Who acted: a Slack user ("<@U123> jane@corp.com"), "worker", "setup". */
  actor: string;
  action: string;
  runId?: string;
  detail?: string;
}

const SECRET_PATTERNS: [RegExp, string][] = [
  [/\bSSWS\s+\S+/gi, 'SSWS [redacted]'],
  [/\bBearer\s+[A-Za-z0-9._~+/=-]+/gi, 'Bearer [redacted]'],
  [/\bxox[a-z]-[A-Za-z0-9-]+/gi, '[redacted Slack token]'],
  [/\bxapp-[A-Za-z0-9-]+/gi, '[redacted Slack token]'],
  // The web app's /exec URL is itself a bearer secret; Slack response URLs let anyone post.
  [/https:\/\/script\.google(usercontent)?\.com\/[^\s"'<>]*/gi, '[redacted web app URL]'],
  [/https:\/\/hooks\.slack\.com\/[^\s"'<>]*/gi, '[redacted Slack URL]'],
];

/** Removes anything that looks like an Okta or Slack token or a secret URL. Callers should not pass
 * secrets at all; this is the last line of defence before text becomes permanent in the Sheet. */
export function redactSecrets(text: string): string {
  return SECRET_PATTERNS.reduce((out, [pattern, replacement]) => out.replace(pattern, replacement), text);
}

/**
 * Appends one entry: one appendRow, plus one read of row 1 when the header map is not cached.
 * Throws SHEET_MISSING_TAB/COLUMN like any table.
 */
export function appendAudit(ss: SpreadsheetLike, entry: AuditEntry, cache?: Cache): void {
  const table = openTable(ss, AUDIT_LOG_SPEC);
  table.append(
    {
      time: entry.time,
      actor: redactSecrets(entry.actor),
      action: redactSecrets(entry.action),
      runId: redactSecrets(entry.runId ?? ''),
      detail: redactSecrets(entry.detail ?? ''),
    },
    cache ? cachedHeader(table, cache, 'auditHeader') : undefined,
  );
}

/**
 * Script Properties holding Audit Log entries not yet in the Sheet: `offboard.audit.pending` (entries the
 * Sheet refused) and `offboard.audit.pending.<request>` (one per Slack request: requests queue their
 * entries instead of writing the Sheet, so they stay inside Slack's 3 seconds). One key per request, so
 * two requests at once never overwrite each other's entries. The worker writes them all in one write.
 */
export const PENDING_AUDIT_KEY = 'offboard.audit.pending';

/** Script Properties hold at most 9 KB per value: a key's entries stay below this. */
const PENDING_MAX_CHARS = 8_000;
/**
 * All waiting entries together stay below this (the store holds 500 KB, shared with the settings and the
 * active-run index): past it a request writes its entries to the Sheet itself, so nothing is dropped.
 */
export const PENDING_TOTAL_MAX_CHARS = 120_000;

interface PendingEntry {
  time: number;
  actor: string;
  action: string;
  runId?: string;
  detail?: string;
  /** The Sheet refused it: written with a note saying so. */
  late?: boolean;
}

interface Pending {
  entries: PendingEntry[];
  /** Entries that had to give way to newer ones (said in the log and by checkConfiguration). */
  lost: number;
}

function parsePending(value: string | null | undefined): Pending {
  try {
    const parsed = JSON.parse(value ?? '') as Partial<Pending>;
    return { entries: Array.isArray(parsed.entries) ? parsed.entries : [], lost: Number(parsed.lost) || 0 };
  } catch {
    return { entries: [], lost: 0 };
  }
}

function toPending(entry: AuditEntry, late?: boolean): PendingEntry {
  return {
    time: entry.time.getTime(),
    actor: redactSecrets(entry.actor),
    action: redactSecrets(entry.action),
    runId: entry.runId,
    detail: redactSecrets(entry.detail ?? '').slice(0, 500),
    ...(late ? { late: true } : {}),
  };
}

/**
 * Keeps an entry the Audit Log refused (its tab renamed or deleted, a Sheet error) in Script Properties,
 * so it is written later instead of dropped. Never throws.
 */
export function keepPendingAudit(properties: PropertyStore, entry: AuditEntry): void {
  try {
    const pending = parsePending(properties.get(PENDING_AUDIT_KEY));
    pending.entries.push(toPending(entry, true));
    while (pending.entries.length > 1 && JSON.stringify(pending).length > PENDING_MAX_CHARS) {
      pending.entries.shift();
      pending.lost += 1;
    }
    properties.set(PENDING_AUDIT_KEY, JSON.stringify(pending));
  } catch {
    // Nowhere left to keep it; the caller has logged it.
  }
}

/** Characters all waiting entries take, from a Script Properties snapshot. */
export function pendingAuditChars(all: Record<string, string>): number {
  return Object.entries(all)
    .filter(([key]) => key.startsWith(PENDING_AUDIT_KEY))
    .reduce((sum, [, value]) => sum + value.length, 0);
}

/**
 * One request's entries as the Script Property that keeps them (its own key), for the request's one
 * property write. Null when they do not fit (a key holds 9 KB; all keys together
 * PENDING_TOTAL_MAX_CHARS): the caller writes them to the Sheet.
 */
export function auditQueueProperty(
  requestKey: string,
  entries: AuditEntry[],
  alreadyWaitingChars: number,
): [key: string, value: string] | null {
  const value = JSON.stringify({ entries: entries.map((e) => toPending(e)), lost: 0 } satisfies Pending);
  if (value.length > PENDING_MAX_CHARS || alreadyWaitingChars + value.length > PENDING_TOTAL_MAX_CHARS)
    return null;
  return [`${PENDING_AUDIT_KEY}.${requestKey}`, value];
}

/** Appends entries in one write (one setValues for all rows), plus one read of row 1 when not cached. */
export function appendAuditRows(ss: SpreadsheetLike, entries: AuditEntry[], cache?: Cache): void {
  if (entries.length === 0) return;
  const table = openTable(ss, AUDIT_LOG_SPEC);
  const header = cache ? cachedHeader(table, cache, 'auditHeader') : table.readHeader();
  table.appendRows(
    entries.map((entry) => ({
      time: entry.time,
      actor: redactSecrets(entry.actor),
      action: redactSecrets(entry.action),
      runId: redactSecrets(entry.runId ?? ''),
      detail: redactSecrets(entry.detail ?? ''),
    })),
    header,
  );
}

/**
 * Writes every waiting entry (all keys, oldest first; one write) and forgets the keys it wrote. Throws
 * like appendAudit, leaving them waiting. Returns how many entries it wrote.
 */
export function flushPendingAudit(ss: SpreadsheetLike, properties: PropertyStore, cache?: Cache): number {
  const keys = Object.entries(properties.all()).filter(([key]) => key.startsWith(PENDING_AUDIT_KEY));
  if (keys.length === 0) return 0;
  let lost = 0;
  const entries: PendingEntry[] = [];
  for (const [, value] of keys) {
    const pending = parsePending(value);
    entries.push(...pending.entries);
    lost += pending.lost;
  }
  // Stable: a request's own entries keep their order when their times are equal.
  entries.sort((a, b) => a.time - b.time);
  const rows: AuditEntry[] = entries.map((e) => ({
    time: new Date(e.time),
    actor: e.actor,
    action: e.action,
    runId: e.runId,
    detail: e.late ? `${e.detail ?? ''} (written late: the Audit Log was unavailable)` : (e.detail ?? ''),
  }));
  if (lost > 0) {
    rows.push({
      time: new Date(),
      actor: 'offboard',
      action: 'audit entries lost',
      detail: `${lost} entries could not be kept while the Audit Log was unavailable; see the execution log.`,
    });
  }
  appendAuditRows(ss, rows, cache);
  for (const [key] of keys) properties.delete(key);
  return rows.length;
}

/** How many entries wait and since when (epoch ms; null when none), for checkConfiguration and health. */
export function pendingAudit(properties: PropertyStore): { count: number; oldest: number | null } {
  let count = 0;
  let oldest: number | null = null;
  for (const [key, value] of Object.entries(properties.all())) {
    if (!key.startsWith(PENDING_AUDIT_KEY)) continue;
    for (const e of parsePending(value).entries) {
      count += 1;
      if (oldest === null || e.time < oldest) oldest = e.time;
    }
  }
  return { count, oldest };
}
