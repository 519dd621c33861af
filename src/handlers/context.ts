// Everything a request or a worker turn needs, built once per execution from Services and Script
// Properties. Lazy: the slash-command path pays only for what it touches.

import { oktaCredentials, readConfig, webhookSecret, type Config } from '../config';
import { OffboardError } from '../errors';
import { oauthAuth, sswsAuth, type OktaAuth } from '../okta/auth';
import { readCache, writeCache } from '../cache';
import { selfOf, type OktaSelf } from '../okta/access';
import { OktaClient } from '../okta/client';
import { oktaCalls } from '../okta/requests';
import { validateOrgUrl } from '../okta/orgUrl';
import { scopesFor } from '../okta/scopes';
import { loadPlan } from '../run/plan';
import type { Services } from '../ports';
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
  queueAudit,
  type AuditEntry as LogEntry,
} from '../sheet/auditLog';
import { escapeMrkdwn } from '../slack/blocks';
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
  okta(deadline: number): OktaClient;
  audit(entry: AuditEntry): void;
  /** Several Audit Log rows in one Sheet write (queued with the others in a Slack request). */
  auditAll(entries: AuditEntry[]): void;
  /**
   * The end of a Slack request: its queued Audit Log entries go to Script Properties in one write (or to
   * the Sheet in one write when the queue is full). Never throws.
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

export function createContext(services: Services, options: ContextOptions = {}): AppContext {
  // One Script Properties call for the settings and for knowing whether Audit Log entries wait.
  const properties = services.properties.all();
  const config = readConfig({ all: () => properties });
  const waitingChars = pendingAuditChars(properties);
  const queued: LogEntry[] = [];
  const startedAt = services.clock.now();
  let slack: SlackApi | undefined;
  let engine: EngineDeps | undefined;
  let runs: RunStore | undefined;
  let auth: OktaAuth | undefined;

  const ctx: AppContext = {
    services,
    config,
    startedAt,
    slack() {
      if (!config.slackBotToken) throw missing('SLACK_BOT_TOKEN');
      return (slack ??= new SlackApi(services.http, config.slackBotToken));
    },
    okta(deadline) {
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
    finish() {
      if (queued.length === 0) return;
      const entries = queued.splice(0);
      try {
        if (queueAudit(services.properties, services.crypto.uuid(), entries, waitingChars)) return;
      } catch (e) {
        services.log.warn('audit queue write failed', { error: String(e) });
      }
      // The queue is full (the worker is not running?): these go to the Sheet now, in one write.
      try {
        appendAuditRows(services.spreadsheet(), entries, services.cache);
      } catch (e) {
        services.log.error('audit log write failed', { error: String(e) });
        for (const entry of entries) keepPendingAudit(services.properties, entry);
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
        okta: (deadline) => ctx.okta(deadline),
        webhooks: () =>
          httpWebhookSender({
            http: services.http,
            clock: services.clock,
            crypto: services.crypto,
            allowedHosts: parseAllowedHosts(config.webhookAllowedHosts),
            secret: (name) => webhookSecret(services.properties, name),
          }),
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
          readSettings(services.spreadsheet(), services.cache).settings.pauseReminderHours * 3_600_000,
        lookups: {
          plan: () => loadPlan(services.spreadsheet(), services.cache),
          protectedGroups: () =>
            readSettings(services.spreadsheet(), services.cache).settings.protectedGroups,
          apiAccount: (client) => apiAccount(services, config, client),
        },
        protectionSettings: (requesterSlackUserId) => ({
          protectedGroups: readSettings(services.spreadsheet(), services.cache).settings.protectedGroups,
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
        note: (runId, text) => {
          services.log.warn(text, { runId });
          ctx.audit({ actor: 'offboard', action: 'sheet repaired', runId: runId || undefined, detail: text });
          tellChannel(ctx, text);
        },
      }));
    },
    signingSecret() {
      if (!config.buttonSigningSecret) throw missing('BUTTON_SIGNING_SECRET');
      return config.buttonSigningSecret;
    },
  };
  return ctx;
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
    return loadPlan(services.spreadsheet(), services.cache).map((t) => t.id);
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
  const users = loadApprovedUsers(services.spreadsheet(), services.cache);
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
