// The two-person rule through doPost: Confirm asks the channel; only an approver or admin other than the
// requester may Approve or Deny (re-checked at click time); Deny or 24 hours of silence change nothing in
// Okta; every outcome is audited and the requester is told.

import * as app from '../../src/app';
import { activeRunIndex } from '../../src/run/activeRuns';
import { SETTING_ROWS } from '../../src/sheet/settings';
import { post } from '../fixtures/app';
import { blockAction, blockActionsPost, slashCommandPost } from '../fixtures/slack';
import { allRuns, makeWorld, type World } from '../fixtures/world';
import { FakeSlack } from '../fakes/slackApi';
import { createContext } from '../../src/handlers/context';

/** The Audit Log tab once the worker has written what requests queued (they queue, the worker writes). */
function auditTab(w: { services: World['services']; sheet: World['sheet'] }) {
  createContext(w.services).flushAudit();
  return w.sheet.sheet('Audit Log');
}

type W = World & { slack: FakeSlack };

function world(options: { rule?: boolean } = {}): W {
  const slack = new FakeSlack('xoxb-test-bot-token')
    .addUser({ id: 'U0APPROVED', name: 'alex.admin', email: 'alex.admin@example.com' })
    .addUser({ id: 'U0REQUEST', name: 'riley', email: 'riley@example.com' })
    .addUser({ id: 'U0SAM', name: 'sam', email: 'sam.approver@example.com' })
    .addUser({ id: 'U0JANE', name: 'jane', email: 'jane.doe@example.com' })
    .addChannel('C0REPORTS', 'offboarding');
  const w = { ...makeWorld({ slack }), slack };
  const row = SETTING_ROWS.findIndex((r) => r.key === 'twoPersonRule') + 2;
  w.sheet
    .sheet('Settings')
    .getRange(row, 2, 1, 1)
    .setValues([[options.rule ?? true]]);
  return w;
}

function buttonsIn(blocks: unknown[] | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const b of (blocks ?? []) as { type: string; elements?: { action_id: string; value: string }[] }[]) {
    if (b.type === 'actions') for (const e of b.elements ?? []) out[e.action_id] = e.value;
  }
  return out;
}

function click(w: W, value: string, actionId: string, userId: string) {
  return post(
    w,
    blockActionsPost({
      user: { id: userId, username: userId.toLowerCase(), name: userId, team_id: 'T0001' },
      actions: [blockAction({ action_id: actionId, value })],
    }),
  );
}

/** Riley (requester role) asks and confirms; the rule holds the run. Returns the channel's buttons. */
function confirmed(w: W, requester = 'U0REQUEST'): Record<string, string> {
  const reply = post(w, slashCommandPost({ text: 'jane.doe@example.com', user_id: requester }));
  click(w, buttonsIn(reply.blocks as unknown[]).confirm!, 'confirm', requester);
  return buttonsIn(w.slack.messagesIn('C0REPORTS')[0]?.blocks);
}

function run(w: W) {
  return allRuns(w)[0]!;
}

function auditActions(w: W): string[] {
  return auditTab(w)
    .rows()
    .map((r) => String(r[2]));
}

function lastEphemeral(w: W): string {
  return JSON.stringify(w.slack.callsOf('response_url').at(-1)?.body ?? {});
}

function threadReplies(w: W): string[] {
  const message = w.slack.messagesIn('C0REPORTS')[0]!;
  return w.slack.repliesTo('C0REPORTS', message.ts).map((m) => m.text);
}

describe('Confirm under the two-person rule', () => {
  it('changes nothing in Okta and leaves the run awaiting approval', () => {
    const w = world();
    confirmed(w);
    expect([w.okta.user(w.target.id)?.status, run(w).status]).toEqual(['ACTIVE', 'awaiting approval']);
  });

  it('posts an approval request naming the person and the requester, with Approve and Deny', () => {
    const w = world();
    const buttons = confirmed(w);
    const message = JSON.stringify(w.slack.messagesIn('C0REPORTS')[0]!.blocks);
    expect([
      Object.keys(buttons).sort(),
      message.includes('<@U0REQUEST>'),
      message.includes('Jane Doe'),
    ]).toEqual([['approve', 'deny'], true, true]);
  });

  it('audits the approval request', () => {
    const w = world();
    confirmed(w);
    expect(auditActions(w)).toContain('approval requested');
  });

  it('acts at once when the rule is off', () => {
    const w = world({ rule: false });
    confirmed(w);
    expect(w.okta.user(w.target.id)?.status).toBe('SUSPENDED');
  });

  it('waits for approval when the run was flagged at request time as offboarding an Okta admin, rule off', () => {
    const w = world({ rule: false });
    const reply = post(w, slashCommandPost({ text: 'jane.doe@example.com', user_id: 'U0REQUEST' }));
    const index = activeRunIndex(w.services.properties);
    const pending = index.all()[0]!;
    pending.data.needsApproval = 'admin-target';
    index.put(pending);
    click(w, buttonsIn(reply.blocks as unknown[]).confirm!, 'confirm', 'U0REQUEST');
    expect([w.okta.user(w.target.id)?.status, run(w).status]).toEqual(['ACTIVE', 'awaiting approval']);
  });
});

describe('Approve', () => {
  it('by an approver other than the requester suspends the person inside that request', () => {
    const w = world();
    click(w, confirmed(w).approve!, 'approve', 'U0SAM');
    expect([w.okta.user(w.target.id)?.status, run(w).data.tasks.suspend?.state]).toEqual([
      'SUSPENDED',
      'done',
    ]);
  });

  it('is audited with the approver and tells the requester in the thread', () => {
    const w = world();
    click(w, confirmed(w).approve!, 'approve', 'U0SAM');
    expect([
      auditActions(w).includes('approved'),
      threadReplies(w).some((t) => t.startsWith('<@U0REQUEST>')),
    ]).toEqual([true, true]);
  });

  it('lets the worker finish the run after approval', () => {
    const w = world();
    click(w, confirmed(w).approve!, 'approve', 'U0SAM');
    app.runWorker(() => w.services, 'kick');
    expect(run(w).status).toBe('completed');
  });

  it('by the requester themselves is refused, even when the requester is an admin', () => {
    const w = world();
    click(w, confirmed(w, 'U0APPROVED').approve!, 'approve', 'U0APPROVED');
    expect([w.okta.user(w.target.id)?.status, lastEphemeral(w).includes('not allowed')]).toEqual([
      'ACTIVE',
      true,
    ]);
  });

  it('by someone with the requester role is refused', () => {
    const w = world();
    click(w, confirmed(w, 'U0APPROVED').approve!, 'approve', 'U0REQUEST');
    expect(w.okta.user(w.target.id)?.status).toBe('ACTIVE');
  });

  it('is refused when the approver was unticked in Approved Users after the request was posted', () => {
    const w = world();
    const { approve } = confirmed(w);
    // Sam Approver is row 4; Active is column 5.
    w.sheet
      .sheet('Approved Users')
      .getRange(4, 5, 1, 1)
      .setValues([[false]]);
    app.sheetEdited(() => w.services, 'Approved Users');
    click(w, approve!, 'approve', 'U0SAM');
    expect([w.okta.user(w.target.id)?.status, run(w).status]).toEqual(['ACTIVE', 'awaiting approval']);
  });

  it('with a forged value is refused and audited, nothing in Okta', () => {
    const w = world();
    const { approve } = confirmed(w);
    click(
      w,
      approve!.replace(/.$/, (c) => (c === '0' ? '1' : '0')),
      'approve',
      'U0SAM',
    );
    expect([
      w.okta.user(w.target.id)?.status,
      auditActions(w).includes('click refused: CLICK_FORGED'),
    ]).toEqual(['ACTIVE', true]);
  });

  it('made from a Confirm value (action edited to approve) is refused as forged', () => {
    const w = world();
    const reply = post(w, slashCommandPost({ text: 'jane.doe@example.com', user_id: 'U0REQUEST' }));
    const confirmValue = buttonsIn(reply.blocks as unknown[]).confirm!;
    click(w, confirmValue, 'confirm', 'U0REQUEST');
    click(w, confirmValue.replace('|confirm|', '|approve|'), 'approve', 'U0SAM');
    expect([
      w.okta.user(w.target.id)?.status,
      auditActions(w).includes('click refused: CLICK_FORGED'),
    ]).toEqual(['ACTIVE', true]);
  });

  it('after a Deny (a stale button) is refused and changes nothing in Okta', () => {
    const w = world();
    const { approve, deny } = confirmed(w);
    click(w, deny!, 'deny', 'U0APPROVED');
    click(w, approve!, 'approve', 'U0SAM');
    expect([w.okta.user(w.target.id)?.status, run(w).status, lastEphemeral(w).includes('denied')]).toEqual([
      'ACTIVE',
      'denied',
      true,
    ]);
  });

  it('clicked twice suspends once', () => {
    const w = world();
    const { approve } = confirmed(w);
    click(w, approve!, 'approve', 'U0SAM');
    click(w, approve!, 'approve', 'U0APPROVED');
    expect(w.okta.requests.filter((r) => r.operation === 'suspendUser')).toHaveLength(1);
  });
});

describe('Deny', () => {
  it('ends the run denied with nothing changed in Okta', () => {
    const w = world();
    click(w, confirmed(w).deny!, 'deny', 'U0SAM');
    expect([
      w.okta.user(w.target.id)?.status,
      run(w).status,
      w.okta.requests.filter((r) => r.method !== 'GET').length,
    ]).toEqual(['ACTIVE', 'denied', 0]);
  });

  it('is audited and the requester is told in the thread', () => {
    const w = world();
    click(w, confirmed(w).deny!, 'deny', 'U0SAM');
    expect([auditActions(w).includes('deny'), threadReplies(w).some((t) => t.includes('denied'))]).toEqual([
      true,
      true,
    ]);
  });

  it('by the requester is refused', () => {
    const w = world();
    click(w, confirmed(w).deny!, 'deny', 'U0REQUEST');
    expect(run(w).status).toBe('awaiting approval');
  });

  it('lets the same person be requested again', () => {
    const w = world();
    click(w, confirmed(w).deny!, 'deny', 'U0SAM');
    const reply = post(w, slashCommandPost({ text: 'jane.doe@example.com', user_id: 'U0REQUEST' }));
    expect(buttonsIn(reply.blocks as unknown[]).confirm).toBeDefined();
  });
});

describe('24 hours without an answer', () => {
  it('the worker expires the run, nothing in Okta, audited, requester told', () => {
    const w = world();
    confirmed(w);
    w.services.clock.advance(24 * 60 * 60_000 + 60_000);
    app.runWorker(() => w.services, 'recurring');
    expect([
      run(w).status,
      w.okta.user(w.target.id)?.status,
      auditActions(w).includes('approval expired'),
      threadReplies(w).some((t) => t.includes('expired')),
    ]).toEqual(['expired', 'ACTIVE', true, true]);
  });

  it('an Approve clicked after the window is refused and changes nothing in Okta', () => {
    const w = world();
    const { approve } = confirmed(w);
    w.services.clock.advance(24 * 60 * 60_000 + 60_000);
    click(w, approve!, 'approve', 'U0SAM');
    expect([w.okta.user(w.target.id)?.status, lastEphemeral(w).includes('expired')]).toEqual([
      'ACTIVE',
      true,
    ]);
  });

  it('the worker leaves a request inside its window alone', () => {
    const w = world();
    confirmed(w);
    w.services.clock.advance(23 * 60 * 60_000);
    app.runWorker(() => w.services, 'recurring');
    expect(run(w).status).toBe('awaiting approval');
  });
});
