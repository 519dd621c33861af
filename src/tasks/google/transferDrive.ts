// Transfer Drive to Manager: a Data Transfer API request moving the person's Drive files (private and
// shared) and Calendar to their manager, then followed until Google says it completed. The manager comes
// from the Okta profile (managerId, else manager when it is an address). A transfer takes minutes to days:
// while Google says new or inProgress the task waits (no attempt counted, no execution held) and looks
// again at the worker's next turn after TRANSFER_POLL_MS. Data Transfer API: transfers.insert, transfers.get.

import { googleCall } from '../../google/call';
import type { OktaResult } from '../../okta/client';
import { oktaCalls } from '../../okta/requests';
import { sendGoogle, sendOktaAmong } from '../send';
import type {
  AnyTaskSteps,
  CallResult,
  Steps,
  TaskCall,
  TaskContext,
  TaskDefinition,
  TaskOutcome,
} from '../types';
import { findGoogleAccount, googleFailed, googleUserOf, type GoogleUser } from './account';

/** How long a transfer in progress waits before the next look. */
export const TRANSFER_POLL_MS = 5 * 60_000;

/**
 * How long the task follows a transfer before it asks a person: a transfer usually takes minutes to hours;
 * past two days something is wrong (a quota, a stuck job) and nobody would know, since waiting raises no
 * pause. The run then pauses, so the pause reminders (Settings, Pause Reminder Hours) keep it in sight.
 */
export const TRANSFER_PATIENCE_MS = 48 * 3_600_000;
/** When this run started waiting for its transfer (epoch ms); cleared by the pause, so Retry waits anew. */
const TRANSFER_SINCE = 'googleTransferSince';

/** Set in the run's record once Google accepted the transfer, so a later attempt follows it. */
const TRANSFER_ID = 'googleTransferId';
const TRANSFER_TO = 'googleTransferTo';
/**
 * The person's transfers to the manager that existed before this run asked, kept before asking: an ask
 * whose answer was lost may have made one, and a later attempt follows a transfer not in this list
 * rather than asking a second time.
 */
const TRANSFERS_BEFORE = 'googleTransfersBefore';
/** Transfers kept in that list at most. */
const MAX_TRANSFERS_BEFORE = 20;

function* run(ctx: TaskContext): AnyTaskSteps {
  const earlier = ctx.runData[TRANSFER_ID];
  if (typeof earlier === 'string' && earlier !== '') {
    return yield* follow(ctx, earlier, String(ctx.runData[TRANSFER_TO] ?? 'the manager'));
  }

  const found = yield* findGoogleAccount(ctx, "transfer the person's Drive");
  if ('outcome' in found) return found.outcome;
  const manager = yield* findManager(ctx);
  if ('outcome' in manager) return manager.outcome;
  if (manager.user.id === found.user.id) {
    return refuse(
      `The Okta profile names ${found.user.primaryEmail} as their own manager; set the manager in Okta.`,
    );
  }

  const pair = { oldOwnerUserId: found.user.id, newOwnerUserId: manager.user.id };
  const listed = yield* sendGoogle(googleCall({ method: 'transfers.list', ...pair }));
  if (!listed.ok) {
    return googleFailed(listed.error, `list the transfers to ${manager.user.primaryEmail}`);
  }
  const existing = transferIds(listed.body);
  const before = ctx.runData[TRANSFERS_BEFORE];
  let id: unknown = Array.isArray(before)
    ? existing.find((t) => t.live && !before.includes(t.id))?.id
    : undefined;
  if (id === undefined) {
    const known = {
      [TRANSFERS_BEFORE]: Array.isArray(before)
        ? before
        : existing.map((t) => t.id).slice(0, MAX_TRANSFERS_BEFORE),
    };
    ctx.record?.(known);
    const inserted = yield* sendGoogle(
      googleCall({ method: 'transfers.insert', ...pair, applications: ['drive', 'calendar'] }),
    );
    if (!inserted.ok) {
      const outcome = googleFailed(
        inserted.error,
        `ask Google to transfer Drive to ${manager.user.primaryEmail}`,
      );
      return { ...outcome, data: known };
    }
    id = (inserted.body as { id?: unknown } | null)?.id;
  }
  if (typeof id !== 'string' || id === '') {
    return {
      kind: 'failed',
      transient: false,
      code: 'GOOGLE_FAILED',
      message: "Google's answer to transfers.insert had no transfer id.",
    };
  }
  const facts = { [TRANSFER_ID]: id, [TRANSFER_TO]: manager.user.primaryEmail };
  ctx.record?.(facts);
  const outcome = yield* follow(ctx, id, manager.user.primaryEmail);
  return {
    ...outcome,
    data: { ...facts, ...(outcome.data ?? {}) },
    details: [
      {
        kind: 'google transfer',
        oktaId: id,
        name: manager.user.primaryEmail,
        note: 'Drive (private and shared files) and Calendar',
      },
      ...(outcome.details ?? []),
    ],
  };
}

/** The transfers transfers.list answered, newest first; `live` unless Google says it failed. */
function transferIds(body: unknown): { id: string; live: boolean }[] {
  const transfers = (body as { dataTransfers?: unknown } | null)?.dataTransfers;
  if (!Array.isArray(transfers)) return [];
  return (transfers as { id?: unknown; overallTransferStatusCode?: unknown; requestTime?: unknown }[])
    .filter(
      (t): t is { id: string; overallTransferStatusCode?: unknown; requestTime?: unknown } =>
        typeof t.id === 'string',
    )
    .sort((x, y) => String(y.requestTime ?? '').localeCompare(String(x.requestTime ?? '')))
    .map((t) => ({ id: t.id, live: t.overallTransferStatusCode !== 'failed' }));
}

/** Reads the transfer: completed is done, failed fails, anything else waits for the next look. */
function* follow(ctx: TaskContext, id: string, to: string): Steps<TaskOutcome, TaskCall, CallResult> {
  const read = yield* sendGoogle(googleCall({ method: 'transfers.get', transferId: id }));
  if (!read.ok)
    return googleFailed(read.error, `read Google's transfer ${id}`, { transient: read.error.status !== 404 });
  const status = (read.body as { overallTransferStatusCode?: unknown } | null)?.overallTransferStatusCode;
  if (status === 'completed') {
    return {
      kind: 'done',
      detail: `Drive and Calendar transferred to ${to}; Google shows transfer ${id} completed (read back).`,
    };
  }
  if (status === 'failed') {
    return {
      kind: 'failed',
      transient: false,
      code: 'GOOGLE_FAILED',
      message: `Google says transfer ${id} to ${to} failed. Check it in the Admin console (Data transfers); Retry asks for a new one.`,
      // A Retry starts again from a new request.
      data: { [TRANSFER_ID]: '' },
    };
  }
  const state = typeof status === 'string' ? status : 'under way';
  const recorded = ctx.runData[TRANSFER_SINCE];
  const since = typeof recorded === 'number' ? recorded : ctx.run?.at;
  if (ctx.run && since !== undefined && ctx.run.at - since >= TRANSFER_PATIENCE_MS) {
    const hours = Math.floor((ctx.run.at - since) / 3_600_000);
    return {
      kind: 'failed',
      transient: false,
      code: 'GOOGLE_FAILED',
      message: `Google has been working on transfer ${id} to ${to} for ${hours} hours and still says ${state}. Check it in the Admin console (Data transfers). Retry follows the same transfer for another ${TRANSFER_PATIENCE_MS / 3_600_000} hours; Skip goes on without it (Deactivate may then suspend or remove the Google account before the files move).`,
      data: { [TRANSFER_SINCE]: '' },
    };
  }
  const outcome: TaskOutcome = {
    kind: 'failed',
    transient: true,
    waiting: true,
    code: 'GOOGLE_FAILED',
    message: `Waiting for Google: transfer ${id} to ${to} is ${state}; Offboard looks again every few minutes.`,
  };
  if (ctx.run) outcome.retryAt = ctx.run.at + TRANSFER_POLL_MS;
  if (since !== undefined && recorded !== since) outcome.data = { [TRANSFER_SINCE]: since };
  return outcome;
}

/** The manager's Google account, from the Okta profile's managerId (an Okta id or login) or manager. */
function* findManager(
  ctx: TaskContext,
): Steps<{ user: GoogleUser } | { outcome: TaskOutcome }, TaskCall, CallResult> {
  const me: OktaResult = yield* sendOktaAmong(oktaCalls.getUser(ctx.user.id));
  if (!me.ok) {
    return {
      outcome: {
        kind: 'failed',
        transient: me.error.transient,
        code: me.error.code,
        message: `Could not read the Okta profile for its manager: ${me.error.summary}`,
      },
    };
  }
  const profile = (me.body as { profile?: { managerId?: unknown; manager?: unknown } } | null)?.profile ?? {};
  const managerId = typeof profile.managerId === 'string' ? profile.managerId.trim() : '';
  const manager = typeof profile.manager === 'string' ? profile.manager.trim() : '';
  let address = '';
  if (managerId !== '' && !managerId.includes('/')) {
    const boss: OktaResult = yield* sendOktaAmong(oktaCalls.getUser(managerId));
    if (boss.ok)
      address = String((boss.body as { profile?: { email?: unknown } } | null)?.profile?.email ?? '');
    else if (boss.error.code !== 'OKTA_NOT_FOUND') {
      return {
        outcome: {
          kind: 'failed',
          transient: boss.error.transient,
          code: boss.error.code,
          message: `Could not read the manager ${managerId} in Okta: ${boss.error.summary}`,
        },
      };
    } else if (managerId.includes('@')) address = managerId;
  }
  if (address === '' && manager.includes('@')) address = manager;
  if (address === '') {
    const said = managerId || manager ? ` (managerId "${managerId}", manager "${manager}")` : '';
    return {
      outcome: refuse(
        `The Okta profile names no manager Offboard can find${said}: set managerId to the manager's Okta login, then Retry, or Skip.`,
      ),
    };
  }
  const got = yield* sendGoogle(googleCall({ method: 'users.get', userKey: address }));
  if (!got.ok) {
    return {
      outcome:
        got.error.status === 404
          ? refuse(`The manager ${address} has no Google account to transfer to.`)
          : googleFailed(got.error, `find the manager ${address} in Google`),
    };
  }
  const user = googleUserOf(got.body);
  return user ? { user } : { outcome: refuse("Google's answer about the manager was not understood.") };
}

function refuse(message: string): TaskOutcome {
  return { kind: 'failed', transient: false, code: 'GOOGLE_FAILED', message };
}

export const googleTransferDriveTask: TaskDefinition = {
  id: 'google_transfer_drive',
  label: 'Transfer Drive to Manager',
  stage: 'revoke',
  description:
    "Transfer the person's Drive files and Calendar to their manager (Okta profile managerId or manager) with the Data Transfer API, and wait until Google says it completed. Off until turned on.",
  defaultOrder: 24,
  defaultOnFailure: 'pause',
  offByDefault: true,
  columnOptional: true,
  run,
};
