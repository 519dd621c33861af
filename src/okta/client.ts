// The Okta Management API client: sends OktaCalls over HttpClient with the API token, maps failures to codes,
// paces itself by Okta's rate-limit headers, keeps few requests in flight, retries transient failures briefly
// (never a write whose answer was lost) and follows pagination.

import { authorizationText, missingAuthorization, OffboardError, type ErrorCode } from '../errors';
import type { Clock, HttpClient, HttpRequest, HttpResponse } from '../ports';
import { sswsAuth, type OktaAuth } from './auth';
import { validateOrgUrl } from './orgUrl';
import type { OktaCall } from './requests';
import { insufficientScope } from './scopes';

/** Keep in step with package.json; Okta support can find our requests by it. */
export const OFFBOARD_VERSION = '0.1.0';
export const USER_AGENT = `offboard/${OFFBOARD_VERSION}`;

export interface OktaFailure {
  code: ErrorCode;
  /** HTTP status; 0 when no answer came back. */
  status: number;
  /** Okta's errorCode, e.g. E0000007. */
  oktaCode?: string;
  /** Okta's errorSummary and its errorCauses, joined. Never contains the API token. */
  summary: string;
  /** Worth trying again later (network, 5xx, rate limit). */
  transient: boolean;
  /**
   * A write (POST, PUT, DELETE) was sent and no answer came back (timeout, dropped connection): Okta may
   * have carried it out. The client does not retry it; read Okta's state to learn what happened before
   * retrying or reporting. Only set with code OKTA_NETWORK (status 0) on a write.
   */
  uncertain?: true;
  /** Okta's X-Okta-Request-Id of the answer this failure comes from, for Okta support and the Audit Log. */
  requestId?: string;
  /** Epoch ms before which a retry is pointless (rate limit reset, or the next planned attempt). Never NaN. */
  retryAt?: number;
  /** The OktaCall's operationId. */
  operation: string;
  /** The OAuth scope Okta said was missing (403 insufficient_scope). */
  scope?: string;
}

export type OktaResult<T = unknown> =
  | {
      ok: true;
      status: number;
      body: T;
      headers: Record<string, string>;
      /** Okta's X-Okta-Request-Id of the (last page's) answer, for Okta support and the Audit Log. */
      requestId?: string;
    }
  | { ok: false; error: OktaFailure };

export interface OktaClientOptions {
  http: HttpClient;
  clock: Clock;
  orgUrl: string;
  /** An SSWS API token; ignored when `auth` is given. */
  apiToken?: string;
  /** How requests are authenticated (src/okta/auth.ts); SSWS with `apiToken` when not given. */
  auth?: OktaAuth;
  /** Epoch ms: never sleep past it, never start a retry past it. */
  deadline?: number;
  /** Attempts per call for transient failures, first one included. Default 3. */
  maxAttempts?: number;
  /**
   * Bulk work (the worker's batch rounds and lookups): what Okta's headers said about each window is kept
   * here between executions, so a new worker turn does not start blind, and a family this client has no
   * answer for yet is sent one request first. Without it (one person's requests), calls go at once.
   */
  rateMemory?: RateMemory;
}

/** What Okta's last answer said about one rate-limit family, as kept between executions. */
export interface Budget {
  limit: number;
  remaining: number;
  /** Epoch ms when the window resets, skew included. */
  resetAt: number;
}

/** Keeps the client's rate-limit budgets between executions (CacheService: src/cache.ts). */
export interface RateMemory {
  load(): Record<string, Budget> | null;
  save(budgets: Record<string, Budget>): void;
}

/**
 * Requests in flight at once, per round. Okta caps concurrent requests per org (75; 35 on developer orgs) and
 * shares that cap with every other integration; "even large bulk loads rarely require more than 10
 * simultaneous transactions" (developer.okta.com, rl-additional-limits, rl2-concurrency).
 */
export const MAX_IN_FLIGHT = 10;
/**
 * The longest the client sleeps inside one execution. A longer wait (a rate-limit reset further ahead, a 429
 * without a usable reset) is handed back as a transient failure with retryAt, for the worker's schedule.
 */
export const MAX_WAIT_MS = 5_000;
/** A concurrency 429 (Limit and Remaining 0) clears as soon as requests finish: back off briefly, not until Reset. */
export const CONCURRENCY_BACKOFF_MS = 2_000;
/** A reset header we cannot trust (missing, in ms, in the past, too far ahead) means: retry in a minute. */
export const UNUSABLE_RESET_RETRY_MS = 60_000;
/** X-Rate-Limit-Reset further ahead than this is not a one-minute window's reset: distrust it. */
const MAX_RESET_AHEAD_MS = 5 * 60_000;
/** Waits before the 2nd and 3rd attempt: short, because an Apps Script execution has 6 minutes in all. */
const RETRY_DELAYS_MS = [500, 1500];
const DEFAULT_MAX_ATTEMPTS = 3;
/** Our clock and Okta's may disagree a little; wait one second past the announced reset. */
const RESET_SKEW_MS = 1_000;
/**
 * Slow down when fewer than this share of a window's requests are left (a margin for other integrations
 * and for keys Okta counts together), and never later than with MAX_IN_FLIGHT left (one round sends no
 * more than that) or, in a small window, a tenth of it.
 */
const LOW_BUDGET_SHARE = 0.02;
const SMALL_WINDOW_SHARE = 0.1;
/** The budgets are kept for the next execution at most this often (one CacheService put each). */
const RATE_MEMORY_SAVE_MS = 10_000;
/** A guard against a Link loop; 100 pages of 200 is far more groups than anyone has. */
const MAX_PAGES = 100;

/** One call in flight inside sendAll. */
interface Work {
  call: OktaCall;
  family: string;
  url: string;
  attempts: number;
  notBefore: number;
  items: unknown[];
  pages: number;
  /** Times this call was sent again for auth reasons (401 refetch, DPoP nonce). */
  authRetries: number;
  /** Authorization (and DPoP) headers for the next send. */
  authHeaders?: Record<string, string>;
  lastFailure?: OktaFailure;
  /** X-Okta-Request-Id of the latest answer. */
  lastRequestId?: string | undefined;
  result?: OktaResult;
}

export class OktaClient {
  private readonly http: HttpClient;
  private readonly clock: Clock;
  private readonly orgUrl: string;
  private readonly auth: OktaAuth;
  private readonly deadline: number | undefined;
  private readonly maxAttempts: number;
  private readonly budgets = new Map<string, Budget>();
  /** Families Okta has answered in this client: no more probing one request at a time. */
  private readonly answered = new Set<string>();
  private readonly rateMemory: RateMemory | undefined;
  /** Loaded on the first sendAll: a client that sends nothing costs no CacheService call. */
  private remembered = false;
  private savedAt = -Infinity;
  /** Which families were held back at the last save: a change is saved at once. */
  private savedHolds = '';

  constructor(opts: OktaClientOptions) {
    // The token carries an admin's rights: refuse to send it anywhere but an https Okta org origin.
    const org = validateOrgUrl(opts.orgUrl);
    if (!org.ok) throw new OffboardError('CONFIG_INVALID', org.reason, { property: 'OKTA_ORG_URL' });
    this.http = opts.http;
    this.clock = opts.clock;
    this.orgUrl = org.url;
    this.auth = opts.auth ?? sswsAuth(opts.apiToken ?? '');
    this.deadline = opts.deadline;
    this.maxAttempts = Math.max(1, opts.maxAttempts ?? DEFAULT_MAX_ATTEMPTS);
    this.rateMemory = opts.rateMemory;
  }

  /** The windows an earlier execution learnt and that have not reset yet. */
  private recall(): void {
    if (this.remembered || !this.rateMemory) return;
    this.remembered = true;
    const now = this.clock.now();
    let kept: Record<string, Budget> | null = null;
    try {
      kept = this.rateMemory.load();
    } catch {
      return;
    }
    for (const [family, b] of Object.entries(kept ?? {})) {
      // Still probed one request first: what is left may have shrunk since (another execution, another
      // integration). A window the memory says is spent stays held until its reset: within one window,
      // what is left only shrinks.
      if (!this.budgets.has(family) && b.resetAt > now) this.budgets.set(family, b);
    }
  }

  /** Keeps the windows for the next execution: when a family starts or stops being held, else every 10 s. */
  private remember(): void {
    if (!this.rateMemory || this.budgets.size === 0) return;
    const now = this.clock.now();
    const holds = [...this.budgets.keys()].filter((f) => this.familyHold(f, 0, now) > 0).join('\n');
    if (holds === this.savedHolds && now - this.savedAt < RATE_MEMORY_SAVE_MS) return;
    this.savedHolds = holds;
    this.savedAt = now;
    const live: Record<string, Budget> = {};
    for (const [family, b] of this.budgets) if (b.resetAt > now) live[family] = b;
    try {
      this.rateMemory.save(live);
    } catch {
      // Memory is an optimisation: the headers teach the next execution anyway.
    }
  }

  /** One call. The body is Okta's JSON as-is (for a paged call, all pages' arrays concatenated). */
  send<T = unknown>(call: OktaCall): OktaResult<T> {
    return this.sendAll([call])[0] as OktaResult<T>;
  }

  /**
   * Several calls, answered in the same order. Each round sends the calls that are ready in one fetchAll, at
   * most MAX_IN_FLIGHT of them; the next rounds carry the rest, next pages and transient failures being retried.
   */
  sendAll(calls: OktaCall[]): OktaResult[] {
    if (calls.length > 0) this.recall();
    const work: Work[] = calls.map((call) => ({
      call,
      family: rateLimitFamily(call.method, call.path),
      url: this.urlFor(call),
      attempts: 0,
      notBefore: 0,
      items: [],
      pages: 0,
      authRetries: 0,
    }));

    // A clock whose sleep returns early must not make this loop spin: time after a sleep is at least its end.
    let sleptUntil = 0;
    for (;;) {
      const open = work.filter((w) => w.result === undefined);
      if (open.length === 0) break;

      const now = Math.max(this.clock.now(), sleptUntil);
      const ready: Work[] = [];
      // Sent this round per family, and per window several families seem to share (bucketOf).
      const sentPerFamily = new Map<string, number>();
      const sentPerBucket = new Map<string, number>();
      let nextWake = Infinity;
      for (const w of open) {
        // The round is full: this call goes in a later one, with no wait.
        if (ready.length >= MAX_IN_FLIGHT) break;
        const sent = sentPerFamily.get(w.family) ?? 0;
        // Bulk work (a client that keeps its windows between executions): a family never answered yet
        // goes one request first, its headers saying what is left before the rest follow, so a new turn
        // does not spend a window blind. No wait: the next fetchAll sends them.
        if (this.rateMemory && sent >= 1 && !this.answered.has(w.family)) continue;
        const bucket = this.bucketOf(w.family, now);
        const inBucket = sentPerBucket.get(bucket) ?? 0;
        const holdUntil = Math.max(w.notBefore, this.familyHold(w.family, inBucket, now));
        if (holdUntil <= now) {
          ready.push(w);
          sentPerFamily.set(w.family, sent + 1);
          sentPerBucket.set(bucket, inBucket + 1);
        } else if (holdUntil > this.waitLimit(now)) {
          w.result = { ok: false, error: this.gaveUpWaiting(w, holdUntil) };
        } else {
          nextWake = Math.min(nextWake, holdUntil);
        }
      }

      if (ready.length > 0) {
        const sending = ready.filter((w) => this.authorize(w));
        const responses =
          sending.length > 0 ? this.http.fetchAll(sending.map((w) => this.requestFor(w))) : [];
        sending.forEach((w, i) => this.take(w, responses[i] ?? noAnswer()));
      } else if (nextWake !== Infinity) {
        this.clock.sleep(nextWake - now);
        sleptUntil = nextWake;
      }
    }
    this.remember();
    return work.map((w) => w.result as OktaResult);
  }

  private urlFor(call: OktaCall): string {
    const query = Object.entries(call.query ?? {})
      .map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(v)}`)
      .join('&');
    return this.orgUrl + call.path + (query ? `?${query}` : '');
  }

  /** Gets the auth headers for `w` (a token fetch may happen here); false when none could be had. */
  private authorize(w: Work): boolean {
    const auth = this.auth.headers(w.call.method, w.url);
    if (auth.ok) {
      w.authHeaders = auth.headers;
      return true;
    }
    const f = auth.failure;
    w.result = {
      ok: false,
      error: {
        code: f.code,
        status: f.status,
        summary: this.redact(f.summary),
        transient: f.transient,
        operation: w.call.operation,
        ...(f.retryAt !== undefined ? { retryAt: f.retryAt } : {}),
      },
    };
    return false;
  }

  private requestFor(w: Work): HttpRequest {
    const headers: Record<string, string> = {
      ...w.authHeaders,
      Accept: 'application/json',
      'User-Agent': USER_AGENT,
    };
    const request: HttpRequest = {
      url: w.url,
      method: w.call.method.toLowerCase() as HttpRequest['method'],
      headers,
    };
    if (w.call.body !== undefined) {
      headers['Content-Type'] = 'application/json';
      request.contentType = 'application/json';
      request.payload = JSON.stringify(w.call.body);
    }
    return request;
  }

  /** The latest time we may wait until: a few seconds from now, and never past the deadline. */
  private waitLimit(now: number): number {
    return Math.min(this.deadline ?? Infinity, now + MAX_WAIT_MS);
  }

  /** When a family is nearly out of requests in this window, hold until the window resets. */
  /**
   * The window a family's requests count against, as far as the headers tell: families that announced the
   * same limit and reset are taken to share one (Okta counts a person's subresources together), so one
   * round's sends to all of them are counted against it together.
   */
  private bucketOf(family: string, now: number): string {
    const b = this.budgets.get(family);
    return b && now < b.resetAt ? `${b.limit}@${b.resetAt}` : family;
  }

  private familyHold(family: string, sentThisRound: number, now: number): number {
    const budget = this.budgets.get(family);
    if (!budget || now >= budget.resetAt) return 0;
    const floor = Math.max(
      1,
      Math.ceil(budget.limit * LOW_BUDGET_SHARE),
      Math.min(MAX_IN_FLIGHT, Math.ceil(budget.limit * SMALL_WINDOW_SHARE)),
    );
    return budget.remaining - sentThisRound < floor ? budget.resetAt : 0;
  }

  private noteBudget(family: string, headers: Record<string, string>, now: number): void {
    const limit = Number(headers['x-rate-limit-limit']);
    const remaining = Number(headers['x-rate-limit-remaining']);
    if (!headers['x-rate-limit-limit'] || !Number.isFinite(limit) || !Number.isFinite(remaining)) return;
    // Limit 0 is a concurrency 429: it says nothing about this family's per-minute budget.
    if (isConcurrencyLimit(headers)) return;
    const budget = { limit, remaining, resetAt: resetTime(headers['x-rate-limit-reset'], now) };
    this.budgets.set(family, budget);
    // Okta may count several of our keys in one bucket (a person's subresources): a key announcing the
    // same limit and reset is taken to share it, and never believed to have more left. At worst this
    // slows a key that had its own bucket; it never sends past a window.
    for (const [other, b] of this.budgets) {
      if (other !== family && b.limit === limit && b.resetAt === budget.resetAt && b.remaining > remaining)
        this.budgets.set(other, { ...b, remaining });
    }
  }

  /** Handles one answer: done, next page, or a failure to retry or to report. */
  private take(w: Work, response: HttpResponse): void {
    const headers = lowerCaseKeys(response.headers ?? {});
    const now = this.clock.now();
    if (response.status !== 0) this.answered.add(w.family);
    this.noteBudget(w.family, headers, now);
    const requestId = headers['x-okta-request-id'];
    w.lastRequestId = requestId;

    if (response.status >= 200 && response.status < 300) {
      const parsed = parseJson(response.body);
      if (!parsed.ok) {
        w.result = this.fail(
          w,
          response.status,
          'OKTA_INVALID',
          false,
          'Okta answered with a body that is not JSON.',
        );
        return;
      }
      if (!w.call.paged) {
        w.result = { ok: true, status: response.status, body: parsed.value, headers, ...idOf(requestId) };
        return;
      }
      if (!Array.isArray(parsed.value)) {
        w.result = this.fail(
          w,
          response.status,
          'OKTA_INVALID',
          false,
          'Okta answered a list request without a list.',
        );
        return;
      }
      w.items.push(...parsed.value);
      w.pages += 1;
      const next = nextPageLink(headers['link']);
      if (next === null) {
        w.result = { ok: true, status: response.status, body: w.items, headers, ...idOf(requestId) };
        return;
      }
      const nextUrl = next.startsWith('/') ? this.orgUrl + next : next;
      // The token goes with every page: follow links only within the org.
      if (!nextUrl.startsWith(this.orgUrl + '/')) {
        w.result = this.fail(
          w,
          response.status,
          'OKTA_INVALID',
          false,
          "Okta's next-page link leaves the org URL.",
        );
        return;
      }
      if (w.pages >= MAX_PAGES) {
        w.result = this.fail(
          w,
          response.status,
          'OKTA_INVALID',
          false,
          `More than ${MAX_PAGES} pages; stopped.`,
        );
        return;
      }
      w.url = nextUrl;
      w.attempts = 0;
      w.notBefore = 0;
      delete w.lastFailure;
      return;
    }

    // The auth layer first: a 401 fetches a new token once, a DPoP nonce request is answered.
    if (response.status >= 400 && this.auth.review(response, w.authRetries) === 'again') {
      w.authRetries += 1;
      return;
    }
    const failure = this.failureFrom(w.call.operation, response, headers, now);
    w.attempts += 1;
    // A write sent without an answer may have been carried out: sending it again could report Okta's answer
    // to the second request (404 after a deactivation) instead of the truth. The caller reads, then decides.
    if (failure.code === 'OKTA_NETWORK' && w.call.method !== 'GET') {
      w.result = { ok: false, error: { ...failure, uncertain: true } };
      return;
    }
    if (failure.transient && w.attempts < this.maxAttempts) {
      w.lastFailure = failure;
      const delay = RETRY_DELAYS_MS[Math.min(w.attempts, RETRY_DELAYS_MS.length) - 1] ?? 0;
      w.notBefore = failure.retryAt ?? now + delay;
      return;
    }
    w.result = { ok: false, error: failure };
  }

  /** Okta's answer as an OktaFailure; see docs: E0000007 not found, E0000006 forbidden, E0000047 rate limit. */
  private failureFrom(
    operation: string,
    response: HttpResponse,
    headers: Record<string, string>,
    now: number,
  ): OktaFailure {
    const status = response.status;
    if (status === 0 || response.networkError !== undefined) {
      // Apps Script throws for a fetch it is not authorized to make; that is configuration, not network.
      const scope = missingAuthorization(response.networkError);
      if (scope !== null) {
        return {
          code: 'CONFIG_NOT_AUTHORIZED',
          status: 0,
          summary: authorizationText(scope),
          transient: false,
          operation,
        };
      }
      return {
        code: 'OKTA_NETWORK',
        status: 0,
        summary: this.redact(`No answer from Okta: ${response.networkError ?? 'network error'}`),
        transient: true,
        operation,
      };
    }

    const error = readOktaError(response.body);
    const oktaCode = error?.errorCode;
    const summary = this.redact(error?.summary || `Okta answered HTTP ${status}.`);
    const base = {
      status,
      summary,
      operation,
      ...(oktaCode ? { oktaCode } : {}),
      ...idOf(headers['x-okta-request-id']),
    };

    if (status === 429 || oktaCode === 'E0000047') {
      const retryAt = isConcurrencyLimit(headers)
        ? now + CONCURRENCY_BACKOFF_MS
        : resetTime(headers['x-rate-limit-reset'], now);
      return { ...base, code: 'OKTA_RATE_LIMITED', transient: true, retryAt };
    }
    if (status >= 500) return { ...base, code: 'OKTA_SERVER', transient: true };
    if (status === 401) return { ...base, code: 'OKTA_UNAUTHORIZED', transient: false };
    const scope = status === 403 ? insufficientScope(headers['www-authenticate']) : null;
    if (scope !== null) {
      return {
        ...base,
        code: 'OKTA_MISSING_SCOPE',
        transient: false,
        scope,
        summary: `Offboard's Okta service app lacks the scope ${scope || '(not named)'}: grant it in Okta (Applications → the app → Okta API Scopes).`,
      };
    }
    if (status === 403 || oktaCode === 'E0000006')
      return { ...base, code: 'OKTA_FORBIDDEN', transient: false };
    if (status === 404 || oktaCode === 'E0000007')
      return { ...base, code: 'OKTA_NOT_FOUND', transient: false };
    return { ...base, code: 'OKTA_INVALID', transient: false };
  }

  private fail(w: Work, status: number, code: ErrorCode, transient: boolean, summary: string): OktaResult {
    const error: OktaFailure = { code, status, summary, transient, operation: w.call.operation };
    return { ok: false, error: { ...error, ...idOf(w.lastRequestId) } };
  }

  /** Waiting would cross the deadline: hand back a transient failure saying when to come back. */
  private gaveUpWaiting(w: Work, holdUntil: number): OktaFailure {
    if (w.lastFailure) return { ...w.lastFailure, retryAt: Math.max(w.lastFailure.retryAt ?? 0, holdUntil) };
    return {
      code: 'OKTA_RATE_LIMITED',
      status: 0,
      summary: "Held back before reaching Okta's rate limit; try again after the limit resets.",
      transient: true,
      retryAt: holdUntil,
      operation: w.call.operation,
    };
  }

  /** Belt and braces: whatever Okta or the network echoes, the token never reaches a message. */
  private redact(text: string): string {
    return this.auth.redact(text);
  }
}

/** An OktaFailure as the project's error value, for code that reports rather than decides. */
export function oktaError(failure: OktaFailure): OffboardError {
  return new OffboardError(failure.code, failure.summary, {
    operation: failure.operation,
    status: failure.status,
    oktaCode: failure.oktaCode,
    transient: failure.transient,
    retryAt: failure.retryAt,
    scope: failure.scope,
  });
}

/**
 * The rate-limit budget a call counts against: method and path template, ids replaced by {id} and the
 * lifecycle action by * ("GET /api/v1/users/{id}", "POST /api/v1/users/{id}/lifecycle/*",
 * "DELETE /api/v1/groups/{id}/users/{id}"). Okta counts endpoints in separate buckets (getting a user apart
 * from writes on a user's subresources, developer.okta.com rl-global-mgmt); each key remembers the headers of
 * its own answers, so one busy endpoint does not hold back the others.
 */
export function rateLimitFamily(method: string, path: string): string {
  const parts = path.split('?')[0]!.split('/'); // split always answers at least one part
  // ['', 'api', 'v1', collection, id, sub, id, …]: every other segment after the collection is an id.
  const template = parts.map((part, i) => {
    if (i < 4) return part;
    if (parts[i - 1] === 'lifecycle') return '*';
    return i % 2 === 0 ? '{id}' : part;
  });
  return `${method.toUpperCase()} ${template.join('/')}`;
}

/** Epoch ms to retry after, from X-Rate-Limit-Reset (epoch seconds); a reset outside now … now + 5 min is distrusted. */
export function resetTime(header: string | undefined, now: number): number {
  const resetMs = Number(header) * 1000;
  const usable =
    header !== undefined &&
    header.trim() !== '' &&
    Number.isFinite(resetMs) &&
    resetMs >= now - RESET_SKEW_MS;
  if (!usable || resetMs > now + MAX_RESET_AHEAD_MS) return now + UNUSABLE_RESET_RETRY_MS;
  return Math.max(now, resetMs) + RESET_SKEW_MS;
}

/** A concurrency 429: Okta sends X-Rate-Limit-Limit and X-Rate-Limit-Remaining 0 (developer.okta.com, rl2-concurrency). */
function isConcurrencyLimit(headers: Record<string, string>): boolean {
  return headers['x-rate-limit-limit']?.trim() === '0' && headers['x-rate-limit-remaining']?.trim() === '0';
}

function idOf(requestId: string | undefined): { requestId?: string } {
  return requestId ? { requestId } : {};
}

/** The rel="next" target of a Link header (repeated Link headers arrive joined with commas). */
export function nextPageLink(link: string | undefined): string | null {
  if (!link) return null;
  for (const part of link.split(/,\s*(?=<)/)) {
    const m = /^\s*<([^>]*)>(.*)$/.exec(part);
    if (m && /;\s*rel="?next"?\s*(;|$)/i.test(m[2]!)) return m[1]!; // both groups are not optional: they matched
  }
  return null;
}

function readOktaError(body: string): { errorCode?: string; summary: string } | null {
  const parsed = parseJson(body);
  if (!parsed.ok || typeof parsed.value !== 'object' || parsed.value === null) return null;
  const e = parsed.value as { errorCode?: unknown; errorSummary?: unknown; errorCauses?: unknown };
  const parts: string[] = [];
  if (typeof e.errorSummary === 'string' && e.errorSummary.trim()) parts.push(e.errorSummary.trim());
  if (Array.isArray(e.errorCauses)) {
    for (const cause of e.errorCauses as { errorSummary?: unknown }[]) {
      if (typeof cause?.errorSummary === 'string' && cause.errorSummary.trim())
        parts.push(cause.errorSummary.trim());
    }
  }
  return {
    ...(typeof e.errorCode === 'string' ? { errorCode: e.errorCode } : {}),
    summary: parts.join('; '),
  };
}

function parseJson(body: string | undefined): { ok: true; value: unknown } | { ok: false } {
  if (body === undefined || body.trim() === '') return { ok: true, value: null };
  try {
    return { ok: true, value: JSON.parse(body) as unknown };
  } catch {
    return { ok: false };
  }
}

function lowerCaseKeys(headers: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(headers)) out[k.toLowerCase()] = v;
  return out;
}

/** fetchAll answered fewer responses than requests: treat the missing ones as lost on the network. */
function noAnswer(): HttpResponse {
  return { status: 0, headers: {}, body: '', networkError: 'no response' };
}
