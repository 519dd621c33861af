// A run: one person's offboarding, from the confirmation card to the summary. Its record is one row of
// the Offboarding tab.

import type { RunDetail, TaskId } from '../tasks/types';
import type { WebhookSpec } from '../tasks/webhook';
import type { TargetQuery } from '../okta/findUser';
import type { Role } from '../sheet/tabs';

export type RunStatus =
  | 'awaiting confirmation'
  | 'awaiting approval'
  | 'scheduled'
  | 'queued'
  | 'running'
  | 'paused'
  | 'in grace period'
  | 'completed'
  | 'aborted'
  | 'cancelled'
  | 'expired'
  | 'denied'
  | 'undone';

export const RUN_STATUSES: readonly RunStatus[] = [
  'awaiting confirmation',
  'awaiting approval',
  'scheduled',
  'queued',
  'running',
  'paused',
  'in grace period',
  'completed',
  'aborted',
  'cancelled',
  'expired',
  'denied',
  'undone',
];

/** A run in one of these states blocks another run for the same Okta user. */
export const ACTIVE_STATUSES: readonly RunStatus[] = [
  'awaiting confirmation',
  'awaiting approval',
  'scheduled',
  'queued',
  'running',
  'paused',
  'in grace period',
];

export function isActive(status: RunStatus): boolean {
  return ACTIVE_STATUSES.includes(status);
}

export type OnFailure = 'pause' | 'continue';

/** One task as planned for this run (from the Tasks tab when the run was requested). */
export interface PlannedTask {
  id: TaskId;
  label: string;
  onFailure: OnFailure;
  /** A webhook row's URL, secret property name and timeout policy, as the Tasks tab said at request. */
  webhook?: WebhookSpec;
}

export type TaskState = 'pending' | 'running' | 'done' | 'already_done' | 'skipped' | 'failed';

/** What the run knows of one task. `failed` is final only when onFailure is continue or on abort. */
export interface TaskRecord {
  state: TaskState;
  /** The outcome's detail, reason or error message. */
  text: string;
  attempts: number;
  /** Epoch ms: a transient failure waits until then before the next attempt. */
  retryAt?: number;
  /** Not a failure: the task waits for another system (a Google transfer) until retryAt, then looks again. */
  waiting?: boolean;
  /** Who skipped it, when skipped by a person. */
  by?: string;
  at?: number;
}

/** Facts kept in the Run Data column as JSON. Not secret: no tokens, no response_url. */
/**
 * Why a run may start only after the two-person rule's approval, whatever the Settings say:
 * 'admin-target': the person holds Okta admin roles and the requester is an Offboard admin.
 */
export type NeedsApproval = 'admin-target';

export interface RunData {
  plan: PlannedTask[];
  tasks: Partial<Record<TaskId, TaskRecord>>;
  target: {
    input: string;
    login: string;
    email: string;
    displayName: string;
    statusAtRequest: string;
  };
  requester: { slackUserId: string; name: string };
  /** Epoch ms after which an unconfirmed run expires. */
  confirmBy: number;
  /** Bumped on every pause, so a Retry/Skip click from an older pause is stale. */
  pauseSeq: number;
  /** An execution working on the run holds it until this time (epoch ms). */
  leaseUntil?: number;
  leaseOwner?: string;
  /** When the paused run last told the channel (the pause, then each reminder), epoch ms. */
  pauseNoticeAt?: number;
  /** The task a paused run waits on. */
  pausedTask?: TaskId;
  /** Facts tasks asked to keep, e.g. removedGroups. */
  facts: Record<string, unknown>;
  /**
   * The two-person rule: why the run needs a second person's approval, until when (epoch ms) it waits
   * for one, and who approved or denied it.
   */
  approval?: { reason: string; until: number; by?: string };
  /**
   * A scheduled run: when it starts (epoch ms), the time zone it was asked in, when the channel was
   * reminded, and when it was told the due run waits for Okta (once).
   */
  schedule?: { startAt: number; timeZone: string; remindedAt?: number; waitNoticeAt?: number };
  /** The grace period (Settings, Grace Period Hours, read at Confirm): see `Grace`. */
  grace?: Grace;
  /** Slack channel message for the live checklist. */
  report?: { channel: string; ts: string };
  /** Who clicked what, newest last (short). */
  clicks: { action: string; by: string; at: number }[];
  /**
   * Set at request time when the run needs approval whatever the Settings say (an Okta admin target,
   * src/run/protection.ts): Confirm goes through Approve.
   */
  needsApproval?: NeedsApproval;
  /** The batch this run belongs to (several people in one request, src/run/batch.ts). */
  batch?: string;
}

/**
 * The grace period: containment runs at once, and `from` (the first task after containment) and every
 * task after it wait `ms` after containment ends, so Undo stays possible.
 */
export interface Grace {
  ms: number;
  /** The first task that waits. */
  from: TaskId;
  /**
   * When the wait ends (epoch ms): set when containment is over and the run enters the grace period; for a
   * batch member, when the whole batch's containment is over (one time for everyone, src/run/rounds.ts).
   */
  until?: number;
  /** Set when the wait is over (its time came, or Continue now): the held tasks may run. */
  endedAt?: number;
  endedBy?: string;
  /**
   * Someone clicked Undo: the worker never ends this grace period by itself any more. Cleared by
   * Continue now; an Undo that Okta refused leaves it, so the run waits for a person.
   */
  undo?: {
    by: string;
    at: number;
    /**
     * A batch's Undo everyone: the worker unsuspends (never the click). 'pending' until a worker round
     * claims it (its execution and lease end), gone once Okta answered.
     */
    worker?: 'pending' | { owner: string; until: number };
  };
}

export interface Run {
  runId: string;
  /** Sheet row number, when read from the Sheet. */
  rowNumber?: number;
  requestedAt: Date;
  requestedBy: string;
  target: string;
  oktaUserId: string;
  status: RunStatus;
  updatedAt: Date;
  message: string;
  confirmedBy: string;
  data: RunData;
  /**
   * Set by a Slack request's save: the run's row (and `detailsPending`) wait in the index for the worker,
   * which writes them within its minute. A finished run stays in the index until then.
   */
  rowPending?: boolean;
  /** Run Details rows a Slack request left for the worker (containment's few items). */
  detailsPending?: PendingDetail[];
  /**
   * The slash command's response_url, for notes to the requester (index only, never the row: it lets
   * anyone holding it post to the requester). Slack accepts 5 uses within 30 minutes.
   */
  replyTo?: ReplyTo;
  /** Notes to the requester a click left for the worker to send (index only), so the click answers sooner. */
  notesPending?: string[];
}

/** A response_url as kept: when Slack gave it (epoch ms) and how often it was used. */
export interface ReplyTo {
  url: string;
  at: number;
  used: number;
}

/** A Run Details row waiting in the index: `time` is epoch ms, `task` the task's label. */
export interface PendingDetail extends RunDetail {
  runId: string;
  time: number;
  task: string;
}

export type { TaskId };

// ---- Batches: several people in one request (src/run/batch.ts)

export type BatchStatus =
  | 'looking up'
  | 'awaiting confirmation'
  | 'awaiting approval'
  | 'started'
  | 'finished'
  | 'cancelled'
  | 'expired'
  | 'denied';

/** Why someone is left out when Script Properties hold as many batch members as they can (src/run/batch.ts). */
export const NO_ROOM_WHY =
  'Offboard is holding as many people as Script Properties allow: ask again for them when a batch under way has finished';

/** Someone named in the request who got no run, and why (plain text). */
export interface LeftOut {
  input: string;
  why: string;
}

/** What is at stake for one person, counted for the card. Null counts: Okta did not answer. */
export interface PersonAtStake {
  runId: string;
  name: string;
  login: string;
  roles: number | null;
  apps: number | null;
  groups: number | null;
  /** The Queue tab's Note for this person (cut to NOTE_CHARS), when the batch came from the Queue tab. */
  note?: string;
}

export interface Batch {
  batchId: string;
  status: BatchStatus;
  requestedAt: number;
  requester: { slackUserId: string; name: string; role: Role; email: string | null };
  /** The people as typed, until the worker has looked them up. */
  targets: TargetQuery[];
  /**
   * The tasks, as the Tasks tab said when the people were looked up: kept once here, not in each
   * member's index entry (see activeRuns.ts), so 200 people fit in Script Properties.
   */
  plan: PlannedTask[];
  runIds: string[];
  /** What the card showed for each run, in the order asked. */
  people: PersonAtStake[];
  leftOut: LeftOut[];
  /** Epoch ms after which the card's Confirm expires (the members' own confirmBy). */
  confirmBy: number;
  confirmedBy?: string;
  /**
   * The two-person rule: the requester's Confirm asked the channel; an approver or admin other than the
   * requester approves or denies until `until` (epoch ms). `by`: who answered.
   */
  approval?: { reason: string; until: number; by?: string };
  /** The batch came from the Queue tab (`/offboard queue`): its rows name it in their Batch cell. */
  fromQueue?: boolean;
  /** The list command's response_url: the worker replaces its answer with the card (never in the Sheet). */
  replyTo?: ReplyTo;
  /** The batch's one channel message, updated in place; members' messages go in its thread. */
  report?: { channel: string; ts: string };
  /**
   * The grace period (Settings, Grace Period Hours and Time Zone, read at Confirm or Approve): every member
   * waits after the batch's containment, as one run would (see `Grace`); the time zone is for the message.
   */
  grace?: { ms: number; timeZone: string };
  /** Members that finished and left the active-run index: run id → their final status. */
  finished: Record<string, { status: Run['status']; contained: boolean }>;
}
