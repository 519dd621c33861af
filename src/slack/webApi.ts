// The few Slack Web API calls Offboard makes, over the HttpClient port. Never throws: every call answers a
// SlackResult, with Slack's own error string when Slack gave one.
//
// Slack answers errors as HTTP 200 {ok:false, error}; rate limits as 429 with Retry-After (seconds).
// Body encoding matters: chat.postMessage and chat.update take JSON, but users.info and
// users.lookupByEmail are form-encoding only. Sent as JSON, their arguments are silently dropped and
// Slack answers user_not_found (seen: kortix-ai/suna#6616; HubSpot/slack-client SlackMethods marks both
// FORM_ENCODING_ONLY). The token goes in the Authorization header only, never in a URL or a result.

import type { KnownBlock } from '@slack/types';
import type { HttpClient, HttpRequest, HttpResponse } from '../ports';
import type { SlackMessage } from './messages';

export type SlackResult<T> =
  | { ok: true; value: T }
  | {
      ok: false;
      /** Slack's error (e.g. channel_not_found), or http_<status>, network_error, ratelimited, invalid_response. */
      error: string;
      retryAfterSeconds?: number;
    };

export interface SlackUser {
  id: string;
  email?: string;
  name: string;
  realName?: string;
  deleted: boolean;
  isBot: boolean;
}

export interface SlackIdentity {
  userId: string;
  botId?: string;
  teamId: string;
  team: string;
  url: string;
}

export interface PostedMessage {
  channel: string;
  ts: string;
}

export interface NewMessage {
  channel: string;
  text: string;
  blocks?: KnownBlock[];
  /** A reply in the thread of this message (docs.slack.dev/reference/methods/chat.postMessage, thread_ts). */
  threadTs?: string;
}

export interface MessageUpdate extends NewMessage {
  ts: string;
}

type Json = Record<string, unknown>;

export class SlackApi {
  constructor(
    private readonly http: HttpClient,
    private readonly botToken: string,
    private readonly baseUrl = 'https://slack.com/api',
  ) {}

  /** Whose token this is: checkConfiguration uses it to tell a working bot token from a dead one. */
  authTest(): SlackResult<SlackIdentity> {
    return this.map(this.call('auth.test', form({})), (b) => {
      const identity: SlackIdentity = {
        userId: str(b.user_id),
        teamId: str(b.team_id),
        team: str(b.team),
        url: str(b.url),
      };
      if (typeof b.bot_id === 'string') identity.botId = b.bot_id;
      return identity;
    });
  }

  usersInfo(userId: string): SlackResult<SlackUser> {
    return this.map(this.call('users.info', form({ user: userId })), (b) => toUser(b.user));
  }

  /** Needs the users:read.email scope. A person with no Slack account answers users_not_found. */
  lookupByEmail(email: string): SlackResult<SlackUser> {
    return this.map(this.call('users.lookupByEmail', form({ email })), (b) => toUser(b.user));
  }

  /**
   * `alongside`: requests sent in the same fetchAll (in parallel: the slower one sets the time), their
   * answers handed to `alongside.done`.
   */
  postMessage(message: NewMessage, alongside?: Alongside): SlackResult<PostedMessage> {
    const body: Json = { channel: message.channel, text: message.text };
    if (message.blocks !== undefined) body.blocks = message.blocks;
    if (message.threadTs !== undefined) body.thread_ts = message.threadTs;
    return this.map(this.call('chat.postMessage', json(body), alongside), (b) => ({
      channel: str(b.channel),
      ts: str(b.ts),
    }));
  }

  /** Channel messages only: Slack cannot chat.update an ephemeral message (use respond for those). */
  update(message: MessageUpdate, alongside?: Alongside): SlackResult<PostedMessage> {
    const body: Json = { channel: message.channel, ts: message.ts, text: message.text };
    if (message.blocks !== undefined) body.blocks = message.blocks;
    return this.map(this.call('chat.update', json(body), alongside), (b) => ({
      channel: str(b.channel),
      ts: str(b.ts),
    }));
  }

  /**
   * Schedules a message (up to 120 days ahead; chat:write, like chat.postMessage, and it fails the same way,
   * e.g. not_in_channel: docs.slack.dev/reference/methods/chat.scheduleMessage). The health check uses it
   * to learn whether the bot may post in a channel without posting anything, then deletes it.
   */
  scheduleMessage(message: { channel: string; text: string; postAt: number }): SlackResult<{ id: string }> {
    const body: Json = { channel: message.channel, text: message.text, post_at: message.postAt };
    return this.map(this.call('chat.scheduleMessage', json(body)), (b) => ({
      id: str(b.scheduled_message_id),
    }));
  }

  deleteScheduledMessage(channel: string, id: string): SlackResult<void> {
    const body: Json = { channel, scheduled_message_id: id };
    return this.map(this.call('chat.deleteScheduledMessage', json(body)), () => undefined);
  }

  private call(
    method: string,
    body: { payload: string; contentType: string },
    alongside?: Alongside,
  ): HttpResponse {
    const request: HttpRequest = {
      url: `${this.baseUrl}/${method}`,
      method: 'post',
      headers: { Authorization: `Bearer ${this.botToken}` },
      payload: body.payload,
      contentType: body.contentType,
    };
    if (!alongside || alongside.requests.length === 0) return this.http.fetch(request);
    const [response, ...others] = this.http.fetchAll([request, ...alongside.requests]);
    alongside.done(others);
    return response ?? { status: 0, headers: {}, body: '', networkError: 'no answer' };
  }

  private map<T>(response: HttpResponse, value: (body: Json) => T): SlackResult<T> {
    const failure = transportFailure(response);
    if (failure !== null) return failure;
    const body = parseObject(response.body);
    if (body === null) return { ok: false, error: 'invalid_response' };
    if (body.ok !== true) return { ok: false, error: str(body.error) || 'unknown_error' };
    return { ok: true, value: value(body) };
  }
}

/** Requests sent together with a Slack call (one fetchAll), and what to do with their answers. */
export interface Alongside {
  requests: HttpRequest[];
  done(responses: HttpResponse[]): void;
}

/**
 * Posts a message to an interaction's response_url (no token needed; Slack allows 5 uses within 30
 * minutes). The only way to change an ephemeral message after the fact.
 */
export function respond(http: HttpClient, responseUrl: string, message: SlackMessage): SlackResult<void> {
  return respondResult(http.fetch(respondRequest(responseUrl, message)));
}

/** The response_url post as a request, to send alongside another call. */
export function respondRequest(responseUrl: string, message: SlackMessage): HttpRequest {
  return {
    url: responseUrl,
    method: 'post',
    payload: JSON.stringify(message),
    contentType: 'application/json; charset=utf-8',
  };
}

/** What Slack answered a response_url post. */
export function respondResult(response: HttpResponse): SlackResult<void> {
  if (response.status === 0) return { ok: false, error: 'network_error' };
  if (response.status === 429) return rateLimited(response);
  const body = parseObject(response.body);
  if (response.status >= 200 && response.status < 300) {
    return body !== null && body.ok === false
      ? { ok: false, error: str(body.error) || 'unknown_error' }
      : { ok: true, value: undefined };
  }
  // Errors come back as JSON {ok:false,error} or as a bare word such as expired_url.
  const word = response.body.trim();
  if (body !== null && typeof body.error === 'string' && body.error !== '')
    return { ok: false, error: body.error };
  if (/^[a-z_]{1,64}$/.test(word)) return { ok: false, error: word };
  return { ok: false, error: `http_${response.status}` };
}

function transportFailure(response: HttpResponse): SlackResult<never> | null {
  if (response.status === 0) return { ok: false, error: 'network_error' };
  if (response.status === 429) return rateLimited(response);
  if (response.status < 200 || response.status >= 300) return { ok: false, error: `http_${response.status}` };
  return null;
}

function rateLimited(response: HttpResponse): SlackResult<never> {
  const seconds = Number.parseInt(response.headers['retry-after'] ?? '', 10);
  return Number.isFinite(seconds) && seconds >= 0
    ? { ok: false, error: 'ratelimited', retryAfterSeconds: seconds }
    : { ok: false, error: 'ratelimited' };
}

function toUser(raw: unknown): SlackUser {
  const u = isObject(raw) ? raw : {};
  const profile = isObject(u.profile) ? u.profile : {};
  const user: SlackUser = {
    id: str(u.id),
    name: str(u.name),
    deleted: u.deleted === true,
    isBot: u.is_bot === true,
  };
  const email = str(profile.email);
  if (email !== '') user.email = email;
  const realName = str(u.real_name) || str(profile.real_name);
  if (realName !== '') user.realName = realName;
  return user;
}

function form(fields: Record<string, string>): { payload: string; contentType: string } {
  const payload = Object.entries(fields)
    .map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(v)}`)
    .join('&');
  return { payload, contentType: 'application/x-www-form-urlencoded' };
}

function json(body: Json): { payload: string; contentType: string } {
  return { payload: JSON.stringify(body), contentType: 'application/json; charset=utf-8' };
}

function parseObject(text: string): Json | null {
  try {
    const parsed: unknown = JSON.parse(text);
    return isObject(parsed) ? parsed : null;
  } catch {
    return null;
  }
}

function isObject(v: unknown): v is Json {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function str(v: unknown): string {
  return typeof v === 'string' ? v : '';
}
