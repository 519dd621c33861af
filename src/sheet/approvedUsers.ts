// Who may use Offboard: the Approved Users tab, read once and cached, since every request asks.

import { readCache, writeCache } from '../cache';
import { openSource, type Cache, type SpreadsheetLike, type SpreadsheetSource } from '../ports';
import { openTable, type TableSnapshot } from './table';
import { APPROVED_USERS_SPEC, ROLES, type Role } from './tabs';

export interface ApprovedUser {
  /** Upper-case Slack member ID, or null when the row has only an email. */
  slackUserId: string | null;
  /** Lower-case email, or null when the row has only a Slack ID. */
  email: string | null;
  name: string;
  role: Role;
  active: boolean;
  rowNumber: number;
}

export interface ApprovedUsersReading {
  users: ApprovedUser[];
  /** One sentence per row an admin should fix, naming the row (for checkConfiguration). */
  problems: string[];
}

/** Slack IDs as typed: "U123", " u123 ", "<@U123>" or "<@U123|jane>" all mean U123. */
export function normalizeSlackUserId(text: string | null | undefined): string | null {
  const trimmed = (text ?? '').trim();
  const mention = /^<@([A-Za-z0-9]+)(\|[^>]*)?>$/.exec(trimmed);
  const id = (mention?.[1] ?? trimmed.replace(/^@/, '')).toUpperCase();
  return id === '' ? null : id;
}

export function normalizeEmail(text: string | null | undefined): string | null {
  const email = (text ?? '').trim().toLowerCase();
  return email === '' ? null : email;
}

function asRole(text: string): Role | null {
  const role = text.trim().toLowerCase();
  return (ROLES as readonly string[]).includes(role) ? (role as Role) : null;
}

/** The approved users in a snapshot of the tab; rows with an unknown role are left out (never approved). */
export function parseApprovedUsers(snapshot: TableSnapshot): ApprovedUsersReading {
  const users: ApprovedUser[] = [];
  const problems: string[] = [];
  const seenSlackIds = new Map<string, number>();
  for (const record of snapshot.records) {
    const slackUserId = normalizeSlackUserId(record.text('slackUserId'));
    const email = normalizeEmail(record.text('email'));
    const name = record.text('name');
    const who = `Row ${record.rowNumber}${name || email ? ` (${name || email})` : ''}`;
    if (!slackUserId && !email) {
      problems.push(`${who}: no Slack User ID or Email, so it is ignored.`);
      continue;
    }
    const roleText = record.text('role');
    const role = asRole(roleText);
    if (!role) {
      problems.push(
        `${who}: role "${roleText}" is not one of ${ROLES.join(', ')}, so this person is not approved.`,
      );
      continue;
    }
    if (email && !email.includes('@')) problems.push(`${who}: email "${email}" does not look like an email.`);
    if (slackUserId) {
      const earlier = seenSlackIds.get(slackUserId);
      if (earlier !== undefined) {
        problems.push(`${who}: Slack User ID ${slackUserId} is also on row ${earlier}.`);
      } else {
        seenSlackIds.set(slackUserId, record.rowNumber);
      }
    }
    users.push({
      slackUserId,
      email,
      name,
      role,
      active: record.bool('active'),
      rowNumber: record.rowNumber,
    });
  }
  return { users, problems };
}

/** The approved users: from the cache when it has them, else one read of the tab (then cached). */
export function loadApprovedUsers(ss: SpreadsheetSource, cache: Cache): ApprovedUser[] {
  const cached = readCache(cache, 'approvedUsers', (v): v is ApprovedUser[] => Array.isArray(v));
  if (cached) return cached;
  const { users } = parseApprovedUsers(openTable(openSource(ss), APPROVED_USERS_SPEC).read());
  writeCache(cache, 'approvedUsers', users);
  return users;
}

/** What an admin should fix in Approved Users (reads the tab; never cached). */
export function approvedUsersProblems(ss: SpreadsheetLike): string[] {
  return parseApprovedUsers(openTable(ss, APPROVED_USERS_SPEC).read()).problems;
}

/**
 * The row for this person, active or not (so a refusal can say "inactive"): by Slack ID first; by email
 * only among rows without a Slack ID, since a row whose Slack ID differs names someone else. Among
 * several matching rows an active one wins.
 */
export function findApprovedUser(
  users: ApprovedUser[],
  who: { slackUserId?: string | null; email?: string | null },
): ApprovedUser | null {
  // The caller's id comes from Slack in its one form and is compared exactly; only the Sheet's side,
  // typed by people, is normalised (when the rows are read).
  const slackUserId = who.slackUserId || null;
  const email = normalizeEmail(who.email);
  const bySlackId = slackUserId ? users.filter((u) => u.slackUserId === slackUserId) : [];
  const candidates =
    bySlackId.length > 0 ? bySlackId : email ? users.filter((u) => !u.slackUserId && u.email === email) : [];
  return candidates.find((u) => u.active) ?? candidates[0] ?? null;
}
