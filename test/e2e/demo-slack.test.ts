// The demo's fake Slack: the Web API answers and response_url behaviour the page relies on, and Slack's
// refusals (wrong token, unknown channel, bad blocks) so the demo does not hide the app's mistakes.

import { DEMO_BOT_TOKEN, DEMO_CHANNEL_ID, DEMO_PEOPLE } from '../../runtime/demo/people';
import { blockProblems, SlackWorkspace } from '../../runtime/demo/slackWorkspace';
import type { LocalRequest } from '../../runtime/urlFetch';

const SAM = DEMO_PEOPLE.find((p) => p.role === 'admin')!;
const MEI = DEMO_PEOPLE.find((p) => p.role === 'approver')!;

function apiCall(
  method: string,
  body: Record<string, unknown>,
  options: { json?: boolean; token?: string } = {},
): LocalRequest {
  const json = options.json ?? method.startsWith('chat.');
  return {
    url: `https://slack.com/api/${method}`,
    method: 'POST',
    headers: {
      authorization: `Bearer ${options.token ?? DEMO_BOT_TOKEN}`,
      'content-type': json ? 'application/json; charset=utf-8' : 'application/x-www-form-urlencoded',
    },
    body: json
      ? JSON.stringify(body)
      : new URLSearchParams(
          Object.entries(body).map(([k, v]): [string, string] => [k, String(v)]),
        ).toString(),
  };
}

function hookPost(url: string, body: Record<string, unknown>): LocalRequest {
  return { url, method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) };
}

function answer(slack: SlackWorkspace, request: LocalRequest): Record<string, unknown> {
  return JSON.parse(slack.handle(request).body) as Record<string, unknown>;
}

const section = (text: string) => ({ type: 'section', text: { type: 'mrkdwn', text } });

describe('the demo Slack Web API', () => {
  test('users.info answers the demo person with their email', () => {
    const slack = new SlackWorkspace();
    const body = answer(slack, apiCall('users.info', { user: SAM.id }));
    expect(body).toMatchObject({ ok: true, user: { id: SAM.id, profile: { email: SAM.email } } });
  });

  test('users.info ignores a JSON body, as Slack does, and answers user_not_found', () => {
    const slack = new SlackWorkspace();
    expect(answer(slack, apiCall('users.info', { user: SAM.id }, { json: true }))).toEqual({
      ok: false,
      error: 'user_not_found',
    });
  });

  test('a wrong bot token is refused with invalid_auth', () => {
    const slack = new SlackWorkspace();
    expect(answer(slack, apiCall('auth.test', {}, { token: 'xoxb-wrong' }))).toEqual({
      ok: false,
      error: 'invalid_auth',
    });
  });

  test('chat.postMessage to a channel other than the report channel answers channel_not_found', () => {
    const slack = new SlackWorkspace();
    expect(answer(slack, apiCall('chat.postMessage', { channel: 'C0ELSEWHERE', text: 'hi' }))).toEqual({
      ok: false,
      error: 'channel_not_found',
    });
    expect(slack.view(SAM.id).channel).toEqual([]);
  });

  test('chat.postMessage puts the message in the channel for everyone', () => {
    const slack = new SlackWorkspace();
    const posted = answer(
      slack,
      apiCall('chat.postMessage', {
        channel: DEMO_CHANNEL_ID,
        text: 'run started',
        blocks: [section('*Run*')],
      }),
    );
    expect(posted).toMatchObject({ ok: true, channel: DEMO_CHANNEL_ID });
    expect(slack.view(MEI.id).channel.map((m) => [m.ts, m.text])).toEqual([[posted['ts'], 'run started']]);
  });

  test('chat.postMessage with thread_ts puts a reply in the thread of that message', () => {
    const slack = new SlackWorkspace();
    const { ts } = answer(slack, apiCall('chat.postMessage', { channel: DEMO_CHANNEL_ID, text: 'run' }));
    answer(slack, apiCall('chat.postMessage', { channel: DEMO_CHANNEL_ID, text: 'reminder', thread_ts: ts }));
    expect(slack.view(MEI.id).channel.map((m) => [m.text, m.threadTs])).toEqual([
      ['run', undefined],
      ['reminder', ts],
    ]);
  });

  test('a reply whose thread_ts is a reply joins the thread of the first message', () => {
    const slack = new SlackWorkspace();
    const { ts } = answer(slack, apiCall('chat.postMessage', { channel: DEMO_CHANNEL_ID, text: 'run' }));
    const reply = answer(
      slack,
      apiCall('chat.postMessage', { channel: DEMO_CHANNEL_ID, text: 'a', thread_ts: ts }),
    );
    answer(
      slack,
      apiCall('chat.postMessage', { channel: DEMO_CHANNEL_ID, text: 'b', thread_ts: reply['ts'] }),
    );
    expect(slack.view(MEI.id).channel.map((m) => m.threadTs)).toEqual([undefined, ts, ts]);
  });

  test('chat.update changes the message in place and marks it edited', () => {
    const slack = new SlackWorkspace();
    const { ts } = answer(slack, apiCall('chat.postMessage', { channel: DEMO_CHANNEL_ID, text: 'running' }));
    const updated = answer(
      slack,
      apiCall('chat.update', { channel: DEMO_CHANNEL_ID, ts, text: 'completed', blocks: [section('done')] }),
    );
    expect(updated).toMatchObject({ ok: true, ts });
    const [message] = slack.view(SAM.id).channel;
    expect([message!.text, message!.blocks, message!.edited]).toEqual(['completed', [section('done')], true]);
  });

  test('chat.update of an unknown ts answers message_not_found', () => {
    const slack = new SlackWorkspace();
    expect(
      answer(slack, apiCall('chat.update', { channel: DEMO_CHANNEL_ID, ts: '1.000001', text: 'x' })),
    ).toEqual({
      ok: false,
      error: 'message_not_found',
    });
  });

  test('blocks Slack would refuse are refused with invalid_blocks and not shown', () => {
    const warnings: string[] = [];
    const slack = new SlackWorkspace({ warn: (m) => warnings.push(m) });
    const tooLong = [{ type: 'header', text: { type: 'plain_text', text: 'x'.repeat(151) } }];
    expect(
      answer(slack, apiCall('chat.postMessage', { channel: DEMO_CHANNEL_ID, text: 't', blocks: tooLong })),
    ).toEqual({
      ok: false,
      error: 'invalid_blocks',
    });
    expect(slack.view(SAM.id).channel).toEqual([]);
    expect(warnings.join()).toContain('over 150');
  });
});

describe('the demo response_url', () => {
  /** A slash command by Sam whose immediate reply (an ephemeral card) is on screen. */
  function withCard() {
    const slack = new SlackWorkspace();
    const commandUrl = slack.mintResponseUrl({ kind: 'commands', userId: SAM.id });
    const card = slack.deliverCommandReply(commandUrl, {
      response_type: 'ephemeral',
      text: 'Confirm?',
      blocks: [section('card')],
    })!;
    return { slack, commandUrl, card };
  }

  test('a slash command reply is seen by its sender only', () => {
    const { slack, card } = withCard();
    expect(slack.view(SAM.id).ephemeral.map((m) => m.ts)).toEqual([card.ts]);
    expect(slack.view(MEI.id).ephemeral).toEqual([]);
  });

  test('replace_original from a click replaces the clicked ephemeral message', () => {
    const { slack, card } = withCard();
    const clickUrl = slack.mintResponseUrl({ kind: 'actions', userId: SAM.id, messageTs: card.ts });
    expect(
      slack.handle(
        hookPost(clickUrl, { replace_original: true, text: 'Confirmed', blocks: [section('queued')] }),
      ).status,
    ).toBe(200);
    const shown = slack.view(SAM.id).ephemeral;
    expect(shown.map((m) => [m.ts, m.text, m.edited])).toEqual([[card.ts, 'Confirmed', true]]);
  });

  test('delete_original removes the clicked message', () => {
    const { slack, card } = withCard();
    const clickUrl = slack.mintResponseUrl({ kind: 'actions', userId: SAM.id, messageTs: card.ts });
    slack.handle(hookPost(clickUrl, { delete_original: true }));
    expect(slack.view(SAM.id).ephemeral).toEqual([]);
  });

  test('a post without replace_original adds an ephemeral message for the clicker', () => {
    const { slack, card } = withCard();
    const clickUrl = slack.mintResponseUrl({ kind: 'actions', userId: MEI.id, messageTs: card.ts });
    slack.handle(hookPost(clickUrl, { replace_original: false, text: 'You may not do that.' }));
    expect(slack.view(MEI.id).ephemeral.map((m) => m.text)).toEqual(['You may not do that.']);
    expect(slack.view(SAM.id).ephemeral.map((m) => m.text)).toEqual(['Confirm?']);
  });

  test('in_channel puts the reply in the channel', () => {
    const { slack, commandUrl } = withCard();
    slack.handle(hookPost(commandUrl, { response_type: 'in_channel', text: 'Run completed' }));
    expect(slack.view(MEI.id).channel.map((m) => m.text)).toEqual(['Run completed']);
  });

  test('a replacement posted before the command’s answer was shown replaces that answer once it is shown', () => {
    const slack = new SlackWorkspace();
    const commandUrl = slack.mintResponseUrl({ kind: 'commands', userId: SAM.id });
    // A quick worker replaces "Looking up…" before the page has handed the answer over.
    slack.handle(hookPost(commandUrl, { replace_original: true, text: 'Offboard 7 people?' }));
    const shown = slack.deliverCommandReply(commandUrl, { text: 'Looking up 7 people…' })!;
    expect(slack.view(SAM.id).ephemeral.map((m) => [m.ts, m.text, m.edited])).toEqual([
      [shown.ts, 'Offboard 7 people?', true],
    ]);
  });

  test('a replacement after the answer was shown edits that same message', () => {
    const { slack, commandUrl, card } = withCard();
    slack.handle(hookPost(commandUrl, { replace_original: true, text: 'Offboard 7 people?' }));
    expect(slack.view(SAM.id).ephemeral.map((m) => [m.ts, m.text])).toEqual([
      [card.ts, 'Offboard 7 people?'],
    ]);
  });

  test('a response_url the workspace never minted answers 404 expired_url', () => {
    const slack = new SlackWorkspace({ warn: () => undefined });
    const response = slack.handle(hookPost('https://hooks.slack.com/actions/T0DEMO/1/forged', { text: 'x' }));
    expect([response.status, response.body]).toEqual([404, 'expired_url']);
  });

  test('every change moves the version, so the page knows to redraw', () => {
    const { slack, card } = withCard();
    const before = slack.version;
    const clickUrl = slack.mintResponseUrl({ kind: 'actions', userId: SAM.id, messageTs: card.ts });
    slack.handle(hookPost(clickUrl, { replace_original: true, text: 'Cancelled' }));
    expect(slack.version).toBeGreaterThan(before);
  });
});

describe('blockProblems', () => {
  test('accepts the block types Offboard sends within limits', () => {
    const blocks = [
      { type: 'header', text: { type: 'plain_text', text: 'Offboard Jane?' } },
      { type: 'section', fields: [{ type: 'mrkdwn', text: '*Name*\nJane' }] },
      { type: 'context', elements: [{ type: 'mrkdwn', text: 'Run R1' }] },
      { type: 'divider' },
      {
        type: 'actions',
        elements: [
          { type: 'button', text: { type: 'plain_text', text: 'Retry' }, action_id: 'retry', value: 'v' },
        ],
      },
    ];
    expect(blockProblems(blocks)).toEqual([]);
  });

  test('names a section over 3000 characters', () => {
    expect(blockProblems([section('x'.repeat(3001))])).toEqual([
      'block 0 (section): text over 3000 characters',
    ]);
  });

  test('names more than 50 blocks', () => {
    expect(blockProblems(Array.from({ length: 51 }, () => ({ type: 'divider' })))).toEqual([
      '51 blocks (at most 50)',
    ]);
  });
});
