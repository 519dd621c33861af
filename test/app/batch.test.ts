// Several people in one request (issue 10): the list is answered at once, the worker looks everyone up and
// shows one card, one Confirm starts one run per person, and the batch has one channel message.

import * as app from '../../src/app';
import { createContext } from '../../src/handlers/context';
import { activeRunIndex } from '../../src/run/activeRuns';
import { buttonsIn, post } from '../fixtures/app';
import { blockAction, blockActionsPost, slashCommandPost } from '../fixtures/slack';
import { allRuns, makeWorld, type World } from '../fixtures/world';
import { FakeSlack } from '../fakes/slackApi';

type W = World & { slack: FakeSlack };

const RESPONSE_URL = 'https://hooks.slack.com/commands/T0001/1111111111/AbCdEfGhIjKl';
const TEAM = ['jane.doe@example.com', 'ann@example.com', 'bob@example.com', 'cy@example.com'];
const LIST = [...TEAM, 'gone@example.com', 'boss@example.com', 'nobody@example.com', 'twin@example.com'];

function world(): W {
  const slack = new FakeSlack('xoxb-test-bot-token')
    .addUser({ id: 'U0REQUEST', name: 'riley', email: 'riley@example.com' })
    .addUser({ id: 'U0APPROVED', name: 'alex', email: 'alex.admin@example.com' })
    .addChannel('C0REPORTS', 'offboarding');
  const w = { ...makeWorld({ slack }), slack };
  for (const login of ['ann@example.com', 'bob@example.com', 'cy@example.com']) {
    const u = w.okta.addUser({ login, email: login, firstName: login.split('@')[0]!, lastName: 'Team' });
    w.okta.addSession(u.id, 1);
  }
  w.okta.addUser({ login: 'gone@example.com', email: 'gone@example.com', status: 'DEPROVISIONED' });
  const boss = w.okta.addUser({ login: 'boss@example.com', email: 'boss@example.com' });
  w.okta.assignRole(boss.id, 'ORG_ADMIN');
  w.okta.addUser({ login: 'twin1@example.com', email: 'twin@example.com' });
  w.okta.addUser({ login: 'twin2@example.com', email: 'twin@example.com' });
  return w;
}

function ask(w: W, text = LIST.join(', ')) {
  return post(
    w,
    slashCommandPost({ text, user_id: 'U0REQUEST', user_name: 'riley', response_url: RESPONSE_URL }),
  );
}

function worker(w: W): void {
  app.runWorker(() => w.services, 'recurring');
}

function click(w: W, value: string, actionId: string, userId = 'U0REQUEST') {
  return post(
    w,
    blockActionsPost({
      user: { id: userId, username: userId.toLowerCase(), name: userId, team_id: 'T0001' },
      actions: [blockAction({ action_id: actionId, value })],
      response_url: 'https://hooks.slack.com/actions/T0001/222/card',
    }),
  );
}

/** The card the worker put in place of "Looking up…". */
function card(w: W): Record<string, unknown> {
  const answers = w.slack.responsesTo(RESPONSE_URL);
  return answers[answers.length - 1]!;
}

function confirmed(w: W): void {
  ask(w);
  worker(w);
  click(w, buttonsIn(card(w).blocks).confirm_batch!, 'confirm_batch');
}

/** The channel's top-level messages about batches (the daily health check also posts there). */
function batchMessages(w: W) {
  return w.slack
    .messagesIn('C0REPORTS')
    .filter((m) => m.threadTs === undefined && m.text.startsWith('Batch '));
}

function batchMessage(w: W) {
  return batchMessages(w)[0]!;
}

function finish(w: W, turns = 5): void {
  for (let i = 0; i < turns; i++) {
    w.services.clock.advance(60_000);
    worker(w);
  }
}

describe('a list of people', () => {
  it('is answered at once without asking Okta anything, saying how many are being looked up', () => {
    const w = world();
    const reply = ask(w);
    expect({
      text: String(reply.text).startsWith(`Looking up ${LIST.length} people`),
      okta: w.okta.requests.length,
    }).toEqual({
      text: true,
      okta: 0,
    });
  });

  it('gets one card from the worker naming everyone who can be offboarded', () => {
    const w = world();
    ask(w);
    worker(w);
    const text = JSON.stringify(card(w));
    expect(TEAM.filter((login) => !text.includes(login))).toEqual([]);
  });

  it('lists apart, with the reason, who is not found, ambiguous, deactivated or protected', () => {
    const w = world();
    ask(w);
    worker(w);
    const text = JSON.stringify(card(w));
    expect({
      nobody: text.includes('nobody@example.com: not found in Okta'),
      twin: text.includes('twin@example.com: several live Okta accounts match'),
      gone: text.includes('gone@example.com: already deactivated in Okta'),
      boss: text.includes('boss@example.com: protected'),
    }).toEqual({ nobody: true, twin: true, gone: true, boss: true });
  });

  it('records one run per person awaiting confirmation, and none for the people left out', () => {
    const w = world();
    ask(w);
    worker(w);
    const runs = activeRunIndex(w.services.properties).all();
    expect(runs.map((r) => `${r.target} ${r.status}`).sort()).toEqual(
      TEAM.map((login) => `${login} awaiting confirmation`).sort(),
    );
  });

  it('changes nothing in Okta before Confirm', () => {
    const w = world();
    ask(w);
    worker(w);
    expect(w.okta.requests.filter((r) => r.method !== 'GET')).toEqual([]);
  });
});

describe('Confirm on a batch card', () => {
  it('queues every person in one click without calling Okta', () => {
    const w = world();
    ask(w);
    worker(w);
    const before = w.okta.requests.length;
    click(w, buttonsIn(card(w).blocks).confirm_batch!, 'confirm_batch');
    const runs = activeRunIndex(w.services.properties).all();
    expect({ statuses: runs.map((r) => r.status), okta: w.okta.requests.length - before }).toEqual({
      statuses: ['queued', 'queued', 'queued', 'queued'],
      okta: 0,
    });
  });

  it('is refused to someone other than the requester', () => {
    const w = world();
    ask(w);
    worker(w);
    click(w, buttonsIn(card(w).blocks).confirm_batch!, 'confirm_batch', 'U0APPROVED');
    expect(
      activeRunIndex(w.services.properties)
        .all()
        .map((r) => r.status),
    ).toEqual([
      'awaiting confirmation',
      'awaiting confirmation',
      'awaiting confirmation',
      'awaiting confirmation',
    ]);
  });

  it('posts one channel message for the batch', () => {
    const w = world();
    confirmed(w);
    expect(batchMessages(w).map((m) => m.text)).toEqual([
      expect.stringContaining('containment 0/4 · completed 0/4 · paused 0'),
    ]);
  });
});

describe('a confirmed batch', () => {
  it('ends with everyone deactivated in Okta and every run completed', () => {
    const w = world();
    confirmed(w);
    finish(w);
    const byLogin = new Map(allRuns(w).map((r) => [r.target, r.status]));
    expect({
      okta: TEAM.map((login) => w.okta.user(login)?.status),
      runs: TEAM.map((login) => byLogin.get(login)),
    }).toEqual({
      okta: TEAM.map(() => 'DEPROVISIONED'),
      runs: TEAM.map(() => 'completed'),
    });
  });

  it('updates its one channel message in place to say everyone completed', () => {
    const w = world();
    confirmed(w);
    finish(w);
    expect(batchMessages(w).map((m) => m.text)).toEqual([
      expect.stringContaining('containment 4/4 · completed 4/4 · paused 0'),
    ]);
  });

  it("names every finished person, with each task's mark, in the batch message's thread", () => {
    const w = world();
    confirmed(w);
    finish(w);
    const thread = w.slack
      .repliesTo('C0REPORTS', batchMessage(w).ts)
      .map((m) => JSON.stringify(m.blocks))
      .join('\n');
    expect(allRuns(w).filter((r) => !thread.includes(`${r.runId} · completed: ✅ Suspend`))).toEqual([]);
  });

  it('tells the thread about people who finished together in one reply, not one each', () => {
    const w = world();
    confirmed(w);
    finish(w);
    expect(w.slack.repliesTo('C0REPORTS', batchMessage(w).ts)).toHaveLength(1);
  });

  it('pauses one person whose task Okta refuses, and completes the others', () => {
    const w = world();
    w.okta.failNext({ operation: 'revokeUserGrants' }, { status: 403, errorCode: 'E0000006' });
    confirmed(w);
    finish(w);
    const statuses = allRuns(w)
      .map((r) => r.status)
      .sort();
    expect({ statuses, message: batchMessage(w).text }).toEqual({
      statuses: ['completed', 'completed', 'completed', 'paused'],
      message: expect.stringContaining('completed 3/4 · paused 1'),
    });
  });

  it('stops everyone left when the requester clicks Abort the rest', () => {
    const w = world();
    confirmed(w);
    click(w, buttonsIn(batchMessage(w).blocks).abort_batch!, 'abort_batch');
    finish(w, 2);
    expect({
      statuses: allRuns(w).map((r) => r.status),
      suspended: TEAM.filter((login) => w.okta.user(login)?.status !== 'ACTIVE'),
    }).toEqual({ statuses: ['aborted', 'aborted', 'aborted', 'aborted'], suspended: [] });
  });
});

describe('a batch with mixed outcomes under a tight Okta rate limit', () => {
  /** Okta's limit cut to 12 requests a minute per endpoint family: the batch meets 429s. */
  function squeezed(): W {
    const w = world();
    w.okta.rateLimit({ limit: 12, windowSeconds: 60 });
    // Okta refuses to revoke Jane's OAuth grant every time: a refusal that pauses her run.
    w.okta.failNext(
      { operation: 'revokeUserGrants', path: new RegExp(w.target.id) },
      { status: 403, errorCode: 'E0000006', times: 99 },
    );
    confirmed(w);
    finish(w, 15);
    return w;
  }

  it('ends with every row telling the truth: completed people deactivated, the paused one suspended only', () => {
    const w = squeezed();
    const rows = allRuns(w).map((r) => `${r.target} ${r.status} ${w.okta.user(r.target)?.status}`);
    expect(rows.sort()).toEqual(expect.arrayContaining([expect.stringMatching(/ paused SUSPENDED$/)]));
    expect(rows.filter((r) => !/ (completed DEPROVISIONED|paused SUSPENDED)$/.test(r))).toEqual([]);
  });

  it('says on the batch message how many completed and how many paused', () => {
    const w = squeezed();
    expect(batchMessage(w).text).toContain('containment 4/4 · completed 3/4 · paused 1');
  });

  it('pauses nobody for the rate limit: only the person Okta refused', () => {
    const w = squeezed();
    const paused = allRuns(w).filter((r) => r.status === 'paused');
    expect(paused.map((r) => r.data.pausedTask)).toEqual(['revoke_grants']);
  });
});

describe('a batch whose people finish faster than Slack takes posts', () => {
  // Slack posts about one message a second per channel and does not promise bursts beyond it
  // (docs.slack.dev/apis/web-api/rate-limits): the fake allows one post, then one a second.
  const PEOPLE = Array.from({ length: 45 }, (_, i) => `member${String(i).padStart(2, '0')}@example.com`);
  function crowd(): W {
    const w = world();
    for (const login of PEOPLE) w.okta.addUser({ login, email: login, firstName: 'Member', lastName: login });
    w.slack.limitPosts({ now: () => w.services.clock.now(), burst: 1 });
    ask(w, PEOPLE.join('\n'));
    worker(w);
    w.services.clock.advance(5_000);
    click(w, buttonsIn(card(w).blocks).confirm_batch!, 'confirm_batch');
    finish(w);
    return w;
  }

  it('still names every finished person in the thread', () => {
    const w = crowd();
    const thread = w.slack
      .repliesTo('C0REPORTS', batchMessage(w).ts)
      .map((m) => JSON.stringify(m.blocks))
      .join('\n');
    expect(allRuns(w).filter((r) => r.status !== 'completed' || !thread.includes(r.runId))).toEqual([]);
  });

  it('audits no Slack error for the thread', () => {
    const w = crowd();
    createContext(w.services).flushAudit();
    const errors = w.sheet
      .sheet('Audit Log')
      .rows()
      .map((r) => `${String(r[2])} ${String(r[4])}`)
      .filter((a) => a.includes('slack error'));
    expect(errors).toEqual([]);
  });
});
