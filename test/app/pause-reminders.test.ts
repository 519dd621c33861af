// Runs nobody is watching: a paused run is raised again in its thread, mentioning the requester, once per
// Pause Reminder Hours, until someone acts; nothing is aborted automatically.

import * as app from '../../src/app';
import { SETTING_ROWS } from '../../src/sheet/settings';
import { buttonsIn, post } from '../fixtures/app';
import { blockAction, blockActionsPost, slashCommandPost } from '../fixtures/slack';
import { allRuns, makeWorld, type World } from '../fixtures/world';
import { FakeSlack } from '../fakes/slackApi';

type W = World & { slack: FakeSlack };

const HOUR = 60 * 60_000;

function world(hours: number | string = 4): W {
  const slack = new FakeSlack('xoxb-test-bot-token')
    .addUser({ id: 'U0REQUEST', name: 'riley', email: 'riley@example.com' })
    .addUser({ id: 'U0SAM', name: 'sam', email: 'sam.approver@example.com' })
    .addChannel('C0REPORTS', 'offboarding');
  const w = { ...makeWorld({ slack }), slack };
  const row = SETTING_ROWS.findIndex((r) => r.key === 'pauseReminderHours') + 2;
  w.sheet
    .sheet('Settings')
    .getRange(row, 2, 1, 1)
    .setValues([[hours]]);
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

function worker(w: W): void {
  app.runWorker(() => w.services, 'recurring');
}

/** Riley's run, paused at Revoke Grants (Okta refuses it with a 403). */
function paused(w: W): void {
  w.okta.failNext({ operation: 'revokeUserGrants' }, { status: 403, errorCode: 'E0000006' });
  const reply = post(w, slashCommandPost({ text: 'jane.doe@example.com', user_id: 'U0REQUEST' }));
  click(w, buttonsIn(reply.blocks).confirm!, 'confirm');
  worker(w);
  expect(allRuns(w)[0]?.status).toBe('paused');
}

function replies(w: W): string[] {
  const message = w.slack.messagesIn('C0REPORTS')[0]!;
  return w.slack.repliesTo('C0REPORTS', message.ts).map((m) => m.text);
}

describe('a paused run nobody acts on', () => {
  it('is not raised before Pause Reminder Hours have passed', () => {
    const w = world();
    paused(w);
    w.services.clock.advance(4 * HOUR - 60_000);
    worker(w);
    expect(replies(w)).toEqual([]);
  });

  it('is raised in its thread, mentioning the requester, once the interval has passed', () => {
    const w = world();
    paused(w);
    w.services.clock.advance(4 * HOUR);
    worker(w);
    expect(replies(w)).toEqual([
      expect.stringMatching(/^<@U0REQUEST> Run OFF-\S+ \(Jane Doe\) is still paused at/),
    ]);
  });

  it('is raised once per interval, however many worker turns run in it', () => {
    const w = world();
    paused(w);
    for (let minute = 1; minute <= 8 * 60 + 30; minute++) {
      w.services.clock.advance(60_000);
      worker(w);
    }
    expect(replies(w)).toHaveLength(2);
  });

  it('follows the Pause Reminder Hours setting', () => {
    const w = world(1);
    paused(w);
    for (let minute = 1; minute <= 3 * 60 + 30; minute++) {
      w.services.clock.advance(60_000);
      worker(w);
    }
    expect(replies(w)).toHaveLength(3);
  });

  it('is never aborted automatically', () => {
    const w = world(1);
    paused(w);
    for (let hour = 1; hour <= 48; hour++) {
      w.services.clock.advance(HOUR);
      worker(w);
    }
    expect(allRuns(w)[0]?.status).toBe('paused');
  });

  it('is not raised again once someone acted (Abort)', () => {
    const w = world();
    paused(w);
    const buttons = buttonsIn(w.slack.messagesIn('C0REPORTS')[0]!.blocks);
    click(w, buttons.abort!, 'abort');
    w.services.clock.advance(5 * HOUR);
    worker(w);
    expect(replies(w)).toEqual([]);
  });

  it('counts the interval from the latest pause: a Retry that pauses again starts a new interval', () => {
    const w = world();
    paused(w);
    w.services.clock.advance(3 * HOUR);
    w.okta.failNext({ operation: 'revokeUserGrants' }, { status: 403, errorCode: 'E0000006' });
    click(w, buttonsIn(w.slack.messagesIn('C0REPORTS')[0]!.blocks).retry!, 'retry');
    worker(w);
    w.services.clock.advance(2 * HOUR);
    worker(w);
    expect(replies(w)).toEqual([]);
  });

  it('writes each reminder to the Audit Log', () => {
    const w = world();
    paused(w);
    w.services.clock.advance(4 * HOUR);
    worker(w);
    const actions = w.sheet
      .sheet('Audit Log')
      .rows()
      .map((r) => String(r[2]));
    expect(actions.filter((a) => a === 'pause reminder')).toHaveLength(1);
  });
});
