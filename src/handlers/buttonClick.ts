// A click on Confirm, Cancel, Approve, Deny, Retry, Skip, Abort, Undo or Continue now. The button value is verified (signature, expiry),
// the clicker is re-checked against Approved Users, then the engine applies the click exactly once.
// Slack ignores the body of an interaction's answer, so replies go through the click's response_url.

import { asOffboardError, OffboardError } from '../errors';
import { recordClick } from '../health/latency';
import { isBatchAction, verifyButton, type ButtonClaim } from '../run/buttons';
import {
  abortBatch,
  approveBatch,
  approveRun,
  askBatchApproval,
  cancelBatch,
  clickRun,
  confirmBatch,
  confirmRun,
  continueBatch,
  undoBatch,
  denyBatch,
  publishProgress,
  undoRun,
} from '../run/engine';
import { formatInZone } from '../schedule';
import type { Settings } from '../sheet/settings';
import { runMessage, runText } from '../run/present';
import { isSlackResponseUrl } from '../run/reporter';
import type { Batch, Run } from '../run/types';
import { escapeMrkdwn, section } from '../slack/blocks';
import { RUN_ID_PATTERN } from '../slack/command';
import { ephemeral, errorText, replaceOriginal, type SlackMessage } from '../slack/messages';
import type { BlockActions } from '../slack/payloads';
import { respond, respondRequest, respondResult, type Alongside } from '../slack/webApi';
import { identifyCaller, type Caller } from './caller';
import type { AppContext } from './context';

export function handleButtonClick(ctx: AppContext, body: BlockActions): Record<string, never> {
  const reply = (message: SlackMessage): void => {
    if (!isSlackResponseUrl(body.response_url)) return;
    const r = respond(ctx.services.http, body.response_url, message);
    if (!r.ok) ctx.services.log.warn('response_url post failed', { error: r.error });
  };
  const action = body.actions?.[0];
  let kind: 'confirm' | 'other' = 'other';
  try {
    if (!action) throw new OffboardError('BAD_REQUEST', 'A click without an action.');
    const claim = verifyButton(
      ctx.services.crypto,
      ctx.signingSecret(),
      action.value ?? '',
      ctx.services.clock.now(),
    );
    if (claim.action === 'confirm' || claim.action === 'confirm_batch') kind = 'confirm';
    const caller = identifyCaller(ctx, body.user.id, body.user.username, `${claim.action} ${claim.runId}`);
    // Confirm and Approve: the reply goes with the channel message (one fetchAll), from the state about
    // to be saved; if the saved state says otherwise (an Abort raced in), the truth follows.
    const sent: { shown?: Run } = {};
    const along = (preview: Run): Alongside | null => {
      if (!isSlackResponseUrl(body.response_url)) return null;
      return {
        requests: [respondRequest(body.response_url, answer(ctx, claim, preview))],
        done: ([response]) => {
          sent.shown = preview;
          const r = response ? respondResult(response) : null;
          if (r && !r.ok) ctx.services.log.warn('response_url post failed', { error: r.error });
        },
      };
    };
    if (isBatchAction(claim.action)) {
      reply(applyToBatch(ctx, claim, caller));
    } else {
      const run = apply(ctx, claim, caller, along);
      if (sent.shown?.status !== run.status) reply(answer(ctx, claim, run));
    }
  } catch (e) {
    const error = asOffboardError(e);
    if (error.code === 'CLICK_FORGED' || error.code === 'CLICK_EXPIRED' || error.code === 'NOT_ALLOWED') {
      // A forged value's run id is only what it claims: kept in the detail, never as the row's Run ID.
      const verified = typeof error.detail.runId === 'string' ? error.detail.runId : undefined;
      const claimed = claimedRunId(action?.value);
      ctx.audit({
        actor: `${body.user?.username ?? ''} (${body.user?.id ?? ''})`,
        action: `click refused: ${error.code}`,
        runId: verified,
        detail: [action?.action_id, !verified && claimed ? `claims run ${claimed}` : '']
          .filter(Boolean)
          .join('; '),
      });
    }
    if (error.code === 'INTERNAL') ctx.services.log.error('click failed', { error: error.message });
    reply({ ...ephemeral(errorText(error)), replace_original: false });
  }
  // The real 3 seconds: measured from Slack's stamp to here, kept cheaply for the health check.
  recordClick((key, value) => ctx.keep(key, value), ctx.config.clickLatency, {
    actionTs: action?.action_ts,
    kind,
    startedAt: ctx.startedAt,
    answeredAt: ctx.services.clock.now(),
  });
  return {};
}

/** The run id a button value names, unverified (its third field), when it looks like one. */
function claimedRunId(value: string | undefined): string | undefined {
  const id = (value ?? '').split('|')[2] ?? '';
  // A batch's buttons carry its batch id, shaped like a run id with BAT- in place of OFF-.
  return RUN_ID_PATTERN.test(id.replace(/^BAT-/, 'OFF-')) ? id : undefined;
}

function apply(
  ctx: AppContext,
  claim: ButtonClaim,
  caller: Caller,
  along: (preview: Run) => Alongside | null,
): Run {
  const engine = ctx.engine();
  // Checked under the lock, on the row as it is now: no extra read of the Offboarding tab.
  const authorize = (run: Run): void => {
    if (mayClick(caller, run, claim)) return;
    throw new OffboardError('NOT_ALLOWED', `${caller.label} may not ${claim.action} ${claim.runId}.`, {
      runId: claim.runId,
    });
  };
  const click = { claim, actor: caller.label, authorize };
  if (claim.action === 'confirm' || claim.action === 'approve') {
    const start = {
      ...click,
      startedAt: ctx.startedAt,
      approval: approvalReason(ctx),
      graceMs: graceMs(ctx),
      answer: along,
    };
    return claim.action === 'confirm' ? confirmRun(engine, start) : approveRun(engine, start);
  }
  if (claim.action === 'undo') return undoRun(engine, { ...click, startedAt: ctx.startedAt });
  return clickRun(engine, click);
}

/**
 * Why a confirmed run must wait for a second person: the Two-Person Rule setting, or a target holding
 * Okta admin roles (flagged when the run was requested). Null when Confirm may act at once.
 */
export function approvalReason(ctx: AppContext): (run: Run) => string | null {
  return (run) => {
    if (run.data.needsApproval === 'admin-target') return 'the person holds Okta admin roles';
    return settingsOf(ctx).twoPersonRule ? 'the two-person rule is on' : null;
  };
}

/** Grace Period Hours (Settings tab, cached) in ms: how long the irreversible tasks wait after containment. */
function graceMs(ctx: AppContext): number {
  return settingsOf(ctx).gracePeriodHours * 60 * 60_000;
}

/** A batch's grace period at its Confirm or Approve: its length and the time zone its message shows. */
function batchGrace(ctx: AppContext): { ms: number; timeZone: string } {
  return { ms: graceMs(ctx), timeZone: settingsOf(ctx).timeZone };
}

/** The Settings tab, from the cache when warm: the one place a click reads it (two-person rule, grace period). */
function settingsOf(ctx: AppContext): Settings {
  return ctx.tabs().settings().settings;
}

/**
 * Confirm and Cancel belong to the requester (the card is theirs alone); a scheduled run's Cancel also to
 * an approver or admin. Approve and Deny: an approver
 * or admin other than the requester (the two-person rule). Retry, Skip and Abort: the run's requester,
 * or an approver or admin.
 */
export function mayClick(caller: Caller, run: Run, claim: ButtonClaim): boolean {
  const own = run.data.requester.slackUserId === caller.slackUserId;
  const approver = caller.approved.role === 'approver' || caller.approved.role === 'admin';
  if (claim.action === 'confirm') return own;
  // A scheduled run's Cancel is in the channel: whoever may stop a run may stop it before it starts.
  if (claim.action === 'cancel') return own || (run.status === 'scheduled' && approver);
  if (claim.action === 'approve' || claim.action === 'deny') return approver && !own;
  // Retry, Skip, Abort, and in the grace period Undo and Continue now.
  return own || approver;
}

function answer(ctx: AppContext, claim: ButtonClaim, run: Run): SlackMessage {
  const who = escapeMrkdwn(run.data.target.displayName);
  switch (claim.action) {
    case 'confirm': {
      const lines = [`*Offboarding ${who} (${run.runId}) is ${run.status}.*`];
      if (run.status === 'scheduled' && run.data.schedule)
        lines.push(
          `It starts at ${escapeMrkdwn(formatInZone(run.data.schedule.startAt, run.data.schedule.timeZone))}; nothing changes in Okta until then.`,
        );
      if (run.status === 'awaiting approval')
        lines.push(
          'Nothing has changed in Okta yet: an approver or admin other than you must approve it within 24 hours.',
        );
      if (run.status === 'queued' || run.status === 'running')
        lines.push('The remaining tasks run in the background.');
      if (run.status === 'in grace period' && run.data.grace?.until !== undefined)
        lines.push(
          `Suspended and signed out; the irreversible tasks wait until ${new Date(run.data.grace.until).toISOString()} (grace period). Undo or Continue now on the channel message.`,
        );
      if (run.status === 'paused' && run.message) lines.push(escapeMrkdwn(run.message));
      if (ctx.config.slackReportChannel) lines.push(`Follow it in <#${ctx.config.slackReportChannel}>.`);
      return replaceOriginal(runText(run), [
        section(lines.join(' ')),
        ...runMessage(run, signer(ctx)).slice(2, 3),
      ]);
    }
    case 'cancel':
      // A scheduled run's Cancel was clicked on the channel message: the reporter has updated it already.
      if (run.confirmedBy)
        return {
          ...ephemeral(`Cancelled ${run.runId}: nothing was changed in Okta.`),
          replace_original: false,
        };
      return replaceOriginal(`Cancelled ${run.runId}`, [
        section(`Cancelled. Nothing was changed in Okta for ${who}.`),
      ]);
    case 'undo':
      return { ...ephemeral(escapeMrkdwn(run.message)), replace_original: false };
    case 'continue':
      return {
        ...ephemeral(
          `Grace period of ${run.runId} ended: the remaining tasks start at the worker's next turn (within a minute).`,
        ),
        replace_original: false,
      };
    default:
      // Retry/Skip/Abort were clicked on the channel message: the reporter has updated it already.
      return {
        ...ephemeral(`${claim.action} applied to ${run.runId}: ${run.status}.`),
        replace_original: false,
      };
  }
}

/**
 * Confirm and Cancel on a batch's card (the requester's alone), Abort the rest on its channel message (the
 * requester, an approver or an admin), Continue now (everyone) likewise, Approve and Deny on its approval request (an approver or admin other
 * than the requester, as for one run). Checked under the lock on the fresh batch. The answer replaces the
 * card, or is a note to the clicker.
 */
function applyToBatch(ctx: AppContext, claim: ButtonClaim, caller: Caller): SlackMessage {
  const engine = ctx.engine();
  const authorize = (batch: Batch): void => {
    if (mayClickBatch(caller, batch, claim)) return;
    throw new OffboardError('NOT_ALLOWED', `${caller.label} may not ${claim.action} ${claim.runId}.`, {
      runId: claim.runId,
    });
  };
  const click = { batchId: claim.runId, actor: caller.label, authorize };
  const follow = ctx.config.slackReportChannel ? ` Follow it in <#${ctx.config.slackReportChannel}>.` : '';
  switch (claim.action) {
    case 'confirm_batch': {
      const approval = settingsOf(ctx).twoPersonRule ? 'the two-person rule is on' : null;
      const { batch, queued } = confirmBatch(engine, { ...click, approval, grace: batchGrace(ctx) });
      if (batch.status === 'awaiting approval') {
        askBatchApproval(engine, batch.batchId);
        const n = batch.runIds.length;
        return replaceOriginal(`Offboarding ${n} people (${batch.batchId}) awaits approval`, [
          section(
            `*Offboarding ${n} people (${batch.batchId}) awaits approval.* Nothing has changed in Okta yet: an approver or admin other than you must approve it within 24 hours.${follow}`,
          ),
        ]);
      }
      publishProgress(engine, batch.batchId);
      return replaceOriginal(`Offboarding ${queued} people (${batch.batchId}) has started`, [
        section(
          `*Offboarding ${queued} people (${batch.batchId}) has started.* Suspend and Clear Sessions run for everyone first, then the other tasks, in the background.${follow}`,
        ),
      ]);
    }
    case 'cancel_batch': {
      const batch = cancelBatch(engine, click);
      return replaceOriginal(`Cancelled ${batch.batchId}`, [
        section(`Cancelled batch ${batch.batchId}. Nothing was changed in Okta.`),
      ]);
    }
    case 'approve_batch': {
      const { batch, queued } = approveBatch(engine, { ...click, grace: batchGrace(ctx) });
      return {
        ...ephemeral(
          `Approved ${batch.batchId}: ${queued} people are queued; Suspend and Clear Sessions run for everyone first.`,
        ),
        replace_original: false,
      };
    }
    case 'deny_batch': {
      const batch = denyBatch(engine, click);
      return {
        ...ephemeral(`Denied ${batch.batchId}: nothing was changed in Okta.`),
        replace_original: false,
      };
    }
    case 'continue_batch': {
      const { batch, continued } = continueBatch(engine, click);
      publishProgress(engine, batch.batchId);
      return {
        ...ephemeral(
          `Grace period of ${batch.batchId} ended for ${continued} people: their remaining tasks start at the worker's next turn (within a minute).`,
        ),
        replace_original: false,
      };
    }
    case 'undo_batch': {
      const { batch, undoing } = undoBatch(engine, click);
      publishProgress(engine, batch.batchId);
      return {
        ...ephemeral(
          `Undo of ${batch.batchId} asked for ${undoing} people: the worker unsuspends them from its next turn (within a minute), each read back; the batch message counts them undone.`,
        ),
        replace_original: false,
      };
    }
    default: {
      const { batch, aborted } = abortBatch(engine, click);
      publishProgress(engine, batch.batchId);
      return {
        ...ephemeral(`Aborted the rest of ${batch.batchId}: ${aborted} people stopped where they were.`),
        replace_original: false,
      };
    }
  }
}

/**
 * A batch's buttons: Confirm and Cancel belong to the requester; Approve and Deny to an approver or admin
 * other than the requester (the two-person rule); Abort the rest and Continue now (everyone) to the requester,
 * an approver or an admin.
 */
export function mayClickBatch(caller: Caller, batch: Batch, claim: ButtonClaim): boolean {
  const own = batch.requester.slackUserId === caller.slackUserId;
  const approver = caller.approved.role === 'approver' || caller.approved.role === 'admin';
  if (claim.action === 'approve_batch' || claim.action === 'deny_batch') return approver && !own;
  // Abort the rest, Continue now and Undo everyone: whoever may act on one member's run.
  if (claim.action === 'abort_batch' || claim.action === 'continue_batch' || claim.action === 'undo_batch')
    return own || approver;
  return own;
}

function signer(ctx: AppContext) {
  return { crypto: ctx.services.crypto, secret: ctx.signingSecret() };
}
