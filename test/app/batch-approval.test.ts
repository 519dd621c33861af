// The two-person rule for a batch (issue 10): the requester's Confirm posts one approval request for the
// whole batch; an approver or admin other than the requester approves (everyone is queued, as Confirm does
// with the rule off) or denies; 24 hours without an answer expire it; nothing is done in Okta before Approve.

import * as app from '../../src/app';
import { activeRunIndex } from '../../src/run/activeRuns';
import { signButton } from '../../src/run/buttons';
import { SETTING_ROWS } from '../../src/sheet/settings';
import { createContext } from '../../src/handlers/context';
import { buttonsIn, post } from '../fixtures/app';
import { blockAction, blockActionsPost, slashCommandPost } from '../fixtures/slack';
import { allRuns, makeWorld, type World } from '../fixtures/world';
import { FakeSlack } from '../fakes/slackApi';

type W = World & { slack: FakeSlack };

const RESPONSE_URL = 'https://hooks.slack.com/commands/T0001/1111111111/AbCdEfGhIjKl';
const TEAM = ['ann@example.com', 'bob@example.com', 'cy@example.com'];
const DAY_MS = 24 * 60 * 60_000;

function world(): W {
  const slack = new FakeSlack('xoxb-test-bot-token')
    .addUser({ id: 'U0REQUEST', name: 'riley', email: 'riley@example.com' })
    .addUser({ id: 'U0APPROVED', name: 'alex', email: 'alex.admin@example.com' })
    .addUser({ id: 'U0SAM', name: 'sam', email: 'sam.approver@example.com' })
    .addChannel('C0REPORTS', 'offboarding');
  const w = { ...makeWorld({ slack }), slack };
  for (const login of TEAM) {
    const u = w.okta.addUser({ login, email: login, firstName: login.split('@')[0]!, lastName: 'Team' });
    w.okta.addSession(u.id, 1);
  }
  w.okta.addUser({ login: 'gone@example.com', email: 'gone@example.com', status: 'DEPROVISIONED' });
  const row = SETTING_ROWS.findIndex((r) => r.key === 'twoPersonRule') + 2;
  w.sheet
    .sheet('Settings')
    .getRange(row, 2, 1, 1)
    .setValues([[true]]);
  return w;
}

function worker(w: W): void {
  app.runWorker(() => w.services, 'recurring');
}

function click(w: W, value: string, actionId: string, userId: string) {
  return post(
    w,
    blockActionsPost({
      user: { id: userId, username: userId.toLowerCase(), name: userId, team_id: 'T0001' },
      actions: [blockAction({ action_id: actionId, value })],
      response_url: 'https://hooks.slack.com/actions/T0001/222/click',
    }),
  );
}

/** The requester asks for the team (and one deactivated person, left out) and confirms the card. */
function confirmed(w: W, requester = 'U0REQUEST'): void {
  post(
    w,
    slashCommandPost({
      text: [...TEAM, 'gone@example.com'].join(', '),
      user_id: requester,
      response_url: RESPONSE_URL,
    }),
  );
  worker(w);
  const card = w.slack.responsesTo(RESPONSE_URL).at(-1)!;
  click(w, buttonsIn(card.blocks).confirm_batch!, 'confirm_batch', requester);
}

function batchMessages(w: W) {
  return w.slack
    .messagesIn('C0REPORTS')
    .filter((m) => m.threadTs === undefined && m.text.startsWith('Batch '));
}

function approvalButtons(w: W): Record<string, string> {
  return buttonsIn(batchMessages(w)[0]?.blocks);
}

function statuses(w: W): string[] {
  return activeRunIndex(w.services.properties)
    .all()
    .map((r) => r.status);
}

function oktaWrites(w: W) {
  return w.okta.requests.filter((r) => r.method !== 'GET');
}

function auditActions(w: W): string[] {
  createContext(w.services).flushAudit();
  return w.sheet
    .sheet('Audit Log')
    .rows()
    .map((r) => String(r[2]));
}

function lastClickAnswer(w: W): string {
  return JSON.stringify(w.slack.responsesTo('https://hooks.slack.com/actions/T0001/222/click').at(-1) ?? {});
}

describe('Confirm on a batch card under the two-person rule', () => {
  it('changes nothing in Okta and leaves every person awaiting approval', () => {
    const w = world();
    confirmed(w);
    expect({ statuses: statuses(w), writes: oktaWrites(w) }).toEqual({
      statuses: ['awaiting approval', 'awaiting approval', 'awaiting approval'],
      writes: [],
    });
  });

  it('posts one approval request in the channel with Approve and Deny', () => {
    const w = world();
    confirmed(w);
    expect({
      messages: batchMessages(w).length,
      buttons: Object.keys(approvalButtons(w)).sort(),
    }).toEqual({ messages: 1, buttons: ['approve_batch', 'deny_batch'] });
  });

  it('names in the approval request who asked, how many people, what is at stake in total and how many were left out', () => {
    const w = world();
    confirmed(w);
    const text = JSON.stringify(batchMessages(w)[0]!.blocks);
    expect({
      asker: text.includes('<@U0REQUEST> asks to offboard 3 people'),
      stake: text.includes('At stake in total:* 3 people'),
      leftOut: text.includes('1 left out of the batch'),
    }).toEqual({ asker: true, stake: true, leftOut: true });
  });

  it('audits the approval request', () => {
    const w = world();
    confirmed(w);
    expect(auditActions(w)).toContain('batch approval requested');
  });
});

describe('Approve on a batch', () => {
  it('by an approver other than the requester queues everyone', () => {
    const w = world();
    confirmed(w);
    click(w, approvalButtons(w).approve_batch!, 'approve_batch', 'U0SAM');
    expect(statuses(w)).toEqual(['queued', 'queued', 'queued']);
  });

  it('turns the approval request into the batch progress message, in place', () => {
    const w = world();
    confirmed(w);
    click(w, approvalButtons(w).approve_batch!, 'approve_batch', 'U0SAM');
    expect(batchMessages(w).map((m) => m.text)).toEqual([
      expect.stringContaining('containment 0/3 · completed 0/3'),
    ]);
  });

  it('names who approved on the batch progress message', () => {
    const w = world();
    confirmed(w);
    click(w, approvalButtons(w).approve_batch!, 'approve_batch', 'U0SAM');
    expect(JSON.stringify(batchMessages(w)[0]!.blocks)).toContain('approved by Sam Approver (U0SAM)');
  });

  it('tells the requester in the batch message thread who approved', () => {
    const w = world();
    confirmed(w);
    click(w, approvalButtons(w).approve_batch!, 'approve_batch', 'U0SAM');
    const replies = w.slack.repliesTo('C0REPORTS', batchMessages(w)[0]!.ts).map((m) => m.text);
    expect(replies).toEqual([expect.stringMatching(/^<@U0REQUEST> Sam Approver \(U0SAM\) approved batch/)]);
  });

  it('by the requester themselves is refused, even when they are an admin', () => {
    const w = world();
    confirmed(w, 'U0APPROVED');
    click(w, approvalButtons(w).approve_batch!, 'approve_batch', 'U0APPROVED');
    expect({ statuses: statuses(w), audit: auditActions(w) }).toEqual({
      statuses: ['awaiting approval', 'awaiting approval', 'awaiting approval'],
      audit: expect.arrayContaining(['click refused: NOT_ALLOWED']),
    });
  });

  it('by a second approver after the first is refused as stale and queues nobody again', () => {
    const w = world();
    confirmed(w);
    const approve = approvalButtons(w).approve_batch!;
    click(w, approve, 'approve_batch', 'U0SAM');
    click(w, approve, 'approve_batch', 'U0APPROVED');
    expect({
      answer: lastClickAnswer(w),
      audit: auditActions(w).filter((a) => a === 'approved batch'),
    }).toEqual({
      answer: expect.stringContaining('is started now, so that cannot be done'),
      audit: ['approved batch'],
    });
  });

  it('whose signed value was edited is refused as forged', () => {
    const w = world();
    confirmed(w);
    const forged = approvalButtons(w).approve_batch!.replace(/\|[0-9a-f]+$/, '|' + '0'.repeat(32));
    click(w, forged, 'approve_batch', 'U0SAM');
    expect({ statuses: statuses(w), answer: lastClickAnswer(w) }).toEqual({
      statuses: ['awaiting approval', 'awaiting approval', 'awaiting approval'],
      answer: expect.stringContaining('could not be verified'),
    });
  });

  it('whose signed value was edited is audited as forged, naming the batch it claims', () => {
    const w = world();
    confirmed(w);
    const approve = approvalButtons(w).approve_batch!;
    const batchId = approve.split('|')[2]!;
    click(w, approve.replace(/\|[0-9a-f]+$/, '|' + '0'.repeat(32)), 'approve_batch', 'U0SAM');
    createContext(w.services).flushAudit();
    const row = w.sheet
      .sheet('Audit Log')
      .rows()
      .find((r) => r[2] === 'click refused: CLICK_FORGED')!;
    expect([row[3], row[4]]).toEqual(['', `approve_batch; claims run ${batchId}`]);
  });

  it("a single run's Approve signed for the batch's id acts on nobody", () => {
    const w = world();
    confirmed(w);
    const deny = approvalButtons(w).deny_batch!;
    const [, , batchId, , , expires] = deny.split('|');
    const claim = {
      action: 'approve' as const,
      runId: batchId!,
      taskId: '',
      pauseSeq: 0,
      expiresAt: Number(expires),
    };
    // A single run's Approve signed for the batch's id names no run: nothing happens to the batch.
    click(w, signButton(w.services.crypto, 'test-signing-secret', claim), 'approve', 'U0SAM');
    expect(statuses(w)).toEqual(['awaiting approval', 'awaiting approval', 'awaiting approval']);
  });

  it('after the whole batch is approved, everyone ends completed and deactivated in Okta', () => {
    const w = world();
    confirmed(w);
    click(w, approvalButtons(w).approve_batch!, 'approve_batch', 'U0SAM');
    for (let i = 0; i < 5; i++) {
      w.services.clock.advance(60_000);
      worker(w);
    }
    const byLogin = new Map(allRuns(w).map((r) => [r.target, r.status]));
    expect({
      runs: TEAM.map((l) => byLogin.get(l)),
      okta: TEAM.map((l) => w.okta.user(l)?.status),
    }).toEqual({ runs: TEAM.map(() => 'completed'), okta: TEAM.map(() => 'DEPROVISIONED') });
  });
});

describe('Deny on a batch', () => {
  it('ends every person denied with nothing done in Okta', () => {
    const w = world();
    confirmed(w);
    click(w, approvalButtons(w).deny_batch!, 'deny_batch', 'U0SAM');
    worker(w);
    expect({ runs: allRuns(w).map((r) => r.status), writes: oktaWrites(w) }).toEqual({
      runs: ['denied', 'denied', 'denied'],
      writes: [],
    });
  });

  it('updates the approval request in place to say who denied it, with no buttons left', () => {
    const w = world();
    confirmed(w);
    click(w, approvalButtons(w).deny_batch!, 'deny_batch', 'U0SAM');
    const message = batchMessages(w)[0]!;
    expect({ text: message.text, buttons: buttonsIn(message.blocks) }).toEqual({
      text: expect.stringContaining('denied; nothing was changed in Okta'),
      buttons: {},
    });
  });

  it('tells the requester through the list command’s response_url', () => {
    const w = world();
    confirmed(w);
    click(w, approvalButtons(w).deny_batch!, 'deny_batch', 'U0SAM');
    expect(JSON.stringify(w.slack.responsesTo(RESPONSE_URL).at(-1))).toContain(
      'Denied by Sam Approver (U0SAM)',
    );
  });

  it('by the requester is refused', () => {
    const w = world();
    confirmed(w);
    click(w, approvalButtons(w).deny_batch!, 'deny_batch', 'U0REQUEST');
    expect(statuses(w)).toEqual(['awaiting approval', 'awaiting approval', 'awaiting approval']);
  });

  it('is audited', () => {
    const w = world();
    confirmed(w);
    click(w, approvalButtons(w).deny_batch!, 'deny_batch', 'U0SAM');
    expect(auditActions(w)).toContain('denied batch');
  });
});

describe('a batch nobody approves', () => {
  function expired(): W {
    const w = world();
    confirmed(w);
    w.services.clock.advance(DAY_MS + 60_000);
    worker(w);
    worker(w);
    return w;
  }

  it('expires after 24 hours with nothing done in Okta', () => {
    const w = expired();
    expect({ runs: allRuns(w).map((r) => r.status), writes: oktaWrites(w) }).toEqual({
      runs: ['expired', 'expired', 'expired'],
      writes: [],
    });
  });

  it('says so on its channel message and to the requester in its thread', () => {
    const w = expired();
    const message = batchMessages(w)[0]!;
    const replies = w.slack.repliesTo('C0REPORTS', message.ts).map((m) => m.text);
    expect({ text: message.text, replies }).toEqual({
      text: expect.stringContaining('not approved within 24 hours'),
      replies: [expect.stringMatching(/^<@U0REQUEST> Batch BAT-.*Not approved within 24 hours/)],
    });
  });

  it('refuses a late Approve as expired', () => {
    const w = world();
    confirmed(w);
    const approve = approvalButtons(w).approve_batch!;
    w.services.clock.advance(DAY_MS + 60_000);
    click(w, approve, 'approve_batch', 'U0SAM');
    expect({ statuses: statuses(w), answer: lastClickAnswer(w) }).toEqual({
      statuses: ['awaiting approval', 'awaiting approval', 'awaiting approval'],
      answer: expect.stringContaining('This button has expired'),
    });
  });

  it('is audited as expired', () => {
    const w = expired();
    expect(auditActions(w)).toContain('batch approval expired');
  });
});
