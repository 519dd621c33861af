// Outside text never turns into markup: a display name and an Okta error text carrying a link and
// <!channel> reach Slack escaped in every message kind (card, replies, channel message and its `text`
// fallback, the requester's text-only notes).

import * as app from '../../src/app';
import { blockAction, blockActionsPost, slashCommandPost } from '../fixtures/slack';
import { makeWorld, storeOf, type World } from '../fixtures/world';
import { FakeSlack } from '../fakes/slackApi';

const EVIL = '<https://evil.example|Click> <!channel>';

function world(): World & { slack: FakeSlack } {
  const slack = new FakeSlack('xoxb-test-bot-token')
    .addUser({ id: 'U0APPROVED', name: 'alex.admin', email: 'alex.admin@example.com' })
    .addUser({ id: 'U0SAM', name: 'sam', email: 'sam.approver@example.com' })
    .addChannel('C0REPORTS', 'offboarding');
  return { ...makeWorld({ slack }), slack };
}

function post(w: World, input: Parameters<typeof app.handleSlackPost>[1]): Record<string, unknown> {
  return app.handleSlackPost(() => w.services, input) as Record<string, unknown>;
}

function click(w: World, value: string, actionId: string, userId = 'U0APPROVED'): void {
  post(
    w,
    blockActionsPost({
      user: { id: userId, username: 'alex', name: 'alex', team_id: 'T0001' },
      actions: [blockAction({ action_id: actionId, value })],
    }),
  );
}

function buttons(message: Record<string, unknown>): Record<string, string> {
  const blocks = parsed(message.blocks) as {
    type: string;
    elements?: { action_id: string; value: string }[];
  }[];
  const actions = blocks.find((b) => b.type === 'actions')!;
  return Object.fromEntries(actions.elements!.map((e) => [e.action_id, e.value]));
}

function parsed(value: unknown): unknown {
  return typeof value === 'string' && value.startsWith('[') ? JSON.parse(value) : value;
}

/** The texts Slack parses for markup in one message: its `text` and every mrkdwn text object. */
function parsedTexts(message: Record<string, unknown>): string[] {
  const out: string[] = [];
  if (typeof message.text === 'string') out.push(message.text);
  const visit = (node: unknown): void => {
    if (Array.isArray(node)) node.forEach(visit);
    else if (node && typeof node === 'object') {
      const o = node as Record<string, unknown>;
      if (o.type === 'mrkdwn' && typeof o.text === 'string') out.push(o.text);
      Object.values(o).forEach(visit);
    }
  };
  visit(parsed(message.blocks));
  return out;
}

describe('outside text in Slack', () => {
  const w = world();
  const replies: Record<string, unknown>[] = [];
  let texts: string[] = [];

  beforeAll(() => {
    w.okta.addUser({ login: 'mallory@example.com', displayName: `Mallory ${EVIL}`, firstName: 'Mallory' });
    w.okta.failNext({ operation: 'unassignRoleFromUser' }, { status: 403, errorSummary: EVIL, times: 1_000 });
    w.okta.failNext({ operation: 'revokeUserGrants' }, { status: 403, errorSummary: EVIL, times: 1_000 });
    const mallory = w.okta.user('mallory@example.com')!;
    w.okta.assignRole(mallory.id, 'ORG_ADMIN');
    const card = post(w, slashCommandPost({ user_id: 'U0APPROVED', text: 'mallory@example.com' }));
    replies.push(card);
    click(w, buttons(card).confirm!, 'confirm');
    // An Okta admin target needs a second person's approval (src/run/protection.ts).
    const request = w.slack.messagesIn('C0REPORTS')[0]! as unknown as Record<string, unknown>;
    click(w, buttons(request).approve!, 'approve', 'U0SAM');
    app.runWorker(() => w.services, 'kick');
    const channel = w.slack.messagesIn('C0REPORTS')[0]! as unknown as Record<string, unknown>;
    click(w, buttons(channel).abort!, 'abort');
    replies.push(post(w, slashCommandPost({ user_id: 'U0APPROVED', text: 'status mallory@example.com' })));
    const sent = w.slack.calls.filter((c) =>
      ['chat.postMessage', 'chat.update', 'response_url'].includes(c.method),
    );
    texts = [...replies, ...sent.map((c) => c.body)].flatMap(parsedTexts);
  });

  it('reaches every message kind: card, channel post and updates, requester notes, status reply', () => {
    expect(storeOf(w.services).find({ kind: 'email', email: 'mallory@example.com' })?.status).toBe('aborted');
    const kinds = new Set(w.slack.calls.map((c) => c.method));
    expect(['chat.postMessage', 'chat.update', 'response_url'].every((k) => kinds.has(k))).toBe(true);
  });

  it('carries the outside text escaped into Slack', () => {
    expect(texts.filter((t) => t.includes('&lt;!channel&gt;')).length).toBeGreaterThan(5);
  });

  it('never sends a live link or <!channel> from data', () => {
    expect(texts.filter((t) => t.includes('<!channel>') || t.includes('<https://evil.example'))).toEqual([]);
  });

  it('escapes the text-only notes to the requester', () => {
    const notes = w.slack
      .callsOf('response_url')
      .map((c) => c.body)
      .filter(
        (b) => b.blocks === undefined && typeof b.text === 'string' && String(b.text).startsWith('Run '),
      );
    expect(notes.length).toBeGreaterThan(0);
    expect(notes.every((n) => !String(n.text).includes('<!channel>'))).toBe(true);
  });
});
