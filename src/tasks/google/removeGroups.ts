// Remove from Google Groups: every group Google lists the person in (groups.list with userKey, followed
// page by page), removed with members.delete, each removal recorded (Run Details, and the run's record
// after each round) so it can be restored by hand; then re-listed. Directory API: groups.list, members.delete.

import { googleCall, type GoogleFailure, type GoogleResult } from '../../google/call';
import { MAX_NAMES_KEPT, nameList, plural } from '../outcomes';
import { sendGoogle, sendGoogleEach } from '../send';
import type {
  AnyTaskSteps,
  CallResult,
  RunDetail,
  Steps,
  TaskCall,
  TaskContext,
  TaskDefinition,
} from '../types';
import { findGoogleAccount, googleFailed } from './account';

export interface GoogleGroup {
  id: string;
  email: string;
}

/** Removals sent per round; the record is saved after each, so an execution that dies loses none. */
export const GOOGLE_REMOVALS_PER_ROUND = 10;
/** Pages of 200 groups followed at most (10,000 groups). */
const MAX_PAGES = 50;

function* listGroups(
  userKey: string,
): Steps<{ groups: GoogleGroup[] } | { error: GoogleFailure | null }, TaskCall, CallResult> {
  const groups: GoogleGroup[] = [];
  let pageToken: string | undefined;
  for (let page = 0; page < MAX_PAGES; page++) {
    const listed: GoogleResult = yield* sendGoogle(
      googleCall({ method: 'groups.list', userKey, ...(pageToken ? { pageToken } : {}) }),
    );
    if (!listed.ok) return { error: listed.error };
    const body = listed.body as { groups?: unknown; nextPageToken?: unknown } | null;
    if (body?.groups !== undefined && !Array.isArray(body.groups)) return { error: null };
    for (const g of (body?.groups as { id?: unknown; email?: unknown }[] | undefined) ?? []) {
      if (typeof g.id === 'string') groups.push({ id: g.id, email: String(g.email ?? g.id) });
    }
    pageToken = typeof body?.nextPageToken === 'string' ? body.nextPageToken : undefined;
    if (!pageToken) break;
  }
  return { groups };
}

function* run(ctx: TaskContext): AnyTaskSteps {
  const doing = 'list the Google groups';
  const found = yield* findGoogleAccount(ctx, doing);
  if ('outcome' in found) return found.outcome;
  const { id, primaryEmail } = found.user;
  const earlier = earlierRemovals(ctx.runData);

  const listed = yield* listGroups(id);
  if ('error' in listed) {
    return listed.error
      ? googleFailed(listed.error, doing)
      : {
          kind: 'failed',
          transient: false,
          code: 'GOOGLE_FAILED',
          message: "Google's answer to groups.list was not understood.",
        };
  }
  if (listed.groups.length === 0) {
    return earlier.count > 0
      ? {
          kind: 'done',
          detail: `Removed ${primaryEmail} from ${plural(earlier.count, 'Google group')} earlier in this run; Google lists none now (read back).`,
          data: record(earlier, []),
        }
      : {
          kind: 'already_done',
          detail: `${primaryEmail} is in no Google group (read back).`,
          data: record(earlier, []),
        };
  }

  const answered: GoogleGroup[] = [];
  const failures = new Map<string, GoogleFailure>();
  for (let i = 0; i < listed.groups.length; i += GOOGLE_REMOVALS_PER_ROUND) {
    const round = listed.groups.slice(i, i + GOOGLE_REMOVALS_PER_ROUND);
    const results = yield* sendGoogleEach(
      round.map((g) => googleCall({ method: 'members.delete', groupKey: g.id, memberKey: id })),
    );
    round.forEach((g, j) => {
      const result = results[j]!;
      if (result.ok) answered.push(g);
      else failures.set(g.id, result.error);
    });
    ctx.record?.(record(earlier, answered));
  }

  // Verify: what Google lists now decides, whatever the answers said.
  const relisted = yield* listGroups(id);
  if ('error' in relisted) {
    return {
      kind: 'failed',
      transient: true,
      code: 'GOOGLE_FAILED',
      message: `Google answered ${plural(answered.length, 'removal')}, but re-listing the groups to verify failed (${relisted.error?.message ?? 'not understood'}); will check again.`,
      data: record(earlier, answered),
    };
  }
  const still = new Set(relisted.groups.map((g) => g.id));
  const removed = listed.groups.filter((g) => !still.has(g.id));
  const data = record(earlier, removed);
  const details: RunDetail[] = removed.map((g) => ({
    kind: 'google group removed',
    oktaId: g.id,
    name: g.email,
  }));
  const total = data['googleRemovedGroupCount'] as number;
  if (relisted.groups.length === 0) {
    return {
      kind: 'done',
      detail: `Removed ${primaryEmail} from ${plural(total, 'Google group')}; Google lists none now (re-listed).`,
      data,
      details,
    };
  }
  for (const g of relisted.groups) {
    const failure = failures.get(g.id);
    details.push({
      kind: 'google group not removed',
      oktaId: g.id,
      name: g.email,
      note: failure ? `${failure.status} ${failure.message}` : 'still listed after removal',
    });
  }
  const first = relisted.groups.map((g) => failures.get(g.id)).find((f) => f !== undefined);
  const forbidden = first?.status === 403;
  return {
    kind: 'failed',
    transient: !forbidden && (first === undefined || first.transient || first.status === 404),
    code: forbidden ? 'GOOGLE_FORBIDDEN' : 'GOOGLE_FAILED',
    message: `${removed.length > 0 ? `Removed from ${plural(removed.length, 'Google group')}; still` : 'Still'} in ${nameList(relisted.groups.map((g) => g.email))}: ${first ? `Google answered ${first.status}: ${first.message}` : 'Google still lists them after removal'}.`,
    data,
    details,
  };
}

/** The run's record, bounded: the first MAX_NAMES_KEPT groups removed (for restore) and the count. */
function record(
  earlier: { groups: GoogleGroup[]; count: number },
  removed: GoogleGroup[],
): Record<string, unknown> {
  const known = new Set(earlier.groups.map((g) => g.id));
  const fresh = removed.filter((g) => !known.has(g.id));
  return {
    googleRemovedGroups: [...earlier.groups, ...fresh].slice(0, MAX_NAMES_KEPT),
    googleRemovedGroupCount: earlier.count + fresh.length,
  };
}

function earlierRemovals(runData: Readonly<Record<string, unknown>>): {
  groups: GoogleGroup[];
  count: number;
} {
  const earlier = runData['googleRemovedGroups'];
  const groups = Array.isArray(earlier)
    ? earlier.filter((g): g is GoogleGroup => typeof g?.id === 'string' && typeof g?.email === 'string')
    : [];
  const count = Number(runData['googleRemovedGroupCount']);
  return { groups, count: Number.isFinite(count) && count >= groups.length ? count : groups.length };
}

export const googleRemoveGroupsTask: TaskDefinition = {
  id: 'google_remove_groups',
  label: 'Remove from Google Groups',
  stage: 'revoke',
  description:
    'Remove the person from every Google group (groups.list, members.delete), each recorded in Run Details for restore, then re-listed. Off until turned on.',
  defaultOrder: 22,
  defaultOnFailure: 'continue',
  offByDefault: true,
  columnOptional: true,
  run,
};
