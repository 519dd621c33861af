// Runs several tasks in lockstep: each round, every unfinished task's Okta calls go to Okta in one sendAll,
// so Confirm can suspend and clear sessions in parallel rather than one after the other. Calls to other
// systems go, in the same round, to their own sender.

import { asOffboardError } from '../errors';
import { isGoogleCall, type GoogleCall, type GoogleDirectory, type GoogleResult } from '../google/call';
import type { OktaClient, OktaResult } from '../okta/client';
import type { OktaCall } from '../okta/requests';
import { isWebhookCall, type WebhookCall, type WebhookResult, type WebhookSender } from '../webhook/call';
import type {
  AnyTaskSteps,
  CallResult,
  RunDetail,
  TaskCall,
  TaskContext,
  TaskDefinition,
  TaskOutcome,
} from './types';

/**
 * A task that keeps yielding past this is broken. Remove Groups needs one round per REMOVALS_PER_ROUND
 * groups plus four (access record, list, re-list): 1,000 rounds cover nearly 10,000 groups, far more than
 * a directory-imported person has (issue 8's bar is 1,000). Time is bounded elsewhere: an execution that
 * dies mid-task leaves its progress saved, and the next turn re-lists and goes on.
 */
const MAX_ROUNDS = 1_000;

/** Request ids kept per task: enough to trace every write of any task here, bounded all the same. */
export const MAX_REQUEST_IDS = 50;

/** Where calls to systems other than Okta go. A call with no sender is answered as refused. */
export interface Senders {
  webhook?: WebhookSender;
  google?: GoogleDirectory;
}

interface Running {
  steps: AnyTaskSteps | null;
  waitingFor: TaskCall[];
  outcome?: TaskOutcome;
  /** X-Okta-Request-Id of each write this task sent, for the Audit Log. */
  writes: RunDetail[];
}

export function driveTasks(
  client: OktaClient,
  jobs: { task: TaskDefinition; ctx: TaskContext }[],
  senders: Senders = {},
  /** Called after each round's answers went to the tasks (a batch saves their progress then, at once). */
  afterRound?: () => void,
): TaskOutcome[] {
  const running: Running[] = jobs.map(({ task, ctx }) => {
    const state: Running = { steps: null, waitingFor: [], writes: [] };
    try {
      state.steps = task.run(ctx);
    } catch (e) {
      state.outcome = crashed(e);
      return state;
    }
    advance(state, undefined);
    return state;
  });

  for (let round = 0; round < MAX_ROUNDS; round++) {
    const open = running.filter((r) => r.outcome === undefined);
    if (open.length === 0) break;
    const calls = open.flatMap((r) => r.waitingFor);
    const results = calls.length > 0 ? sendRound(client, senders, calls) : [];
    let offset = 0;
    for (const r of open) {
      const mine = results.slice(offset, offset + r.waitingFor.length);
      offset += r.waitingFor.length;
      noteWrites(r, mine);
      advance(r, mine);
    }
    afterRound?.();
  }

  return running.map((r) => {
    const outcome: TaskOutcome = r.outcome ?? {
      kind: 'failed',
      transient: false,
      code: 'INTERNAL',
      message: `The task did not finish within ${MAX_ROUNDS} rounds of Okta calls.`,
    };
    const bounded = boundText(outcome);
    return r.writes.length > 0 ? { ...bounded, details: [...(bounded.details ?? []), ...r.writes] } : bounded;
  });
}

/** An outcome's text lands in a Sheet cell, the run's message and Slack: Okta's error texts can be long. */
export const MAX_OUTCOME_TEXT = 1_000;

function boundText(outcome: TaskOutcome): TaskOutcome {
  const cut = (text: string): string =>
    text.length > MAX_OUTCOME_TEXT ? `${text.slice(0, MAX_OUTCOME_TEXT - 1)}…` : text;
  switch (outcome.kind) {
    case 'skipped':
      return { ...outcome, reason: cut(outcome.reason) };
    case 'failed':
      return { ...outcome, message: cut(outcome.message) };
    default:
      return { ...outcome, detail: cut(outcome.detail) };
  }
}

/** One round: every Okta call in one sendAll, the others through their senders; results in call order. */
function sendRound(client: OktaClient, senders: Senders, calls: TaskCall[]): CallResult[] {
  const okta: OktaCall[] = [];
  const hooks: WebhookCall[] = [];
  const google: GoogleCall[] = [];
  for (const call of calls) {
    if (isWebhookCall(call)) hooks.push(call);
    else if (isGoogleCall(call)) google.push(call);
    else okta.push(call);
  }
  const oktaResults = okta.length > 0 ? client.sendAll(okta) : [];
  const hookResults = hooks.length > 0 ? sendHooks(senders.webhook, hooks) : [];
  const googleResults = google.length > 0 ? sendGoogle(senders.google, google) : [];
  return calls.map((call) =>
    isWebhookCall(call)
      ? hookResults.shift()! // one result per call of each system, in order
      : isGoogleCall(call)
        ? googleResults.shift()!
        : oktaResults.shift()!,
  );
}

function sendGoogle(directory: GoogleDirectory | undefined, calls: GoogleCall[]): GoogleResult[] {
  if (!directory) {
    return calls.map(() => ({
      system: 'google',
      ok: false,
      error: {
        status: 0,
        reason: 'noSender',
        message: 'This Offboard cannot reach Google here.',
        transient: false,
      },
    }));
  }
  try {
    return directory.sendAll(calls);
  } catch (e) {
    const message = e instanceof Error ? e.message : String(e);
    return calls.map(() => ({
      system: 'google',
      ok: false,
      error: { status: 0, reason: 'thrown', message, transient: true },
    }));
  }
}

function sendHooks(sender: WebhookSender | undefined, calls: WebhookCall[]): WebhookResult[] {
  if (!sender) {
    return calls.map(() => ({
      system: 'webhook',
      status: 0,
      excerpt: '',
      refused: 'This Offboard cannot send webhooks here.',
    }));
  }
  return sender.sendAll(calls);
}

/** Keeps the X-Okta-Request-Id of each write (POST, PUT, DELETE) the task sent, answered or not. */
function noteWrites(r: Running, results: CallResult[]): void {
  r.waitingFor.forEach((call, i) => {
    if (
      isWebhookCall(call) ||
      isGoogleCall(call) ||
      call.method === 'GET' ||
      r.writes.length >= MAX_REQUEST_IDS
    ) {
      return;
    }
    const result = results[i] as OktaResult | undefined;
    const id = result ? requestIdOf(result) : undefined;
    const status = result ? (result.ok ? result.status : result.error.status) : 0;
    r.writes.push({
      kind: 'okta request',
      oktaId: id ?? '',
      name: call.operation,
      note: id ? `HTTP ${status}` : `HTTP ${status}, no request id (no answer)`,
    });
  });
}

/** The X-Okta-Request-Id Okta sent with an answer, when there was one. */
export function requestIdOf(result: OktaResult): string | undefined {
  return result.ok ? result.requestId : result.error.requestId;
}

/** Hands a task its results and records what it asks for next, or its outcome. */
function advance(r: Running, results: CallResult[] | undefined): void {
  try {
    // The first next() starts the generator; its argument is ignored.
    const step = results === undefined ? r.steps!.next() : r.steps!.next(results); // set for every running task when it starts
    if (step.done) r.outcome = step.value;
    else r.waitingFor = step.value;
  } catch (e) {
    r.outcome = crashed(e);
  }
}

function crashed(e: unknown): TaskOutcome {
  const error = asOffboardError(e);
  return { kind: 'failed', transient: false, code: 'INTERNAL', message: error.message };
}
