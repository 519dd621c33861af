// parseRequest: every body Slack (or anyone) can post to doPost becomes one kind of request.

import { credentialsOf, parseForm, parseRequest } from '../../src/slack/request';
import {
  BOLT_PYTHON_BLOCK_ACTIONS_BODY,
  SLACK_DOCS_SLASH_COMMAND_BODY,
  TEST_APP,
  TEST_TEAM,
  TEST_TOKEN,
  blockAction,
  blockActions,
  blockActionsPost,
  jsonPost,
  payloadPost,
  slashCommand,
  slashCommandPost,
} from '../fixtures/slack';

const FORM = 'application/x-www-form-urlencoded';

describe('parseRequest: slash commands', () => {
  it('reads a slash command from the form fields Apps Script puts in parameter', () => {
    const post = slashCommandPost({ text: 'status jane@corp.com' });
    const result = parseRequest(post);
    expect(result).toEqual({
      kind: 'slash_command',
      command: slashCommand({ text: 'status jane@corp.com' }),
    });
  });

  it('reads the form body when parameter is empty', () => {
    const post = slashCommandPost({ text: 'jane doe' });
    const result = parseRequest({ ...post, parameter: {} });
    expect(result).toEqual({ kind: 'slash_command', command: slashCommand({ text: 'jane doe' }) });
  });

  it("reads Slack's documented example body", () => {
    const result = parseRequest({ contents: SLACK_DOCS_SLASH_COMMAND_BODY, type: FORM, parameter: {} });
    expect(result.kind === 'slash_command' && result.command).toMatchObject({
      token: 'xyzz0WbapA4vBCDEFasx0q6G',
      team_id: 'T1DC2JH3J',
      user_id: 'U2CERLKJA',
      command: '/webhook-collect',
      text: '',
      response_url: 'https://hooks.slack.com/commands/T1DC2JH3J/397700885554/96rGlfmibIGlgcZRskXaIFfN',
    });
  });

  it('keeps the enterprise fields of an Enterprise Grid command', () => {
    const result = parseRequest(slashCommandPost({ enterprise_id: 'E111', enterprise_name: 'Sandbox Org' }));
    expect(result.kind === 'slash_command' && result.command.enterprise_id).toBe('E111');
  });

  it('trusts form parameters over a JSON-looking body only when they hold Slack fields', () => {
    // A query string lands in parameter too; a JSON body with ?x=1 must still be read as JSON.
    const post = {
      ...jsonPost({ type: 'url_verification', token: 't', challenge: 'c' }),
      parameter: { x: '1' },
    };
    expect(parseRequest(post).kind).toBe('url_verification');
  });

  it('refuses a slash command with no user_id', () => {
    const { user_id: _omit, ...fields } = slashCommand();
    const result = parseRequest({ contents: '', type: FORM, parameter: fields as Record<string, string> });
    expect(result).toEqual({ kind: 'malformed', reason: 'slash command without a user_id' });
  });
});

describe("parseRequest: user ids only in Slack's form", () => {
  it.each(['<@U0APPROVED>', '@U0APPROVED', 'u0approved', ' U0APPROVED', 'X0APPROVED'])(
    'refuses a slash command whose user_id is %j',
    (userId) => {
      expect(parseRequest(slashCommandPost({ user_id: userId })).kind).toBe('malformed');
    },
  );

  it.each(['<@U0APPROVED>', 'u0approved'])('refuses a click whose user id is %j', (userId) => {
    const post = blockActionsPost({ user: { id: userId, username: 'x', team_id: TEST_TEAM } });
    expect(parseRequest(post).kind).toBe('malformed');
  });

  it('accepts an Enterprise Grid user id (W…)', () => {
    expect(parseRequest(slashCommandPost({ user_id: 'W012A3CDE' })).kind).toBe('slash_command');
  });
});

describe('parseRequest: interactions', () => {
  it('reads a block_actions payload from the payload field', () => {
    const result = parseRequest(blockActionsPost());
    expect(result).toEqual({ kind: 'block_actions', actions: blockActions() });
  });

  it('reads the payload from the body when parameter is empty', () => {
    const post = blockActionsPost({ actions: [blockAction({ value: 'a b&c=d' })] });
    const result = parseRequest({ ...post, parameter: {} });
    expect(result.kind === 'block_actions' && result.actions.actions[0]?.value).toBe('a b&c=d');
  });

  it("reads bolt-python's real block_actions body", () => {
    const result = parseRequest({ contents: BOLT_PYTHON_BLOCK_ACTIONS_BODY, type: FORM, parameter: {} });
    expect(result.kind === 'block_actions' && result.actions).toMatchObject({
      user: { id: 'W111', username: 'primary-owner', team_id: 'T111' },
      team: { id: 'T111', enterprise_id: 'E111' },
      container: { message_ts: '111.222', channel_id: 'C111', is_ephemeral: true },
      actions: [
        {
          action_id: 'a',
          block_id: 'b',
          type: 'button',
          value: 'click_me_123',
          action_ts: '1596530385.194939',
        },
      ],
    });
  });

  it('accepts a null team (org-wide installs)', () => {
    const result = parseRequest(blockActionsPost({ team: null }));
    expect(result.kind === 'block_actions' && result.actions.team).toBeNull();
  });

  it('leaves out fields of the payload that are not part of BlockActions', () => {
    const wire = { ...blockActions(), view: { id: 'V1' }, state: { values: {} } };
    const result = parseRequest(payloadPost(JSON.stringify(wire)));
    expect(result.kind === 'block_actions' && Object.keys(result.actions)).not.toContain('view');
  });

  it.each(['view_submission', 'shortcut', 'message_action', 'view_closed'])(
    'answers %s as unsupported',
    (type) => {
      const result = parseRequest(payloadPost(JSON.stringify({ type, token: TEST_TOKEN })));
      expect(result).toEqual({ kind: 'unsupported', type, token: TEST_TOKEN });
    },
  );

  it.each([
    ['{not json', 'payload is not JSON'],
    ['[1,2]', 'payload is not a JSON object'],
    ['{"token":"x"}', 'payload has no type'],
    ['{"type":"block_actions","actions":[{"action_id":"a"}]}', 'block_actions without a user'],
    ['{"type":"block_actions","user":{"id":"U1"},"actions":[]}', 'block_actions without actions'],
    [
      '{"type":"block_actions","user":{"id":"U1"},"actions":[{"value":"v"}]}',
      'block_actions with an action lacking action_id',
    ],
  ])('refuses the payload %s', (payload, reason) => {
    expect(parseRequest(payloadPost(payload))).toEqual({ kind: 'malformed', reason });
  });
});

describe('parseRequest: other bodies', () => {
  it("answers Slack's ssl_check", () => {
    const result = parseRequest({
      contents: 'ssl_check=1&token=abc',
      type: FORM,
      parameter: { ssl_check: '1', token: 'abc' },
    });
    expect(result).toEqual({ kind: 'ssl_check', token: 'abc' });
  });

  it('reads a url_verification challenge', () => {
    const result = parseRequest(jsonPost({ type: 'url_verification', token: 'tok', challenge: 'chal-123' }));
    expect(result).toEqual({ kind: 'url_verification', token: 'tok', challenge: 'chal-123' });
  });

  it('refuses a url_verification without a challenge', () => {
    expect(parseRequest(jsonPost({ type: 'url_verification', token: 'tok' })).kind).toBe('malformed');
  });

  it('answers other JSON types (Events API callbacks) as unsupported', () => {
    const result = parseRequest(jsonPost({ type: 'event_callback', token: 'tok', event: {} }));
    expect(result).toEqual({ kind: 'unsupported', type: 'event_callback', token: 'tok' });
  });

  it.each([
    ['an empty body', { contents: '', type: '', parameter: {} }, 'empty body'],
    ['a blank body', { contents: '  \n', type: FORM, parameter: {} }, 'empty body'],
    ['invalid JSON', { contents: '{"type":', type: 'application/json', parameter: {} }, 'body is not JSON'],
    [
      'a JSON array',
      { contents: '[]', type: 'application/json', parameter: {} },
      'body is not a JSON object',
    ],
    [
      'JSON without type',
      { contents: '{"a":1}', type: 'application/json', parameter: {} },
      'JSON body has no type',
    ],
    [
      'an unrelated form',
      { contents: 'name=x&age=3', type: FORM, parameter: {} },
      'body is not a Slack request',
    ],
    [
      'bad url-encoding',
      { contents: 'command=%E0%A4%A', type: FORM, parameter: {} },
      'body is not valid url-encoding',
    ],
    [
      'garbage',
      { contents: '\u0000\u0001binary', type: 'application/octet-stream', parameter: {} },
      'body is not a Slack request',
    ],
  ])('refuses %s', (_name, post, reason) => {
    expect(parseRequest(post)).toEqual({ kind: 'malformed', reason });
  });
});

describe('parseForm', () => {
  it('decodes + as a space and %XX escapes', () => {
    expect(parseForm('text=jane+doe%40corp.com')).toEqual({ text: 'jane doe@corp.com' });
  });

  it('keeps the first of repeated keys, as Apps Script parameter does', () => {
    expect(parseForm('a=1&a=2')).toEqual({ a: '1' });
  });
});

describe('credentialsOf', () => {
  it('takes token, team and app from a slash command', () => {
    expect(credentialsOf(parseRequest(slashCommandPost()))).toEqual({
      token: TEST_TOKEN,
      teamId: TEST_TEAM,
      appId: TEST_APP,
    });
  });

  it("falls back to the user's team when a block_actions payload has no team", () => {
    const request = parseRequest(blockActionsPost({ team: null }));
    expect(credentialsOf(request).teamId).toBe(TEST_TEAM);
  });

  it('has nothing for a malformed request', () => {
    expect(credentialsOf({ kind: 'malformed', reason: 'x' })).toEqual({
      token: undefined,
      teamId: undefined,
      appId: undefined,
    });
  });
});
