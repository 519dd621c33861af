// `/offboard restore <run id>` through doPost: an admin puts a rehired person back in the Okta groups a
// finished run removed (its Run Details rows), one result per group, in the reply, the run's thread and
// the Audit Log; nothing changes while Okta shows the person deactivated; running it again is harmless.

import * as app from '../../src/app';
import { createContext } from '../../src/handlers/context';
import { buttonsIn, post } from '../fixtures/app';
import { blockAction, blockActionsPost, slashCommandPost } from '../fixtures/slack';
import { allRuns, makeWorld, type World } from '../fixtures/world';
import { FakeSlack } from '../fakes/slackApi';
import { DEFAULT_API_TOKEN, DEFAULT_ORG_URL } from '../../fakes/okta';

type W = World & { slack: FakeSlack };

function world(): W {
  const slack = new FakeSlack('xoxb-test-bot-token')
    .addUser({ id: 'U0APPROVED', name: 'alex.admin', email: 'alex.admin@example.com' })
    .addUser({ id: 'U0REQUEST', name: 'riley', email: 'riley@example.com' })
    .addUser({ id: 'U0SAM', name: 'sam', email: 'sam.approver@example.com' })
    .addChannel('C0REPORTS', 'offboarding');
  return { ...makeWorld({ slack }), slack };
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

/** Riley offboards Jane; the worker completes the run (VPN and Engineering removed). Returns the run id. */
function offboarded(w: W): string {
  const reply = post(w, slashCommandPost({ text: 'jane.doe@example.com', user_id: 'U0REQUEST' }));
  click(w, buttonsIn(reply.blocks).confirm!, 'confirm', 'U0REQUEST');
  app.runWorker(() => w.services, 'recurring');
  const run = allRuns(w)[0]!;
  expect(run.status).toBe('completed');
  return run.runId;
}

/** An Okta admin reactivates the rehire's account in Okta (activateUser). */
function reactivate(w: W): void {
  const r = w.okta.fetch({
    url: `${DEFAULT_ORG_URL}/api/v1/users/${w.target.id}/lifecycle/activate?sendEmail=false`,
    method: 'post',
    headers: { Authorization: `SSWS ${DEFAULT_API_TOKEN}` },
  });
  expect(r.status).toBe(200);
  w.okta.clearRequests();
}

function restore(w: W, runId: string, userId = 'U0APPROVED'): Record<string, unknown> {
  return post(w, slashCommandPost({ text: `restore ${runId}`, user_id: userId }));
}

function groups(w: W): string[] {
  return w.okta
    .groupsOf(w.target.id)
    .filter((g) => g.type === 'OKTA_GROUP')
    .map((g) => g.profile.name)
    .sort();
}

function puts(w: W): number {
  return w.okta.requests.filter((r) => r.method === 'PUT').length;
}

function auditRows(w: W): unknown[][] {
  createContext(w.services).flushAudit();
  return w.sheet.sheet('Audit Log').rows();
}

describe('/offboard restore', () => {
  it('puts a reactivated person back in the groups the run removed', () => {
    const w = world();
    const runId = offboarded(w);
    reactivate(w);
    restore(w, runId);
    expect(groups(w)).toEqual(['Engineering', 'VPN']);
  });

  it('answers one result per group removed', () => {
    const w = world();
    const runId = offboarded(w);
    reactivate(w);
    const text = JSON.stringify(restore(w, runId).blocks);
    expect([text.includes('✅ back in VPN'), text.includes('✅ back in Engineering')]).toEqual([true, true]);
  });

  it('says so in the run’s thread', () => {
    const w = world();
    const runId = offboarded(w);
    reactivate(w);
    restore(w, runId);
    const message = w.slack.messagesIn('C0REPORTS')[0]!;
    const replies = w.slack.repliesTo('C0REPORTS', message.ts).map((m) => m.text);
    expect(replies.some((t) => t.includes('Restore by') && t.includes('back in 2'))).toBe(true);
  });

  it('is audited with the run id and what came back', () => {
    const w = world();
    const runId = offboarded(w);
    reactivate(w);
    restore(w, runId);
    const row = auditRows(w).find((r) => r[2] === 'restore');
    expect([row?.[3], String(row?.[4])]).toEqual([runId, expect.stringContaining('back in 2')]);
  });

  it('writes nothing to the Sheet in the request (the Audit Log entry is queued for the worker)', () => {
    const w = world();
    const runId = offboarded(w);
    reactivate(w);
    const before = w.sheet.writeCalls();
    restore(w, runId);
    expect(w.sheet.writeCalls() - before).toBe(0);
  });

  it('run again, sends nothing to Okta and says the person is already in each group', () => {
    const w = world();
    const runId = offboarded(w);
    reactivate(w);
    restore(w, runId);
    w.okta.clearRequests();
    const again = restore(w, runId);
    expect([puts(w), String(again.text)]).toEqual([0, expect.stringContaining('already in 2')]);
  });

  it('on a person Okta shows deactivated, says to reactivate in Okta first and changes nothing', () => {
    const w = world();
    const runId = offboarded(w);
    w.okta.clearRequests();
    const reply = restore(w, runId);
    expect([String(reply.text), puts(w), groups(w)]).toEqual([
      expect.stringContaining('reactivate the person in Okta first'),
      0,
      [],
    ]);
  });

  it('of a run that removed no groups says so', () => {
    const w = world();
    const reply = post(w, slashCommandPost({ text: 'jane.doe@example.com', user_id: 'U0REQUEST' }));
    click(w, buttonsIn(reply.blocks).cancel!, 'cancel', 'U0REQUEST');
    app.runWorker(() => w.services, 'recurring');
    const runId = allRuns(w)[0]!.runId;
    expect(String(restore(w, runId).text)).toContain('removed no groups');
  });

  it('is refused to an approver (admins only), audited, nothing sent', () => {
    const w = world();
    const runId = offboarded(w);
    reactivate(w);
    restore(w, runId, 'U0SAM');
    expect([puts(w), auditRows(w).some((r) => r[2] === 'refused: restore NOT_ALLOWED')]).toEqual([0, true]);
  });

  it('is refused for a run still under way', () => {
    const w = world();
    const reply = post(w, slashCommandPost({ text: 'jane.doe@example.com', user_id: 'U0REQUEST' }));
    click(w, buttonsIn(reply.blocks).confirm!, 'confirm', 'U0REQUEST');
    const runId = allRuns(w)[0]!.runId;
    expect([String(restore(w, runId).text), puts(w)]).toEqual([expect.stringContaining('queued'), 0]);
  });

  it('of an unknown run says there is no such run', () => {
    const w = world();
    expect(String(restore(w, 'OFF-20261129-ZZZZZ').text)).toContain('OFF-20261129-ZZZZZ');
  });
});
