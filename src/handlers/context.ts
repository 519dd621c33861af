// Everything a request or a worker turn needs, built once per execution from Services and Script
// Properties. Lazy: the slash-command path pays only for what it touches.

import { oktaCredentials, readConfig, webhookSecret, type Config } from '../config';
import { OffboardError } from '../errors';
import { oauthAuth, sswsAuth, type OktaAuth } from '../okta/auth';
import { readCache, writeCache } from '../cache';
import { selfOf, type OktaSelf } from '../okta/access';
import { OktaClient } from '../okta/client';
import { rateMemoryIn } from '../okta/paced';
import { oktaCalls } from '../okta/requests';
import { validateOrgUrl } from '../okta/orgUrl';
import { scopesFor } from '../okta/scopes';
import { loadPlan } from '../run/plan';
import type { Cache, PropertyStore, Services } from '../ports';
import type { EngineDeps, AuditEntry } from '../run/engine';
import { slackReporter } from '../run/reporter';
import { withLock } from '../run/engine';
import { sheetRunStore } from '../run/runsTable';
import type { RunStore } from '../run/store';
import { findApprovedUser, loadApprovedUsers } from '../sheet/approvedUsers';
import { readSettings } from '../sheet/settings';
import type { Role } from '../sheet/tabs';
import {
  appendAudit,
  appendAuditRows,
  flushPendingAudit,
  keepPendingAudit,
  pendingAuditChars,
  auditQueueProperty,
  type AuditEntry as LogEntry,
} from '../sheet/auditLog';
import { escapeMrkdwn } from '../slack/blocks';
import { requestTabs, type RequestTabs } from './requestTabs';
import { SlackApi } from '../slack/webApi';
import { TASKS, taskById } from '../tasks/catalog';
import { httpWebhookSender } from '../webhook/sender';
import { parseAllowedHosts } from '../webhook/target';

export interface AppContext {
  services: Services;
  config: Config;
  /** When this execution started (epoch ms): budgets count from here. */
  startedAt: number;
  slack(): SlackApi;
  okta(deadline: number, options?: { keepWindows?: boolean }): OktaClient;
  audit(entry: AuditEntry): void;
  /** A Script Property for the request's last write (finish): nothing needs it sooner (click timings). */
  keep(key: string, value: string): void;
  /** Several Audit Log rows in one Sheet write (queued with the others in a Slack request). */
  auditAll(entries: AuditEntry[]): void;
  /**
   * The end of a Slack request: its queued Audit Log entries and what `keep` was given go to Script
   * Properties in one write (the entries to the Sheet in one write when the queue is full). Never throws.
   */
  finish(): void;
  /**
   * The worker's first step: writes what Slack requests left for the Sheet (Audit Log entries in one
   * write). Throws like any Sheet write; the entries then wait for the next turn.
   */
  flushAudit(): void;
  engine(): EngineDeps;
  /** The run store (active-run index, Offboarding rows, Run Details). */
  runs(): RunStore;
  /** Approved Users, Tasks and Settings: cached, else read together (src/handlers/requestTabs.ts). */
  tabs(): RequestTabs;
  signingSecret(): string;
}

export interface ContextOptions {
  /** How long this execution waits for the script lock (a Slack request cannot wait long). */
  lockWaitMs?: number;
  /**
   * A Slack request: Audit Log entries (and run rows, see runsTable.ts) are queued in Script Properties
   * and written by the worker, so no Sheet write counts against Slack's 3 seconds.
   */
  deferSheet?: boolean;
}

export function createContext(given: Services, options: ContextOptions = {}): AppContext {
  const queued: LogEntry[] = [];
  /** How many of `queued` are in Script Properties already (they rode along with an earlier write). */
  let committed = 0;
  const kept: Record<string, string> = {};
  let requestKey: string | undefined;
  /**
   * A Slack request's writes that need not happen at once (its Audit Log entries so far, click timings):
   * they ride along with the request's next Script Properties write (the new run's index entry), or go
   * in one write at its end (finish).
   */
  const pendingWrites = (): PendingWrites | null => {
    if (!options.deferSheet) return null;
    const values = { ...kept };
    let entries = committed;
    if (queued.length > committed) {
      const queue = auditQueueProperty((requestKey ??= services.crypto.uuid()), queued, waitingChars);
      if (queue) {
        values[queue[0]] = queue[1];
        entries = queued.length;
      }
    }
    if (Object.keys(values).length === 0) return null;
    return {
      values,
      written() {
        committed = entries;
        for (const key of Object.keys(values)) if (kept[key] === values[key]) delete kept[key];
      },
    };
  };
  const services = forExecution(given, pendingWrites);
  // One Script Properties call for the settings and for knowing whether Audit Log entries wait.
  const properties = services.properties.all();
  const config = readConfig({ all: () => properties });
  const waitingChars = pendingAuditChars(properties);
  const startedAt = services.clock.now();
  let slack: SlackApi | undefined;
  let engine: EngineDeps | undefined;
  let runs: RunStore | undefined;
  let tabs: RequestTabs | undefined;
  let auth: OktaAuth | undefined;

  const ctx: AppContext = {
    services,
    config,
    startedAt,
    slack() {
      if (!config.slackBotToken) throw missing('SLACK_BOT_TOKEN');
      return (slack ??= new SlackApi(services.http, config.slackBotToken));
    },
    okta(deadline, options = {}) {
      if (!config.oktaOrgUrl) throw missing('OKTA_ORG_URL');
      const org = validateOrgUrl(config.oktaOrgUrl);
      if (!org.ok) {
        throw new OffboardError('CONFIG_INVALID', `OKTA_ORG_URL: ${org.reason}`, {
          property: 'OKTA_ORG_URL',
        });
      }
      return new OktaClient({
        http: services.http,
        clock: services.clock,
        orgUrl: org.url,
        auth: (auth ??= oktaAuth(services, config, org.url)),
        deadline,
        ...(options.keepWindows ? { rateMemory: rateMemoryIn(services.cache) } : {}),
      });
    },
    audit(entry) {
      const full = { time: new Date(services.clock.now()), ...entry };
      if (options.deferSheet) {
        queued.push(full);
        return;
      }
      try {
        appendAudit(services.spreadsheet(), full, services.cache);
      } catch (e) {
        // The Audit Log must never stop a run, and no entry is dropped: it waits in Script Properties
        // and the worker's next turn writes it (checkConfiguration says so meanwhile).
        services.log.error('audit log write failed', { action: entry.action, error: String(e) });
        keepPendingAudit(services.properties, full);
      }
    },
    auditAll(entries) {
      const now = new Date(services.clock.now());
      const full = entries.map((entry) => ({ time: now, ...entry }));
      if (options.deferSheet) {
        queued.push(...full);
        return;
      }
      if (full.length === 0) return;
      try {
        appendAuditRows(services.spreadsheet(), full, services.cache);
      } catch (e) {
        services.log.error('audit log write failed', { error: String(e) });
        for (const entry of full) keepPendingAudit(services.properties, entry);
      }
    },
    keep(key, value) {
      kept[key] = value;
    },
    finish() {
      const writes = pendingWrites();
      if (writes) {
        try {
          given.properties.setMany(writes.values);
          writes.written();
        } catch (e) {
          // A lost click timing is only a lost sample; the entries go to the Sheet instead.
          services.log.warn('request properties write failed', { error: String(e) });
        }
      }
      const toSheet = queued.splice(committed);
      queued.length = 0;
      committed = 0;
      if (toSheet.length === 0) return;
      // The queue is full (the worker is not running?): these go to the Sheet now, in one write.
      try {
        appendAuditRows(services.spreadsheet(), toSheet, services.cache);
      } catch (e) {
        services.log.error('audit log write failed', { error: String(e) });
        for (const entry of toSheet) keepPendingAudit(services.properties, entry);
      }
    },
    flushAudit() {
      if (waitingChars === 0) return;
      // Under the script lock: a kicked turn and the every-minute turn may overlap, and each key must be
      // written once.
      withLock(services, () =>
        flushPendingAudit(services.spreadsheet(), services.properties, services.cache),
      );
    },
    engine() {
      return (engine ??= {
        services,
        store: ctx.runs(),
        okta: (deadline, options) => ctx.okta(deadline, options),
        webhooks: () =>
          httpWebhookSender({
            http: services.http,
            clock: services.clock,
            crypto: services.crypto,
            allowedHosts: parseAllowedHosts(config.webhookAllowedHosts),
            secret: (name) => webhookSecret(services.properties, name),
          }),
        google: () => services.google,
        task: taskById,
        reporter: slackReporter({
          services,
          reportChannel: config.slackReportChannel,
          slack: () => ctx.slack(),
          signingSecret: () => ctx.signingSecret(),
          audit: (entry) => ctx.audit(entry),
        }),
        audit: (entry) => ctx.audit(entry),
        auditAll: (entries) => ctx.auditAll(entries),
        executionId: services.crypto.uuid(),
        pauseReminderMs: () =>
          readSettings(() => services.spreadsheet(), services.cache).settings.pauseReminderHours * 3_600_000,
        lookups: {
          plan: () => loadPlan(services.spreadsheet(), services.cache),
          protectedGroups: () =>
            readSettings(() => services.spreadsheet(), services.cache).settings.protectedGroups,
          apiAccount: (client) => apiAccount(services, config, client),
        },
        protectionSettings: (requesterSlackUserId) => ({
          protectedGroups: readSettings(() => services.spreadsheet(), services.cache).settings
            .protectedGroups,
          requesterRole: requesterRoleNow(ctx, requesterSlackUserId),
          ssws: oktaCredentials(config).mode === 'ssws',
        }),
        lockWaitMs: options.lockWaitMs,
      });
    },
    runs() {
      return (runs ??= sheetRunStore({
        spreadsheet: () => services.spreadsheet(),
        properties: services.properties,
        cache: services.cache,
        deferRows: options.deferSheet,
        snapshot: properties,
        note: (runId, text) => {
          services.log.warn(text, { runId });
          ctx.audit({ actor: 'offboard', action: 'sheet repaired', runId: runId || undefined, detail: text });
          tellChannel(ctx, text);
        },
      }));
    },
    tabs() {
      return (tabs ??= requestTabs(services));
    },
    signingSecret() {
      if (!config.buttonSigningSecret) throw missing('BUTTON_SIGNING_SECRET');
      return config.buttonSigningSecret;
    },
  };
  return ctx;
}

/** Script Properties writes waiting for the request's next write; `written` once they are stored. */
interface PendingWrites {
  values: Record<string, string>;
  written(): void;
}

/**
 * This execution's view of Services: the same services, but knowing whether this execution opened the
 * spreadsheet, so a lock release flushes only when a write of ours can be pending; and a Script
 * Properties write carries what waits for one (`pending`) in the same call.
 */
function forExecution(given: Services, pending: () => PendingWrites | null): Services {
  let opened = false;
  // What this execution read from or wrote to the cache (null: absent), so a key fetched with getAll is
  // not asked for again.
  const seen = new Map<string, string | null>();
  const cache: Cache = {
    get(key) {
      const known = seen.get(key);
      if (known !== undefined) return known;
      return given.cache.get(key);
    },
    getAll(keys) {
      const ask = keys.filter((k) => !seen.has(k));
      if (ask.length > 0) {
        const found = given.cache.getAll(ask);
        for (const key of ask) seen.set(key, found[key] ?? null);
      }
      const out: Record<string, string> = {};
      for (const key of keys) {
        const value = seen.get(key);
        if (typeof value === 'string') out[key] = value;
      }
      return out;
    },
    put(key, value, ttlSeconds) {
      given.cache.put(key, value, ttlSeconds);
      seen.set(key, value);
    },
    putAll(values, ttlSeconds) {
      given.cache.putAll(values, ttlSeconds);
      for (const [key, value] of Object.entries(values)) seen.set(key, value);
    },
    remove(key) {
      given.cache.remove(key);
      seen.delete(key);
    },
  };
  const properties: PropertyStore = {
    get: (key) => given.properties.get(key),
    all: () => given.properties.all(),
    delete: (key) => given.properties.delete(key),
    set(key, value) {
      const along = pending();
      if (!along) return given.properties.set(key, value);
      given.properties.setMany({ ...along.values, [key]: value });
      along.written();
    },
    setMany(values) {
      const along = pending();
      given.properties.setMany({ ...along?.values, ...values });
      along?.written();
    },
  };
  return {
    spreadsheet() {
      opened = true;
      return given.spreadsheet();
    },
    spreadsheetIfOpen: () => (opened ? given.spreadsheet() : null),
    get formatting() {
      return given.formatting;
    },
    get http() {
      return given.http;
    },
    properties,
    cache,
    get lock() {
      return given.lock;
    },
    get clock() {
      return given.clock;
    },
    get triggers() {
      return given.triggers;
    },
    get crypto() {
      return given.crypto;
    },
    get account() {
      return given.account;
    },
    get log() {
      return given.log;
    },
    // Optional (absent without the Admin SDK advanced service): carried as given, never made up.
    get google() {
      return given.google;
    },
  };
}

/**
 * The Okta user an SSWS token acts as (protected from offboarding): cached, else GET /users/me. A service
 * app (OAuth) has no user behind its token: undefined. Null when Okta did not say.
 */
function apiAccount(services: Services, config: Config, client: OktaClient): OktaSelf | null | undefined {
  if (oktaCredentials(config).mode !== 'ssws') return undefined;
  const cached = readCache(services.cache, 'oktaSelf', (v): v is OktaSelf => {
    const s = v as Partial<OktaSelf> | null;
    return typeof s?.id === 'string' && typeof s.login === 'string';
  });
  if (cached) return cached;
  const me = client.send(oktaCalls.me());
  const self = me.ok ? selfOf(me.body) : null;
  if (self) writeCache(services.cache, 'oktaSelf', self);
  return self;
}

/** SSWS or the OAuth service app, as the Script Properties say; the token lives for the execution. */
function oktaAuth(services: Services, config: Config, orgUrl: string): OktaAuth {
  const credentials = oktaCredentials(config);
  switch (credentials.mode) {
    case 'ssws':
      return sswsAuth(credentials.apiToken);
    case 'none':
      throw missing('OKTA_API_TOKEN');
    case 'incomplete':
      throw missing(credentials.missing.join(', '));
    case 'oauth':
      return oauthAuth(services, {
        orgUrl,
        clientId: credentials.clientId,
        privateKey: credentials.privateKey,
        keyId: credentials.keyId,
        dpop: credentials.dpop,
        scopes: () => scopesFor(enabledTaskIds(services)),
      });
  }
}

/** The enabled tasks (the plan is cached); every known task when the Tasks tab cannot be read. */
function enabledTaskIds(services: Services): string[] {
  try {
    return loadPlan(() => services.spreadsheet(), services.cache).map((t) => t.id);
  } catch {
    return TASKS.map((t) => t.id);
  }
}

/**
 * The requester's role in Approved Users now (read at most five minutes old), by Slack User ID, else by
 * their Slack email among rows without one (as identifyCaller matches); null when not an active row.
 */
function requesterRoleNow(ctx: AppContext, slackUserId: string): Role | null {
  const { services } = ctx;
  const users = loadApprovedUsers(() => services.spreadsheet(), services.cache);
  let match = findApprovedUser(users, { slackUserId });
  if (!match && users.some((u) => u.email && !u.slackUserId)) {
    match = findApprovedUser(users, { slackUserId, email: requesterEmail(ctx, slackUserId) });
  }
  return match?.active ? match.role : null;
}

/** The Slack user's email: cached when they asked, else Slack's users.info; null when Slack has none. */
function requesterEmail(ctx: AppContext, slackUserId: string): string | null {
  const isText = (v: unknown): v is string => typeof v === 'string';
  const cached = readCache(ctx.services.cache, 'slackEmail', isText, slackUserId);
  if (cached !== null) return cached || null;
  const info = ctx.slack().usersInfo(slackUserId);
  return info.ok ? (info.value.email?.toLowerCase() ?? null) : null;
}

function missing(property: string): OffboardError {
  return new OffboardError('CONFIG_MISSING', `${property} is not set in Script Properties.`, { property });
}

/** A note to the report channel about the Sheet; best effort (the Audit Log has it too). */
function tellChannel(ctx: AppContext, text: string): void {
  const channel = ctx.config.slackReportChannel;
  if (!channel || !ctx.config.slackBotToken) return;
  try {
    const r = ctx.slack().postMessage({ channel, text: escapeMrkdwn(text) });
    if (!r.ok) ctx.services.log.warn('channel note failed', { error: r.error });
  } catch (e) {
    ctx.services.log.warn('channel note failed', { error: String(e) });
  }
}
