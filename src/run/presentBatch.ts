// How a batch looks to people: its confirmation card (everyone, what is at stake in total, who is left out
// and why) and its one channel message with the batch's progress.

import type { KnownBlock } from '@slack/types';
import { actions, button, context, escapeMrkdwn, header, section } from '../slack/blocks';
import { signButton, type ButtonAction } from './buttons';
import { formatInZone } from '../schedule';
import { finishedLine, type ButtonSigner } from './present';
import type { Batch, PersonAtStake, PlannedTask, Run } from './types';

/** Slack refuses a section text over 3,000 characters. */
const SECTION_CHARS = 2_900;

/** Lines in as few sections as Slack allows. */
function sections(title: string, lines: string[]): KnownBlock[] {
  const out: KnownBlock[] = [];
  let current = title;
  for (const line of lines) {
    if (current.length + line.length + 1 > SECTION_CHARS) {
      out.push(section(current));
      current = '';
    }
    current = current ? `${current}\n${line}` : line;
  }
  if (current) out.push(section(current));
  return out;
}

function signedBatch(signer: ButtonSigner, action: ButtonAction, batch: Batch, expiresAt = 0): string {
  return signButton(signer.crypto, signer.secret, {
    action,
    runId: batch.batchId,
    taskId: '',
    pauseSeq: 0,
    expiresAt,
  });
}

function count(n: number | null, one: string): string {
  return n === null ? `${one}s not read` : `${n} ${one}${n === 1 ? '' : 's'}`;
}

function personLine(p: PersonAtStake): string {
  const stake = [count(p.apps, 'app'), count(p.groups, 'group')].join(' · ');
  const note = p.note ? ` · _${escapeMrkdwn(p.note)}_` : '';
  return `• *${escapeMrkdwn(p.name)}* (${escapeMrkdwn(p.login)}) · ${stake}${note}`;
}

/** The total of what the card's people hold; people whose answer was missing are counted apart. */
function totals(people: PersonAtStake[]): string {
  const sum = (key: 'apps' | 'groups'): string => {
    const known = people.filter((p) => p[key] !== null);
    const total = known.reduce((n, p) => n + (p[key] ?? 0), 0);
    const missing = people.length - known.length;
    return `${total} ${key === 'apps' ? 'app assignments' : 'group memberships'}${missing ? ` (not read for ${missing})` : ''}`;
  };
  return `*At stake in total:* ${people.length} ${people.length === 1 ? 'person' : 'people'} · ${sum('apps')} · ${sum('groups')}`;
}

/** The card that replaces "Looking up…": one Confirm for everyone listed; the left-out listed apart. */
export function batchCard(batch: Batch, plan: PlannedTask[], signer: ButtonSigner): KnownBlock[] {
  const left = batch.leftOut.map((l) => `• ${escapeMrkdwn(l.input)}: ${escapeMrkdwn(l.why)}`);
  const leftBlocks = left.length
    ? sections(`*Left out (${left.length}), nothing will be done for them:*`, left)
    : [];
  if (batch.people.length === 0) {
    return [
      header('Nobody in this list can be offboarded'),
      ...leftBlocks,
      context([`Batch ${batch.batchId}`]),
    ];
  }
  const expiresAt = Math.floor(batch.confirmBy / 1000);
  const tasks = plan.map((t, i) => `${i + 1}. ${escapeMrkdwn(t.label)}`).join('\n');
  const n = batch.people.length;
  return [
    header(`Offboard ${n} ${n === 1 ? 'person' : 'people'}?`),
    section(totals(batch.people)),
    ...sections(`*Will be offboarded (${n}):*`, batch.people.map(personLine)),
    ...leftBlocks,
    section(`*For everyone, Suspend and Clear Sessions first, then these tasks in this order:*\n${tasks}`),
    context([`Batch ${batch.batchId} · this card expires in 15 minutes · only you can see it`]),
    actions(`batch:${batch.batchId}`, [
      button({
        actionId: 'confirm_batch',
        text: `Confirm ${n}`,
        style: 'danger',
        value: signedBatch(signer, 'confirm_batch', batch, expiresAt),
        confirm: {
          title: `Offboard ${n} ${n === 1 ? 'person' : 'people'}?`,
          text: `${n} ${n === 1 ? 'person' : 'people'} will be suspended and signed out of Okta now. The other tasks follow; most cannot be undone.`,
          confirm: 'Offboard',
          deny: 'Back',
          style: 'danger',
        },
      }),
      button({
        actionId: 'cancel_batch',
        text: 'Cancel',
        value: signedBatch(signer, 'cancel_batch', batch, expiresAt),
      }),
    ]),
  ];
}

/** A batch's progress, counted over its members (active ones from the index, finished ones recorded). */
export interface BatchProgress {
  total: number;
  contained: number;
  completed: number;
  paused: number;
  aborted: number;
  /** Ended `undone` (Undo in the grace period). */
  undone: number;
  /** In the grace period now; `graceUntil`: the latest due time among them (epoch ms), if set yet. */
  grace: number;
  graceUntil?: number;
  /** Of those, waiting for the worker's Undo (Undo everyone). */
  undoing: number;
  /** Neither finished nor paused. */
  working: number;
}

/** Everyone has an end: completed, aborted (or cancelled, expired) or undone. */
export function allFinished(p: BatchProgress): boolean {
  return p.completed + p.aborted + p.undone === p.total;
}

export function progressText(batch: Batch, p: BatchProgress): string {
  const parts = [`containment ${p.contained}/${p.total}`];
  if (p.grace > 0) parts.push(graceText(batch, p));
  if (p.undoing > 0) parts.push(`undoing ${p.undoing}`);
  parts.push(`completed ${p.completed}/${p.total}`, `paused ${p.paused}`);
  if (p.aborted) parts.push(`aborted ${p.aborted}`);
  if (p.undone) parts.push(`undone ${p.undone}`);
  return `Batch ${batch.batchId}: ${parts.join(' · ')}`;
}

/** "in grace period 500 until 2026-12-18 14:05 Europe/Paris": when the held tasks start, in the Settings time zone. */
function graceText(batch: Batch, p: BatchProgress): string {
  const zone = batch.grace?.timeZone ?? 'UTC';
  const until =
    p.graceUntil === undefined ? 'after everyone’s containment' : `until ${formatInZone(p.graceUntil, zone)}`;
  return `in grace period ${p.grace} ${until}`;
}

/** The text of the batch's channel message (notifications, and what tests and screen readers see). */
export function batchText(batch: Batch, p: BatchProgress): string {
  const n = batch.runIds.length;
  if (batch.status === 'awaiting approval')
    return `Batch ${batch.batchId}: approval needed to offboard ${n} ${n === 1 ? 'person' : 'people'}`;
  if (batch.status === 'denied') return `Batch ${batch.batchId}: denied; nothing was changed in Okta`;
  if (batch.status === 'expired')
    return `Batch ${batch.batchId}: not approved within 24 hours; nothing was changed in Okta`;
  return progressText(batch, p);
}

/**
 * The batch's one channel message through its life: under the two-person rule first the approval request
 * (Approve, Deny), then, like every batch, progress, who asked, and Abort the rest while anything is left.
 */
export function batchMessage(batch: Batch, p: BatchProgress, signer: ButtonSigner): KnownBlock[] {
  if (batch.status === 'awaiting approval' && batch.approval)
    return approvalBlocks(batch, batch.approval, signer);
  if (batch.status === 'denied' || batch.status === 'expired') return closedBlocks(batch);
  const done = allFinished(p);
  const blocks: KnownBlock[] = [
    section(
      `*Offboarding ${p.total} ${p.total === 1 ? 'person' : 'people'}* (${escapeMrkdwn(batch.batchId)}), asked by <@${batch.requester.slackUserId}>${batch.confirmedBy ? `, confirmed by ${escapeMrkdwn(batch.confirmedBy)}` : ''}${batch.approval?.by ? `, approved by ${escapeMrkdwn(batch.approval.by)}` : ''}`,
    ),
    section(escapeMrkdwn(progressText(batch, p).replace(`Batch ${batch.batchId}: `, ''))),
    context([
      done
        ? 'Finished. Everyone is listed in this thread with each task’s mark; each task’s full text is in the Offboarding tab and `/offboard status <run id>`.'
        : 'People are listed in this thread as they finish; a person who pauses gets their own reply with Retry, Skip and Abort.',
    ]),
  ];
  if (!done)
    blocks.push(
      actions(`batch:${batch.batchId}`, [
        ...(p.grace > 0
          ? [
              button({
                actionId: 'continue_batch',
                text: `Continue now (${p.grace})`,
                value: signedBatch(signer, 'continue_batch', batch),
                confirm: {
                  title: 'End the grace period for everyone?',
                  text: `The tasks held for ${p.grace} ${p.grace === 1 ? 'person' : 'people'} (most cannot be undone) start at the worker's next turn. Undo is no longer possible for them.`,
                  confirm: 'Continue now',
                  deny: 'Back',
                  style: 'danger',
                },
              }),
            ]
          : []),
        ...(p.grace > p.undoing
          ? [
              button({
                actionId: 'undo_batch',
                text: `Undo everyone (${p.grace - p.undoing})`,
                value: signedBatch(signer, 'undo_batch', batch),
                confirm: {
                  title: 'Undo the batch for everyone in the grace period?',
                  text: `${p.grace - p.undoing} ${p.grace - p.undoing === 1 ? 'person is' : 'people are'} unsuspended in Okta by the worker, in rounds, each read back; their runs end undone. Sessions cleared at containment stay cleared.`,
                  confirm: 'Undo everyone',
                  deny: 'Back',
                  style: 'danger',
                },
              }),
            ]
          : []),
        button({
          actionId: 'abort_batch',
          text: 'Abort the rest',
          style: 'danger',
          value: signedBatch(signer, 'abort_batch', batch),
          confirm: {
            title: 'Abort the rest of this batch?',
            text: 'Every person not yet finished stops where they are; what was done in Okta stays done.',
            confirm: 'Abort the rest',
            deny: 'Back',
            style: 'danger',
          },
        }),
      ]),
    );
  return blocks;
}

/** Counts the members: active ones as the index has them, finished ones as the batch recorded them. */
export function progressOf(batch: Batch, active: Run[], containTasks: (run: Run) => boolean): BatchProgress {
  const p: BatchProgress = {
    total: batch.runIds.length,
    contained: 0,
    completed: 0,
    paused: 0,
    aborted: 0,
    undone: 0,
    grace: 0,
    undoing: 0,
    working: 0,
  };
  const byId = new Map(active.map((r) => [r.runId, r]));
  for (const runId of batch.runIds) {
    const run = byId.get(runId);
    const status = run?.status ?? batch.finished[runId]?.status;
    const contained = run ? containTasks(run) : (batch.finished[runId]?.contained ?? false);
    if (contained) p.contained++;
    if (status === 'completed') p.completed++;
    else if (status === 'aborted' || status === 'cancelled' || status === 'expired') p.aborted++;
    else if (status === 'paused') p.paused++;
    else if (status === 'undone') p.undone++;
    else if (status === 'in grace period') {
      p.grace++;
      if (run?.data.grace?.undo?.worker !== undefined) p.undoing++;
      const until = run?.data.grace?.until;
      if (until !== undefined) p.graceUntil = Math.max(p.graceUntil ?? 0, until);
    } else p.working++;
  }
  return p;
}

/**
 * One approval request for the whole batch: who asked, how many people, what is at stake in total, who
 * was left out, and Approve or Deny (signed, expiring with the approval window).
 */
function approvalBlocks(
  batch: Batch,
  approval: NonNullable<Batch['approval']>,
  signer: ButtonSigner,
): KnownBlock[] {
  const n = batch.runIds.length;
  const people = `${n} ${n === 1 ? 'person' : 'people'}`;
  const expiresAt = Math.floor(approval.until / 1000);
  const left = batch.leftOut.length;
  return [
    section(
      `*Approval needed* (${escapeMrkdwn(approval.reason)}): <@${batch.requester.slackUserId}> asks to offboard ${people} (batch ${escapeMrkdwn(batch.batchId)}).`,
    ),
    section(totals(batch.people)),
    ...sections(`*Will be offboarded (${n}):*`, batch.people.map(personLine)),
    context([
      `${left} left out of the batch (nothing will be done for them). An approver or admin other than the requester may answer, until ${new Date(approval.until).toISOString()}; after that the batch expires.`,
    ]),
    actions(`batch-approval:${batch.batchId}`, [
      button({
        actionId: 'approve_batch',
        text: `Approve ${n}`,
        style: 'danger',
        value: signedBatch(signer, 'approve_batch', batch, expiresAt),
        confirm: {
          title: `Approve offboarding ${people}?`,
          text: `${people} will be suspended and signed out of Okta at the worker's next turn. The other tasks follow; most cannot be undone.`,
          confirm: 'Approve',
          deny: 'Back',
          style: 'danger',
        },
      }),
      button({
        actionId: 'deny_batch',
        text: 'Deny',
        value: signedBatch(signer, 'deny_batch', batch, expiresAt),
      }),
    ]),
  ];
}

/** A batch that ended before starting (denied, or not approved in time): nothing was done in Okta. */
function closedBlocks(batch: Batch): KnownBlock[] {
  const n = batch.runIds.length;
  const why =
    batch.status === 'denied'
      ? `Denied by ${escapeMrkdwn(batch.approval?.by ?? 'an approver')}`
      : 'Not approved within 24 hours';
  return [
    section(
      `*Offboarding ${n} ${n === 1 ? 'person' : 'people'}* (${escapeMrkdwn(batch.batchId)}), asked by <@${batch.requester.slackUserId}>`,
    ),
    section(`${why}: nothing was changed in Okta.`),
  ];
}

/**
 * People of a batch per thread reply about those who finished: Slack posts about one message a second per
 * channel and does not promise to deliver bursts beyond that (docs.slack.dev/apis/web-api/rate-limits,
 * "Posting messages"), and a round finishes up to 100 people at once. One reply per 40 people keeps a round
 * to a few posts, each within Slack's 50 blocks and 3,000 characters a section.
 */
export const FINISHED_PER_REPLY = 40;

/** The thread replies for members that finished in one round, FINISHED_PER_REPLY people each. */
export function finishedReplies(
  batchId: string,
  runs: Run[],
): { text: string; blocks: KnownBlock[]; runs: Run[] }[] {
  const out: { text: string; blocks: KnownBlock[]; runs: Run[] }[] = [];
  for (let i = 0; i < runs.length; i += FINISHED_PER_REPLY) {
    const chunk = runs.slice(i, i + FINISHED_PER_REPLY);
    const counts = new Map<string, number>();
    for (const r of chunk) counts.set(r.status, (counts.get(r.status) ?? 0) + 1);
    const summary = [...counts].map(([status, n]) => `${n} ${status}`).join(', ');
    const text = `Batch ${batchId}: ${summary}`;
    out.push({ text, blocks: sections(`*${escapeMrkdwn(summary)}*`, chunk.map(finishedLine)), runs: chunk });
  }
  return out;
}
