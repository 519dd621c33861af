// A fake Slack for tests and the local runtime: the Web API methods Offboard calls and response_urls,
// as an HttpClient. It keeps users, channels and messages, records every call, and can be told to fail.
//
// Modelled on Slack's documented behaviour: errors are HTTP 200 {ok:false,error}; rate limits are 429
// with Retry-After; users.info and users.lookupByEmail ignore JSON bodies (their arguments are dropped,
// so the answer is user_not_found / users_not_found, as kortix-ai/suna#6616 saw); chat.update cannot
// touch an unknown message. A response_url allows 5 uses (docs.slack.dev, "Handling user interaction");
// what Slack answers to a sixth is not documented (slackapi/node-slack-sdk#828 asked and was closed
// without an answer), so the fake answers 404 with the bare word `used_url`.

import type { HttpClient, HttpRequest, HttpResponse } from '../../src/ports';

export const FAKE_BOT_TOKEN = 'xoxb-fake-bot-token';
export const FAKE_TEAM = 'T0001';

export interface FakeUser {
  id: string;
  name: string;
  email?: string;
  realName?: string;
  deleted?: boolean;
  isBot?: boolean;
}

export interface FakeMessage {
  channel: string;
  ts: string;
  text: string;
  blocks?: unknown[];
  /** How many times chat.update changed it. */
  updates: number;
  /** A reply in the thread of this message (chat.postMessage's thread_ts). */
  threadTs?: string;
}

export interface RecordedCall {
  /** A Web API method such as chat.postMessage, or 'response_url'. */
  method: string;
  url: string;
  contentType: string;
  /** The arguments as Slack would read them (a form, or JSON). */
  body: Record<string, unknown>;
}

export interface Failure {
  error: string;
  /** HTTP status to answer with; 429 for ratelimited, 200 otherwise. 0 means a network failure. */
  status?: number;
  retryAfterSeconds?: number;
}

const API = 'https://slack.com/api/';
const RESPONSE_URL = /^https:\/\/hooks\.slack\.com\/(commands|actions)\//;
const RESPONSE_URL_USES = 5;

export class FakeSlack implements HttpClient {
  readonly calls: RecordedCall[] = [];
  private readonly users = new Map<string, FakeUser>();
  /** Channel id → whether the bot is a member. */
  private readonly channels = new Map<string, { name: string; member: boolean }>();
  private readonly messages = new Map<string, FakeMessage>();
  private readonly failures = new Map<string, Failure[]>();
  private readonly responseUrlUses = new Map<string, number>();
  private nextTs = 1700000000_000100;
  /** chat.postMessage's per-channel limit when set (limitPosts): a bucket of `burst`, one more a second. */
  private postLimit: { now: () => number; burst: number } | null = null;
  private readonly postBuckets = new Map<string, { tokens: number; at: number }>();
  /** Scheduled messages not yet deleted: id → text. */
  readonly scheduled = new Map<string, string>();

  constructor(private readonly botToken = FAKE_BOT_TOKEN) {}

  addUser(user: FakeUser): this {
    this.users.set(user.id, user);
    return this;
  }

  addChannel(id: string, name: string, options: { botIsMember?: boolean } = {}): this {
    this.channels.set(id, { name, member: options.botIsMember ?? true });
    return this;
  }

  /**
   * chat.postMessage as Slack limits it: "generally allows posting one message per second per channel",
   * short bursts above that without a promise (docs.slack.dev/apis/web-api/rate-limits). Here a bucket of
   * `burst` posts per channel that refills one a second; past it, HTTP 429 `ratelimited` with Retry-After.
   */
  limitPosts(options: { now: () => number; burst: number }): this {
    this.postLimit = options;
    return this;
  }

  /** The next call of `method` (or 'response_url') fails this way; queued failures apply in order. */
  failNext(method: string, failure: Failure | string): this {
    const f = typeof failure === 'string' ? { error: failure } : failure;
    this.failures.set(method, [...(this.failures.get(method) ?? []), f]);
    return this;
  }

  callsOf(method: string): RecordedCall[] {
    return this.calls.filter((c) => c.method === method);
  }

  message(channel: string, ts: string): FakeMessage | undefined {
    return this.messages.get(`${channel}/${ts}`);
  }

  /** The channel's messages, not counting thread replies (see repliesTo). */
  messagesIn(channel: string): FakeMessage[] {
    return [...this.messages.values()].filter((m) => m.channel === channel && m.threadTs === undefined);
  }

  /** The replies in the thread of one message, in order. */
  repliesTo(channel: string, ts: string): FakeMessage[] {
    return [...this.messages.values()].filter((m) => m.channel === channel && m.threadTs === ts);
  }

  /** The messages posted to one response_url, in order. */
  responsesTo(url: string): Record<string, unknown>[] {
    return this.calls.filter((c) => c.method === 'response_url' && c.url === url).map((c) => c.body);
  }

  fetch(request: HttpRequest): HttpResponse {
    if (request.url.startsWith(API)) return this.webApi(request);
    if (RESPONSE_URL.test(request.url)) return this.responseUrl(request);
    return { status: 0, headers: {}, body: '', networkError: `FakeSlack does not serve ${request.url}` };
  }

  fetchAll(requests: HttpRequest[]): HttpResponse[] {
    return requests.map((r) => this.fetch(r));
  }

  private webApi(request: HttpRequest): HttpResponse {
    const method = request.url.slice(API.length).split('?')[0] ?? '';
    const contentType = request.contentType ?? header(request, 'content-type') ?? '';
    const isJson = contentType.includes('application/json');
    const body = isJson ? parseJson(request.payload ?? '') : parseForm(request.payload ?? '');
    this.calls.push({ method, url: request.url, contentType, body });

    const failure = this.takeFailure(method);
    if (failure) return failed(failure);

    const auth = header(request, 'authorization');
    if (auth === undefined) return ok200({ ok: false, error: 'not_authed' });
    if (auth !== `Bearer ${this.botToken}`) return ok200({ ok: false, error: 'invalid_auth' });

    switch (method) {
      case 'auth.test':
        return ok200({
          ok: true,
          url: 'https://corp.slack.com/',
          team: 'Corp',
          user: 'offboard',
          team_id: FAKE_TEAM,
          user_id: 'U0OFFBOARD',
          bot_id: 'B0OFFBOARD',
        });
      case 'users.info': {
        // Slack reads no JSON body here: the argument is simply not seen.
        const user = isJson ? undefined : this.users.get(String(body.user ?? ''));
        return ok200(user ? { ok: true, user: slackUser(user) } : { ok: false, error: 'user_not_found' });
      }
      case 'users.lookupByEmail': {
        const email = isJson ? '' : String(body.email ?? '').toLowerCase();
        const user = [...this.users.values()].find((u) => email !== '' && u.email?.toLowerCase() === email);
        return ok200(user ? { ok: true, user: slackUser(user) } : { ok: false, error: 'users_not_found' });
      }
      case 'chat.postMessage':
        return this.postMessage(body);
      case 'chat.update':
        return this.update(body);
      case 'chat.scheduleMessage': {
        const refusal = this.channelRefusal(String(body.channel ?? ''));
        if (refusal) return ok200({ ok: false, error: refusal });
        const id = `Q${this.scheduled.size + 1}`;
        this.scheduled.set(id, String(body.text ?? ''));
        return ok200({ ok: true, channel: body.channel, scheduled_message_id: id, post_at: body.post_at });
      }
      case 'chat.deleteScheduledMessage': {
        const id = String(body.scheduled_message_id ?? '');
        if (!this.scheduled.delete(id)) return ok200({ ok: false, error: 'invalid_scheduled_message_id' });
        return ok200({ ok: true });
      }
      default:
        return ok200({ ok: false, error: 'unknown_method' });
    }
  }

  private postMessage(body: Record<string, unknown>): HttpResponse {
    const channel = String(body.channel ?? '');
    const refusal = this.channelRefusal(channel);
    if (refusal) return ok200({ ok: false, error: refusal });
    const text = typeof body.text === 'string' ? body.text : '';
    const blocks = Array.isArray(body.blocks) ? (body.blocks as unknown[]) : undefined;
    if (text === '' && blocks === undefined) return ok200({ ok: false, error: 'no_text' });
    if (!this.takePostToken(channel)) return failed({ error: 'ratelimited', retryAfterSeconds: 1 });
    const ts = this.newTs();
    const message: FakeMessage = { channel, ts, text, updates: 0 };
    if (blocks) message.blocks = blocks;
    if (typeof body.thread_ts === 'string') message.threadTs = body.thread_ts;
    this.messages.set(`${channel}/${ts}`, message);
    return ok200({
      ok: true,
      channel,
      ts,
      message: { type: 'message', text, ts, bot_id: 'B0OFFBOARD', blocks },
    });
  }

  private update(body: Record<string, unknown>): HttpResponse {
    const channel = String(body.channel ?? '');
    const ts = String(body.ts ?? '');
    const refusal = this.channelRefusal(channel);
    if (refusal) return ok200({ ok: false, error: refusal });
    const message = this.messages.get(`${channel}/${ts}`);
    if (!message) return ok200({ ok: false, error: 'message_not_found' });
    if (typeof body.text === 'string') message.text = body.text;
    if (Array.isArray(body.blocks)) message.blocks = body.blocks as unknown[];
    message.updates += 1;
    return ok200({ ok: true, channel, ts, text: message.text });
  }

  private responseUrl(request: HttpRequest): HttpResponse {
    this.calls.push({
      method: 'response_url',
      url: request.url,
      contentType: request.contentType ?? '',
      body: parseJson(request.payload ?? ''),
    });
    const failure = this.takeFailure('response_url');
    if (failure) return failed(failure);
    const uses = (this.responseUrlUses.get(request.url) ?? 0) + 1;
    this.responseUrlUses.set(request.url, uses);
    if (uses > RESPONSE_URL_USES) return { status: 404, headers: {}, body: 'used_url' };
    return { status: 200, headers: { 'content-type': 'text/html' }, body: 'ok' };
  }

  private takePostToken(channel: string): boolean {
    const limit = this.postLimit;
    if (!limit) return true;
    const now = limit.now();
    const bucket = this.postBuckets.get(channel) ?? { tokens: limit.burst, at: now };
    bucket.tokens = Math.min(limit.burst, bucket.tokens + (now - bucket.at) / 1_000);
    bucket.at = now;
    this.postBuckets.set(channel, bucket);
    if (bucket.tokens < 1) return false;
    bucket.tokens -= 1;
    return true;
  }

  private channelRefusal(channel: string): string | null {
    const known = this.channels.get(channel);
    if (!known) return 'channel_not_found';
    return known.member ? null : 'not_in_channel';
  }

  /** Timestamps like Slack's: seconds and six digits, strictly increasing. */
  private newTs(): string {
    const n = this.nextTs;
    this.nextTs += 100;
    const s = String(n);
    return `${s.slice(0, -6)}.${s.slice(-6)}`;
  }

  private takeFailure(method: string): Failure | undefined {
    const queue = this.failures.get(method);
    return queue && queue.length > 0 ? queue.shift() : undefined;
  }
}

function failed(f: Failure): HttpResponse {
  const status = f.status ?? (f.error === 'ratelimited' ? 429 : 200);
  if (status === 0) return { status: 0, headers: {}, body: '', networkError: f.error };
  const headers: Record<string, string> = { 'content-type': 'application/json; charset=utf-8' };
  if (f.retryAfterSeconds !== undefined) headers['retry-after'] = String(f.retryAfterSeconds);
  return { status, headers, body: JSON.stringify({ ok: false, error: f.error }) };
}

function slackUser(u: FakeUser): Record<string, unknown> {
  const profile: Record<string, unknown> = { real_name: u.realName ?? '', display_name: u.name };
  if (u.email !== undefined) profile.email = u.email;
  return {
    id: u.id,
    team_id: FAKE_TEAM,
    name: u.name,
    deleted: u.deleted ?? false,
    real_name: u.realName ?? '',
    is_bot: u.isBot ?? false,
    profile,
  };
}

function header(request: HttpRequest, name: string): string | undefined {
  const entry = Object.entries(request.headers ?? {}).find(([k]) => k.toLowerCase() === name);
  return entry?.[1];
}

function ok200(body: Record<string, unknown>): HttpResponse {
  return {
    status: 200,
    headers: { 'content-type': 'application/json; charset=utf-8' },
    body: JSON.stringify(body),
  };
}

function parseJson(text: string): Record<string, unknown> {
  try {
    const v: unknown = JSON.parse(text);
    return typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}

function parseForm(text: string): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of new URLSearchParams(text)) if (!(k in out)) out[k] = v;
  return out;
}
