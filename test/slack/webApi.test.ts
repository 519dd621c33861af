// SlackApi and respond() against FakeSlack: encodings, errors, rate limits, response_url uses.

import type { HttpClient, HttpRequest, HttpResponse } from '../../src/ports';
import { section } from '../../src/slack/blocks';
import { ephemeral, replaceOriginal } from '../../src/slack/messages';
import { SlackApi, respond } from '../../src/slack/webApi';
import { FAKE_BOT_TOKEN, FakeSlack } from '../fakes/slackApi';

const REPORT = 'C0REPORT';
const RESPONSE_URL = 'https://hooks.slack.com/actions/T0001/3333333333/ZyXwVuTsRqPo';

function setup(): { slack: FakeSlack; api: SlackApi } {
  const slack = new FakeSlack()
    .addChannel(REPORT, 'offboarding-reports')
    .addChannel('C0OUTSIDE', 'random', { botIsMember: false })
    .addUser({ id: 'U0JANE', name: 'jane', email: 'Jane@Corp.com', realName: 'Jane Doe' })
    .addUser({ id: 'U0GONE', name: 'gone', deleted: true });
  return { slack, api: new SlackApi(slack, FAKE_BOT_TOKEN) };
}

/** One canned answer for every request, for shapes FakeSlack never produces. */
function answering(response: HttpResponse): HttpClient {
  return { fetch: () => response, fetchAll: (rs: HttpRequest[]) => rs.map(() => response) };
}

describe('SlackApi.postMessage', () => {
  it('posts to the channel and answers its channel and ts', () => {
    const { slack, api } = setup();
    const result = api.postMessage({
      channel: REPORT,
      text: 'Offboarding jane',
      blocks: [section('*jane*')],
    });
    expect(result.ok && slack.message(REPORT, result.value.ts)?.text).toBe('Offboarding jane');
  });

  it('sends JSON with the bot token as a Bearer header', () => {
    const calls: HttpRequest[] = [];
    const slack = new FakeSlack().addChannel(REPORT, 'r');
    const recording: HttpClient = {
      fetch: (r) => (calls.push(r), slack.fetch(r)),
      fetchAll: (rs) => rs.map((r) => slack.fetch(r)),
    };
    new SlackApi(recording, FAKE_BOT_TOKEN).postMessage({ channel: REPORT, text: 'x' });
    expect(calls[0]).toMatchObject({
      url: 'https://slack.com/api/chat.postMessage',
      method: 'post',
      headers: { Authorization: `Bearer ${FAKE_BOT_TOKEN}` },
      contentType: 'application/json; charset=utf-8',
    });
  });

  it('answers increasing timestamps', () => {
    const { api } = setup();
    const first = api.postMessage({ channel: REPORT, text: 'a' });
    const second = api.postMessage({ channel: REPORT, text: 'b' });
    expect(first.ok && second.ok && Number(second.value.ts) > Number(first.value.ts)).toBe(true);
  });

  it.each([
    ['C0OUTSIDE', 'not_in_channel'],
    ['C0NOWHERE', 'channel_not_found'],
  ])("passes on Slack's error for channel %s", (channel, error) => {
    const { api } = setup();
    expect(api.postMessage({ channel, text: 'x' })).toEqual({ ok: false, error });
  });

  it('answers ratelimited with the seconds from Retry-After', () => {
    const { slack, api } = setup();
    slack.failNext('chat.postMessage', { error: 'ratelimited', retryAfterSeconds: 30 });
    expect(api.postMessage({ channel: REPORT, text: 'x' })).toEqual({
      ok: false,
      error: 'ratelimited',
      retryAfterSeconds: 30,
    });
  });

  it('answers network_error when Slack cannot be reached', () => {
    const { slack, api } = setup();
    slack.failNext('chat.postMessage', { error: 'DNS error', status: 0 });
    expect(api.postMessage({ channel: REPORT, text: 'x' })).toEqual({ ok: false, error: 'network_error' });
  });

  it('answers http_<status> for a server error', () => {
    const { slack, api } = setup();
    slack.failNext('chat.postMessage', { error: 'fatal_error', status: 503 });
    expect(api.postMessage({ channel: REPORT, text: 'x' })).toEqual({ ok: false, error: 'http_503' });
  });

  it('answers invalid_response for a 200 that is not JSON', () => {
    const api = new SlackApi(answering({ status: 200, headers: {}, body: '<html>' }), FAKE_BOT_TOKEN);
    expect(api.postMessage({ channel: REPORT, text: 'x' })).toEqual({ ok: false, error: 'invalid_response' });
  });

  it('never puts the token in a failure', () => {
    const slack = new FakeSlack('xoxb-the-real-one').addChannel(REPORT, 'r');
    const result = new SlackApi(slack, 'xoxb-a-wrong-one').postMessage({ channel: REPORT, text: 'x' });
    expect(JSON.stringify(result)).not.toContain('xoxb');
  });
});

describe('SlackApi.update', () => {
  it('changes the message in place', () => {
    const { slack, api } = setup();
    const posted = api.postMessage({ channel: REPORT, text: 'running' });
    const ts = posted.ok ? posted.value.ts : '';
    api.update({ channel: REPORT, ts, text: 'done' });
    expect(slack.message(REPORT, ts)).toMatchObject({ text: 'done', updates: 1 });
  });

  it('answers message_not_found for an unknown ts', () => {
    const { api } = setup();
    expect(api.update({ channel: REPORT, ts: '1.000001', text: 'x' })).toEqual({
      ok: false,
      error: 'message_not_found',
    });
  });
});

describe('SlackApi.usersInfo and lookupByEmail', () => {
  it('reads a user with email and real name', () => {
    const { api } = setup();
    expect(api.usersInfo('U0JANE')).toEqual({
      ok: true,
      value: {
        id: 'U0JANE',
        name: 'jane',
        email: 'Jane@Corp.com',
        realName: 'Jane Doe',
        deleted: false,
        isBot: false,
      },
    });
  });

  it('sends users.info form-encoded, which is all Slack reads there', () => {
    const { slack, api } = setup();
    api.usersInfo('U0JANE');
    expect(slack.callsOf('users.info')[0]).toMatchObject({
      contentType: 'application/x-www-form-urlencoded',
      body: { user: 'U0JANE' },
    });
  });

  it('says when a user is deactivated', () => {
    const { api } = setup();
    const result = api.usersInfo('U0GONE');
    expect(result.ok && result.value.deleted).toBe(true);
  });

  it('answers user_not_found for an unknown user', () => {
    const { api } = setup();
    expect(api.usersInfo('U0NOBODY')).toEqual({ ok: false, error: 'user_not_found' });
  });

  it('finds a user by email whatever the case', () => {
    const { api } = setup();
    const result = api.lookupByEmail('jane@corp.com');
    expect(result.ok && result.value.id).toBe('U0JANE');
  });

  it('makes one call per lookup', () => {
    const { slack, api } = setup();
    api.lookupByEmail('jane@corp.com');
    expect(slack.callsOf('users.lookupByEmail')).toHaveLength(1);
  });

  it('answers users_not_found for an unknown email', () => {
    const { api } = setup();
    expect(api.lookupByEmail('nobody@corp.com')).toEqual({ ok: false, error: 'users_not_found' });
  });
});

describe('SlackApi.authTest', () => {
  it("answers the bot's identity", () => {
    const { api } = setup();
    const result = api.authTest();
    expect(result.ok && result.value).toMatchObject({
      teamId: 'T0001',
      userId: 'U0OFFBOARD',
      botId: 'B0OFFBOARD',
    });
  });

  it('answers invalid_auth for a wrong token', () => {
    const slack = new FakeSlack();
    expect(new SlackApi(slack, 'xoxb-wrong').authTest()).toEqual({ ok: false, error: 'invalid_auth' });
  });
});

describe('respond', () => {
  it('posts the message as JSON to the response_url', () => {
    const { slack } = setup();
    respond(slack, RESPONSE_URL, replaceOriginal('Cancelled.'));
    expect(slack.responsesTo(RESPONSE_URL)).toEqual([{ replace_original: true, text: 'Cancelled.' }]);
  });

  it('sends no bot token to a response_url', () => {
    const calls: HttpRequest[] = [];
    const client: HttpClient = {
      fetch: (r) => (calls.push(r), { status: 200, headers: {}, body: 'ok' }),
      fetchAll: () => [],
    };
    respond(client, RESPONSE_URL, ephemeral('hi'));
    expect(JSON.stringify(calls[0])).not.toContain('Bearer');
  });

  it('answers ok for a plain "ok" body', () => {
    const { slack } = setup();
    expect(respond(slack, RESPONSE_URL, ephemeral('hi'))).toEqual({ ok: true, value: undefined });
  });

  it("passes on Slack's bare-word error once the url is used up", () => {
    const { slack } = setup();
    for (let i = 0; i < 5; i++) respond(slack, RESPONSE_URL, ephemeral(`update ${i}`));
    expect(respond(slack, RESPONSE_URL, ephemeral('sixth'))).toEqual({ ok: false, error: 'used_url' });
  });

  it('passes on a JSON error', () => {
    const { slack } = setup();
    slack.failNext('response_url', { error: 'invalid_blocks', status: 400 });
    expect(respond(slack, RESPONSE_URL, ephemeral('x'))).toEqual({ ok: false, error: 'invalid_blocks' });
  });

  it('answers http_<status> for an error body it cannot read', () => {
    const client = answering({ status: 502, headers: {}, body: '<html>Bad gateway</html>' });
    expect(respond(client, RESPONSE_URL, ephemeral('x'))).toEqual({ ok: false, error: 'http_502' });
  });

  it('answers network_error when the url cannot be reached', () => {
    const { slack } = setup();
    slack.failNext('response_url', { error: 'timeout', status: 0 });
    expect(respond(slack, RESPONSE_URL, ephemeral('x'))).toEqual({ ok: false, error: 'network_error' });
  });
});

describe('FakeSlack', () => {
  it('drops users.info arguments sent as JSON, as Slack does', () => {
    const { slack } = setup();
    const response = slack.fetch({
      url: 'https://slack.com/api/users.info',
      method: 'post',
      headers: { Authorization: `Bearer ${FAKE_BOT_TOKEN}` },
      contentType: 'application/json; charset=utf-8',
      payload: JSON.stringify({ user: 'U0JANE' }),
    });
    expect(JSON.parse(response.body)).toEqual({ ok: false, error: 'user_not_found' });
  });

  it('applies a queued failure once', () => {
    const { slack, api } = setup();
    slack.failNext('chat.postMessage', 'not_in_channel');
    api.postMessage({ channel: REPORT, text: 'x' });
    expect(api.postMessage({ channel: REPORT, text: 'x' }).ok).toBe(true);
  });
});
