// A batch under the Settings tab's Grace Period Hours (issue 10 meets issue 9): containment for everyone at
// once, then every member waits in the grace period until one due time, set when the batch's containment is
// over; the worker starts the held tasks within its minute of it, or at Continue now (everyone).

import * as app from '../../src/app';
import { createContext } from '../../src/handlers/context';
import { activeRunIndex } from '../../src/run/activeRuns';
import { SETTING_ROWS } from '../../src/sheet/settings';
import { formatInZone } from '../../src/schedule';
import { buttonsIn, post } from '../fixtures/app';
import { blockAction, blockActionsPost, slashCommandPost } from '../fixtures/slack';
import { allRuns, makeWorld, type World } from '../fixtures/world';
import { FakeSlack } from '../fakes/slackApi';

type W = World & { slack: FakeSlack };

const MINUTE = 60_000;
const RESPONSE_URL = 'https://hooks.slack.com/commands/T0001/1111111111/AbCdEfGhIjKl';
const TEAM = ['jane.doe@example.com', 'ann@example.com', 'bob@example.com', 'cy@example.com'];

function setting(w: W, key: string, value: string | number | boolean): void {
  const row = SETTING_ROWS.findIndex((r) => r.key === key) + 2;
  w.sheet
    .sheet('Settings')
    .getRange(row, 2, 1, 1)
    .setValues([[value]]);
}

/** Grace Period Hours 1 unless told. */
function world(hours = 1): W {
  const slack = new FakeSlack('xoxb-test-bot-token')
    .addUser({ id: 'U0REQUEST', name: 'riley', email: 'riley@example.com' })
    .addUser({ id: 'U0APPROVED', name: 'alex', email: 'alex.admin@example.com' })
    .addUser({ id: 'U0SAM', name: 'sam', email: 'sam.approver@example.com' })
    .addUser({ id: 'U0STRANGER', name: 'stranger', email: 'stranger@example.com' })
    .addChannel('C0REPORTS', 'offboarding');
  const w = { ...makeWorld({ slack }), slack };
  for (const login of TEAM.slice(1)) {
    const u = w.okta.addUser({ login, email: login, firstName: login.split('@')[0]!, lastName: 'Team' });
    w.okta.addSession(u.id, 1);
  }
  setting(w, 'gracePeriodHours', hours);
  return w;
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

function card(w: W): Record<string, unknown> {
  const answers = w.slack.responsesTo(RESPONSE_URL);
  return answers[answers.length - 1]!;
}

/** Asked, looked up and confirmed; the clock stands at Confirm. */
function confirmed(w: W): void {
  post(
    w,
    slashCommandPost({
      text: TEAM.join(', '),
      user_id: 'U0REQUEST',
      user_name: 'riley',
      response_url: RESPONSE_URL,
    }),
  );
  worker(w);
  click(w, buttonsIn(card(w).blocks).confirm_batch!, 'confirm_batch');
}

/** Confirmed, then one worker turn a minute later: everyone contained, the grace period's clock started. */
function waiting(w: W): void {
  confirmed(w);
  turns(w, 1);
}

function turns(w: W, n: number): void {
  for (let i = 0; i < n; i++) {
    w.services.clock.advance(MINUTE);
    worker(w);
  }
}

function batchMessage(w: W) {
  return w.slack
    .messagesIn('C0REPORTS')
    .filter((m) => m.threadTs === undefined && m.text.startsWith('Batch '))[0]!;
}

function members(w: W) {
  return activeRunIndex(w.services.properties).all();
}

/** Okta writes beyond containment (roles, grants, factors, groups, deactivate). */
function irreversibleWrites(w: W): string[] {
  return w.okta.requests
    .filter((r) => r.method !== 'GET')
    .map((r) => r.path)
    .filter((p) => !/lifecycle\/(suspend|unsuspend)$|\/sessions$/.test(p));
}

function oktaStatuses(w: W): (string | undefined)[] {
  return TEAM.map((login) => w.okta.user(login)?.status);
}

function lastEphemeral(w: W): string {
  return JSON.stringify(w.slack.callsOf('response_url').at(-1)?.body ?? {});
}

/** `/offboard <text>` as `userId` types it; returns the ephemeral answer's text. */
function command(w: W, text: string, userId = 'U0REQUEST'): string {
  const reply = post(w, slashCommandPost({ text, user_id: userId, user_name: userId.toLowerCase() }));
  return JSON.stringify(reply);
}

function statusOf(w: W, login: string): string | undefined {
  return allRuns(w).find((r) => r.target === login)?.status;
}

function auditActions(w: W): string[] {
  createContext(w.services).flushAudit();
  return w.sheet
    .sheet('Audit Log')
    .rows()
    .map((r) => String(r[2]));
}

describe('a confirmed batch with a grace period', () => {
  it('suspends everyone at the first worker turn', () => {
    const w = world();
    waiting(w);
    expect(oktaStatuses(w)).toEqual(TEAM.map(() => 'SUSPENDED'));
  });

  it('leaves every member in the grace period after containment, with no irreversible write sent', () => {
    const w = world();
    waiting(w);
    expect({ statuses: members(w).map((r) => r.status), writes: irreversibleWrites(w) }).toEqual({
      statuses: TEAM.map(() => 'in grace period'),
      writes: [],
    });
  });

  it("gives every member one due time: the grace period after the batch's containment", () => {
    const w = world();
    confirmed(w);
    w.services.clock.advance(MINUTE);
    const containedAt = w.services.clock.now();
    worker(w);
    expect(new Set(members(w).map((r) => r.data.grace?.until))).toEqual(new Set([containedAt + 60 * MINUTE]));
  });

  it('keeps everyone waiting at the turn just before the due time', () => {
    const w = world();
    waiting(w);
    turns(w, 58);
    expect({ statuses: new Set(members(w).map((r) => r.status)), writes: irreversibleWrites(w) }).toEqual({
      statuses: new Set(['in grace period']),
      writes: [],
    });
  });

  it('starts the held tasks at the turn of the due time', () => {
    const w = world();
    waiting(w);
    turns(w, 60);
    expect({
      waiting: members(w).filter((r) => r.status === 'in grace period').length,
      sent: irreversibleWrites(w).length > 0,
    }).toEqual({ waiting: 0, sent: true });
  });

  it('completes everyone within minutes of the due time', () => {
    const w = world();
    waiting(w);
    turns(w, 60 + 3);
    expect({
      runs: allRuns(w).map((r) => r.status),
      okta: oktaStatuses(w),
    }).toEqual({ runs: TEAM.map(() => 'completed'), okta: TEAM.map(() => 'DEPROVISIONED') });
  });

  it('says on the batch message that everyone is in the grace period and until when, in the Settings time zone', () => {
    const w = world();
    setting(w, 'timeZone', 'Europe/Paris');
    waiting(w);
    const until = members(w)[0]!.data.grace!.until!;
    expect(batchMessage(w).text).toContain(
      `containment 4/4 · in grace period 4 until ${formatInZone(until, 'Europe/Paris')} · completed 0/4`,
    );
  });

  it('reads nothing from the Sheet in a worker turn while everyone waits', () => {
    const w = world();
    waiting(w);
    turns(w, 1); // writes the rows the grace period's start left
    const before = w.sheet.cellsRead;
    turns(w, 1);
    expect(w.sheet.cellsRead - before).toBe(0);
  });

  it('audits the grace period once for the batch, and its end', () => {
    const w = world();
    waiting(w);
    turns(w, 61);
    const actions = auditActions(w);
    expect({
      started: actions.filter((a) => a === 'batch grace period').length,
      over: actions.filter((a) => a === 'batch grace period over').length,
    }).toEqual({ started: 1, over: 1 });
  });
});

describe('Abort the rest during the grace period', () => {
  it('stops everyone waiting: each run ends aborted, everyone stays suspended, nothing held is sent', () => {
    const w = world();
    waiting(w);
    click(w, buttonsIn(batchMessage(w).blocks).abort_batch!, 'abort_batch');
    turns(w, 63);
    expect({
      runs: allRuns(w).map((r) => r.status),
      okta: oktaStatuses(w),
      writes: irreversibleWrites(w),
    }).toEqual({ runs: TEAM.map(() => 'aborted'), okta: TEAM.map(() => 'SUSPENDED'), writes: [] });
  });
});

describe('a batch with Grace Period Hours 0', () => {
  it('does not wait: everyone completes without a grace period', () => {
    const w = world(0);
    confirmed(w);
    turns(w, 4);
    expect({
      runs: allRuns(w).map((r) => r.status),
      grace: allRuns(w).filter((r) => r.data.grace !== undefined).length,
    }).toEqual({ runs: TEAM.map(() => 'completed'), grace: 0 });
  });

  it('shows no Continue now on the batch message', () => {
    const w = world(0);
    confirmed(w);
    expect(Object.keys(buttonsIn(batchMessage(w).blocks))).toEqual(['abort_batch']);
  });
});

describe('Continue now (everyone) on the batch message', () => {
  it('is shown while members are in the grace period, beside Undo everyone and Abort the rest', () => {
    const w = world();
    waiting(w);
    expect(Object.keys(buttonsIn(batchMessage(w).blocks)).sort()).toEqual([
      'abort_batch',
      'continue_batch',
      'undo_batch',
    ]);
  });

  it('by the requester ends the grace period: everyone completes at the next turns', () => {
    const w = world();
    waiting(w);
    click(w, buttonsIn(batchMessage(w).blocks).continue_batch!, 'continue_batch');
    turns(w, 3);
    expect(allRuns(w).map((r) => r.status)).toEqual(TEAM.map(() => 'completed'));
  });

  it('by an approver who did not ask works too', () => {
    const w = world();
    waiting(w);
    click(w, buttonsIn(batchMessage(w).blocks).continue_batch!, 'continue_batch', 'U0SAM');
    expect(members(w).map((r) => r.status)).toEqual(TEAM.map(() => 'queued'));
  });

  it('by someone not in Approved Users is refused and ends nobody’s grace period', () => {
    const w = world();
    waiting(w);
    click(w, buttonsIn(batchMessage(w).blocks).continue_batch!, 'continue_batch', 'U0STRANGER');
    expect(members(w).map((r) => r.status)).toEqual(TEAM.map(() => 'in grace period'));
  });

  it('clicked again after everyone went on is refused as stale, saying why', () => {
    const w = world();
    waiting(w);
    const value = buttonsIn(batchMessage(w).blocks).continue_batch!;
    click(w, value, 'continue_batch');
    click(w, value, 'continue_batch', 'U0SAM');
    expect(lastEphemeral(w)).toContain('is past its grace period now, so that cannot be done');
  });

  it('whose signed value was edited is refused as forged and audited', () => {
    const w = world();
    waiting(w);
    const value = buttonsIn(batchMessage(w).blocks).continue_batch!;
    click(w, value.replace('continue_batch', 'abort_batch'), 'continue_batch');
    expect({
      statuses: members(w).map((r) => r.status),
      audited: auditActions(w).includes('click refused: CLICK_FORGED'),
    }).toEqual({ statuses: TEAM.map(() => 'in grace period'), audited: true });
  });

  it('names who clicked it in the Audit Log', () => {
    const w = world();
    waiting(w);
    click(w, buttonsIn(batchMessage(w).blocks).continue_batch!, 'continue_batch');
    expect(auditActions(w)).toContain('continued a batch');
  });
});

describe('a batch under the two-person rule with a grace period', () => {
  it('takes the grace period at Approve: everyone waits after containment', () => {
    const w = world();
    setting(w, 'twoPersonRule', true);
    confirmed(w);
    click(w, buttonsIn(batchMessage(w).blocks).approve_batch!, 'approve_batch', 'U0SAM');
    turns(w, 1);
    expect({ statuses: members(w).map((r) => r.status), writes: irreversibleWrites(w) }).toEqual({
      statuses: TEAM.map(() => 'in grace period'),
      writes: [],
    });
  });
});

describe('/offboard undo for one person of a batch in its grace period', () => {
  it('unsuspends that person in Okta and ends their run undone', () => {
    const w = world();
    waiting(w);
    command(w, 'undo ann@example.com');
    expect([w.okta.user('ann@example.com')?.status, statusOf(w, 'ann@example.com')]).toEqual([
      'ACTIVE',
      'undone',
    ]);
  });

  it('works by run id too', () => {
    const w = world();
    waiting(w);
    const runId = members(w).find((r) => r.target === 'bob@example.com')!.runId;
    command(w, `undo ${runId}`);
    expect(statusOf(w, 'bob@example.com')).toBe('undone');
  });

  it('leaves the others in the grace period, and they complete at the due time while the undone one stays active', () => {
    const w = world();
    waiting(w);
    command(w, 'undo ann@example.com');
    turns(w, 63);
    expect({
      runs: TEAM.map((login) => statusOf(w, login)),
      okta: oktaStatuses(w),
    }).toEqual({
      runs: ['completed', 'undone', 'completed', 'completed'],
      okta: ['DEPROVISIONED', 'ACTIVE', 'DEPROVISIONED', 'DEPROVISIONED'],
    });
  });

  it("tells the requester in the batch message's thread, never in a thread of a reply", () => {
    const w = world();
    waiting(w);
    command(w, 'undo ann@example.com');
    const parent = batchMessage(w).ts;
    const mention = w.slack
      .callsOf('chat.postMessage')
      .map((c) => c.body)
      .find((b) => String(b.text).startsWith('<@U0REQUEST>') && String(b.text).includes('undone'));
    expect(mention?.thread_ts).toBe(parent);
  });

  it('counts the person undone on the batch message', () => {
    const w = world();
    waiting(w);
    command(w, 'undo ann@example.com');
    expect(batchMessage(w).text).toContain('in grace period 3 until');
    expect(batchMessage(w).text).toContain('undone 1');
  });

  it('lets the batch finish with everyone else completed', () => {
    const w = world();
    waiting(w);
    command(w, 'undo ann@example.com');
    turns(w, 63);
    expect(batchMessage(w).text).toContain('containment 4/4 · completed 3/4 · paused 0 · undone 1');
  });

  it('answers within the command what Okta now says, naming the run', () => {
    const w = world();
    waiting(w);
    const runId = members(w).find((r) => r.target === 'ann@example.com')!.runId;
    expect(command(w, 'undo ann@example.com')).toContain(`${runId} (`);
  });

  it('is refused once a held task ran, changing nothing in Okta', () => {
    const w = world();
    waiting(w);
    click(w, buttonsIn(batchMessage(w).blocks).continue_batch!, 'continue_batch');
    turns(w, 3);
    const answer = command(w, 'undo ann@example.com');
    expect({
      answer: answer.includes('is past its grace period (Remove Admin Roles has run) now'),
      okta: w.okta.user('ann@example.com')?.status,
    }).toEqual({ answer: true, okta: 'DEPROVISIONED' });
  });

  it('by someone not in Approved Users is refused and leaves the person suspended', () => {
    const w = world();
    waiting(w);
    command(w, 'undo ann@example.com', 'U0STRANGER');
    expect([w.okta.user('ann@example.com')?.status, statusOf(w, 'ann@example.com')]).toEqual([
      'SUSPENDED',
      'in grace period',
    ]);
  });

  it('by an approver who did not ask works', () => {
    const w = world();
    waiting(w);
    command(w, 'undo ann@example.com', 'U0SAM');
    expect(statusOf(w, 'ann@example.com')).toBe('undone');
  });

  it('naming nobody with a run answers that there is none', () => {
    const w = world();
    waiting(w);
    expect(command(w, 'undo zed@example.com')).toContain('zed@example.com');
  });
});

describe('Undo everyone on the batch message', () => {
  function undoEveryone(w: W, userId = 'U0REQUEST') {
    return click(w, buttonsIn(batchMessage(w).blocks).undo_batch!, 'undo_batch', userId);
  }

  it('is shown, with a confirm dialog, while members are in the grace period', () => {
    const w = world();
    waiting(w);
    const blocks = JSON.stringify(batchMessage(w).blocks);
    expect({
      button: Object.keys(buttonsIn(batchMessage(w).blocks)).includes('undo_batch'),
      dialog: blocks.includes('Undo the batch for everyone in the grace period?'),
    }).toEqual({ button: true, dialog: true });
  });

  it('sends nothing to Okta inside the click', () => {
    const w = world();
    waiting(w);
    const before = w.okta.requests.length;
    undoEveryone(w);
    expect(w.okta.requests.length - before).toBe(0);
  });

  it('says on the batch message how many are being undone until the worker has done it', () => {
    const w = world();
    waiting(w);
    undoEveryone(w);
    expect(batchMessage(w).text).toContain('in grace period 4 until');
    expect(batchMessage(w).text).toContain('undoing 4');
  });

  it('has the worker unsuspend everyone, read back, each run ending undone', () => {
    const w = world();
    waiting(w);
    undoEveryone(w);
    turns(w, 1);
    expect({ runs: allRuns(w).map((r) => r.status), okta: oktaStatuses(w) }).toEqual({
      runs: TEAM.map(() => 'undone'),
      okta: TEAM.map(() => 'ACTIVE'),
    });
  });

  it('finishes the batch saying everyone is undone', () => {
    const w = world();
    waiting(w);
    undoEveryone(w);
    turns(w, 2);
    expect(batchMessage(w).text).toContain('containment 4/4 · completed 0/4 · paused 0 · undone 4');
  });

  it('never sends a held task, even after the due time', () => {
    const w = world();
    waiting(w);
    undoEveryone(w);
    turns(w, 63);
    expect(irreversibleWrites(w)).toEqual([]);
  });

  it('leaves a person whose unsuspend Okta refuses in the grace period, held, while the others end undone', () => {
    const w = world();
    waiting(w);
    w.okta.failNext({ operation: 'unsuspendUser' }, { status: 403, errorCode: 'E0000006' });
    undoEveryone(w);
    turns(w, 63);
    const statuses = allRuns(w)
      .map((r) => r.status)
      .sort();
    expect(statuses).toEqual(['in grace period', 'undone', 'undone', 'undone']);
  });

  it('audits the request and each person undone, naming who clicked', () => {
    const w = world();
    waiting(w);
    undoEveryone(w);
    turns(w, 1);
    createContext(w.services).flushAudit();
    const rows = w.sheet.sheet('Audit Log').rows();
    expect({
      asked: rows.filter((r) => r[2] === 'undo batch requested').length,
      undone: rows.filter((r) => r[2] === 'undone' && String(r[1]).includes('U0REQUEST')).length,
    }).toEqual({ asked: 1, undone: 4 });
  });

  it('by someone not in Approved Users is refused and marks nobody', () => {
    const w = world();
    waiting(w);
    undoEveryone(w, 'U0STRANGER');
    turns(w, 1);
    expect(oktaStatuses(w)).toEqual(TEAM.map(() => 'SUSPENDED'));
  });

  it('clicked after Continue now (everyone) is refused as stale and unsuspends nobody', () => {
    const w = world();
    waiting(w);
    const undo = buttonsIn(batchMessage(w).blocks).undo_batch!;
    click(w, buttonsIn(batchMessage(w).blocks).continue_batch!, 'continue_batch');
    click(w, undo, 'undo_batch');
    expect({
      answer: lastEphemeral(w).includes('is past its grace period now'),
      statuses: members(w).map((r) => r.status),
    }).toEqual({ answer: true, statuses: TEAM.map(() => 'queued') });
  });

  it('whose signed value was edited is refused as forged', () => {
    const w = world();
    waiting(w);
    const value = buttonsIn(batchMessage(w).blocks).undo_batch!;
    click(w, value.replace(/\|[0-9a-f]{32}$/, '|' + '0'.repeat(32)), 'undo_batch');
    turns(w, 1);
    expect({
      okta: oktaStatuses(w),
      audited: auditActions(w).includes('click refused: CLICK_FORGED'),
    }).toEqual({ okta: TEAM.map(() => 'SUSPENDED'), audited: true });
  });
});
