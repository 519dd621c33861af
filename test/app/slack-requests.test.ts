// doPost's behaviour, end to end in Node: Slack request in, Slack reply out, the Sheet, Okta and Slack
// fakes showing what happened.

import * as app from '../../src/app';
import { blockAction, blockActionsPost, jsonPost, slashCommandPost } from '../fixtures/slack';
import { createContext } from '../../src/handlers/context';
import { allRuns, makeWorld, type World } from '../fixtures/world';
import { FakeSlack } from '../fakes/slackApi';

/** The Audit Log tab once the worker has written what requests queued (they queue, the worker writes). */
function auditTab(w: { services: World['services']; sheet: World['sheet'] }) {
  createContext(w.services).flushAudit();
  return w.sheet.sheet('Audit Log');
}

function world(): World & { slack: FakeSlack } {
  const slack = new FakeSlack('xoxb-test-bot-token')
    .addUser({ id: 'U0APPROVED', name: 'alex.admin', email: 'alex.admin@example.com' })
    .addUser({ id: 'U0REQUEST', name: 'riley', email: 'riley@example.com' })
    .addUser({ id: 'U0SAM', name: 'sam', email: 'sam.approver@example.com' })
    .addUser({ id: 'U0JANE', name: 'jane', email: 'jane.doe@example.com' })
    .addUser({ id: 'U0STRANGER', name: 'stranger', email: 'stranger@example.com' })
    .addChannel('C0REPORTS', 'offboarding');
  return { ...makeWorld({ slack }), slack };
}

/** The Audit Log once the worker has written what requests queued (they queue, the worker writes). */
function auditLog(w: World): unknown[][] {
  createContext(w.services).flushAudit();
  return auditTab(w).rows();
}

function post(w: World, input: Parameters<typeof app.handleSlackPost>[1]) {
  return app.handleSlackPost(() => w.services, input) as Record<string, unknown>;
}

function text(reply: Record<string, unknown>): string {
  return JSON.stringify(reply);
}

function cardButtons(reply: Record<string, unknown>): Record<string, string> {
  const blocks = reply.blocks as { type: string; elements?: { action_id: string; value: string }[] }[];
  const actions = blocks.find((b) => b.type === 'actions')!;
  return Object.fromEntries(actions.elements!.map((e) => [e.action_id, e.value]));
}

function click(w: World, value: string, actionId: string, userId = 'U0APPROVED') {
  return post(
    w,
    blockActionsPost({
      user: { id: userId, username: 'someone', name: 'someone', team_id: 'T0001' },
      actions: [blockAction({ action_id: actionId, value })],
    }),
  );
}

function runs(w: World) {
  return allRuns(w);
}

describe('verification', () => {
  it('refuses a wrong token without saying why', () => {
    const w = world();
    const reply = post(w, slashCommandPost({ token: 'guess', text: 'jane.doe@example.com' }));
    expect(reply.text).toBe('This request could not be verified.');
    expect(runs(w)).toHaveLength(0);
  });

  it('says Offboard is not set up when there is no verification token to check against', () => {
    const w = world();
    delete w.services.properties.values.SLACK_VERIFICATION_TOKEN;
    const reply = post(w, slashCommandPost({ text: 'jane.doe@example.com' }));
    expect(reply.text).toContain('not set up yet');
    expect(runs(w)).toHaveLength(0);
  });

  it('answers Slack’s url_verification challenge', () => {
    const w = world();
    expect(
      post(w, jsonPost({ type: 'url_verification', token: 'test-verification-token', challenge: 'abc' })),
    ).toEqual({
      challenge: 'abc',
    });
  });

  it('answers a garbage body with a short message', () => {
    expect(post(world(), { contents: '%%%', type: 'text/plain', parameter: {} }).response_type).toBe(
      'ephemeral',
    );
  });

  it('answers even when Services cannot be built', () => {
    const reply = app.handleSlackPost(() => {
      throw new Error('no spreadsheet');
    }, slashCommandPost());
    expect((reply as Record<string, unknown>).response_type).toBe('ephemeral');
  });
});

describe('/offboard', () => {
  it('shows usage for help', () => {
    expect(text(post(world(), slashCommandPost({ text: 'help' })))).toContain('/offboard status');
  });

  it('shows usage for empty text', () => {
    expect(text(post(world(), slashCommandPost({ text: '' })))).toContain('/offboard jane@corp.com');
  });

  it('names what it did not understand', () => {
    expect(text(post(world(), slashCommandPost({ text: 'jane@example.com please' })))).toContain('please');
  });

  it('refuses a caller who is not approved and writes the refusal to the Audit Log', () => {
    const w = world();
    const reply = post(w, slashCommandPost({ user_id: 'U0STRANGER', text: 'jane.doe@example.com' }));
    expect(text(reply)).toContain('not on the Approved Users tab');
    expect(auditLog(w).map((r) => String(r[2]))).toContain('refused: not approved');
  });

  it('refuses an inactive approved user', () => {
    const reply = post(world(), slashCommandPost({ user_id: 'U0INACTIVE', text: 'jane.doe@example.com' }));
    expect(text(reply)).toContain('not on the Approved Users tab');
  });

  it('accepts a caller approved by email only', () => {
    const reply = post(world(), slashCommandPost({ user_id: 'U0SAM', text: 'jane.doe@example.com' }));
    expect(text(reply)).toContain('Confirm');
  });

  it('answers a valid target with a confirmation card naming the person', () => {
    const w = world();
    const reply = post(w, slashCommandPost({ text: 'jane.doe@example.com' }));
    expect(reply.response_type).toBe('ephemeral');
    expect(text(reply)).toContain('Jane Doe');
    expect(text(reply)).toContain('Engineer');
    expect(Object.keys(cardButtons(reply))).toEqual(['confirm', 'cancel']);
    expect(runs(w)[0]?.status).toBe('awaiting confirmation');
  });

  it('resolves a Slack mention through users.info', () => {
    const reply = post(world(), slashCommandPost({ text: '<@U0JANE|jane>' }));
    expect(text(reply)).toContain('jane.doe@example.com');
  });

  it('resolves Slack’s mailto form', () => {
    const reply = post(
      world(),
      slashCommandPost({ text: '<mailto:jane.doe@example.com|jane.doe@example.com>' }),
    );
    expect(text(reply)).toContain('Jane Doe');
  });

  it('refuses self-offboarding', () => {
    const w = world();
    w.okta.addUser({ login: 'alex.admin@example.com', email: 'alex.admin@example.com' });
    expect(text(post(w, slashCommandPost({ text: 'alex.admin@example.com' })))).toContain(
      'cannot offboard yourself',
    );
  });

  it('refuses a target Okta does not know, naming it', () => {
    expect(text(post(world(), slashCommandPost({ text: 'nobody@example.com' })))).toContain(
      'nobody@example.com',
    );
  });

  it('refuses a second run for someone with an active run, naming the run', () => {
    const w = world();
    post(w, slashCommandPost({ text: 'jane.doe@example.com' }));
    const reply = post(w, slashCommandPost({ text: 'jane.doe@example.com' }));
    expect(text(reply)).toContain(runs(w)[0]!.runId);
  });

  it('leaves exactly one Audit Log row per request for the worker to write, naming the command', () => {
    const w = world();
    const before = auditTab(w).rows().length;
    post(w, slashCommandPost({ text: 'jane.doe@example.com' }));
    const rows = auditLog(w).slice(before);
    expect(rows.map((r) => r[2])).toEqual(['requested']);
    expect(String(rows[0]![4])).toContain('/offboard jane.doe@example.com');
  });

  it('leaves exactly one Audit Log row for a refused request, naming why', () => {
    const w = world();
    const before = auditTab(w).rows().length;
    post(w, slashCommandPost({ text: 'nobody@example.com' }));
    expect(
      auditLog(w)
        .slice(before)
        .map((r) => r[2]),
    ).toEqual(['refused: target not found']);
  });

  it('waits for the script lock no longer than Slack’s patience allows', () => {
    const w = world();
    post(w, slashCommandPost({ text: 'jane.doe@example.com' }));
    expect(w.services.lock.waits.length).toBeGreaterThan(0);
    expect(Math.max(...w.services.lock.waits)).toBeLessThanOrEqual(2_000);
  });

  it('creates no trigger and makes no Okta write', () => {
    const w = world();
    post(w, slashCommandPost({ text: 'jane.doe@example.com' }));
    expect(w.services.triggers.triggers).toHaveLength(0);
    expect(w.okta.requests.every((r) => r.method === 'GET')).toBe(true);
  });

  it('reads no Sheet cell when the caches are warm (the active-run index is in Script Properties)', () => {
    const w = world();
    // A first request and its cancellation warm the caches (Approved Users, the Tasks plan).
    const first = post(w, slashCommandPost({ text: 'jane.doe@example.com' }));
    click(w, cardButtons(first).cancel!, 'cancel');
    w.sheet.resetCounts();
    post(w, slashCommandPost({ text: 'jane.doe@example.com' }));
    expect(w.sheet.cellsRead).toBe(0);
  });

  it('reads the Sheet not at all to refuse an unapproved caller when the caches are warm', () => {
    const w = world();
    post(w, slashCommandPost({ text: 'help' }));
    post(w, slashCommandPost({ user_id: 'U0STRANGER', text: 'jane.doe@example.com' }));
    w.sheet.resetCounts();
    post(w, slashCommandPost({ user_id: 'U0STRANGER', text: 'jane.doe@example.com' }));
    expect(w.sheet.calls.getValues).toBe(0);
  });
});

describe('/offboard status', () => {
  it('shows the latest run’s per-task results', () => {
    const w = world();
    post(w, slashCommandPost({ text: 'jane.doe@example.com' }));
    const reply = post(w, slashCommandPost({ text: 'status jane.doe@example.com' }));
    expect(text(reply)).toContain('awaiting confirmation');
    expect(text(reply)).toContain('Deactivate');
  });

  it('finds a run by its id', () => {
    const w = world();
    post(w, slashCommandPost({ text: 'jane.doe@example.com' }));
    const id = runs(w)[0]!.runId;
    expect(text(post(w, slashCommandPost({ text: `status ${id}` })))).toContain(id);
  });

  it('says so when there is no run', () => {
    expect(text(post(world(), slashCommandPost({ text: 'status OFF-20261129-ZZZZZ' })))).toContain(
      'OFF-20261129-ZZZZZ',
    );
  });
});

describe('buttons', () => {
  function requested(w: World) {
    return cardButtons(post(w, slashCommandPost({ text: 'jane.doe@example.com' })));
  }

  it('Confirm suspends at once, replaces the card and posts the run to the channel', () => {
    const w = world();
    const { confirm } = requested(w);
    expect(click(w, confirm!, 'confirm')).toEqual({});
    expect(w.okta.user(w.target.id)?.status).toBe('SUSPENDED');
    const replaced = w.slack.callsOf('response_url').at(-1)!.body;
    expect(replaced.replace_original).toBe(true);
    expect(w.slack.messagesIn('C0REPORTS')).toHaveLength(1);
  });

  it('Confirm by someone other than the requester is refused', () => {
    const w = world();
    const { confirm } = requested(w);
    click(w, confirm!, 'confirm', 'U0SAM');
    expect(w.okta.user(w.target.id)?.status).toBe('ACTIVE');
    expect(JSON.stringify(w.slack.callsOf('response_url').at(-1)!.body)).toContain('not allowed');
  });

  it('a forged button value is refused and audited', () => {
    const w = world();
    const { confirm } = requested(w);
    click(
      w,
      confirm!.replace(/.$/, (c) => (c === '0' ? '1' : '0')),
      'confirm',
    );
    expect(w.okta.user(w.target.id)?.status).toBe('ACTIVE');
    expect(auditLog(w).map((r) => String(r[2]))).toContain('click refused: CLICK_FORGED');
  });

  it('a refused click is audited with its run id', () => {
    const w = world();
    const { confirm } = requested(w);
    click(w, confirm!, 'confirm', 'U0SAM');
    const row = auditTab(w)
      .rows()
      .find((r) => r[2] === 'click refused: NOT_ALLOWED')!;
    expect(row[3]).toBe(runs(w)[0]!.runId);
  });

  it('a forged click names the run it claims in the detail, not as its Run ID', () => {
    const w = world();
    const { confirm } = requested(w);
    click(
      w,
      confirm!.replace(/.$/, (c) => (c === '0' ? '1' : '0')),
      'confirm',
    );
    const row = auditTab(w)
      .rows()
      .find((r) => r[2] === 'click refused: CLICK_FORGED')!;
    expect([row[3], row[4]]).toEqual(['', `confirm; claims run ${runs(w)[0]!.runId}`]);
  });

  it('a person unticked without any edit trigger (Sheets API) loses access within five minutes', () => {
    const w = world();
    post(w, slashCommandPost({ text: 'status jane.doe@example.com' })); // Approved Users now cached
    w.sheet.sheet('Approved Users').writeInput(2, 5, false); // no onEdit, no onChange
    w.services.clock.advance(5 * 60_000 + 1_000);
    expect(text(post(w, slashCommandPost({ text: 'status jane.doe@example.com' })))).toContain(
      'not on the Approved Users tab',
    );
  });

  it('a click from a person unticked without any edit trigger is refused within five minutes', () => {
    const w = world();
    const { confirm } = requested(w); // Approved Users now cached
    w.sheet.sheet('Approved Users').writeInput(2, 5, false); // no onEdit, no onChange
    w.services.clock.advance(5 * 60_000 + 1_000);
    click(w, confirm!, 'confirm');
    expect(w.okta.user(w.target.id)?.status).toBe('ACTIVE');
  });

  it('a pause during Confirm’s containment tells the requester its reason', () => {
    const w = world();
    w.okta.failNext(
      { operation: 'suspendUser' },
      { status: 403, errorCode: 'E0000006', errorSummary: 'No right' },
    );
    click(w, requested(w).confirm!, 'confirm');
    const told = w.slack.callsOf('response_url').map((c) => JSON.stringify(c.body));
    expect(told.some((t) => t.includes('is paused: Paused at Suspend: Could not suspend: No right'))).toBe(
      true,
    );
  });

  it('a pause during Confirm’s containment is audited with its reason', () => {
    const w = world();
    w.okta.failNext(
      { operation: 'suspendUser' },
      { status: 403, errorCode: 'E0000006', errorSummary: 'No right' },
    );
    click(w, requested(w).confirm!, 'confirm');
    const row = auditTab(w)
      .rows()
      .find((r) => r[2] === 'paused')!;
    expect(String(row[4])).toContain('Paused at Suspend: Could not suspend: No right');
  });

  it('a click from someone no longer approved is refused', () => {
    const w = world();
    const { confirm } = requested(w);
    w.sheet.sheet('Approved Users').rows(); // the Sheet changed: U0APPROVED removed, cache forgotten
    app.sheetEdited(() => w.services, 'Approved Users');
    const grid = w.sheet.sheet('Approved Users');
    grid.getRange(2, 5, 1, 1).setValues([[false]]);
    app.sheetEdited(() => w.services, 'Approved Users');
    click(w, confirm!, 'confirm');
    expect(w.okta.user(w.target.id)?.status).toBe('ACTIVE');
  });

  it('the worker finishes the run and the channel message shows the summary', () => {
    const w = world();
    click(w, requested(w).confirm!, 'confirm');
    app.runWorker(() => w.services, 'kick');
    expect(runs(w)[0]?.status).toBe('completed');
    const message = w.slack.messagesIn('C0REPORTS')[0]!;
    expect(message.text).toContain('completed');
    expect(w.services.calls.get('triggers.create')).toBe(0);
  });

  it('a pause shows Retry, Skip and Abort in the channel, and Retry works', () => {
    const w = world();
    w.okta.failNext({ operation: 'revokeUserGrants' }, { status: 403, errorCode: 'E0000006' });
    click(w, requested(w).confirm!, 'confirm');
    app.runWorker(() => w.services, 'recurring');
    const message = w.slack.messagesIn('C0REPORTS')[0]!;
    const buttons = cardButtons(message as unknown as Record<string, unknown>);
    expect(Object.keys(buttons)).toEqual(['retry', 'skip', 'abort']);
    click(w, buttons.retry!, 'retry', 'U0SAM');
    app.runWorker(() => w.services, 'recurring');
    expect(runs(w)[0]?.status).toBe('completed');
  });

  it("Abort's note to the requester goes through the slash command's response_url from the worker's next turn, not from the click", () => {
    const w = world();
    const commandUrl = 'https://hooks.slack.com/commands/T0001/1111111111/AbCdEfGhIjKl';
    w.okta.failNext({ operation: 'revokeUserGrants' }, { status: 403, errorCode: 'E0000006' });
    click(w, requested(w).confirm!, 'confirm');
    app.runWorker(() => w.services, 'recurring');
    const abort = cardButtons(
      w.slack.messagesIn('C0REPORTS')[0] as unknown as Record<string, unknown>,
    ).abort!;
    const before = w.slack.responsesTo(commandUrl).length;
    w.services.cache.evictAll(); // the response_url does not live in the cache
    click(w, abort, 'abort', 'U0SAM');
    const afterClick = w.slack.responsesTo(commandUrl).length;
    w.services.clock.advance(60_000);
    app.runWorker(() => w.services, 'recurring');
    const notes = w.slack.responsesTo(commandUrl).slice(before);
    expect([afterClick - before, notes.map((n) => n.text)]).toEqual([
      0,
      [expect.stringMatching(/^Run OFF-\S+ aborted: /)],
    ]);
  });

  it("keeps the slash command's response_url in the run's index entry", () => {
    const w = world();
    requested(w);
    const entry = Object.entries(w.services.properties.values).find(([k]) => k.startsWith('offboard.run.'));
    expect((JSON.parse(entry![1]) as { reply?: { url: string } }).reply?.url).toBe(
      'https://hooks.slack.com/commands/T0001/1111111111/AbCdEfGhIjKl',
    );
  });

  it('a Slack failure is audited and does not stop the run', () => {
    const w = world();
    w.slack.failNext('chat.postMessage', 'not_in_channel');
    click(w, requested(w).confirm!, 'confirm');
    app.runWorker(() => w.services, 'recurring');
    expect(runs(w)[0]?.status).toBe('completed');
    const actions = auditTab(w)
      .rows()
      .map((r) => `${r[2]} ${r[4]}`);
    expect(actions.some((a) => a.includes('chat.postMessage') && a.includes('not_in_channel'))).toBe(true);
  });

  it('Cancel leaves Okta untouched', () => {
    const w = world();
    click(w, requested(w).cancel!, 'cancel');
    expect(runs(w)[0]?.status).toBe('cancelled');
    expect(w.okta.requests.filter((r) => r.method !== 'GET')).toHaveLength(0);
  });

  it('a run read back after the whole flow is the same run', () => {
    const w = world();
    click(w, requested(w).confirm!, 'confirm');
    const id = runs(w)[0]!.runId;
    expect(runs(w).find((r) => r.runId === id)?.confirmedBy).toContain('U0APPROVED');
  });
});
