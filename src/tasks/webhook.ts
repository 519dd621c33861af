// A webhook task: one signed POST telling another system (tickets, payroll, a home-grown app) that this
// person is being offboarded. 2xx is done; 4xx fails with the receiver's answer; 5xx and no answer retry
// with the same Idempotency-Key, so the receiver can drop a repeat.

import type { WebhookCall, WebhookResult } from '../webhook/call';
import { sendWebhook } from './send';
import type { AnyTaskSteps, TaskContext, TaskDefinition, TaskId, TaskOutcome } from './types';

/** What to do when no answer comes back (UrlFetchApp sets no per-request timeout; the platform's applies). */
export type TimeoutPolicy = 'retry' | 'fail';

/** One webhook row of the Tasks tab, as planned for a run (kept in Run Data with the plan). */
export interface WebhookSpec {
  url: string;
  /** The Script Property holding the signing secret; never the secret itself. */
  secretProperty: string;
  timeoutPolicy: TimeoutPolicy;
}

/**
 * "Notify Payroll" → "webhook:notify_payroll". Only letters, digits and underscores after the prefix: the
 * id travels in signed button values ("|"-separated) and in the Idempotency-Key.
 */
export function webhookTaskId(label: string): TaskId {
  return `webhook:${label
    .trim()
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '_')}`;
}

/** The JSON the receiver gets. Field names are the README's; keep them stable. */
export function webhookBody(label: string, ctx: TaskContext): string {
  const p = ctx.user.profile;
  return JSON.stringify({
    runId: ctx.run?.runId ?? '',
    task: label,
    oktaUserId: ctx.user.id,
    login: p.login,
    email: p.email,
    displayName: p.displayName ?? '',
    requestedBy: ctx.run?.requestedBy ?? '',
    confirmedBy: ctx.run?.confirmedBy ?? '',
    time: new Date(ctx.run?.at ?? 0).toISOString(),
  });
}

export function webhookTask(label: string, spec: WebhookSpec): TaskDefinition {
  const id = webhookTaskId(label);
  function* run(ctx: TaskContext): AnyTaskSteps {
    const call: WebhookCall = {
      system: 'webhook',
      url: spec.url,
      secretProperty: spec.secretProperty,
      idempotencyKey: `${ctx.run?.runId ?? ''}:${id}`,
      body: webhookBody(label, ctx),
    };
    const answer = yield* sendWebhook(call);
    return outcomeOf(answer, spec);
  }
  return {
    id,
    label,
    stage: 'revoke',
    description: `POST a signed message to ${spec.url}.`,
    defaultOrder: 50,
    defaultOnFailure: 'pause',
    run,
  };
}

/** What the receiver's answer means for the task. */
export function outcomeOf(answer: WebhookResult, spec: WebhookSpec): TaskOutcome {
  const said = answer.excerpt ? `: ${answer.excerpt}` : ' (empty answer)';
  const record = {
    details: [
      { kind: 'webhook answer' as const, oktaId: '', name: spec.url, note: `HTTP ${answer.status}${said}` },
    ],
  };
  if (answer.refused !== undefined) {
    return {
      kind: 'failed',
      transient: false,
      code: 'CONFIG_INVALID',
      message: `Not sent: ${answer.refused}`,
    };
  }
  const { status } = answer;
  if (status >= 200 && status < 300) {
    return { kind: 'done', detail: `The receiver answered HTTP ${status}${said}`, ...record };
  }
  if (status === 0) {
    const why = answer.networkError ?? 'no answer';
    return spec.timeoutPolicy === 'retry'
      ? {
          kind: 'failed',
          transient: true,
          code: 'WEBHOOK_FAILED',
          message: `No answer from the receiver (${why}); it will be sent again with the same Idempotency-Key.`,
        }
      : {
          kind: 'failed',
          transient: false,
          code: 'WEBHOOK_FAILED',
          message: `No answer from the receiver (${why}); it may have acted. Retry sends it again with the same Idempotency-Key.`,
        };
  }
  if (status >= 500 || status === 429 || status === 408) {
    return {
      kind: 'failed',
      transient: true,
      code: 'WEBHOOK_FAILED',
      message: `The receiver answered HTTP ${status}${said}`,
      ...record,
    };
  }
  if (status >= 300 && status < 400) {
    return {
      kind: 'failed',
      transient: false,
      code: 'WEBHOOK_REFUSED',
      message: `The receiver answered HTTP ${status}, a redirect: Offboard follows none, so set the final URL.`,
      ...record,
    };
  }
  return {
    kind: 'failed',
    transient: false,
    code: 'WEBHOOK_REFUSED',
    message: `The receiver refused it with HTTP ${status}${said}`,
    ...record,
  };
}
