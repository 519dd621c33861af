// A batch: several people offboarded by one request and one Confirm (issue 10). Each person has their own
// run, as if asked alone; the batch keeps what was asked, who was left out and why, and the channel message.
//
// Slack waits 3 seconds and 200 people need about 800 Okta requests to look up and check (find, roles,
// apps, groups), 80 rounds of 10 in flight: so /offboard with a list only records the batch and answers at
// once; the worker looks everyone up and replaces that answer with the card through the response_url.

import { OffboardError } from '../errors';
import { oktaError, type OktaClient } from '../okta/client';
import { matchTarget, type TargetQuery } from '../okta/findUser';
import { appsOf, groupsOf, rolesOf, type AccessAtStake } from '../okta/access';
import { readPatiently } from '../okta/paced';
import { oktaCalls } from '../okta/requests';
import type { Clock } from '../ports';
import type { OktaUser } from '../okta/types';
import type { EngineDeps } from './deps';
import { activeRunKey, utf8Bytes } from './activeRuns';
import { allBatches, forgetBatch, readBatch, saveBatch } from './batchStore';
import { newBatchId, newRunId } from './ids';
import { withLock } from './lock';
import { checkProtection } from './protection';
import { activeRunFor, displayName } from './requests';
import * as t from './transitions';
import { allFinished, progressOf, progressText } from './presentBatch';
import { markLookedUp, noteFor, queueRowsOf, settleQueueRows } from './queueBatch';
import {
  isActive,
  NO_ROOM_WHY,
  type Batch,
  type LeftOut,
  type PersonAtStake,
  type ReplyTo,
  type Run,
} from './types';

/**
 * Script Properties hold 500 KB in all (PLATFORM.md). A batch member takes about 545 bytes at the batch's
 * peak, its share of the batch record and of the REST_WINDOW people past containment included (500 people:
 * 274 KB, test/perf/batchStore.test.ts; compact entries, src/run/activeRuns.ts), and about 596 approved and
 * with a grace period (298 KB); 120 KB stay free for the Audit Log queue (src/sheet/auditLog.ts) and 40 KB
 * for the settings and single runs.
 */
const STORE_BYTES = 500 * 1024;
const KEPT_FREE_BYTES = 160 * 1024;
const MEMBER_PEAK_BYTES = 600;

/** How many more batch members fit now, with room kept for everything else. */
function peopleWithRoom(all: Record<string, string>): number {
  let used = 0;
  for (const [key, value] of Object.entries(all)) used += utf8Bytes(key) + utf8Bytes(value);
  // Members already here grow to their peak too.
  const members = Object.values(all).filter((v) => v.includes('"batch":"')).length;
  const free = STORE_BYTES - KEPT_FREE_BYTES - used - members * MEMBER_PEAK_BYTES * 0.5;
  return Math.max(0, Math.floor(free / MEMBER_PEAK_BYTES));
}

/** /offboard with a list: the batch, waiting for the worker to look everyone up. Nothing asked of Okta. */
export function requestBatch(
  deps: EngineDeps,
  input: {
    requester: Batch['requester'];
    targets: TargetQuery[];
    replyTo?: ReplyTo;
    /** Who is left out before any lookup (Queue rows that name nobody), listed apart on the card. */
    leftOut?: LeftOut[];
    fromQueue?: boolean;
  },
): Batch {
  const { services } = deps;
  const now = services.clock.now();
  const batch: Batch = {
    batchId: newBatchId(services.clock, services.crypto),
    status: 'looking up',
    requestedAt: now,
    requester: input.requester,
    targets: input.targets,
    plan: [],
    runIds: [],
    people: [],
    leftOut: input.leftOut ?? [],
    confirmBy: 0,
    finished: {},
    ...(input.replyTo ? { replyTo: input.replyTo } : {}),
    ...(input.fromQueue ? { fromQueue: true } : {}),
  };
  saveBatch(services.properties, batch);
  return batch;
}

const NOT_FOUND_WHY: Partial<Record<string, string>> = {
  TARGET_NOT_FOUND: 'not found in Okta',
  TARGET_AMBIGUOUS: 'several live Okta accounts match',
  TARGET_DEPROVISIONED: 'already deactivated in Okta',
};

/** What the worker learnt about the people of one batch. */
interface Looked {
  people: { input: string; user: OktaUser; access: AccessAtStake }[];
  leftOut: LeftOut[];
}

/**
 * The batch's lookups in as few rounds as Okta allows: every search in one sendAll, then every person's
 * roles, apps and groups in one sendAll (the client keeps MAX_IN_FLIGHT in flight and paces by the
 * rate-limit headers; what its windows hold back is read after they reset, until the turn's deadline).
 * What Okta did not answer is left out, saying so: nothing is guessed.
 */
function lookUp(client: OktaClient, clock: Clock, batch: Batch, deadline: number): Looked {
  const leftOut: LeftOut[] = [];
  const inputOf = (q: TargetQuery): string => (q.kind === 'email' ? q.email : q.login);
  const searches = readPatiently(
    client,
    clock,
    batch.targets.map((q) =>
      q.kind === 'email' ? oktaCalls.findUsersByLoginOrEmail(q.email) : oktaCalls.findUsersByLogin(q.login),
    ),
    deadline,
  );
  const found: { input: string; user: OktaUser }[] = [];
  const seen = new Map<string, string>();
  batch.targets.forEach((q, i) => {
    const input = inputOf(q);
    const answer = searches[i]!;
    const match = answer.ok
      ? matchTarget(answer.body, q)
      : { ok: false as const, error: oktaError(answer.error) };
    if (!match.ok) {
      leftOut.push({
        input,
        why: NOT_FOUND_WHY[match.error.code] ?? `not looked up: ${match.error.message}`,
      });
      return;
    }
    const same = seen.get(match.user.id);
    if (same !== undefined) {
      leftOut.push({ input, why: `the same Okta account as ${same}` });
      return;
    }
    seen.set(match.user.id, input);
    found.push({ input, user: match.user });
  });
  const reads = readPatiently(
    client,
    clock,
    found.flatMap(({ user }) => [
      oktaCalls.listRoles(user.id),
      oktaCalls.listAppLinks(user.id),
      oktaCalls.listUserGroups(user.id),
    ]),
    deadline,
  );
  const people = found.map((f, i) => {
    const [roles, apps, groups] = [reads[3 * i], reads[3 * i + 1], reads[3 * i + 2]];
    const access: AccessAtStake = {
      roles: roles?.ok ? rolesOf(roles.body) : null,
      apps: apps?.ok ? appsOf(apps.body) : null,
      groups: groups?.ok ? groupsOf(groups.body) : null,
    };
    return { ...f, access };
  });
  return { people, leftOut };
}

/**
 * The worker's part of a list request: looks everyone up, leaves out who cannot be offboarded this way
 * (not found, ambiguous, deactivated, protected, unchecked, an Okta admin, the requester, someone with a
 * run already), records one run per person awaiting confirmation, and shows the card. One batch per call.
 */
export function lookUpBatch(deps: EngineDeps, batchId: string, deadline: number): Batch | null {
  const { services } = deps;
  const lookups = deps.lookups;
  const batch = readBatch(services.properties, batchId);
  if (!batch || batch.status !== 'looking up' || !lookups) return batch;
  const client = deps.okta(deadline, { keepWindows: true });
  const { people, leftOut } = lookUp(client, services.clock, batch, deadline);
  // A Queue batch's rows (one read of the Queue tab): their notes go on the card and in the Audit Log.
  const queue = batch.fromQueue ? queueRowsOf(deps, batch.batchId) : null;
  let made: Run[] = [];
  const plan = lookups.plan();
  const protectedGroups = lookups.protectedGroups();
  const self = people.length > 0 ? lookups.apiAccount(client) : undefined;
  const accepted: typeof people = [];
  for (const person of people) {
    const { user } = person;
    const login = user.profile.login;
    const mine = batch.requester.email;
    if (mine && [login, user.profile.email].some((x) => x?.toLowerCase() === mine)) {
      leftOut.push({ input: person.input, why: 'that is you: nobody offboards themselves' });
      continue;
    }
    const protection = checkProtection({
      user,
      access: person.access,
      self,
      protectedGroups,
      requesterRole: batch.requester.role,
    });
    if (protection.kind === 'protected') leftOut.push({ input: login, why: `protected: ${protection.why}` });
    else if (protection.kind === 'unchecked')
      leftOut.push({
        input: login,
        why: `could not check whether protected: no answer for ${protection.missing}`,
      });
    else if (protection.needsApproval)
      leftOut.push({
        input: login,
        why: 'holds Okta admin roles: offboard them alone, with a second person’s approval',
      });
    else accepted.push(person);
  }
  const finished = withLock(
    services,
    () => {
      const current = readBatch(services.properties, batchId);
      if (!current || current.status !== 'looking up') return current;
      const now = services.clock.now();
      const active = deps.store.active();
      const runs: Run[] = [];
      const shown: PersonAtStake[] = [];
      let room = peopleWithRoom(services.properties.all());
      for (const { user, access, input } of accepted) {
        const existing = activeRunFor(active, user.id);
        if (existing) {
          leftOut.push({
            input: user.profile.login,
            why: `run ${existing.runId} is already ${existing.status}`,
          });
          continue;
        }
        if (room <= 0) {
          leftOut.push({
            input: user.profile.login,
            why: NO_ROOM_WHY,
          });
          continue;
        }
        room--;
        const run = memberRun(deps, current, { user, input, plan, now });
        runs.push(run);
        const note = queue ? noteFor(queue, input) : undefined;
        shown.push({
          runId: run.runId,
          name: run.data.target.displayName,
          login: user.profile.login,
          roles: access.roles?.length ?? null,
          apps: access.apps?.length ?? null,
          groups: access.groups?.length ?? null,
          ...(note ? { note } : {}),
        });
      }
      deps.store.insertMany(runs);
      made = runs;
      const next: Batch = {
        ...current,
        status: runs.length > 0 ? 'awaiting confirmation' : 'finished',
        targets: [],
        plan,
        runIds: runs.map((r) => r.runId),
        people: shown,
        // Who the request itself left out (Queue rows naming nobody) first, then the lookups'.
        leftOut: [...current.leftOut, ...leftOut],
        confirmBy: now + t.CONFIRM_WINDOW_MS,
      };
      saveBatch(services.properties, next, current);
      return next;
    },
    deps.lockWaitMs,
  );
  if (queue && finished && finished.status !== 'looking up') markLookedUp(deps, finished, made);
  if (finished && finished.status !== 'looking up') {
    deps.audit({
      actor: 'offboard',
      action: 'batch looked up',
      detail: `${finished.batchId}: ${finished.runIds.length} to confirm, ${finished.leftOut.length} left out`,
    });
    deps.reporter.showBatchCard(finished, plan);
    if (finished.status === 'finished') forgetBatch(services.properties, finished);
  }
  return finished;
}

function memberRun(
  deps: EngineDeps,
  batch: Batch,
  p: { user: OktaUser; input: string; plan: Run['data']['plan']; now: number },
): Run {
  const { services } = deps;
  const profile = p.user.profile;
  return {
    runId: newRunId(services.clock, services.crypto),
    requestedAt: new Date(p.now),
    requestedBy: `${batch.requester.name} (${batch.requester.slackUserId})`,
    target: profile.login,
    oktaUserId: p.user.id,
    status: 'awaiting confirmation',
    updatedAt: new Date(p.now),
    message: `Waiting for the requester to confirm batch ${batch.batchId}.`,
    confirmedBy: '',
    data: {
      plan: p.plan,
      tasks: {},
      target: {
        input: p.input,
        login: profile.login,
        email: profile.email,
        displayName: displayName(p.user),
        statusAtRequest: p.user.status,
      },
      requester: { slackUserId: batch.requester.slackUserId, name: batch.requester.name },
      confirmBy: p.now + t.CONFIRM_WINDOW_MS,
      pauseSeq: 0,
      facts: {},
      clicks: [],
      batch: batch.batchId,
    },
  };
}

/** A batch click: Confirm, Cancel or Abort the rest. `authorize` checks the clicker on the fresh batch. */
export interface BatchClick {
  batchId: string;
  actor: string;
  authorize: (batch: Batch) => void;
}

/** Confirm or Approve: the grace period comes with the click, read from the Settings as for one run. */
export interface BatchStart extends BatchClick {
  /** Grace Period Hours in ms (0: none) and the Settings time zone. Required: the caller reads the Settings. */
  grace: { ms: number; timeZone: string };
}

/**
 * Every member plans the grace period as one run does at its Confirm (the first task after containment
 * and the rest wait); the batch keeps its length and time zone for its message. Nothing to hold: none.
 */
function planBatchGrace(deps: EngineDeps, members: Run[], grace: BatchStart['grace']): Pick<Batch, 'grace'> {
  const isContain = (id: Run['data']['plan'][number]['id']): boolean => deps.task(id)?.stage === 'contain';
  for (const run of members) t.planGrace(run, grace.ms, isContain);
  return members.some((r) => r.data.grace) ? { grace: { ms: grace.ms, timeZone: grace.timeZone } } : {};
}

/**
 * Confirm: every member still awaiting confirmation is queued, in one Script Properties write, and the
 * worker contains them all first. Nothing is sent to Okta in this request: 200 people's containment does
 * not fit in Slack's 3 seconds. With `approval` (the two-person rule is on) nothing is queued: every member
 * awaits one approval for the whole batch (`approveBatch`), asked in the channel by the caller.
 */
export function confirmBatch(
  deps: EngineDeps,
  click: BatchStart & { approval: string | null },
): { batch: Batch; queued: number } {
  const { services } = deps;
  return withLock(
    services,
    () => {
      const batch = readBatch(services.properties, click.batchId);
      if (!batch) throw notFound(click.batchId);
      click.authorize(batch);
      if (batch.status !== 'awaiting confirmation') throw stateError(batch, 'confirm');
      const now = services.clock.now();
      const members = membersOf(deps, batch).filter((r) => r.status === 'awaiting confirmation');
      if (now > batch.confirmBy) {
        members.forEach((r) => t.expire(r));
        deps.store.holdMany(members);
        const expired = { ...batch, status: 'expired' as const };
        saveBatch(services.properties, expired, batch);
        deps.audit({ actor: click.actor, action: 'confirm refused: expired', detail: batch.batchId });
        throw new OffboardError('CLICK_EXPIRED', `Batch ${batch.batchId} was not confirmed in time.`, {
          runId: batch.batchId,
        });
      }
      if (click.approval !== null) {
        // The single run's transition, per member: each waits for the batch's one Approve or Deny.
        for (const run of members) t.requestApproval(run, click.actor, click.approval, now);
        deps.store.holdMany(members);
        const asked: Batch = {
          ...batch,
          status: 'awaiting approval',
          confirmedBy: click.actor,
          approval: { reason: click.approval, until: now + t.APPROVAL_WINDOW_MS },
        };
        saveBatch(services.properties, asked, batch);
        deps.audit({
          actor: click.actor,
          action: 'batch approval requested',
          detail: `${batch.batchId}: ${members.length} people; ${click.approval}`,
        });
        return { batch: asked, queued: 0 };
      }
      for (const run of members) t.confirm(run, click.actor, now);
      const grace = planBatchGrace(deps, members, click.grace);
      deps.store.holdMany(members);
      // The card's list has served its purpose, but dropping it here would delete its parts one call each
      // (7 for 500 people) inside Slack's 3 seconds: the worker drops it (batchStep).
      const started: Batch = { ...batch, status: 'started', confirmedBy: click.actor, ...grace };
      saveBatch(services.properties, started, batch);
      deps.audit({
        actor: click.actor,
        action: 'confirmed batch',
        detail: `${batch.batchId}: ${members.length} people`,
      });
      return { batch: started, queued: members.length };
    },
    deps.lockWaitMs,
  );
}

/**
 * Approve (two-person rule): every member awaiting approval is queued, as Confirm queues them with the
 * rule off, in one Script Properties write. Too late, the batch expires instead (CLICK_EXPIRED).
 */
export function approveBatch(deps: EngineDeps, click: BatchStart): { batch: Batch; queued: number } {
  const { services } = deps;
  const result = withLock(
    services,
    (): { batch: Batch; queued: number } | { expired: Batch } => {
      const batch = readBatch(services.properties, click.batchId);
      if (!batch) throw notFound(click.batchId);
      click.authorize(batch);
      if (batch.status !== 'awaiting approval' || !batch.approval) throw stateError(batch, 'approve');
      const now = services.clock.now();
      const members = membersOf(deps, batch).filter((r) => r.status === 'awaiting approval');
      if (now > batch.approval.until) return { expired: expireApproval(deps, batch, members) };
      for (const run of members) t.approve(run, click.actor, now);
      const grace = planBatchGrace(deps, members, click.grace);
      deps.store.holdMany(members);
      const started: Batch = {
        ...batch,
        ...grace,
        status: 'started',
        approval: { ...batch.approval, by: click.actor },
        // The card's list goes with the worker's next turn (batchStep), as after Confirm.
      };
      saveBatch(services.properties, started, batch);
      deps.audit({
        actor: click.actor,
        action: 'approved batch',
        detail: `${batch.batchId}: ${members.length} people`,
      });
      return { batch: started, queued: members.length };
    },
    deps.lockWaitMs,
  );
  if ('expired' in result) {
    batchEnded(deps, result.expired, 'Not approved within 24 hours; nothing was changed in Okta.');
    throw new OffboardError('CLICK_EXPIRED', `Batch ${click.batchId} was not approved in time.`, {
      runId: click.batchId,
    });
  }
  publishProgress(deps, result.batch.batchId);
  tellBatchRequester(
    deps,
    result.batch,
    `${click.actor} approved batch ${result.batch.batchId}: offboarding ${result.queued} people has started.`,
  );
  return result;
}

/** Deny (two-person rule): every member ends `denied`; nothing was changed in Okta. */
export function denyBatch(deps: EngineDeps, click: BatchClick): Batch {
  const { services } = deps;
  const denied = withLock(
    services,
    () => {
      const batch = readBatch(services.properties, click.batchId);
      if (!batch) throw notFound(click.batchId);
      click.authorize(batch);
      if (batch.status !== 'awaiting approval' || !batch.approval) throw stateError(batch, 'deny');
      const now = services.clock.now();
      const members = membersOf(deps, batch).filter((r) => r.status === 'awaiting approval');
      for (const run of members) t.deny(run, click.actor, now);
      // Denied runs need their row (the worker writes it, then they leave the index).
      deps.store.holdMany(members);
      const next: Batch = { ...batch, status: 'denied', approval: { ...batch.approval, by: click.actor } };
      saveBatch(services.properties, next, batch);
      deps.audit({
        actor: click.actor,
        action: 'denied batch',
        detail: `${batch.batchId}: ${members.length} people`,
      });
      return next;
    },
    deps.lockWaitMs,
  );
  batchEnded(deps, denied, `Denied by ${click.actor}; nothing was changed in Okta.`);
  return denied;
}

/** Under the lock: a batch whose approval window closed expires with every member awaiting approval. */
function expireApproval(deps: EngineDeps, batch: Batch, members: Run[]): Batch {
  members.forEach((r) => t.expireApproval(r));
  deps.store.holdMany(members);
  const expired: Batch = { ...batch, status: 'expired' };
  saveBatch(deps.services.properties, expired, batch);
  deps.audit({
    actor: 'offboard',
    action: 'batch approval expired',
    detail: `${batch.batchId}: ${members.length} people`,
  });
  return expired;
}

/** A batch that ended before starting (denied, approval expired): its channel message and its requester say so. */
function batchEnded(deps: EngineDeps, batch: Batch, text: string): void {
  const progress = progressOf(batch, [], () => false);
  deps.reporter.publishBatch(batch, progress);
  tellBatchRequester(deps, batch, `Batch ${batch.batchId} (${batch.runIds.length} people): ${text}`);
}

function tellBatchRequester(deps: EngineDeps, batch: Batch, text: string): void {
  try {
    deps.reporter.tellBatchRequester(batch, text);
  } catch (e) {
    deps.services.log.warn('could not tell a batch requester', { batchId: batch.batchId, error: String(e) });
  }
}

/**
 * The requester's Confirm under the two-person rule: the batch's one channel message, the approval
 * request with Approve and Deny, is posted and remembered.
 */
export function askBatchApproval(deps: EngineDeps, batchId: string): Batch | null {
  const { services } = deps;
  const batch = readBatch(services.properties, batchId);
  if (!batch || batch.status !== 'awaiting approval') return batch;
  const posted = deps.reporter.publishBatch(
    batch,
    progressOf(batch, [], () => false),
  );
  if (!posted) return batch;
  return withLock(
    services,
    () => {
      const current = readBatch(services.properties, batchId);
      if (!current) return null;
      const next: Batch = { ...current, report: posted };
      saveBatch(services.properties, next, current);
      return next;
    },
    deps.lockWaitMs,
  );
}

function stateError(batch: Batch, action: string): OffboardError {
  return new OffboardError('RUN_STATE', `Batch ${batch.batchId} is ${batch.status}.`, {
    runId: batch.batchId,
    status: batch.status,
    action,
  });
}

/** Cancel on the card: every member is cancelled; nothing was changed in Okta. */
export function cancelBatch(deps: EngineDeps, click: BatchClick): Batch {
  const { services } = deps;
  const batch = withLock(
    services,
    () => {
      const batch = readBatch(services.properties, click.batchId);
      if (!batch) throw notFound(click.batchId);
      click.authorize(batch);
      if (batch.status !== 'awaiting confirmation') throw stateError(batch, 'cancel');
      const now = services.clock.now();
      const members = membersOf(deps, batch).filter((r) => r.status === 'awaiting confirmation');
      for (const run of members) t.cancel(run, click.actor, now);
      // Cancelled runs need their row (the worker writes it, then they leave the index).
      deps.store.holdMany(members);
      const cancelled: Batch = { ...batch, status: 'cancelled', people: [] };
      saveBatch(services.properties, cancelled, batch);
      return cancelled;
    },
    deps.lockWaitMs,
  );
  deps.audit({ actor: click.actor, action: 'cancelled batch', detail: batch.batchId });
  return batch;
}

/** The members still in the active-run index (one Script Properties call). */
export function membersOf(deps: EngineDeps, batch: Batch): Run[] {
  const ids = new Set(batch.runIds);
  return deps.store.active().filter((r) => ids.has(r.runId));
}

function notFound(batchId: string): OffboardError {
  return new OffboardError('RUN_NOT_FOUND', `No batch ${batchId}.`, { runId: batchId });
}

/**
 * Abort the rest: every member not yet finished stops where it is (a task in flight is still recorded
 * when its answer comes, as for one run's Abort). One Script Properties write for all.
 */
export function abortBatch(deps: EngineDeps, click: BatchClick): { batch: Batch; aborted: number } {
  const { batch, changed } = changeMembers(
    deps,
    click,
    'abort',
    'aborted the rest of a batch',
    (all, now) => {
      // Members waiting in the grace period stop too: nothing held is sent for them.
      const members = all.filter((r) =>
        ['paused', 'queued', 'running', 'in grace period'].includes(r.status),
      );
      for (const run of members) t.abort(run, click.actor, now, undefined, true);
      return members;
    },
  );
  return { batch, aborted: changed };
}

/**
 * Continue now (everyone): the grace period ends for every member still in it, a member held by an Undo
 * that Okta refused included (as one run's Continue now); the held tasks start at the worker's next turn.
 * One Script Properties write for all. Nobody in it any more: refused as stale (RUN_STATE).
 */
export function continueBatch(deps: EngineDeps, click: BatchClick): { batch: Batch; continued: number } {
  const { batch, changed } = changeMembers(deps, click, 'continue', 'continued a batch', (all, now, b) => {
    const members = all.filter((r) => r.status === 'in grace period');
    if (members.length === 0) throw nobodyLeft(b, 'continue', 'is in the grace period');
    for (const run of members) t.endGrace(run, click.actor, now);
    return members;
  });
  return { batch, continued: changed };
}

/**
 * Undo everyone: every member still in the grace period, and not already being undone, is marked for the
 * worker, which unsuspends them in paced rounds (500 people's unsuspend and read back do not fit in Slack's
 * 3 seconds; src/run/batchUndo.ts). Nothing is sent to Okta in the click. One Script Properties write.
 */
export function undoBatch(deps: EngineDeps, click: BatchClick): { batch: Batch; undoing: number } {
  const { batch, changed } = changeMembers(deps, click, 'undo', 'undo batch requested', (all, now, b) => {
    const marked = all
      .filter((r) => r.status === 'in grace period' && r.data.grace?.undo?.worker === undefined)
      .filter((run) => {
        try {
          t.beginUndo(run, click.actor, now, true);
          return true;
        } catch {
          return false; // a held task has run for this one: it cannot be undone
        }
      });
    if (marked.length === 0) throw nobodyLeft(b, 'undo', 'can be undone');
    return marked;
  });
  return { batch, undoing: changed };
}

/**
 * A click on a started batch's message that changes its members (Abort the rest, Continue now, Undo
 * everyone): under the lock the batch is read again and the clicker authorised, `change` picks and changes
 * the members (or refuses), they are saved in one Script Properties write, and the click is audited.
 */
function changeMembers(
  deps: EngineDeps,
  click: BatchClick,
  action: string,
  audited: string,
  change: (members: Run[], now: number, batch: Batch) => Run[],
): { batch: Batch; changed: number } {
  const { services } = deps;
  const result = withLock(
    services,
    () => {
      const batch = readBatch(services.properties, click.batchId);
      if (!batch) throw notFound(click.batchId);
      click.authorize(batch);
      if (batch.status !== 'started') throw stateError(batch, action);
      const changed = change(membersOf(deps, batch), services.clock.now(), batch);
      deps.store.holdMany(changed);
      return { batch, changed: changed.length };
    },
    deps.lockWaitMs,
  );
  deps.audit({
    actor: click.actor,
    action: audited,
    detail: `${result.batch.batchId}: ${result.changed} people`,
  });
  return result;
}

/** Nobody of the batch is left for this click: refused as stale, like a run's stale button. */
function nobodyLeft(batch: Batch, action: string, what: string): OffboardError {
  return new OffboardError('RUN_STATE', `Nobody of batch ${batch.batchId} ${what}.`, {
    runId: batch.batchId,
    status: 'past its grace period',
    action,
  });
}

/** Whether a member's containment (the plan's leading Suspend and Clear Sessions) has an outcome. */
export function containedBy(deps: EngineDeps): (run: Run) => boolean {
  return (run) => {
    const contain = run.data.plan.filter((_, i, all) =>
      all.slice(0, i + 1).every((q) => deps.task(q.id)?.stage === 'contain'),
    );
    return contain.every((p) => {
      const s = t.record(run, p.id).state;
      return s === 'done' || s === 'already_done' || s === 'skipped';
    });
  };
}

/**
 * Counts the batch's members, records the ones that finished (they leave the index once their row is
 * written), posts or updates its one channel message, and forgets the batch once everyone is finished and
 * written. `finishedNow`: members this execution saw finish (their entry may be gone already).
 */
export function publishProgress(deps: EngineDeps, batchId: string, finishedNow: Run[] = []): Batch | null {
  const { services } = deps;
  const contained = containedBy(deps);
  const noted = withLock(
    services,
    () => {
      const batch = readBatch(services.properties, batchId);
      if (!batch || batch.status !== 'started') return null;
      const active = membersOf(deps, batch);
      const next: Batch = { ...batch, finished: { ...batch.finished } };
      for (const run of [...finishedNow, ...active]) {
        if (!batch.runIds.includes(run.runId) || isActive(run.status)) continue;
        next.finished[run.runId] = { status: run.status, contained: contained(run) };
      }
      const progress = progressOf(next, active, contained);
      saveBatch(services.properties, next, batch);
      return { batch: next, progress, waiting: active.length };
    },
    deps.lockWaitMs,
  );
  if (!noted) return null;
  const posted = deps.reporter.publishBatch(noted.batch, noted.progress);
  const { progress } = noted;
  const allDone = allFinished(progress);
  if (!posted && !(allDone && noted.waiting === 0)) return noted.batch;
  return withLock(
    services,
    () => {
      const batch = readBatch(services.properties, batchId);
      if (!batch) return null;
      const next: Batch = { ...batch, ...(posted ? { report: posted } : {}) };
      if (allDone && noted.waiting === 0 && membersOf(deps, batch).length === 0) {
        next.status = 'finished';
        // A Queue batch stays until the worker has written each row's outcome (settleQueueRows).
        if (batch.fromQueue) saveBatch(services.properties, next, batch);
        else forgetBatch(services.properties, batch);
        deps.audit({ actor: 'offboard', action: 'batch finished', detail: progressText(next, progress) });
        return next;
      }
      saveBatch(services.properties, next, batch);
      return next;
    },
    deps.lockWaitMs,
  );
}

/** A started batch's card list (kept by Confirm, see confirmBatch) leaves the store. */
function dropCardList(deps: EngineDeps, batchId: string): void {
  try {
    withLock(
      deps.services,
      () => {
        const batch = readBatch(deps.services.properties, batchId);
        if (batch && batch.people.length > 0)
          saveBatch(deps.services.properties, { ...batch, people: [] }, batch);
      },
      deps.lockWaitMs,
    );
  } catch (e) {
    deps.services.log.warn('could not drop a batch card list', { batchId, error: String(e) });
  }
}

/**
 * The worker's batch step: looks up the batches waiting for it, expires the ones whose approval window
 * closed, and forgets the ones that ended before starting (cancelled, expired, denied, never confirmed)
 * once their members' rows are written.
 */
export function batchStep(deps: EngineDeps, deadline: number): { lookedUp: string[] } {
  const { services } = deps;
  const lookedUp: string[] = [];
  const now = services.clock.now();
  const all = services.properties.all();
  for (const batch of allBatches(all)) {
    if (batch.status === 'looking up') {
      if (services.clock.now() >= deadline) continue;
      try {
        lookUpBatch(deps, batch.batchId, deadline);
        lookedUp.push(batch.batchId);
      } catch (e) {
        services.log.error('batch lookup failed', { batchId: batch.batchId, error: String(e) });
        deps.audit({ actor: 'offboard', action: 'worker error', detail: `${batch.batchId}: ${String(e)}` });
      }
      continue;
    }
    if (batch.status === 'started' && batch.people.length > 0) {
      dropCardList(deps, batch.batchId);
      continue;
    }
    if (batch.status === 'awaiting approval' && (batch.approval?.until ?? 0) < now) {
      try {
        expireWaitingApproval(deps, batch.batchId);
      } catch (e) {
        services.log.warn('could not expire a batch approval', { batchId: batch.batchId, error: String(e) });
      }
      continue;
    }
    const ended =
      batch.status === 'cancelled' ||
      batch.status === 'expired' ||
      batch.status === 'denied' ||
      batch.status === 'finished' ||
      (batch.status === 'awaiting confirmation' && batch.confirmBy < now);
    if (ended && !batch.runIds.some((id) => all[activeRunKey(id)] !== undefined)) {
      // A Queue batch's rows are released or marked first (the only Queue tab read a worker turn makes).
      if (batch.fromQueue) settleQueueRows(deps, batch);
      forgetBatch(services.properties, batch);
    }
  }
  return { lookedUp };
}

/** 24 hours without Approve or Deny: the batch expires, nothing done in Okta; the channel and requester are told. */
function expireWaitingApproval(deps: EngineDeps, batchId: string): void {
  const { services } = deps;
  const expired = withLock(
    services,
    () => {
      const batch = readBatch(services.properties, batchId);
      if (!batch || batch.status !== 'awaiting approval') return null;
      if ((batch.approval?.until ?? 0) >= services.clock.now()) return null;
      const members = membersOf(deps, batch).filter((r) => r.status === 'awaiting approval');
      return expireApproval(deps, batch, members);
    },
    deps.lockWaitMs,
  );
  if (expired) batchEnded(deps, expired, 'Not approved within 24 hours; nothing was changed in Okta.');
}
