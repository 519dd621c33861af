// Reports a run in Slack: the live checklist in the report channel (chat.postMessage, then chat.update)
// and ephemeral notes to the requester through the slash command's response_url. Slack failures go to
// the Audit Log and never stop a run: the Sheet stays the source of truth.

import type { Services } from '../ports';
import { escapeMrkdwn } from '../slack/blocks';
import { replaceOriginal } from '../slack/messages';
import { respond, type SlackApi } from '../slack/webApi';
import { readBatch } from './batchStore';
import type { AuditEntry, RunReporter } from './engine';
import { runMessage, runText } from './present';
import { batchCard, batchMessage, batchText, finishedReplies, type BatchProgress } from './presentBatch';
import type { Batch, PlannedTask, ReplyTo, Run } from './types';

/** Slack allows 5 uses of a response_url within 30 minutes (docs.slack.dev, handling user interaction). */
export const RESPONSE_URL_USES = 5;
/** A response_url is not used past this age: Slack's 30 minutes, with a margin. */
export const RESPONSE_URL_LIFE_MS = 29 * 60_000;

/** The slash command's response_url as a run keeps it (its index entry); null when it is not Slack's. */
export function replyToOf(url: string, now: number): ReplyTo | null {
  return isSlackResponseUrl(url) ? { url, at: now, used: 0 } : null;
}

/** Only Slack's own hosts get a response_url post: the URL came in a request body. */
export function isSlackResponseUrl(url: string): boolean {
  return /^https:\/\/hooks\.slack\.com\/(commands|actions)\//.test(url);
}

/** Longest Retry-After a thread reply waits for before it is reported as not sent. */
const MAX_SLACK_WAIT_S = 3;

/** What the reporter needs, passed explicitly (run/ does not import the handlers' context). */
export interface ReporterDeps {
  services: Services;
  /** SLACK_REPORT_CHANNEL, or null when not set. */
  reportChannel: string | null;
  slack(): SlackApi;
  signingSecret(): string;
  audit(entry: AuditEntry): void;
}

export function slackReporter(ctx: ReporterDeps): RunReporter {
  const { services } = ctx;
  const signer = () => ({ crypto: services.crypto, secret: ctx.signingSecret() });

  /** Each batch's channel message, read once per execution: it never moves once posted. */
  const threads = new Map<string, { channel: string; ts: string }>();
  function threadOf(batchId: string): { channel: string; ts: string } | undefined {
    const known = threads.get(batchId);
    if (known) return known;
    const report = readBatch(services.properties, batchId)?.report;
    if (report) threads.set(batchId, report);
    return report;
  }

  function failed(run: Run, what: string, error: string): void {
    ctx.audit({ actor: 'offboard', action: `slack error: ${what}`, runId: run.runId, detail: error });
  }

  return {
    publish(run, alongside) {
      const channel = ctx.reportChannel;
      // A card cancelled before Confirm never reached the channel; a scheduled run cancelled later did.
      if (!channel || run.status === 'awaiting confirmation') return null;
      if (run.status === 'cancelled' && !run.data.report) return null;
      try {
        const slack = ctx.slack();
        const message = { channel, text: runText(run), blocks: runMessage(run, signer()) };
        if (run.data.report) {
          const r = slack.update(
            { ...message, channel: run.data.report.channel, ts: run.data.report.ts },
            alongside ?? undefined,
          );
          if (!r.ok) failed(run, 'chat.update', r.error);
          return null;
        }
        // A batch member's checklist goes in the thread of the batch's one channel message.
        const thread = run.data.batch ? threadOf(run.data.batch) : undefined;
        const r = slack.postMessage(
          thread ? { ...message, channel: thread.channel, threadTs: thread.ts } : message,
          alongside ?? undefined,
        );
        if (!r.ok) {
          failed(run, 'chat.postMessage', r.error);
          return null;
        }
        return r.value;
      } catch (e) {
        failed(run, 'report', e instanceof Error ? e.message : String(e));
        return null;
      }
    },
    mentionRequester(run, text) {
      // A batch member's message is itself a reply in the batch's thread: Slack asks for the parent's ts
      // as thread_ts, never a reply's (docs.slack.dev, chat.postMessage, thread_ts).
      const thread = run.data.batch ? threadOf(run.data.batch) : run.data.report;
      if (!thread) return;
      try {
        const r = ctx.slack().postMessage({
          channel: thread.channel,
          threadTs: thread.ts,
          text: `<@${run.data.requester.slackUserId}> ${escapeMrkdwn(text)}`,
        });
        if (!r.ok) failed(run, 'chat.postMessage (thread)', r.error);
      } catch (e) {
        failed(run, 'thread reply', e instanceof Error ? e.message : String(e));
      }
    },
    showBatchCard(batch: Batch, plan: PlannedTask[]) {
      const kept = batch.replyTo;
      if (!kept || !isSlackResponseUrl(kept.url)) {
        ctx.audit({
          actor: 'offboard',
          action: 'slack error: batch card',
          detail: `${batch.batchId}: the request's response_url is gone`,
        });
        return;
      }
      try {
        const n = batch.people.length;
        const text = n
          ? `Confirm offboarding ${n} people (${batch.batchId})`
          : `Nobody to offboard (${batch.batchId})`;
        const r = respond(services.http, kept.url, replaceOriginal(text, batchCard(batch, plan, signer())));
        if (!r.ok)
          ctx.audit({
            actor: 'offboard',
            action: 'slack error: batch card',
            detail: `${batch.batchId}: ${r.error}`,
          });
      } catch (e) {
        ctx.audit({
          actor: 'offboard',
          action: 'slack error: batch card',
          detail: `${batch.batchId}: ${String(e)}`,
        });
      }
    },
    publishBatch(batch: Batch, progress: BatchProgress) {
      const channel = ctx.reportChannel;
      if (!channel) return null;
      try {
        const slack = ctx.slack();
        const message = {
          channel,
          text: batchText(batch, progress),
          blocks: batchMessage(batch, progress, signer()),
        };
        const r = batch.report
          ? slack.update({ ...message, channel: batch.report.channel, ts: batch.report.ts })
          : slack.postMessage(message);
        if (!r.ok) {
          ctx.audit({
            actor: 'offboard',
            action: 'slack error: batch message',
            detail: `${batch.batchId}: ${r.error}`,
          });
          return null;
        }
        return batch.report ? null : r.value;
      } catch (e) {
        ctx.audit({
          actor: 'offboard',
          action: 'slack error: batch message',
          detail: `${batch.batchId}: ${String(e)}`,
        });
        return null;
      }
    },
    publishFinished(batchId: string, runs: Run[]) {
      const thread = runs.length > 0 ? threadOf(batchId) : undefined;
      if (!thread) return;
      const ids = (list: Run[]): string => list.map((r) => r.runId).join(', ');
      for (const { text, blocks, runs: members } of finishedReplies(batchId, runs)) {
        const notSent = (error: string): void =>
          ctx.audit({
            actor: 'offboard',
            action: 'slack error: batch thread',
            detail: `${batchId}: ${error}; not in the thread: ${ids(members)}`,
          });
        try {
          const message = { channel: thread.channel, threadTs: thread.ts, text, blocks };
          let r = ctx.slack().postMessage(message);
          // Slack's answer to a burst: wait what it asks (a second or two) once, then report.
          if (!r.ok && r.error === 'ratelimited' && (r.retryAfterSeconds ?? 1) <= MAX_SLACK_WAIT_S) {
            services.clock.sleep((r.retryAfterSeconds ?? 1) * 1_000);
            r = ctx.slack().postMessage(message);
          }
          if (!r.ok) notSent(r.error);
        } catch (e) {
          notSent(e instanceof Error ? e.message : String(e));
        }
      }
    },
    tellBatchRequester(batch: Batch, text: string) {
      const fail = (what: string, error: string): void =>
        ctx.audit({
          actor: 'offboard',
          action: `slack error: ${what}`,
          detail: `${batch.batchId}: ${error}`,
        });
      try {
        if (batch.report) {
          const r = ctx.slack().postMessage({
            channel: batch.report.channel,
            threadTs: batch.report.ts,
            text: `<@${batch.requester.slackUserId}> ${escapeMrkdwn(text)}`,
          });
          if (!r.ok) fail('chat.postMessage (thread)', r.error);
        }
        const kept = batch.replyTo;
        // The card used the response_url once; Slack takes 5 uses within 30 minutes.
        if (!kept || !isSlackResponseUrl(kept.url) || services.clock.now() - kept.at > RESPONSE_URL_LIFE_MS)
          return;
        const r = respond(services.http, kept.url, {
          response_type: 'ephemeral',
          replace_original: false,
          text: escapeMrkdwn(text),
        });
        if (!r.ok) fail('response_url', r.error);
      } catch (e) {
        fail('batch note', e instanceof Error ? e.message : String(e));
      }
    },
    tellRequester(run, text) {
      const kept = run.replyTo;
      if (!kept) return;
      try {
        if (kept.used >= RESPONSE_URL_USES || !isSlackResponseUrl(kept.url)) return;
        if (services.clock.now() - kept.at > RESPONSE_URL_LIFE_MS) return;
        // Counted on the run; the count is saved with the run's next save.
        kept.used += 1;
        // A text-only note is parsed as mrkdwn: Okta's error texts and names in it must not become links or mentions.
        const r = respond(services.http, kept.url, { response_type: 'ephemeral', text: escapeMrkdwn(text) });
        if (!r.ok) failed(run, 'response_url', r.error);
      } catch (e) {
        failed(run, 'response_url', e instanceof Error ? e.message : String(e));
      }
    },
  };
}
