// The bulk scenario (issue 10): one list of people, the worker's lookups and card, one Confirm, then worker
// turns until everyone is finished, on the fake Okta with per-endpoint limits from Okta's published
// defaults. Prints the Okta bound, the achieved rate, containment and completion times, 429s, the longest
// execution and trigger runtime per 100 people. Asserts nothing.

import { OPERATIONS, type RateFamily } from '../fakes/okta/operations';
import { MAX_BATCH_TARGETS } from '../src/slack/command';
import { slashCommandPost } from '../test/fixtures/slack';
import { measure, type Step } from './measure';
import {
  benchWorld,
  buttonValue,
  click,
  post,
  REPORT_CHANNEL,
  runStatuses,
  workerTurn,
  type BenchWorld,
} from './world';

/**
 * Okta's per-minute limits for the Enterprise edition (developer.okta.com/docs/reference/rl-global-mgmt,
 * "Management rate limits"): create or list users 600; get a user by id 1,000; the person's
 * subresources (lifecycle, sessions, grants, factors, groups, roles, appLinks: "most other API actions")
 * 600; groups 600 (membership removals are /api/v1/groups/{id}/users/{id}); apps 100. The fake counts
 * them per family (fakes/okta/operations.ts).
 */
export const OKTA_LIMITS: Record<RateFamily, number> = {
  users: 600,
  user: 1_000,
  userResources: 600,
  groups: 600,
  apps: 100,
};

const RESPONSE_URL = 'https://hooks.slack.com/commands/T0001/1111111111/AbCdEfGhIjKl';

export interface BatchFigures {
  people: number;
  lookedUp: number;
  completed: number;
  /** People a minute the tightest family allows for the calls each person needed. */
  oktaBound: number;
  tightest: string;
  achieved: number;
  containedMs: number;
  doneMs: number;
  tooMany: number;
  longestMs: number;
  triggerMsPer100: number;
  turns: number;
  /** The list command or `/offboard queue` (one doPost) and what it was. */
  askMs: number;
  asked: string;
  cardMs: number;
  confirmMs: number;
}

/** `count` people with 10 groups, 2 factors, 1 grant and a session each. */
function bulkWorld(count: number): BenchWorld {
  const bw = benchWorld({ people: 1 });
  const okta = bw.world.okta;
  const groups = Array.from({ length: 10 }, (_, i) => okta.addGroup({ name: `Department ${i}` }));
  bw.people = [];
  for (let i = 0; i < count; i++) {
    const login = `leaver${String(i).padStart(3, '0')}@example.com`;
    const user = okta.addUser({ login, email: login, firstName: 'Leaver', lastName: String(i) });
    for (const g of groups) okta.addToGroup(g.id, user.id);
    okta.addSession(user.id, 1);
    okta.addGrant(user.id);
    okta.enrollFactor(user.id, 'push');
    okta.enrollFactor(user.id, 'sms');
    bw.people.push(login);
  }
  for (const [family, limit] of Object.entries(OKTA_LIMITS))
    okta.rateLimit({ limit, windowSeconds: 60, family: family as RateFamily });
  return bw;
}

const FAMILY = new Map(OPERATIONS.map((op) => [op.operation, op.family]));

/** The people in one batch: the 500 (a Queue tab's most; a command's list takes 200). */
export const BULK_PEOPLE = 500;

export function bulkBatch(count = BULK_PEOPLE): BatchFigures {
  const bw = bulkWorld(count);
  const okta = bw.world.okta;
  const clock = bw.services.clock;
  // Up to a command's 200, one list; more, as HR would: the Queue tab's rows and `/offboard queue`.
  let command = bw.people.join('\n');
  if (count > MAX_BATCH_TARGETS) {
    bw.world.sheet.sheet('Queue').seedRows(bw.people.map((login) => [login, 'bench', 'hr', '', '']));
    command = 'queue';
  }
  const asking = measure(bw, 'doPost', () =>
    post(bw, slashCommandPost({ text: command, response_url: RESPONSE_URL })),
  ).step;
  const asked = clock.now();
  clock.advance(60_000 - (clock.now() % 60_000));
  const lookup = measure(bw, 'trigger', () => workerTurn(bw)).step;
  const cardAt = clock.now();
  const card = bw.slack.responsesTo(RESPONSE_URL).at(-1);
  const value = buttonValue(card, 'confirm_batch');
  if (!value) throw new Error(`No batch card: ${String(JSON.stringify(card)).slice(0, 300)}`);
  const lookedUp = (JSON.stringify(card).match(/Will be offboarded \((\d+)\)/) ?? [])[1];
  const confirm = measure(bw, 'doPost', () => click(bw, 'confirm_batch', value)).step;
  const confirmedAt = clock.now();
  const from = okta.requests.length;
  const turns: Step[] = [];
  while (turns.length < 60 && runStatuses(bw).some((s) => s === 'queued' || s === 'running')) {
    clock.advance(60_000 - (clock.now() % 60_000));
    const startedAt = clock.now();
    turns.push(measure(bw, 'trigger', () => workerTurn(bw)).step);
    if (process.env.BULK_DEBUG)
      console.log(
        `turn from ${(startedAt - confirmedAt) / 1000} s to ${(clock.now() - confirmedAt) / 1000} s after Confirm`,
      );
  }
  const after = okta.requests.slice(from);
  const lastOf = (ops: string[]): number =>
    Math.max(...after.filter((r) => ops.includes(r.operation ?? '')).map((r) => r.time));
  const containedMs = lastOf(['suspendUser', 'revokeUserSessions']) - confirmedAt;
  const doneMs = clock.now() - confirmedAt;
  const perFamily = new Map<RateFamily, number>();
  for (const r of after) {
    const family = FAMILY.get(r.operation ?? '');
    if (family && r.status !== 429) perFamily.set(family, (perFamily.get(family) ?? 0) + 1);
  }
  const completed = runStatuses(bw).filter((s) => s === 'completed').length;
  let oktaBound = Infinity;
  let tightest = '';
  for (const [family, calls] of perFamily) {
    const perPerson = calls / Math.max(1, completed);
    const bound = OKTA_LIMITS[family] / perPerson;
    if (bound < oktaBound) {
      oktaBound = bound;
      tightest = `${family} (${perPerson.toFixed(1)} calls a person, ${OKTA_LIMITS[family]} a minute)`;
    }
  }
  const all = [lookup, ...turns];
  if (process.env.BULK_DEBUG)
    for (const s of all)
      console.log(
        JSON.stringify({
          ms: s.modeledMs,
          sheet: s.counts.sheetMs,
          http: s.counts.httpMs,
          services: s.counts.servicesMs,
          okta: s.counts.oktaRequests,
          fetchAll: s.counts.fetchAll,
          slack: s.counts.slackRequests,
          sheetCalls: [s.counts.sheetReads, s.counts.sheetWrites, s.counts.sheetOther],
          props: s.counts.properties,
          lock: s.counts.lock,
        }),
      );
  if (process.env.BULK_DEBUG) {
    // userResources requests Okta answered (not 429) per minute after Confirm, and 429s.
    const perMinute = new Map<number, [number, number]>();
    for (const r of after) {
      if (FAMILY.get(r.operation ?? '') !== 'userResources') continue;
      const m = Math.floor((r.time - confirmedAt) / 60_000);
      const [ok, limited] = perMinute.get(m) ?? [0, 0];
      perMinute.set(m, r.status === 429 ? [ok, limited + 1] : [ok + 1, limited]);
    }
    console.log('userResources per minute after Confirm [answered, 429]:', JSON.stringify([...perMinute]));
  }
  const achieved = completed / (doneMs / 60_000);
  return {
    people: count,
    lookedUp: Number(lookedUp ?? 0),
    completed,
    oktaBound,
    tightest,
    achieved,
    containedMs,
    doneMs,
    tooMany: okta.requests.filter((r) => r.status === 429).length,
    longestMs: Math.max(...all.map((s) => s.modeledMs)),
    triggerMsPer100: (all.reduce((n, s) => n + s.modeledMs, 0) / count) * 100,
    turns: turns.length,
    askMs: asking.modeledMs,
    asked: command === 'queue' ? '/offboard queue' : `/offboard with a list of ${count}`,
    cardMs: cardAt - asked,
    confirmMs: confirm.modeledMs,
  };
}

/** A batch's clicks and commands during its grace period: each is one doPost inside Slack's 3 seconds. */
export interface GraceClicks {
  people: number;
  undoOne: Step;
  continueNow: Step;
  undoEveryone: Step;
  /** Worker time until everyone of the second batch was undone, and the turns it took. */
  undoneAfterMs: number;
  undoTurns: number;
}

/** The batch's one channel message (the newest top-level message about a batch). */
function batchMessageOf(bw: BenchWorld): unknown {
  return bw.slack
    .messagesIn(REPORT_CHANNEL)
    .filter((m) => m.text.startsWith('Batch '))
    .at(-1);
}

/** A list of `count` confirmed and contained, now waiting in a one-hour grace period. */
function batchInGrace(bw: BenchWorld, people: string[]): void {
  const clock = bw.services.clock;
  post(bw, slashCommandPost({ text: people.join('\n'), response_url: RESPONSE_URL }));
  clock.advance(60_000 - (clock.now() % 60_000));
  workerTurn(bw);
  const value = buttonValue(bw.slack.responsesTo(RESPONSE_URL).at(-1), 'confirm_batch');
  if (!value) throw new Error('No batch card');
  click(bw, 'confirm_batch', value);
  for (let i = 0; i < 5 && !runStatuses(bw).every((s) => s !== 'queued' && s !== 'running'); i++) {
    clock.advance(60_000 - (clock.now() % 60_000));
    workerTurn(bw);
  }
}

/**
 * Two batches of `count` (10 groups, 2 factors, 1 grant each) in a one-hour grace period: `/offboard undo`
 * for one person of the first and its Continue now; Undo everyone on the second, then the worker's turns
 * until everyone of it is undone.
 */
export function batchGraceClicks(count = 50): GraceClicks {
  const bw = bulkWorld(count * 2);
  const settings = bw.world.sheet.sheet('Settings');
  const row = settings.rows().findIndex((r) => r[0] === 'Grace Period Hours') + 1;
  settings.getRange(row, 2, 1, 1).setValues([[1]]);
  const [first, second] = [bw.people.slice(0, count), bw.people.slice(count)];
  batchInGrace(bw, first);
  const undoOne = measure(bw, 'doPost', () => post(bw, slashCommandPost({ text: `undo ${first[0]!}` }))).step;
  const continueNow = measure(bw, 'doPost', () =>
    click(bw, 'continue_batch', buttonValue(batchMessageOf(bw), 'continue_batch')!),
  ).step;
  batchInGrace(bw, second);
  const undoEveryone = measure(bw, 'doPost', () =>
    click(bw, 'undo_batch', buttonValue(batchMessageOf(bw), 'undo_batch')!),
  ).step;
  const clock = bw.services.clock;
  const from = clock.now();
  let undoTurns = 0;
  const undone = (): number => runStatuses(bw).filter((s) => s === 'undone').length;
  while (undoTurns < 10 && undone() < count + 1) {
    clock.advance(60_000 - (clock.now() % 60_000));
    workerTurn(bw);
    undoTurns++;
  }
  return { people: count, undoOne, continueNow, undoEveryone, undoneAfterMs: clock.now() - from, undoTurns };
}
