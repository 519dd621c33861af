// `/offboard queue` inside Slack's 3 seconds with a full Queue tab (500 pending rows, the command's most):
// one read of the tab, one write of Batch and Status, nothing asked of Okta; modeled time from the bench's
// cost table, as for the other hot paths.

import { measure, type Step } from '../../bench/measure';
import { benchWorld, post, slashCommand, type BenchWorld } from '../../bench/world';
import { MAX_QUEUE_TARGETS } from '../../src/sheet/queue';
import { slashCommandPost } from '../fixtures/slack';

const HEADER = ['Target', 'Note', 'Added By', 'Batch', 'Status'];

function queueWorld(rows: number): BenchWorld {
  const bw = benchWorld();
  bw.world.sheet.removeTab('Queue');
  bw.world.sheet.addTab('Queue', [
    HEADER,
    ...Array.from({ length: rows }, (_, i) => [`p${i}@example.com`, `cohort ${i % 7}`, 'hr', '', '']),
  ]);
  return bw;
}

/** `/offboard queue` with warm caches (an earlier `status` read Approved Users), measured as one doPost. */
function warmQueue(rows: number): Step {
  const bw = queueWorld(rows);
  post(bw, slashCommandPost({ text: 'status' }));
  return measure(bw, 'doPost', () => slashCommand(bw, 'queue')).step;
}

describe(`/offboard queue with ${MAX_QUEUE_TARGETS} pending rows`, () => {
  it('reads the Sheet once and writes it once, and asks Okta nothing', () => {
    const { counts } = warmQueue(MAX_QUEUE_TARGETS);
    expect([counts.sheetReads, counts.sheetWrites, counts.oktaRequests]).toEqual([1, 1, 0]);
  });

  it('answers within Slack’s 3 seconds (modeled), with cold caches too', () => {
    const bw = queueWorld(MAX_QUEUE_TARGETS);
    const cold = measure(bw, 'doPost', () => slashCommand(bw, 'queue')).step;
    expect([warmQueue(MAX_QUEUE_TARGETS).modeledMs < 3_000, cold.modeledMs < 3_000]).toEqual([true, true]);
  });
});
