// What the run engine receives and the small types its parts share.

import type { OktaSelf } from '../okta/access';
import type { OktaClient } from '../okta/client';
import type { OktaUser } from '../okta/types';
import type { Services } from '../ports';
import type { Role } from '../sheet/tabs';
import type { TaskDefinition, TaskId } from '../tasks/types';
import type { GoogleDirectory } from '../google/call';
import type { WebhookSender } from '../webhook/call';
import type { Alongside } from '../slack/webApi';
import type { ButtonClaim } from './buttons';
import type { RunStore } from './store';
import type { BatchProgress } from './presentBatch';
import type { Batch, NeedsApproval, PlannedTask, ReplyTo, Run } from './types';

export interface AuditEntry {
  actor: string;
  action: string;
  runId?: string;
  detail?: string;
}

/** Posts and updates the run's Slack message; failures are reported through audit, never thrown. */
export interface RunReporter {
  /**
   * Posts the run message when there is none yet, else updates it. Returns the message when posted.
   * `alongside`: requests sent in the same fetchAll (a click's reply); not sent when nothing is posted.
   */
  publish(run: Run, alongside?: Alongside | null): { channel: string; ts: string } | null;
  /**
   * An ephemeral note to the requester through the slash command's response_url, when still usable.
   * `text` is plain (it may carry Okta's error texts): the reporter escapes it.
   */
  tellRequester(run: Run, text: string): void;
  /**
   * A reply in the thread of the run's channel message that mentions the requester (it lasts, unlike the
   * response_url). `text` is plain: the reporter escapes it. Nothing when the run has no channel message.
   */
  mentionRequester(run: Run, text: string): void;
  /**
   * A batch's card (or what became of its lookups), in place of the "looking up" answer, through the
   * list request's response_url.
   */
  showBatchCard(batch: Batch, plan: PlannedTask[]): void;
  /** Posts the batch's one channel message, or updates it in place. Returns the message when posted. */
  publishBatch(batch: Batch, progress: BatchProgress): { channel: string; ts: string } | null;
  /**
   * Tells a batch's requester (an approval, a denial, an expiry): a reply mentioning them in the thread of
   * the batch's channel message, and a note through the list command's response_url while Slack accepts it.
   * `text` is plain: the reporter escapes it.
   */
  tellBatchRequester(batch: Batch, text: string): void;
  /**
   * Members of one batch that finished in the same round, in as few replies in the batch's thread as
   * Slack's posting rate asks for (presentBatch.ts FINISHED_PER_REPLY a reply), instead of one each.
   */
  publishFinished(batchId: string, runs: Run[]): void;
}

/** What looking up a batch needs besides Okta (the worker has no Slack request to read them from). */
export interface Lookups {
  /** The enabled tasks (the Tasks tab, cached). */
  plan(): PlannedTask[];
  /** Protected Okta Groups (the Settings tab, cached). */
  protectedGroups(): string[];
  /** The Okta user the SSWS token acts as (cached, else GET /users/me); undefined with OAuth; null when unknown. */
  apiAccount(client: OktaClient): OktaSelf | null | undefined;
}

export interface EngineDeps {
  services: Services;
  store: RunStore;
  /**
   * An Okta client that never sleeps or retries past `deadline` (epoch ms). `keepWindows`: it starts from
   * the rate-limit windows an earlier execution learnt and keeps its own for the next (the worker's batch
   * rounds and lookups; CacheService).
   */
  okta(deadline: number, options?: { keepWindows?: boolean }): OktaClient;
  /** Sends webhook tasks' calls; without it they are refused (the task fails saying so). */
  webhooks?(): WebhookSender;
  /** Sends Google tasks' calls; without it they fail saying Offboard cannot reach Google here. */
  google?(): GoogleDirectory | undefined;
  task(id: TaskId): TaskDefinition | undefined;
  reporter: RunReporter;
  audit(entry: AuditEntry): void;
  /** Several Audit Log rows in one write (a batch's round). */
  auditAll(entries: AuditEntry[]): void;
  /** Identifies this execution in leases. */
  executionId: string;
  /** Pause Reminder Hours in ms (the Settings tab, cached); read only when a run is paused. 0: off. */
  pauseReminderMs(): number;
  /** For batches: without it, a list request waits (the worker cannot look it up). */
  lookups?: Lookups;
  /**
   * What a scheduled start's protection round needs besides Okta (src/run/scheduled.ts): the Protected
   * Okta Groups (Settings), the requester's role now (Approved Users; null when no longer an active
   * approved user) and whether the API token acts as an Okta user (SSWS).
   */
  protectionSettings(requesterSlackUserId: string): ProtectionSettings;
  /** How long to wait for the script lock; LOCK_WAIT_MS when not set. */
  lockWaitMs?: number;
}

export interface ProtectionSettings {
  protectedGroups: string[];
  requesterRole: Role | null;
  ssws: boolean;
}

export interface NewRun {
  requester: { slackUserId: string; name: string };
  input: string;
  user: OktaUser;
  plan: PlannedTask[];
  /** Set when the person is protected but the requester may go on with a second person's approval. */
  needsApproval?: NeedsApproval;
  /** When to start (a scheduled run); now when absent. */
  schedule?: { startAt: number; timeZone: string };
  /** The slash command's response_url, kept in the run's index entry for later notes to the requester. */
  replyTo?: ReplyTo;
  /**
   * The request's Audit Log entry ("requested"), audited under the lock just before the run is saved,
   * so it is stored with the run's index entry in one Script Properties write.
   */
  audit: { actor: string; detail: string };
}

/** Checks, under the lock and on the fresh record, that the clicker may act on this run; throws if not. */
export type Authorize = (run: Run) => void;

/** A verified button click. `authorize` is required: there is no default that lets anyone act. */
export interface Click {
  claim: ButtonClaim;
  /** Who clicked, as the Audit Log names them. */
  actor: string;
  authorize: Authorize;
}
