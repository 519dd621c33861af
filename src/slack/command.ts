// The `/offboard` grammar: what the text after the command asks for. Pure; never throws.
//
//   /offboard                        help
//   /offboard help                   help
//   /offboard <target>               offboard that person
//   /offboard plan <target>          what offboarding that person would do (no Confirm)
//   /offboard status                 the runs under way
//   /offboard <target> at 2026-12-18 17:00   offboard that person then (Settings time zone)
//   /offboard <target> on 2026-12-18         the same, at 17:00
//   /offboard cancel <run id>        cancel a scheduled run
//   /offboard restore <run id>       put the person back in the groups the run removed (admins)
//   /offboard undo <run id>          undo a run in its grace period (one person of a batch too)
//   /offboard undo <target>          the same, for that person's run
//   /offboard status <target>        where that person's run is
//   /offboard status <run id>        where that run is
//   /offboard a@x.com, b@x.com c     offboard several people at once (a batch: up to 200, one Confirm)
//   /offboard queue                  offboard the pending rows of the Queue tab (a batch: up to 500)
//
// A target is an email, an Okta login, or a Slack mention. Slack rewrites what people type: an email
// may arrive as <mailto:jane@x.com|jane@x.com>, a mention as <@U123|jane> or <@U123>, and & < > as
// &amp; &lt; &gt;. Links are taken out first, then the rest is unescaped, so a typed "&lt;@U1&gt;"
// stays text and never becomes a mention.

import type { WallTime } from '../schedule';
import { escapeMrkdwn } from './blocks';

export type Target =
  | { kind: 'email'; email: string }
  | { kind: 'login'; login: string }
  | { kind: 'slack_user'; userId: string; name?: string };

export type Command =
  | { kind: 'help' }
  | { kind: 'plan'; target: Target }
  /** `status` alone: every run under way, from the active-run index. */
  | { kind: 'status_all' }
  /** `at`: when to start, as typed (a wall-clock time in the Settings time zone); now when absent. */
  | { kind: 'offboard'; target: Target; at?: WallTime }
  /** Several people in one request (spaces, commas or new lines between them): one batch, one Confirm. */
  | { kind: 'offboard_list'; targets: ListTarget[] }
  /** The Queue tab's pending rows, as one batch (approvers and admins). */
  | { kind: 'queue' }
  | { kind: 'cancel'; runId: string }
  | { kind: 'restore'; runId: string }
  /** Undo in the grace period, by run id or by the person (their active run): one person of a batch too. */
  | { kind: 'undo'; query: Target | { kind: 'run'; runId: string } }
  | { kind: 'status'; query: Target | { kind: 'run'; runId: string } }
  /** `input` is the text as Slack sent it; `reason` is mrkdwn, safe to show (bad parts are escaped). */
  | { kind: 'invalid'; input: string; reason: string };

/** A run id: OFF-, the UTC day as yyyyMMdd, -, five of [A-Z2-9]. E.g. OFF-20261129-K7Q2M. */
export const RUN_ID_PATTERN = /^OFF-\d{8}-[A-Z2-9]{5}$/;

/**
 * A person in a list: an email (a mention needs a Slack lookup each, and a bare word is too easily a
 * typo, so those are named one at a time). Okta's default login format is an email address.
 */
export type ListTarget = Extract<Target, { kind: 'email' }>;

/** People in one request at most (the issue's bound: one card, one Confirm). */
export const MAX_BATCH_TARGETS = 200;

/** Longer text is refused before parsing: 200 long addresses fit, a pasted document does not. */
export const MAX_COMMAND_LENGTH = 20_000;

const MAX_LOGIN_LENGTH = 100;
const LOGIN = /^[A-Za-z0-9._@+-]+$/;
/** How much of a bad part a reason repeats back. */
const MAX_ECHO = 80;

/** One piece of the command text: a Slack link (<...>) or a plain word, already unescaped. */
type Token = { link: true; inner: string } | { link: false; word: string };

export function parseCommandText(text: string): Command {
  const input = text ?? '';
  if (input.length > MAX_COMMAND_LENGTH) {
    return invalid(
      input,
      `That is too long (${input.length} characters); give at most ${MAX_BATCH_TARGETS} email addresses.`,
    );
  }
  const tokens = tokenize(input);
  if (tokens.length === 0) return { kind: 'help' };

  const first = tokens[0]!; // not empty: checked just above
  const keyword = first.link ? '' : first.word.toLowerCase();

  if (keyword === 'help') {
    return tokens.length === 1 ? { kind: 'help' } : extra(input, tokens[1]!, '`help`'); // length checked
  }

  if (keyword === 'undo') {
    const subject = tokens[1];
    if (subject === undefined)
      return invalid(
        input,
        '`undo` needs a run id or a person, e.g. `undo OFF-20261129-K7Q2M` or `undo jane@corp.com`.',
      );
    if (tokens.length > 2) return extra(input, tokens[2]!, show(subject)); // length checked on this line
    if (!subject.link && RUN_ID_PATTERN.test(subject.word.toUpperCase()))
      return { kind: 'undo', query: { kind: 'run', runId: subject.word.toUpperCase() } };
    const target = toTarget(subject);
    return typeof target === 'string' ? invalid(input, target) : { kind: 'undo', query: target };
  }

  if (keyword === 'status') {
    const subject = tokens[1];
    if (subject === undefined) return { kind: 'status_all' };
    if (tokens.length > 2) return extra(input, tokens[2]!, show(subject)); // length checked on this line
    if (!subject.link && RUN_ID_PATTERN.test(subject.word.toUpperCase())) {
      return { kind: 'status', query: { kind: 'run', runId: subject.word.toUpperCase() } };
    }
    const target = toTarget(subject);
    return typeof target === 'string' ? invalid(input, target) : { kind: 'status', query: target };
  }

  if (keyword === 'plan') {
    const subject = tokens[1];
    if (subject === undefined) return invalid(input, '`plan` needs a person, e.g. `plan jane@corp.com`.');
    if (tokens.length > 2) return extra(input, tokens[2]!, show(subject)); // length checked on this line
    if (!subject.link && RUN_ID_PATTERN.test(subject.word.toUpperCase())) {
      const runId = subject.word.toUpperCase();
      return invalid(
        input,
        `\`${runId}\` is a run id; \`plan\` needs a person. To see that run, use \`status ${runId}\`.`,
      );
    }
    const target = toTarget(subject);
    return typeof target === 'string' ? invalid(input, target) : { kind: 'plan', target };
  }

  if (keyword === 'queue') {
    return tokens.length === 1 ? { kind: 'queue' } : extra(input, tokens[1]!, '`queue`'); // length checked
  }

  if (keyword === 'cancel' || keyword === 'restore') {
    const subject = tokens[1];
    if (subject === undefined || subject.link || !RUN_ID_PATTERN.test(subject.word.toUpperCase()))
      return invalid(input, `\`${keyword}\` needs a run id, e.g. \`${keyword} OFF-20261129-K7Q2M\`.`);
    if (tokens.length > 2) return extra(input, tokens[2]!, show(subject)); // length checked on this line
    return { kind: keyword, runId: subject.word.toUpperCase() };
  }

  let at: WallTime | undefined;
  const when = tokens[1];
  if (tokens.length > 1 && !(when && !when.link && isWhenWord(when.word))) return parseList(input, tokens);
  if (when && !when.link && isWhenWord(when.word)) {
    const parsed = parseWhen(tokens.slice(2), when.word.toLowerCase() as 'at' | 'on');
    if (typeof parsed === 'string') return invalid(input, parsed);
    at = parsed;
  } else if (tokens.length > 1) return extra(input, tokens[1]!, show(first)); // length checked on this line
  if (!first.link && RUN_ID_PATTERN.test(first.word.toUpperCase())) {
    const runId = first.word.toUpperCase();
    return invalid(input, `\`${runId}\` is a run id; to see that run, use \`status ${runId}\`.`);
  }
  const target = toTarget(first);
  if (typeof target === 'string') return invalid(input, target);
  return at ? { kind: 'offboard', target, at } : { kind: 'offboard', target };
}

function isWhenWord(word: string): boolean {
  return word.toLowerCase() === 'at' || word.toLowerCase() === 'on';
}

/**
 * Several people: email addresses separated by spaces, commas or new lines, each named once (the same
 * address twice counts once). Mentions, bare logins, schedules and run ids are refused in a list.
 */
function parseList(input: string, tokens: Token[]): Command {
  const targets: ListTarget[] = [];
  const seen = new Set<string>();
  for (const token of tokens) {
    if (!token.link && isWhenWord(token.word))
      return invalid(input, 'A list of people cannot be scheduled; schedule them one at a time.');
    if (!token.link && RUN_ID_PATTERN.test(token.word.toUpperCase()))
      return invalid(input, `\`${token.word.toUpperCase()}\` is a run id, not a person.`);
    const target = toTarget(token);
    if (typeof target === 'string') return invalid(input, target);
    if (target.kind === 'slack_user')
      return invalid(
        input,
        `In a list, name people by email: ${describeLink(`@${target.userId}`, target.name)} is a Slack mention (offboard mentioned people one at a time).`,
      );
    // A stray word ("jane@corp.com please") must not become a person to look up.
    if (target.kind === 'login')
      return invalid(
        input,
        `In a list, name people by email: \`${echo(target.login)}\` is not an email address (offboard a login that is not one alone).`,
      );
    const key = target.email.toLowerCase();
    if (seen.has(key)) continue;
    seen.add(key);
    targets.push(target);
  }
  if (targets.length > MAX_BATCH_TARGETS)
    return invalid(
      input,
      `That names ${targets.length} people; one request takes at most ${MAX_BATCH_TARGETS}. Split the list.`,
    );
  if (targets.length === 1) return { kind: 'offboard', target: targets[0]! };
  return { kind: 'offboard_list', targets };
}

/**
 * One Queue tab Target cell as people paste it: an email address, with spaces, invisible characters, a
 * `mailto:`, angle brackets or Slack's formatting (<mailto:a@x|a@x>, &amp;) around it. Anything else is
 * refused with the reason, in plain words (it is written to the Sheet and shown on the card).
 */
export function parseQueueCell(text: string): { email: string } | { why: string } {
  const clean = text.replace(/[\u200B-\u200D\u2060\uFEFF]/g, '').trim();
  if (clean === '') return { why: 'the Target cell is empty' };
  if (clean.length > 320) return { why: 'the Target cell is too long to be an email address' };
  // A bare <jane@x.com> (a pasted "To:" field) is an address, not a Slack link.
  const bracketed = /^<([^<>|]+)>$/.exec(clean);
  const inner = bracketed && isEmail(bracketed[1]!.trim()) ? bracketed[1]!.trim() : clean; // group 1 matched
  const plain = inner.replace(/^mailto:/i, '');
  const tokens = tokenize(plain);
  if (tokens.length !== 1)
    return { why: 'the Target cell holds several words: give one email address per row' };
  const target = toTarget(tokens[0]!); // one token, checked just above
  if (typeof target === 'string') return { why: plainReason(target) };
  if (target.kind === 'email') return { email: target.email };
  if (target.kind === 'slack_user') return { why: 'a Slack mention, not an email address' };
  return { why: `${echoPlain(target.login)} is not an email address` };
}

/** A reason made for mrkdwn, as plain text: backticks and Slack's escapes out. */
function plainReason(reason: string): string {
  return unescapeHtml(reason.replace(/`/g, '"')).replace(/\.$/, '');
}

function echoPlain(text: string): string {
  return `"${text.length > MAX_ECHO ? `${text.slice(0, MAX_ECHO - 1)}…` : text}"`;
}

/** A scheduled run's start without the hour means the end of the working day. */
export const DEFAULT_SCHEDULE_HOUR = 17;

/** `at 2026-12-18 17:00` or `on 2026-12-18` (17:00): the date and time, or why not. */
function parseWhen(rest: Token[], word: 'at' | 'on'): WallTime | string {
  const example = word === 'at' ? '`at 2026-12-18 17:00`' : '`on 2026-12-18`';
  const words = rest.map((t) => (t.link ? '' : t.word));
  const expected = word === 'at' ? 2 : 1;
  if (words.length !== expected || words.some((w) => w === ''))
    return `Give the date${word === 'at' ? ' and time' : ''} as ${example}.`;
  const date = /^(\d{4})-(\d{2})-(\d{2})$/.exec(words[0]!); // `expected` words, checked above (and below)
  if (!date) return `\`${echo(words[0]!)}\` is not a date like \`2026-12-18\` (year-month-day).`;
  const [year, month, day] = [Number(date[1]), Number(date[2]), Number(date[3])];
  const check = new Date(Date.UTC(year, month - 1, day));
  if (check.getUTCFullYear() !== year || check.getUTCMonth() !== month - 1 || check.getUTCDate() !== day)
    return `\`${echo(words[0]!)}\` is not a day of the calendar.`; // one word at least, checked above
  if (word === 'on') return { year, month, day, hour: DEFAULT_SCHEDULE_HOUR, minute: 0 };
  const time = /^([01]?\d|2[0-3]):([0-5]\d)$/.exec(words[1]!); // `at` has 2 words, checked above (and below)
  if (!time) return `\`${echo(words[1]!)}\` is not a time like \`17:00\` (24-hour clock).`;
  return { year, month, day, hour: Number(time[1]), minute: Number(time[2]) };
}

/** Whether `text` passes the RFC 5322-lite email check Offboard uses (one @, a dot in the domain). */
export function isEmail(text: string): boolean {
  if (text.length > 254) return false;
  const at = text.indexOf('@');
  if (at <= 0 || at !== text.lastIndexOf('@')) return false;
  const local = text.slice(0, at);
  const domain = text.slice(at + 1);
  if (local.length > 64) return false;
  if (!/^[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)*$/.test(local)) return false;
  const labels = domain.split('.');
  if (labels.length < 2) return false;
  const label = /^[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?$/;
  if (!labels.every((l) => label.test(l))) return false;
  return /^[A-Za-z]{2,}$/.test(labels[labels.length - 1]!); // split answers at least one label
}

function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  // A raw < or > can only come from Slack (typed ones arrive escaped), so <...> is always a link.
  // Commas separate like spaces (a pasted list); no email, login or mention contains one.
  for (const match of text.matchAll(/<([^<>]*)>|[^\s<>,]+|[<>]/g)) {
    const inner = match[1];
    tokens.push(inner !== undefined ? { link: true, inner } : { link: false, word: unescapeHtml(match[0]) });
  }
  return tokens;
}

/** Slack escapes only these three (docs.slack.dev, "Escaping text"). &amp; last, so &amp;lt; stays "&lt;". */
function unescapeHtml(text: string): string {
  return text.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
}

/** The person a token names, or the reason it names nobody. */
function toTarget(token: Token): Target | string {
  if (token.link) return linkTarget(token.inner);
  const word = token.word;
  if (isEmail(word)) return { kind: 'email', email: word.toLowerCase() };
  // With the command's "Escape channels, users, and links" on, a picked mention arrives as <@U…|name>;
  // a bare @name is plain text (typed without picking, or the setting is off) and names nobody in Okta.
  if (word.startsWith('@')) {
    return `\`${echo(word)}\` arrived as plain text, not as a Slack mention: pick the person from Slack's list as you type, or give their email.`;
  }
  if (word.length <= MAX_LOGIN_LENGTH && LOGIN.test(word)) return { kind: 'login', login: word };
  return `\`${echo(word)}\` is not an email address, Okta login or @mention.`;
}

function linkTarget(inner: string): Target | string {
  const bar = inner.indexOf('|');
  const address = unescapeHtml(bar === -1 ? inner : inner.slice(0, bar));
  const label = bar === -1 ? undefined : unescapeHtml(inner.slice(bar + 1));

  const user = /^@([UW][A-Z0-9]+)$/.exec(address);
  if (user) {
    const target: Target = { kind: 'slack_user', userId: user[1]! }; // group 1 is not optional: it matched
    if (label !== undefined && label !== '') target.name = label;
    return target;
  }
  if (address.toLowerCase().startsWith('mailto:')) {
    const email = address.slice('mailto:'.length);
    return isEmail(email)
      ? { kind: 'email', email: email.toLowerCase() }
      : `\`${echo(email)}\` is not a valid email address.`;
  }
  return `${describeLink(address, label)} is not a person; give an email, Okta login or @mention.`;
}

/** A readable name for a Slack link, never the link itself (so repeating it cannot ping or link). */
function describeLink(address: string, label: string | undefined): string {
  if (address.startsWith('#')) return `The channel \`#${echo(label ?? address.slice(1))}\``;
  if (address.startsWith('!subteam^'))
    return `The group mention \`@${echo(label?.replace(/^@/, '') ?? 'group')}\``;
  if (address.startsWith('!')) return `The mention \`@${echo(address.slice(1).split('^')[0] ?? '')}\``;
  if (address.startsWith('@')) return `The mention \`${echo(address)}\``;
  return `The link \`${echo(address)}\``;
}

function show(token: Token): string {
  if (!token.link) return `\`${echo(token.word)}\``;
  const bar = token.inner.indexOf('|');
  const address = unescapeHtml(bar === -1 ? token.inner : token.inner.slice(0, bar));
  if (address.toLowerCase().startsWith('mailto:')) return `\`${echo(address.slice(7))}\``;
  return describeLink(address, bar === -1 ? undefined : unescapeHtml(token.inner.slice(bar + 1)));
}

function extra(input: string, token: Token, after: string): Command {
  return invalid(
    input,
    `Did not understand ${lowerFirst(show(token))} after ${lowerFirst(after)}: give one person at a time.`,
  );
}

function lowerFirst(text: string): string {
  return text.startsWith('The ') ? `the ${text.slice(4)}` : text;
}

/** A bad part, shortened and escaped, so a reason is safe mrkdwn whatever the person typed. */
function echo(text: string): string {
  const clean = text.replace(/`/g, "'");
  return escapeMrkdwn(clean.length > MAX_ECHO ? `${clean.slice(0, MAX_ECHO - 1)}…` : clean);
}

function invalid(input: string, reason: string): Command {
  return { kind: 'invalid', input, reason };
}
