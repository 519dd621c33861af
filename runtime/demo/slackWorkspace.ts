// The demo's Slack: answers the bundle's Web API calls (https://slack.com/api/*) and response_url posts
// (https://hooks.slack.com/*) in process and keeps what they post: channel messages for everyone,
// ephemeral ones per person. The page reads it; response_urls are minted here for the page's requests.

import type { LocalRequest, LocalResponse } from '../urlFetch';
import {
  DEMO_BOT_ID,
  DEMO_BOT_TOKEN,
  DEMO_BOT_USER_ID,
  DEMO_CHANNEL_ID,
  DEMO_PEOPLE,
  DEMO_TEAM_DOMAIN,
  DEMO_TEAM_ID,
  type DemoSlackUser,
} from './people';

/** A message as the page shows it. `author` is 'app' for the bot, else a Slack user id. */
export interface DemoMessage {
  ts: string;
  channel: string;
  author: string;
  text: string;
  blocks: unknown[];
  /** Set for ephemeral messages: the only person who sees it. */
  visibleTo?: string;
  /** What the person typed, shown to them alone (Slack does not post slash commands). */
  typed?: boolean;
  /** A reply in the thread of this channel message (chat.postMessage's thread_ts). */
  threadTs?: string;
  edited: boolean;
}

/** Where a response_url leads: the person who acted and the message their click came from. */
interface ResponseTarget {
  kind: 'commands' | 'actions';
  userId: string;
  channel: string;
  /** The message the click came from (actions), or the command's immediate reply (commands). */
  messageTs?: string;
  ephemeral: boolean;
  uses: number;
  /**
   * A replacement posted before the command's own answer was shown: Slack shows the answer /exec returned
   * as soon as it returns, before any worker can post; here the page hands that answer over a moment later,
   * so a quick worker's replacement waits for it and is applied on delivery.
   */
  early?: { text: string; blocks: unknown[] } | 'delete';
}

export interface SlackCallRecord {
  at: number;
  url: string;
  method: string;
  /** Slack's answer: ok or its error word. */
  result: string;
}

export interface WorkspaceView {
  version: number;
  channel: DemoMessage[];
  ephemeral: DemoMessage[];
}

export interface SlackWorkspaceOptions {
  botToken?: string;
  channelId?: string;
  people?: readonly DemoSlackUser[];
  /** Called with every problem worth a line in the terminal (bad blocks, unknown response_url). */
  warn?: (message: string) => void;
  /** Called after every change with all messages (the demo's front door shows them during an execution). */
  onChange?: (version: number, messages: readonly DemoMessage[]) => void;
}

const API_PREFIX = 'https://slack.com/api/';
const HOOKS_PREFIX = 'https://hooks.slack.com/';
/** Slack allows 5 posts to one response_url within 30 minutes. */
const RESPONSE_URL_USES = 5;

export class SlackWorkspace {
  private readonly botToken: string;
  readonly channelId: string;
  readonly people: readonly DemoSlackUser[];
  private readonly warn: (message: string) => void;
  private readonly onChange: (version: number, messages: readonly DemoMessage[]) => void;
  private messages: DemoMessage[] = [];
  private responseUrls = new Map<string, ResponseTarget>();
  private lastTs = 0;
  private counter = 0;
  private changes = 0;
  readonly calls: SlackCallRecord[] = [];

  constructor(options: SlackWorkspaceOptions = {}) {
    this.botToken = options.botToken ?? DEMO_BOT_TOKEN;
    this.channelId = options.channelId ?? DEMO_CHANNEL_ID;
    this.people = options.people ?? DEMO_PEOPLE;
    this.warn = options.warn ?? (() => undefined);
    this.onChange = options.onChange ?? (() => undefined);
  }

  /** Grows with every change, so a poller can tell nothing happened. */
  get version(): number {
    return this.changes;
  }

  /** The in-process handler the runtime routes both Slack hosts to. */
  readonly handle = (request: LocalRequest): LocalResponse => {
    const answer = request.url.startsWith(HOOKS_PREFIX) ? this.hook(request) : this.api(request);
    const result =
      answer.status === 200
        ? ((parseJson(answer.body)?.error as string | undefined) ?? 'ok')
        : `http_${answer.status}`;
    this.calls.push({ at: Date.now(), url: request.url.split('?')[0]!, method: request.method, result });
    if (this.calls.length > 200) this.calls.splice(0, this.calls.length - 200);
    return answer;
  };

  /**
   * What one person sees: the channel (thread replies included, each naming its parent in `threadTs`:
   * the page shows them under it), and the ephemeral messages meant for them.
   */
  view(userId: string): WorkspaceView {
    return {
      version: this.changes,
      channel: this.messages.filter((m) => m.visibleTo === undefined),
      ephemeral: this.messages.filter((m) => m.visibleTo === userId),
    };
  }

  /** A fresh response_url for a slash command or a click, as Slack puts in the request it sends. */
  mintResponseUrl(input: {
    kind: 'commands' | 'actions';
    userId: string;
    messageTs?: string;
    ephemeral?: boolean;
  }): string {
    const n = ++this.counter;
    const secret = `${n.toString(36)}${Math.random().toString(36).slice(2, 12)}`;
    const url = `${HOOKS_PREFIX}${input.kind}/${DEMO_TEAM_ID}/${1_000_000_000 + n}/${secret}`;
    this.responseUrls.set(url, {
      kind: input.kind,
      userId: input.userId,
      channel: this.channelId,
      ...(input.messageTs === undefined ? {} : { messageTs: input.messageTs }),
      ephemeral: input.ephemeral ?? true,
      uses: 0,
    });
    return url;
  }

  /** The slash command as its sender sees it in their own view. */
  noteTyped(userId: string, text: string): void {
    this.add({ author: userId, text, blocks: [], visibleTo: userId, typed: true });
  }

  /**
   * The immediate answer to a slash command (the body /exec returned): Slack shows it to the sender, or
   * in the channel when response_type is in_channel.
   */
  deliverCommandReply(responseUrl: string, reply: unknown): DemoMessage | null {
    const target = this.responseUrls.get(responseUrl);
    if (!target || target.kind !== 'commands') return null;
    const message = asMessage(reply);
    if (message === null) return null;
    const posted = this.add({
      author: 'app',
      text: message.text,
      blocks: message.blocks,
      ...(message.inChannel ? {} : { visibleTo: target.userId }),
    });
    target.messageTs = posted.ts;
    target.ephemeral = !message.inChannel;
    const early = target.early;
    delete target.early;
    if (early === 'delete') this.remove(posted);
    else if (early) this.edit(posted, early.text, early.blocks);
    return posted;
  }

  /** A message by its ts, for the click payload's `message` field. */
  message(ts: string): DemoMessage | undefined {
    return this.messages.find((m) => m.ts === ts);
  }

  // ---- Web API

  private api(request: LocalRequest): LocalResponse {
    const method = request.url.slice(API_PREFIX.length).split('?')[0]!;
    if (request.method !== 'POST' && request.method !== 'GET')
      return ok({ ok: false, error: 'method_not_supported' });
    const auth = request.headers['authorization'] ?? '';
    if (auth === '') return ok({ ok: false, error: 'not_authed' });
    if (auth !== `Bearer ${this.botToken}`) return ok({ ok: false, error: 'invalid_auth' });
    // Slack reads users.* arguments only from a form (JSON bodies are silently ignored there).
    const isJson = (request.headers['content-type'] ?? '').includes('application/json');
    const form = isJson ? {} : Object.fromEntries(new URLSearchParams(request.body));
    const json = isJson ? (parseJson(request.body) ?? {}) : {};
    const arg = (name: string): unknown => (isJson ? json[name] : form[name]);
    switch (method) {
      case 'auth.test':
        return ok({
          ok: true,
          url: `https://${DEMO_TEAM_DOMAIN}.slack.com/`,
          team: 'Offboard Demo',
          user: 'offboard',
          team_id: DEMO_TEAM_ID,
          user_id: DEMO_BOT_USER_ID,
          bot_id: DEMO_BOT_ID,
        });
      case 'users.info': {
        const person = this.people.find((p) => p.id === form['user']);
        return ok(person ? { ok: true, user: slackUser(person) } : { ok: false, error: 'user_not_found' });
      }
      case 'users.lookupByEmail': {
        const email = String(form['email'] ?? '').toLowerCase();
        const person = this.people.find((p) => p.email === email);
        return ok(person ? { ok: true, user: slackUser(person) } : { ok: false, error: 'users_not_found' });
      }
      case 'chat.postMessage':
        return ok(this.postMessage(arg('channel'), arg('text'), arg('blocks'), arg('thread_ts')));
      case 'chat.update':
        return ok(this.update(arg('channel'), arg('ts'), arg('text'), arg('blocks')));
      // The health check's probe: scheduled far ahead and deleted at once, so nothing is ever shown.
      case 'chat.scheduleMessage':
        return ok(
          arg('channel') === this.channelId
            ? {
                ok: true,
                channel: arg('channel'),
                scheduled_message_id: `Q${Date.now()}`,
                post_at: arg('post_at'),
              }
            : { ok: false, error: 'channel_not_found' },
        );
      case 'chat.deleteScheduledMessage':
        return ok({ ok: true });
      default:
        return ok({ ok: false, error: 'unknown_method' });
    }
  }

  private postMessage(
    channel: unknown,
    text: unknown,
    rawBlocks: unknown,
    threadTs: unknown,
  ): Record<string, unknown> {
    if (channel !== this.channelId) return { ok: false, error: 'channel_not_found' };
    const blocks = this.checkedBlocks(rawBlocks, 'chat.postMessage');
    if (blocks === null) return { ok: false, error: 'invalid_blocks' };
    if (typeof text !== 'string' && blocks.length === 0) return { ok: false, error: 'no_text' };
    // A reply goes in the thread of its parent; a reply to a reply joins the parent's thread, as in Slack.
    const parent =
      typeof threadTs === 'string' && threadTs !== ''
        ? this.messages.find((m) => m.ts === threadTs && m.visibleTo === undefined)
        : undefined;
    if (typeof threadTs === 'string' && threadTs !== '' && !parent)
      this.warn(
        `chat.postMessage: thread_ts ${threadTs} is no message of the channel; shown as a new message`,
      );
    const root = parent?.threadTs ?? parent?.ts;
    const posted = this.add({
      author: 'app',
      text: typeof text === 'string' ? text : '',
      blocks,
      ...(root ? { threadTs: root } : {}),
    });
    return {
      ok: true,
      channel,
      ts: posted.ts,
      message: {
        type: 'message',
        bot_id: DEMO_BOT_ID,
        text: posted.text,
        ts: posted.ts,
        ...(root ? { thread_ts: root } : {}),
      },
    };
  }

  private update(channel: unknown, ts: unknown, text: unknown, rawBlocks: unknown): Record<string, unknown> {
    if (channel !== this.channelId) return { ok: false, error: 'channel_not_found' };
    const message = this.messages.find((m) => m.ts === ts && m.visibleTo === undefined);
    if (!message) return { ok: false, error: 'message_not_found' };
    if (message.author !== 'app') return { ok: false, error: 'cant_update_message' };
    const blocks = rawBlocks === undefined ? message.blocks : this.checkedBlocks(rawBlocks, 'chat.update');
    if (blocks === null) return { ok: false, error: 'invalid_blocks' };
    this.edit(message, typeof text === 'string' ? text : message.text, blocks);
    return { ok: true, channel, ts, text: message.text };
  }

  // ---- response_url

  private hook(request: LocalRequest): LocalResponse {
    const url = request.url;
    const target = this.responseUrls.get(url);
    if (!target) {
      this.warn(`a post to an unknown response_url: ${url.slice(0, 60)}`);
      return { status: 404, headers: { 'Content-Type': 'text/plain' }, body: 'expired_url' };
    }
    target.uses += 1;
    if (target.uses > RESPONSE_URL_USES)
      this.warn(`response_url used ${target.uses} times (Slack allows ${RESPONSE_URL_USES})`);
    const body = parseJson(request.body);
    if (body === null)
      return { status: 400, headers: { 'Content-Type': 'text/plain' }, body: 'invalid_payload' };
    const source =
      target.messageTs === undefined ? undefined : this.messages.find((m) => m.ts === target.messageTs);

    // The command's answer is on its way to the page: what replaces or deletes it waits for it.
    const answerPending = target.kind === 'commands' && target.messageTs === undefined;
    if (body['delete_original'] === true) {
      if (source) this.remove(source);
      else if (answerPending) target.early = 'delete';
      return ok({ ok: true });
    }
    const blocks = this.checkedBlocks(body['blocks'], 'response_url');
    if (blocks === null) return ok({ ok: false, error: 'invalid_blocks' });
    const text = typeof body['text'] === 'string' ? body['text'] : '';
    if (body['replace_original'] === true && (source || answerPending)) {
      if (source) this.edit(source, text, blocks);
      else target.early = { text, blocks };
      return ok({ ok: true });
    }
    const inChannel = body['response_type'] === 'in_channel';
    this.add({ author: 'app', text, blocks, ...(inChannel ? {} : { visibleTo: target.userId }) });
    return ok({ ok: true });
  }

  // ---- Store

  private add(input: Omit<DemoMessage, 'ts' | 'channel' | 'edited'>): DemoMessage {
    const message: DemoMessage = { ts: this.nextTs(), channel: this.channelId, edited: false, ...input };
    this.messages.push(message);
    this.changed();
    return message;
  }

  private edit(message: DemoMessage, text: string, blocks: unknown[]): void {
    message.text = text;
    message.blocks = blocks;
    message.edited = true;
    this.changed();
  }

  private remove(message: DemoMessage): void {
    this.messages = this.messages.filter((m) => m !== message);
    this.changed();
  }

  private changed(): void {
    this.changes += 1;
    this.onChange(this.changes, this.messages);
  }

  /** Slack's ts: epoch seconds with six digits, unique and increasing within a channel. */
  private nextTs(): string {
    const micros = Math.max(Date.now() * 1000, this.lastTs + 1);
    this.lastTs = micros;
    return `${Math.floor(micros / 1_000_000)}.${String(micros % 1_000_000).padStart(6, '0')}`;
  }

  /** Blocks as posted, or null when Slack would answer invalid_blocks. */
  private checkedBlocks(raw: unknown, where: string): unknown[] | null {
    if (raw === undefined || raw === null) return [];
    const blocks = typeof raw === 'string' ? parseJsonValue(raw) : raw;
    const problems = blockProblems(blocks);
    if (problems.length > 0) {
      this.warn(`${where}: Slack would refuse these blocks (invalid_blocks): ${problems.join('; ')}`);
      return null;
    }
    return blocks as unknown[];
  }
}

/** Slack's documented Block Kit limits for the block types Offboard sends; one sentence per breach. */
export function blockProblems(blocks: unknown): string[] {
  if (!Array.isArray(blocks)) return ['blocks is not an array'];
  const problems: string[] = [];
  if (blocks.length > 50) problems.push(`${blocks.length} blocks (at most 50)`);
  const textOf = (t: unknown): string =>
    typeof (t as { text?: unknown })?.text === 'string' ? (t as { text: string }).text : '';
  blocks.forEach((block: unknown, i) => {
    const b = (block ?? {}) as Record<string, unknown>;
    const at = `block ${i} (${String(b['type'])})`;
    switch (b['type']) {
      case 'header':
        if ((b['text'] as { type?: string })?.type !== 'plain_text')
          problems.push(`${at}: text must be plain_text`);
        if (textOf(b['text']).length > 150) problems.push(`${at}: text over 150 characters`);
        break;
      case 'section': {
        const fields = b['fields'];
        if (b['text'] === undefined && !Array.isArray(fields)) problems.push(`${at}: needs text or fields`);
        if (textOf(b['text']).length > 3000) problems.push(`${at}: text over 3000 characters`);
        if (Array.isArray(fields)) {
          if (fields.length > 10) problems.push(`${at}: more than 10 fields`);
          if (fields.some((f) => textOf(f).length > 2000))
            problems.push(`${at}: a field over 2000 characters`);
        }
        break;
      }
      case 'context': {
        const elements = b['elements'];
        if (!Array.isArray(elements) || elements.length === 0 || elements.length > 10)
          problems.push(`${at}: 1 to 10 elements`);
        break;
      }
      case 'actions': {
        const elements = b['elements'];
        if (!Array.isArray(elements) || elements.length === 0 || elements.length > 25) {
          problems.push(`${at}: 1 to 25 elements`);
          break;
        }
        for (const e of elements as Record<string, unknown>[]) {
          if (textOf(e['text']).length > 75) problems.push(`${at}: button text over 75 characters`);
          if (typeof e['value'] === 'string' && e['value'].length > 2000)
            problems.push(`${at}: button value over 2000 characters`);
          if (typeof e['action_id'] === 'string' && e['action_id'].length > 255)
            problems.push(`${at}: action_id over 255 characters`);
        }
        break;
      }
      case 'divider':
        break;
      default:
        problems.push(`${at}: a block type the demo does not know`);
    }
    if (typeof b['block_id'] === 'string' && b['block_id'].length > 255)
      problems.push(`${at}: block_id over 255 characters`);
  });
  return problems;
}

function slackUser(person: DemoSlackUser): Record<string, unknown> {
  return {
    id: person.id,
    team_id: DEMO_TEAM_ID,
    name: person.username,
    real_name: person.name,
    deleted: false,
    is_bot: false,
    profile: { real_name: person.name, display_name: person.username, email: person.email },
  };
}

/** A reply body as a message: null for an empty acknowledgement. */
function asMessage(reply: unknown): { text: string; blocks: unknown[]; inChannel: boolean } | null {
  if (typeof reply !== 'object' || reply === null) return null;
  const r = reply as Record<string, unknown>;
  const text = typeof r['text'] === 'string' ? r['text'] : '';
  const blocks = Array.isArray(r['blocks']) ? r['blocks'] : [];
  if (text === '' && blocks.length === 0) return null;
  return { text, blocks, inChannel: r['response_type'] === 'in_channel' };
}

function ok(body: Record<string, unknown>): LocalResponse {
  return {
    status: 200,
    headers: { 'Content-Type': 'application/json; charset=utf-8' },
    body: JSON.stringify(body),
  };
}

function parseJson(text: string): Record<string, unknown> | null {
  const value = parseJsonValue(text);
  return typeof value === 'object' && value !== null && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : null;
}

function parseJsonValue(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}
