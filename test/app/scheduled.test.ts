// Scheduled runs through doPost and the worker, in the world's clock (2026-11-29 09:00Z): the card says
// when, Confirm schedules, the channel shows Cancel, the worker reminds once an hour before and starts
// the run at its time after looking the person up again.

import { DEFAULT_API_TOKEN, DEFAULT_ORG_URL } from '../../fakes/okta';
import * as app from '../../src/app';
import { cacheKey } from '../../src/cache';
import { SETTING_ROWS } from '../../src/sheet/settings';
import { buttonsIn, post } from '../fixtures/app';
import { blockAction, blockActionsPost, slashCommandPost } from '../fixtures/slack';
import { allRuns, makeWorld, type World } from '../fixtures/world';
import { FakeSlack } from '../fakes/slackApi';

type W = World & { slack: FakeSlack };

const HOUR = 60 * 60_000;
/** 2026-12-18 17:00 in Paris (UTC+1 in December). */
const START = Date.UTC(2026, 11, 18, 16, 0);

function setSetting(w: W, key: (typeof SETTING_ROWS)[number]['key'], value: string): void {
  const row = SETTING_ROWS.findIndex((r) => r.key === key) + 2;
  w.sheet
    .sheet('Settings')
    .getRange(row, 2, 1, 1)
    .setValues([[value]]);
  // An edit in the Sheet fires onEdit, which forgets what was cached from it.
  app.sheetEdited(() => w.services, 'Settings');
}

function world(timeZone = 'Europe/Paris'): W {
  const slack = new FakeSlack('xoxb-test-bot-token')
    .addUser({ id: 'U0APPROVED', name: 'alex.admin', email: 'alex.admin@example.com' })
    .addUser({ id: 'U0REQUEST', name: 'riley', email: 'riley@example.com' })
    .addUser({ id: 'U0SAM', name: 'sam', email: 'sam.approver@example.com' })
    .addChannel('C0REPORTS', 'offboarding');
  const w = { ...makeWorld({ slack }), slack };
  setSetting(w, 'timeZone', timeZone);
  return w;
}

function click(w: W, value: string, actionId: string, userId = 'U0REQUEST') {
  return post(
    w,
    blockActionsPost({
      user: { id: userId, username: userId.toLowerCase(), name: userId, team_id: 'T0001' },
      actions: [blockAction({ action_id: actionId, value })],
    }),
  );
}

function ask(w: W, when = 'at 2026-12-18 17:00', userId = 'U0REQUEST') {
  return post(w, slashCommandPost({ text: `jane.doe@example.com ${when}`, user_id: userId }));
}

/** Asked and confirmed by Riley; returns the channel message's buttons. */
function scheduled(w: W): Record<string, string> {
  click(w, buttonsIn(ask(w).blocks).confirm!, 'confirm');
  return buttonsIn(w.slack.messagesIn('C0REPORTS')[0]?.blocks);
}

function run(w: W) {
  return allRuns(w)[0]!;
}

function worker(w: W): void {
  app.runWorker(() => w.services, 'recurring');
}

function replies(w: W): string[] {
  const message = w.slack.messagesIn('C0REPORTS')[0]!;
  return w.slack.repliesTo('C0REPORTS', message.ts).map((m) => m.text);
}

function oktaWrites(w: W): number {
  return w.okta.requests.filter((r) => r.method !== 'GET').length;
}

describe('asking for a scheduled run', () => {
  it('shows the time in the Settings time zone on the card', () => {
    const w = world();
    expect(JSON.stringify(ask(w).blocks)).toContain('2026-12-18 17:00 Europe/Paris');
  });

  it('keeps the instant the time means in that zone (17:00 Paris = 16:00Z)', () => {
    const w = world();
    ask(w);
    expect(run(w).data.schedule?.startAt).toBe(START);
  });

  it('refuses a time in the past, saying so, and records no run', () => {
    const w = world();
    const reply = ask(w, 'at 2026-11-29 08:00');
    expect([reply.text, allRuns(w).length]).toEqual([expect.stringContaining('is in the past'), 0]);
  });

  it('refuses a time more than a year ahead, saying so', () => {
    const w = world();
    expect(ask(w, 'on 2027-12-01').text).toContain('more than a year ahead');
  });

  it('refuses a time the clocks skip in the Settings time zone', () => {
    const w = world('America/New_York');
    expect(ask(w, 'at 2027-03-14 02:30').text).toContain('does not exist in America/New_York');
  });
});

describe('Confirm on a scheduled run', () => {
  it('makes it scheduled and changes nothing in Okta', () => {
    const w = world();
    scheduled(w);
    expect([run(w).status, oktaWrites(w), w.okta.user(w.target.id)?.status]).toEqual([
      'scheduled',
      0,
      'ACTIVE',
    ]);
  });

  it('posts the run to the channel with only a Cancel button', () => {
    const w = world();
    expect(Object.keys(scheduled(w))).toEqual(['cancel']);
  });
});

describe('the worker', () => {
  it('does nothing to a scheduled run before its reminder is due', () => {
    const w = world();
    scheduled(w);
    worker(w);
    expect([run(w).status, replies(w)]).toEqual(['scheduled', []]);
  });

  it('reminds the channel once, an hour before, mentioning the requester', () => {
    const w = world();
    scheduled(w);
    w.services.clock.time = START - HOUR + 30_000;
    worker(w);
    w.services.clock.advance(60_000);
    worker(w);
    expect(replies(w)).toEqual([expect.stringMatching(/^<@U0REQUEST> Run OFF-.* in about an hour/)]);
  });

  it('says how many minutes are left when the run was asked for less than an hour ahead', () => {
    const w = world();
    w.services.clock.time = START - 20 * 60_000;
    scheduled(w);
    worker(w);
    expect(replies(w)).toEqual([expect.stringContaining('at 2026-12-18 17:00 Europe/Paris, in 20 minutes.')]);
  });

  it('starts the run within its minute: the person is suspended', () => {
    const w = world();
    scheduled(w);
    w.services.clock.time = START + 30_000;
    worker(w);
    expect(w.okta.user(w.target.id)?.status).not.toBe('ACTIVE');
  });

  it('finishes the run it started', () => {
    const w = world();
    scheduled(w);
    w.services.clock.time = START + 30_000;
    worker(w);
    w.services.clock.advance(60_000);
    worker(w);
    expect(run(w).status).toBe('completed');
  });

  it('does not start a run whose person was deactivated in Okta meanwhile, and says why', () => {
    const w = world();
    scheduled(w);
    // An admin deactivates the person in Okta before the scheduled time.
    const deactivated = w.okta.fetch({
      url: `${DEFAULT_ORG_URL}/api/v1/users/${w.target.id}/lifecycle/deactivate`,
      method: 'post',
      headers: { Authorization: `SSWS ${DEFAULT_API_TOKEN}` },
    });
    expect(deactivated.status).toBe(200);
    w.okta.clearRequests();
    w.services.clock.time = START + 30_000;
    worker(w);
    expect([run(w).status, oktaWrites(w), replies(w).some((t) => t.includes('already deactivated'))]).toEqual(
      ['cancelled', 0, true],
    );
  });
});

function auditRows(w: W) {
  return w.sheet
    .sheet('Audit Log')
    .rows()
    .map((r) => ({ action: String(r[2]), runId: String(r[3]), detail: String(r[4]) }));
}

/** The worker's turn at the scheduled time. */
function atStart(w: W): void {
  w.services.clock.time = START + 30_000;
  w.okta.clearRequests();
  worker(w);
}

/** Scheduled by Alex (an Offboard admin) for Jane, an Okta admin; Sam (approver) approves in the channel. */
function approvedAdminTarget(w: W): void {
  w.okta.assignRole(w.target.id, 'ORG_ADMIN');
  click(w, buttonsIn(ask(w, 'at 2026-12-18 17:00', 'U0APPROVED').blocks).confirm!, 'confirm', 'U0APPROVED');
  click(w, buttonsIn(w.slack.messagesIn('C0REPORTS')[0]?.blocks).approve!, 'approve', 'U0SAM');
}

describe('the start re-checks the person as the card did', () => {
  it('does not start a run whose login now names another Okta account (a rehire), saying so', () => {
    const w = world();
    scheduled(w);
    // An Okta admin renames the old account; a new hire gets the login.
    w.okta.changeLogin(w.target.id, 'jane.doe.2019@example.com');
    w.okta.addUser({ login: 'jane.doe@example.com', firstName: 'Jane', lastName: 'Doe' });
    atStart(w);
    expect([
      run(w).status,
      oktaWrites(w),
      replies(w).some((t) => t.includes('another Okta account')),
    ]).toEqual(['cancelled', 0, true]);
  });

  it('does not start a run whose person joined a Protected Okta Group meanwhile, saying they are protected', () => {
    const w = world();
    scheduled(w);
    const executives = w.okta.addGroup({ name: 'Executives' });
    w.okta.addToGroup(executives.id, w.target.id);
    setSetting(w, 'protectedGroups', 'Executives');
    atStart(w);
    expect([run(w).status, oktaWrites(w), w.okta.user(w.target.id)?.status]).toEqual([
      'cancelled',
      0,
      'ACTIVE',
    ]);
  });

  it('says in the channel message that the person is now protected, and why', () => {
    const w = world();
    scheduled(w);
    const executives = w.okta.addGroup({ name: 'Executives' });
    w.okta.addToGroup(executives.id, w.target.id);
    setSetting(w, 'protectedGroups', 'Executives');
    atStart(w);
    expect(JSON.stringify(w.slack.messagesIn('C0REPORTS')[0])).toContain(
      'jane.doe@example.com is now protected: they are a member of the Protected Okta Group Executives',
    );
  });

  it('does not start a run a requester asked for whose person became an Okta admin meanwhile', () => {
    const w = world();
    scheduled(w);
    w.okta.assignRole(w.target.id, 'ORG_ADMIN');
    atStart(w);
    expect([run(w).status, oktaWrites(w), run(w).message]).toEqual([
      'cancelled',
      0,
      expect.stringContaining('is now protected: they hold Okta admin roles'),
    ]);
  });

  it('does not start an admin’s run whose person became an Okta admin after nobody approved it', () => {
    const w = world();
    click(w, buttonsIn(ask(w, 'at 2026-12-18 17:00', 'U0APPROVED').blocks).confirm!, 'confirm', 'U0APPROVED');
    w.okta.assignRole(w.target.id, 'ORG_ADMIN');
    atStart(w);
    expect([run(w).status, run(w).message]).toEqual([
      'cancelled',
      expect.stringContaining('was not approved by a second person'),
    ]);
  });

  it('starts an Okta admin’s run that an admin asked for and a second person approved', () => {
    const w = world();
    approvedAdminTarget(w);
    expect(run(w).status).toBe('scheduled');
    atStart(w);
    expect(w.okta.user(w.target.id)?.status).not.toBe('ACTIVE');
  });

  it('starts an approved Okta admin’s run asked for by an admin listed by email only, asking Slack for the email', () => {
    const w = world();
    // Sam's row has no Slack User ID: he is found by the email Slack gives for U0SAM. Make him an admin.
    w.sheet.sheet('Approved Users').writeInput(4, 4, 'admin');
    app.sheetEdited(() => w.services, 'Approved Users');
    w.okta.assignRole(w.target.id, 'ORG_ADMIN');
    click(w, buttonsIn(ask(w, 'at 2026-12-18 17:00', 'U0SAM').blocks).confirm!, 'confirm', 'U0SAM');
    click(w, buttonsIn(w.slack.messagesIn('C0REPORTS')[0]?.blocks).approve!, 'approve', 'U0APPROVED');
    w.services.cache.remove(cacheKey('slackEmail', 'U0SAM')); // long expired by the start
    atStart(w);
    expect(w.okta.user(w.target.id)?.status).not.toBe('ACTIVE');
  });

  it('audits the refused start with the reason', () => {
    const w = world();
    scheduled(w);
    w.okta.assignRole(w.target.id, 'ORG_ADMIN');
    atStart(w);
    expect(auditRows(w).find((r) => r.action === 'scheduled start refused')).toEqual({
      action: 'scheduled start refused',
      runId: run(w).runId,
      detail: expect.stringContaining('jane.doe@example.com is now protected: they hold Okta admin roles'),
    });
  });

  it('tells the requester in the run’s thread that it did not start and why', () => {
    const w = world();
    scheduled(w);
    w.okta.assignRole(w.target.id, 'ORG_ADMIN');
    atStart(w);
    expect(replies(w)).toContainEqual(
      expect.stringMatching(
        /^<@U0REQUEST> Run OFF-\S+ did not start: jane\.doe@example\.com is now protected/,
      ),
    );
  });

  it('starts nothing while Okta does not answer the roles: the run stays scheduled', () => {
    const w = world();
    scheduled(w);
    w.okta.failNext(
      { operation: 'listAssignedRolesForUser' },
      { status: 403, errorCode: 'E0000006', errorSummary: 'You do not have permission' },
    );
    atStart(w);
    expect([run(w).status, oktaWrites(w)]).toEqual(['scheduled', 0]);
  });

  it('starts the run at the next turn once Okta answers the roles', () => {
    const w = world();
    scheduled(w);
    w.okta.failNext(
      { operation: 'listAssignedRolesForUser' },
      { status: 403, errorCode: 'E0000006', errorSummary: 'You do not have permission' },
    );
    atStart(w);
    w.services.clock.advance(60_000);
    worker(w);
    expect(w.okta.user(w.target.id)?.status).not.toBe('ACTIVE');
  });
});

describe('a due run while Okta does not answer', () => {
  /** Three worker turns, a minute apart, from the scheduled time; Okta refuses the roles each time. */
  function threeWaitingTurns(w: W): void {
    w.okta.failNext(
      { operation: 'listAssignedRolesForUser' },
      { status: 403, errorCode: 'E0000006', errorSummary: 'You do not have permission', times: 3 },
    );
    atStart(w);
    w.services.clock.advance(60_000);
    worker(w);
    w.services.clock.advance(60_000);
    worker(w);
  }

  it('tells the thread once in three waiting turns, naming what Okta did not answer', () => {
    const w = world();
    scheduled(w);
    threeWaitingTurns(w);
    expect(replies(w)).toEqual([
      expect.stringMatching(
        /^<@U0REQUEST> Run OFF-\S+ is due but has not started: Okta did not answer about their Okta admin roles.*It will start when Okta answers/,
      ),
    ]);
  });

  it('names the lookup Okta did not answer when the person cannot be looked up', () => {
    const w = world();
    scheduled(w);
    w.okta.failNext(
      { operation: 'listUsers' },
      {
        status: 403,
        errorCode: 'E0000006',
        errorSummary: 'You do not have permission to perform the requested action',
      },
    );
    atStart(w);
    expect(replies(w)).toEqual([
      expect.stringContaining('Okta did not answer the lookup of jane.doe@example.com (OKTA_FORBIDDEN'),
    ]);
  });

  it('says once in the thread that the run started when Okta answers again', () => {
    const w = world();
    scheduled(w);
    threeWaitingTurns(w);
    w.services.clock.advance(60_000);
    worker(w);
    w.services.clock.advance(60_000);
    worker(w);
    expect(replies(w).filter((t) => t.includes('has started'))).toEqual([
      expect.stringMatching(/^<@U0REQUEST> Okta answers again: run OFF-\S+ has started\.$/),
    ]);
  });

  it('says nothing about starting when the run started without waiting', () => {
    const w = world();
    scheduled(w);
    atStart(w);
    expect(replies(w).filter((t) => t.includes('has started'))).toEqual([]);
  });

  it('audits the wait once', () => {
    const w = world();
    scheduled(w);
    threeWaitingTurns(w);
    expect(auditRows(w).filter((r) => r.action === 'scheduled start waits')).toEqual([
      expect.objectContaining({ detail: expect.stringContaining('their Okta admin roles') }),
    ]);
  });
});

describe('cancelling a scheduled run', () => {
  it('with the channel message’s Cancel ends it cancelled; the worker never starts it', () => {
    const w = world();
    click(w, scheduled(w).cancel!, 'cancel');
    w.services.clock.time = START + 30_000;
    worker(w);
    expect([run(w).status, oktaWrites(w)]).toEqual(['cancelled', 0]);
  });

  it('updates the channel message to say cancelled', () => {
    const w = world();
    click(w, scheduled(w).cancel!, 'cancel');
    expect(w.slack.messagesIn('C0REPORTS')[0]!.text).toContain('cancelled');
  });

  it('with `/offboard cancel <run id>` by an approver', () => {
    const w = world();
    scheduled(w);
    const reply = post(w, slashCommandPost({ text: `cancel ${run(w).runId}`, user_id: 'U0SAM' }));
    expect([run(w).status, reply.text]).toEqual(['cancelled', expect.stringContaining('Cancelled')]);
  });

  it('is refused to someone with the requester role who did not ask for it', () => {
    const w = world();
    click(w, buttonsIn(ask(w, 'at 2026-12-18 17:00', 'U0APPROVED').blocks).confirm!, 'confirm', 'U0APPROVED');
    post(w, slashCommandPost({ text: `cancel ${run(w).runId}`, user_id: 'U0REQUEST' }));
    expect(run(w).status).toBe('scheduled');
  });

  it('a Cancel clicked after the run started is refused and the run goes on', () => {
    const w = world();
    const { cancel } = scheduled(w);
    w.services.clock.time = START + 30_000;
    worker(w);
    click(w, cancel!, 'cancel');
    expect(run(w).status).not.toBe('cancelled');
  });
});
