// Turns what doPost received into one kind of Slack request. Pure: no verification, no I/O, never throws.

import type { ActionMessage, BlockAction, BlockActions, SlashCommand } from './payloads';

/** What doPost received, without Apps Script's event wrapper (same shape as PostInput in src/app.ts). */
export interface RawPost {
  contents: string;
  type: string;
  parameter: Record<string, string>;
}

export type SlackRequest =
  | { kind: 'slash_command'; command: SlashCommand }
  | { kind: 'block_actions'; actions: BlockActions }
  | { kind: 'ssl_check'; token: string }
  | { kind: 'url_verification'; token: string; challenge: string }
  /** A real Slack interaction Offboard does not handle (view_submission, shortcut, …). */
  | { kind: 'unsupported'; type: string; token: string }
  | { kind: 'malformed'; reason: string };

/** The fields verifyRequest checks, wherever the request kind keeps them. */
export interface RequestCredentials {
  token: string | undefined;
  teamId: string | undefined;
  appId: string | undefined;
}

type Fields = Record<string, string>;

export function parseRequest(input: RawPost): SlackRequest {
  const parameter = input.parameter ?? {};
  const contents = input.contents ?? '';
  const type = (input.type ?? '').toLowerCase();

  // Apps Script fills `parameter` from form bodies and from the query string, so a JSON post to
  // /exec?x=1 still has parameters: only trust them when they hold a Slack field.
  if (isSlackForm(parameter)) return fromForm(parameter);

  const trimmed = contents.trim();
  if (trimmed === '') return malformed('empty body');

  if (type.includes('json') || trimmed.startsWith('{')) return fromJson(trimmed);

  const form = parseForm(contents);
  if (form === null) return malformed('body is not valid url-encoding');
  if (isSlackForm(form)) return fromForm(form);
  return malformed('body is not a Slack request');
}

/** The token, team and app a request claims to come from (undefined where the kind has none). */
export function credentialsOf(request: SlackRequest): RequestCredentials {
  switch (request.kind) {
    case 'slash_command':
      return {
        token: request.command.token,
        teamId: request.command.team_id,
        appId: request.command.api_app_id,
      };
    case 'block_actions':
      return {
        token: request.actions.token,
        teamId: request.actions.team?.id ?? request.actions.user.team_id,
        appId: request.actions.api_app_id,
      };
    case 'ssl_check':
    case 'url_verification':
    case 'unsupported':
      return { token: request.token, teamId: undefined, appId: undefined };
    case 'malformed':
      return { token: undefined, teamId: undefined, appId: undefined };
  }
}

/** x-www-form-urlencoded text as fields (first value wins, like Apps Script's `parameter`); null if undecodable. */
export function parseForm(body: string): Fields | null {
  const fields: Fields = {};
  for (const pair of body.split('&')) {
    if (pair === '') continue;
    const eq = pair.indexOf('=');
    const rawKey = eq === -1 ? pair : pair.slice(0, eq);
    const rawValue = eq === -1 ? '' : pair.slice(eq + 1);
    const key = decode(rawKey);
    const value = decode(rawValue);
    if (key === null || value === null) return null;
    if (!(key in fields)) fields[key] = value;
  }
  return fields;
}

function decode(text: string): string | null {
  try {
    return decodeURIComponent(text.replace(/\+/g, ' '));
  } catch {
    return null;
  }
}

function isSlackForm(fields: Fields): boolean {
  return 'payload' in fields || 'command' in fields || 'ssl_check' in fields;
}

function fromForm(fields: Fields): SlackRequest {
  if ('payload' in fields) return fromInteraction(fields.payload ?? '');
  if ('command' in fields) return fromSlashCommand(fields);
  if (fields.ssl_check === '1') return { kind: 'ssl_check', token: fields.token ?? '' };
  return malformed('unknown ssl_check value');
}

function fromSlashCommand(fields: Fields): SlackRequest {
  const command = fields.command ?? '';
  const userId = fields.user_id ?? '';
  if (command === '') return malformed('slash command without a command');
  if (userId === '') return malformed('slash command without a user_id');
  if (!SLACK_USER_ID.test(userId)) return malformed('slash command whose user_id is not a Slack user id');
  const slash: SlashCommand = {
    token: fields.token ?? '',
    team_id: fields.team_id ?? '',
    team_domain: fields.team_domain ?? '',
    channel_id: fields.channel_id ?? '',
    channel_name: fields.channel_name ?? '',
    user_id: userId,
    user_name: fields.user_name ?? '',
    command,
    text: fields.text ?? '',
    api_app_id: fields.api_app_id ?? '',
    response_url: fields.response_url ?? '',
    trigger_id: fields.trigger_id ?? '',
  };
  if (fields.enterprise_id !== undefined) slash.enterprise_id = fields.enterprise_id;
  if (fields.enterprise_name !== undefined) slash.enterprise_name = fields.enterprise_name;
  if (fields.is_enterprise_install !== undefined) slash.is_enterprise_install = fields.is_enterprise_install;
  return { kind: 'slash_command', command: slash };
}

function fromInteraction(payload: string): SlackRequest {
  const parsed = parseJson(payload);
  if (parsed === undefined) return malformed('payload is not JSON');
  if (!isRecord(parsed)) return malformed('payload is not a JSON object');
  const type = parsed.type;
  if (typeof type !== 'string' || type === '') return malformed('payload has no type');
  if (type !== 'block_actions') return { kind: 'unsupported', type, token: text(parsed.token) };
  const actions = toBlockActions(parsed);
  return typeof actions === 'string' ? malformed(actions) : { kind: 'block_actions', actions };
}

function fromJson(body: string): SlackRequest {
  const parsed = parseJson(body);
  if (parsed === undefined) return malformed('body is not JSON');
  if (!isRecord(parsed)) return malformed('body is not a JSON object');
  const type = parsed.type;
  if (typeof type !== 'string' || type === '') return malformed('JSON body has no type');
  if (type === 'url_verification') {
    if (typeof parsed.challenge !== 'string') return malformed('url_verification without a challenge');
    return { kind: 'url_verification', token: text(parsed.token), challenge: parsed.challenge };
  }
  // Events API callbacks and the like: Slack, but nothing Offboard subscribes to.
  return { kind: 'unsupported', type, token: text(parsed.token) };
}

/** A validated, normalised copy, or the reason it is not a usable block_actions payload. */
function toBlockActions(p: Record<string, unknown>): BlockActions | string {
  const user = p.user;
  if (!isRecord(user) || typeof user.id !== 'string' || user.id === '') return 'block_actions without a user';
  if (!SLACK_USER_ID.test(user.id)) return 'block_actions whose user id is not a Slack user id';
  if (!Array.isArray(p.actions) || p.actions.length === 0) return 'block_actions without actions';
  const actions: BlockAction[] = [];
  for (const a of p.actions) {
    if (!isRecord(a) || typeof a.action_id !== 'string')
      return 'block_actions with an action lacking action_id';
    const action: BlockAction = {
      action_id: a.action_id,
      block_id: text(a.block_id),
      type: text(a.type),
      action_ts: text(a.action_ts),
    };
    if (typeof a.value === 'string') action.value = a.value;
    actions.push(action);
  }
  const container = isRecord(p.container) ? p.container : {};
  const result: BlockActions = {
    type: 'block_actions',
    user: { id: user.id, username: text(user.username), team_id: text(user.team_id) },
    api_app_id: text(p.api_app_id),
    token: text(p.token),
    container: { type: text(container.type) },
    trigger_id: text(p.trigger_id),
    team: isRecord(p.team) ? { id: text(p.team.id), domain: text(p.team.domain) } : null,
    response_url: text(p.response_url),
    actions,
  };
  if (typeof user.name === 'string') result.user.name = user.name;
  if (typeof container.message_ts === 'string') result.container.message_ts = container.message_ts;
  if (typeof container.channel_id === 'string') result.container.channel_id = container.channel_id;
  if (typeof container.is_ephemeral === 'boolean') result.container.is_ephemeral = container.is_ephemeral;
  if (isRecord(p.team) && result.team) {
    if (typeof p.team.enterprise_id === 'string') result.team.enterprise_id = p.team.enterprise_id;
    if (typeof p.team.enterprise_name === 'string') result.team.enterprise_name = p.team.enterprise_name;
  }
  if (isRecord(p.enterprise))
    result.enterprise = { id: text(p.enterprise.id), name: text(p.enterprise.name) };
  if (isRecord(p.channel)) result.channel = { id: text(p.channel.id), name: text(p.channel.name) };
  if (isRecord(p.message)) result.message = toMessage(p.message);
  if (typeof p.is_enterprise_install === 'boolean') result.is_enterprise_install = p.is_enterprise_install;
  return result;
}

function toMessage(m: Record<string, unknown>): ActionMessage {
  const message: ActionMessage = {};
  if (typeof m.ts === 'string') message.ts = m.ts;
  if (typeof m.text === 'string') message.text = m.text;
  if (typeof m.user === 'string') message.user = m.user;
  if (typeof m.bot_id === 'string') message.bot_id = m.bot_id;
  if (Array.isArray(m.blocks)) message.blocks = m.blocks;
  return message;
}

function parseJson(body: string): unknown {
  try {
    return JSON.parse(body) as unknown;
  } catch {
    return undefined;
  }
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function text(v: unknown): string {
  return typeof v === 'string' ? v : '';
}

/**
 * Slack's user ids as Slack sends them: U or W, then upper-case letters and digits. Anything else (a
 * mention, "@U…", lower case) is refused, so a request can never pass the Approved Users check as
 * someone it only resembles, and no odd id is stored.
 */
export const SLACK_USER_ID = /^[UW][A-Z0-9]+$/;

function malformed(reason: string): SlackRequest {
  return { kind: 'malformed', reason };
}
