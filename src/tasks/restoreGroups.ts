// `/offboard restore`: puts a rehired person back in the Okta groups a run removed. One result per group,
// each verified by listing the person's groups afterwards. Safe to run again: groups the person is already
// in are not sent again, so a restore cut short by its time budget continues where it stopped.

import type { OktaClient, OktaFailure, OktaResult } from '../okta/client';
import { oktaCalls } from '../okta/requests';
import { groupsOf, mayHaveActed, statusOf } from './outcomes';
import { REMOVALS_PER_ROUND } from './removeGroups';

export interface GroupToRestore {
  id: string;
  name: string;
}

export interface GroupResult {
  group: GroupToRestore;
  /** restored: Okta lists the membership after the call; left: not tried within the time budget. */
  result: 'restored' | 'already in' | 'failed' | 'not verified' | 'left';
  /** Why, for failed and not verified. */
  text?: string;
}

export type RestoreOutcome =
  /** Okta shows the person DEPROVISIONED: nothing was sent; they must be reactivated in Okta first. */
  | { kind: 'deprovisioned' }
  /** The person or their groups could not be read: nothing was sent. */
  | { kind: 'unread'; message: string }
  | { kind: 'done'; results: GroupResult[] };

export interface RestoreOptions {
  now: () => number;
  /** No new round of additions starts at or after this time (epoch ms); the rest is reported left. */
  stopAt: number;
}

export function restoreGroups(
  client: OktaClient,
  userId: string,
  groups: GroupToRestore[],
  options: RestoreOptions,
): RestoreOutcome {
  const [user, listed] = client.sendAll([oktaCalls.getUser(userId), oktaCalls.listUserGroups(userId)]) as [
    OktaResult,
    OktaResult,
  ];
  if (!user.ok)
    return { kind: 'unread', message: `could not read the person in Okta: ${user.error.summary}` };
  const status = statusOf(user.body);
  if (status === 'DEPROVISIONED') return { kind: 'deprovisioned' };
  const before = memberships(listed);
  if (before === null || !listed.ok) {
    const why = listed.ok ? "Okta's answer was not understood" : listed.error.summary;
    return { kind: 'unread', message: `could not list the person's groups in Okta: ${why}` };
  }

  const results = new Map<string, GroupResult>();
  const todo: GroupToRestore[] = [];
  for (const group of unique(groups)) {
    if (before.has(group.id)) results.set(group.id, { group, result: 'already in' });
    else todo.push(group);
  }
  const sent = new Map<string, OktaResult>();
  for (let i = 0; i < todo.length; i += REMOVALS_PER_ROUND) {
    if (options.now() >= options.stopAt) break;
    const round = todo.slice(i, i + REMOVALS_PER_ROUND);
    // One round within the client's in-flight cap (MAX_IN_FLIGHT): a few requests, never hundreds.
    const answers = client.sendAll(round.map((g) => oktaCalls.addToGroup(g.id, userId)));
    round.forEach((g, k) => sent.set(g.id, answers[k]!)); // sendAll answers one result per call, in order
  }

  const after = sent.size > 0 ? client.send(oktaCalls.listUserGroups(userId)) : null;
  const now = after ? memberships(after) : null;
  for (const group of todo) {
    const answer = sent.get(group.id);
    if (!answer) {
      results.set(group.id, { group, result: 'left' });
      continue;
    }
    results.set(group.id, verified(group, answer, now, after));
  }
  // Every group got a result above: done before, left, or verified.
  return { kind: 'done', results: unique(groups).map((g) => results.get(g.id)!) };
}

/** What the re-list says about one group the restore sent. */
function verified(
  group: GroupToRestore,
  answer: OktaResult,
  now: Set<string> | null,
  after: OktaResult | null,
): GroupResult {
  if (now === null) {
    const why = after && !after.ok ? after.error.summary : "Okta's answer was not understood";
    return answer.ok || mayHaveActed(answer.error)
      ? {
          group,
          result: 'not verified',
          text: `re-listing the groups failed (${why}); run restore again to check`,
        }
      : { group, result: 'failed', text: refusal(answer.error) };
  }
  if (now.has(group.id)) return { group, result: 'restored' };
  if (answer.ok) {
    return {
      group,
      result: 'failed',
      text: 'Okta accepted the change but does not list the membership (re-listed)',
    };
  }
  return { group, result: 'failed', text: refusal(answer.error) };
}

function refusal(error: OktaFailure): string {
  if (error.code === 'OKTA_FORBIDDEN') {
    return `Okta refused (${error.summary}): groups that carry admin roles need a Super Administrator token, and only OKTA_GROUP memberships can change`;
  }
  if (error.code === 'OKTA_NOT_FOUND') return `Okta has no such group any more (${error.summary})`;
  return error.summary;
}

function memberships(result: OktaResult): Set<string> | null {
  if (!result.ok) return null;
  const groups = groupsOf(result.body);
  return groups === null ? null : new Set(groups.map((g) => g.id));
}

function unique(groups: GroupToRestore[]): GroupToRestore[] {
  const seen = new Set<string>();
  return groups.filter((g) => g.id !== '' && !seen.has(g.id) && seen.add(g.id));
}
