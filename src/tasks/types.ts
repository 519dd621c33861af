// What an offboarding task is: a generator that yields batches of calls (Okta's, or another system's) and
// returns an outcome.

import type { ErrorCode } from '../errors';
import type { GoogleCall, GoogleResult } from '../google/call';
import type { OktaResult } from '../okta/client';
import type { OktaCall } from '../okta/requests';
import type { OktaUser } from '../okta/types';
import type { WebhookCall, WebhookResult } from '../webhook/call';

export type TaskId =
  | 'suspend'
  | 'clear_sessions'
  | 'remove_admin_roles'
  | 'revoke_grants'
  | 'reset_factors'
  | 'remove_groups'
  | 'deactivate'
  | 'google_sign_out'
  | 'google_suspend'
  | 'google_remove_groups'
  | 'google_hide'
  | 'google_transfer_drive'
  /** A webhook row of the Tasks tab: `webhook:` and its label in lower case, spaces as underscores. */
  | `webhook:${string}`;

/**
 * One item a task saw or changed, for the run's record (issue 8 writes one row per item to a Run Details
 * tab): an app, group or role the person had before removal, each group or role removed or kept, and the
 * X-Okta-Request-Id of each write, so Okta support and auditors can trace the call.
 */
export interface RunDetail {
  kind:
    | 'group removed'
    | 'group kept'
    | 'group not removed'
    | 'role removed'
    | 'role kept'
    | 'role not removed'
    | 'app'
    | 'group'
    | 'role'
    | 'okta request'
    | 'webhook answer'
    | 'google group removed'
    | 'google group not removed'
    | 'google token revoked'
    | 'google app password revoked'
    | 'google transfer';
  /**
   * The Okta id of the item (for 'okta request', the X-Okta-Request-Id; for a 'google …' item, Google's
   * id: the group's, the token's client id, the transfer's).
   */
  oktaId: string;
  name: string;
  note?: string;
}

/**
 * `data` holds facts to merge into the run's record (e.g. the groups removed), shallowly: keep it bounded
 * (capped lists, counts), because it lands in one Sheet cell. `details` is the full list of items.
 */
export type TaskOutcome =
  | { kind: 'done'; detail: string; data?: Record<string, unknown>; details?: RunDetail[] }
  | { kind: 'already_done'; detail: string; data?: Record<string, unknown>; details?: RunDetail[] }
  | { kind: 'skipped'; reason: string; data?: Record<string, unknown>; details?: RunDetail[] }
  | {
      kind: 'failed';
      transient: boolean;
      code: ErrorCode;
      message: string;
      retryAt?: number;
      /**
       * Not a failure: the task waits for another system (a Google transfer) and looks again at retryAt.
       * It counts as no attempt, so a long wait never pauses the run.
       */
      waiting?: boolean;
      data?: Record<string, unknown>;
      details?: RunDetail[];
    };

export interface TaskContext {
  /** The target as resolved at confirmation; tasks re-check live state in Okta where it matters. */
  user: OktaUser;
  /** The run, for tasks that tell another system about it (webhooks). */
  run?: { runId: string; requestedBy: string; confirmedBy: string; at: number };
  /** Facts recorded by earlier outcomes of this run (merged `data`). */
  runData: Readonly<Record<string, unknown>>;
  /**
   * Saves facts into the run's record now, before the task ends (e.g. the groups removed so far), so an
   * execution that dies mid-task loses no record. Bounded like `data`. Optional: tests may leave it out.
   */
  record?(data: Record<string, unknown>): void;
}

/**
 * A call a task asks for. Okta calls carry no tag (they are most calls, and the driver sends each round of
 * them in one batch); a call to another system is tagged with it (`system: 'webhook'`).
 */
export type TaskCall = OktaCall | WebhookCall | GoogleCall;
export type CallResult = OktaResult | WebhookResult | GoogleResult;

/** Yields the calls to send together; receives their results in the same order; returns a T. */
export type Steps<T, C extends TaskCall = OktaCall, R extends CallResult = OktaResult> = Generator<
  C[],
  T,
  R[]
>;

/** The steps of a task that only calls Okta. */
export type TaskSteps = Steps<TaskOutcome>;
/** The steps of a task that calls Okta or other systems: each result is the answer of its own system. */
export type AnyTaskSteps = Steps<TaskOutcome, TaskCall, CallResult>;

export type TaskStage = 'contain' | 'revoke' | 'finish';

export interface TaskDefinition {
  id: TaskId;
  /** The task's column header in the Offboarding tab, e.g. 'Clear Sessions'. */
  label: string;
  stage: TaskStage;
  description: string;
  defaultOrder: number;
  defaultOnFailure: 'pause' | 'continue';
  /** Setup writes the task's Tasks row unticked (Google Workspace tasks: off until an admin turns them on). */
  offByDefault?: boolean;
  /**
   * The task's Offboarding column may be missing (a Sheet made before the task existed): its cell is then
   * not written, and setup adds the column.
   */
  columnOptional?: boolean;
  run(ctx: TaskContext): TaskSteps | AnyTaskSteps;
}
