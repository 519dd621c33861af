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

/** Script Property holding Audit Log entries that could not be written yet (JSON list, oldest first). */
export const PENDING_AUDIT_KEY = 'offboard.audit.pending';

/** Script Properties hold at most 9 KB per value: the oldest waiting entries give way, and are counted. */
const PENDING_MAX_CHARS = 8_000;

interface Pending {
  entries: { time: number; actor: string; action: string; runId?: string; detail?: string }[];
  /** Entries that had to give way to newer ones (said in the log and by checkConfiguration). */
  lost: number;
}

function readPending(properties: PropertyStore): Pending {
  try {
    const parsed = JSON.parse(properties.get(PENDING_AUDIT_KEY) ?? '') as Partial<Pending>;
    return { entries: Array.isArray(parsed.entries) ? parsed.entries : [], lost: Number(parsed.lost) || 0 };
  } catch {
    return { entries: [], lost: 0 };
  }
}

/**
 * Keeps an entry the Audit Log refused (its tab renamed or deleted, a Sheet error) in Script Properties,
 * so it is written later instead of dropped. Never throws.
 */
export function keepPendingAudit(properties: PropertyStore, entry: AuditEntry): void {
  try {
    const pending = readPending(properties);
    pending.entries.push({
      time: entry.time.getTime(),
      actor: redactSecrets(entry.actor),
      action: redactSecrets(entry.action),
      runId: entry.runId,
      detail: redactSecrets(entry.detail ?? '').slice(0, 500),
    });
    while (pending.entries.length > 1 && JSON.stringify(pending).length > PENDING_MAX_CHARS) {
      pending.entries.shift();
      pending.lost += 1;
    }
    properties.set(PENDING_AUDIT_KEY, JSON.stringify(pending));
  } catch {
    // Nowhere left to keep it; the caller has logged it.
  }
}

/** Writes the waiting entries (one appendRow each, oldest first) and forgets them. Throws like appendAudit. */
export function flushPendingAudit(ss: SpreadsheetLike, properties: PropertyStore, cache?: Cache): void {
  const pending = readPending(properties);
  for (const e of pending.entries) {
    appendAudit(
      ss,
      {
        ...e,
        time: new Date(e.time),
        detail: `${e.detail ?? ''} (written late: the Audit Log was unavailable)`,
      },
      cache,
    );
  }
  if (pending.lost > 0) {
    appendAudit(
      ss,
      {
        time: new Date(),
        actor: 'offboard',
        action: 'audit entries lost',
        detail: `${pending.lost} entries could not be kept while the Audit Log was unavailable; see the execution log.`,
      },
      cache,
    );
  }
  properties.delete(PENDING_AUDIT_KEY);
}

/** How many entries wait, for checkConfiguration. */
export function pendingAuditCount(properties: PropertyStore): number {
  return readPending(properties).entries.length;
}
