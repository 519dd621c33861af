// /offboard status <person>: the latest run that acted, later ones that did nothing named; a person
// without runs is told so; a mention matches exactly that member.

import * as app from '../../src/app';
import { blockAction, blockActionsPost, slashCommandPost } from '../fixtures/slack';
import { allRuns, makeWorld, type World } from '../fixtures/world';
import { FakeSlack } from '../fakes/slackApi';

function world(): World {
  const slack = new FakeSlack('xoxb-test-bot-token')
    .addUser({ id: 'U0APPROVED', name: 'alex.admin', email: 'alex.admin@example.com' })
    .addUser({ id: 'U0JANE', name: 'jane', email: 'jane.doe@example.com' })
    .addUser({ id: 'U0JANE2', name: 'jane2', email: 'jane.two@example.com' })
    .addChannel('C0REPORTS', 'offboarding');
  const w = makeWorld({ slack });
  w.okta.addUser({
    login: 'jane.two@example.com',
    email: 'jane.two@example.com',
    firstName: 'Jane',
    lastName: 'Two',
  });
  return w;
}

function post(w: World, input: Parameters<typeof app.handleSlackPost>[1]): string {
  return JSON.stringify(app.handleSlackPost(() => w.services, input));
}

function button(reply: string, actionId: string): string {
  const blocks = (
    JSON.parse(reply) as { blocks: { type: string; elements?: { action_id: string; value: string }[] }[] }
  ).blocks;
  return blocks.flatMap((b) => b.elements ?? []).find((e) => e.action_id === actionId)!.value;
}

function click(w: World, value: string, actionId: string): string {
  return post(
    w,
    blockActionsPost({
      user: { id: 'U0APPROVED', username: 'alex', name: 'alex', team_id: 'T0001' },
      actions: [blockAction({ action_id: actionId, value })],
    }),
  );
}

const ask = (w: World, text: string) => post(w, slashCommandPost({ text }));

/** Jane suspended by a run that completed (only Suspend enabled), then a second request for her cancelled. */
function actedThenCancelled(): { w: World; first: string; second: string } {
  const w = world();
  const tasks = w.sheet.sheet('Tasks');
  tasks.rows().forEach((row, i) => {
    if (i > 0 && row[0] !== 'suspend') tasks.writeInput(i + 1, 2, false);
  });
  click(w, button(ask(w, 'jane.doe@example.com'), 'confirm'), 'confirm');
  for (let i = 0; i < 5 && allRuns(w)[0]!.status !== 'completed'; i++)
    app.runWorker(() => w.services, 'kick');
  const first = allRuns(w)[0]!.runId;
  w.services.clock.advance(60_000);
  click(w, button(ask(w, 'jane.doe@example.com'), 'cancel'), 'cancel');
  const second = allRuns(w).find((r) => r.runId !== first)!.runId;
  return { w, first, second };
}

describe('/offboard status <person>', () => {
  it('shows the latest run that acted, not a later cancelled card', () => {
    const { w, first } = actedThenCancelled();
    expect(JSON.parse(ask(w, 'status jane.doe@example.com')).text).toBe(`${first}: completed`);
  });

  it('names the later cancelled request', () => {
    const { w, second } = actedThenCancelled();
    expect(ask(w, 'status jane.doe@example.com')).toContain(`did nothing in Okta: ${second} (cancelled)`);
  });

  it('tells a person without runs so, not that a run id does not exist', () => {
    const reply = ask(world(), 'status jane.doe@example.com');
    expect([reply.includes('has no offboarding run'), reply.includes('with that id')]).toEqual([true, false]);
  });

  it('does not answer <@U0JANE> with the run of <@U0JANE2>', () => {
    const w = world();
    ask(w, '<@U0JANE2|jane2>');
    expect(ask(w, 'status <@U0JANE|jane>')).toContain('has no offboarding run');
  });

  it('answers <@U0JANE2> with that run', () => {
    const w = world();
    ask(w, '<@U0JANE2|jane2>');
    expect(ask(w, 'status <@U0JANE2|jane2>')).toContain('awaiting confirmation');
  });
});
