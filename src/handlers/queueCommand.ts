// `/offboard queue`: the Queue tab's pending rows become one batch, through the same path as a list
// (requestBatch): the worker looks everyone up and shows one card. Within Slack's 3 seconds: one read of
// the Queue tab and one write of its Batch and Status cells, under the script lock so two commands at once
// never take a row twice. Approvers and admins only.

import { OffboardError } from '../errors';
import { requestBatch, withLock } from '../run/engine';
import { forgetBatch } from '../run/batchStore';
import { replyToOf } from '../run/reporter';
import type { LeftOut } from '../run/types';
import { isPending, markQueue, MAX_QUEUE_TARGETS, readQueue, type QueueMark } from '../sheet/queue';
import { parseQueueCell, type ListTarget } from '../slack/command';
import { ephemeral, type SlackMessage } from '../slack/messages';
import type { SlashCommand } from '../slack/payloads';
import { callerEmail, type Caller } from './caller';
import type { AppContext } from './context';

/** Reasons repeated in the refusal when no pending row names anyone. */
const REASONS_SHOWN = 5;

export function queueRequest(
  ctx: AppContext,
  caller: Caller,
  body: SlashCommand,
): { reply: SlackMessage; detail: string } {
  const role = caller.approved.role;
  if (role !== 'approver' && role !== 'admin') {
    throw new OffboardError(
      'NOT_ALLOWED',
      `${caller.label} may not take the Queue tab: only approvers and admins may.`,
    );
  }
  // Checked before anything is recorded: without the signing secret no card can be made.
  ctx.signingSecret();
  const { services } = ctx;
  const engine = ctx.engine();
  return withLock(
    services,
    () => {
      const ss = services.spreadsheet();
      const queue = readQueue(ss);
      const pending = queue.rows.filter(isPending);
      if (pending.length === 0) {
        throw new OffboardError('QUEUE_NOTHING_TO_TAKE', 'The Queue tab has no pending rows.', {
          why: 'it has no pending rows (a row is pending while its Batch cell is empty). Paste one email address per row in its Target column, then run `/offboard queue` again',
        });
      }
      const taken = pending.slice(0, MAX_QUEUE_TARGETS);
      const waiting = pending.length - taken.length;
      const targets: ListTarget[] = [];
      const leftOut: LeftOut[] = [];
      const refused: { row: number; why: string }[] = [];
      const firstRowOf = new Map<string, number>();
      for (const row of taken) {
        const parsed = parseQueueCell(row.target);
        if ('why' in parsed) {
          refused.push({ row: row.rowNumber, why: parsed.why });
          continue;
        }
        const first = firstRowOf.get(parsed.email);
        if (first !== undefined) {
          refused.push({ row: row.rowNumber, why: `the same address as row ${first}` });
          continue;
        }
        firstRowOf.set(parsed.email, row.rowNumber);
        targets.push({ kind: 'email', email: parsed.email });
      }
      const shown = (r: { row: number; why: string }): string => {
        const cell = taken.find((t) => t.rowNumber === r.row)?.target ?? '';
        return `row ${r.row}${cell ? ` (${cell.length > 60 ? `${cell.slice(0, 59)}…` : cell})` : ''}`;
      };
      if (targets.length === 0) {
        const reasons = refused.slice(0, REASONS_SHOWN).map((r) => `${shown(r)}: ${r.why}`);
        const more = refused.length > REASONS_SHOWN ? `; and ${refused.length - REASONS_SHOWN} more` : '';
        throw new OffboardError('QUEUE_NOTHING_TO_TAKE', 'No pending Queue row names an email address.', {
          why: `none of its ${taken.length} pending rows names an email address (${reasons.join('; ')}${more}). Nothing was marked; correct the Target cells and run \`/offboard queue\` again`,
        });
      }
      for (const r of refused) leftOut.push({ input: shown(r), why: r.why });
      const reply = replyToOf(body.response_url, services.clock.now());
      const batch = requestBatch(engine, {
        requester: {
          slackUserId: caller.slackUserId,
          name: caller.approved.name || body.user_name,
          role,
          email: callerEmail(ctx, caller),
        },
        targets,
        leftOut,
        fromQueue: true,
        ...(reply ? { replyTo: reply } : {}),
      });
      const marks = new Map<number, QueueMark>();
      for (const row of taken) {
        const no = refused.find((r) => r.row === row.rowNumber);
        marks.set(row.rowNumber, { batch: batch.batchId, status: no ? `left out: ${no.why}` : 'taken' });
      }
      try {
        markQueue(ss, queue, marks);
      } catch (e) {
        // Unmarked rows would be taken again by the next command: the batch goes too.
        forgetBatch(services.properties, batch);
        throw e;
      }
      const n = targets.length;
      const apart = refused.length
        ? ` ${refused.length} row${refused.length === 1 ? '' : 's'} named nobody (listed apart on the card).`
        : '';
      const more = waiting
        ? ` ${waiting} more pending row${waiting === 1 ? '' : 's'} wait in the tab (one command takes ${MAX_QUEUE_TARGETS}): run \`/offboard queue\` again for them.`
        : '';
      return {
        reply: ephemeral(
          `Took ${taken.length} row${taken.length === 1 ? '' : 's'} from the Queue tab (batch ${batch.batchId}): looking up ${n} ${n === 1 ? 'person' : 'people'} in Okta…${apart}${more} The confirmation card replaces this message within a minute or two. Nothing changes in Okta before you confirm.`,
        ),
        detail: `${batch.batchId}: ${n} people from ${taken.length} Queue rows (${refused.length} named nobody, ${waiting} left waiting)`,
      };
    },
    engine.lockWaitMs,
  );
}
