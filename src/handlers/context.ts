// Everything a request or a worker turn needs, built once per execution from Services and Script
// Properties. Lazy: the slash-command path pays only for what it touches.

import { readConfig, type Config } from '../config';
import { OffboardError } from '../errors';
import { OktaClient } from '../okta/client';
import { validateOrgUrl } from '../okta/orgUrl';
import type { Services } from '../ports';
import type { EngineDeps, AuditEntry } from '../run/engine';
import { slackReporter } from '../run/reporter';
import { sheetRunStore } from '../run/runsTable';
import type { RunStore } from '../run/store';
import { appendAudit, flushPendingAudit, keepPendingAudit, PENDING_AUDIT_KEY } from '../sheet/auditLog';
import { escapeMrkdwn } from '../slack/blocks';
import { SlackApi } from '../slack/webApi';
import { taskById } from '../tasks/catalog';

export interface AppContext {
  services: Services;
  config: Config;
  /** When this execution started (epoch ms): budgets count from here. */
  startedAt: number;
  slack(): SlackApi;
  okta(deadline: number): OktaClient;
  audit(entry: AuditEntry): void;
  engine(): EngineDeps;
  /** The run store (active-run index, Offboarding rows, Run Details). */
  runs(): RunStore;
  signingSecret(): string;
}

export interface ContextOptions {
  /** How long this execution waits for the script lock (a Slack request cannot wait long). */
  lockWaitMs?: number;
}

export function createContext(services: Services, options: ContextOptions = {}): AppContext {
  // One Script Properties call for the settings and for knowing whether Audit Log entries wait.
  const properties = services.properties.all();
  const config = readConfig({ all: () => properties });
  let auditWaiting = properties[PENDING_AUDIT_KEY] !== undefined;
  const startedAt = services.clock.now();
  let slack: SlackApi | undefined;
  let engine: EngineDeps | undefined;
  let runs: RunStore | undefined;

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
      if (!config.oktaApiToken) throw missing('OKTA_API_TOKEN');
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
        apiToken: config.oktaApiToken,
        deadline,
      });
    },
    audit(entry) {
      const full = { time: new Date(services.clock.now()), ...entry };
      try {
        if (auditWaiting) {
          flushPendingAudit(services.spreadsheet(), services.properties, services.cache);
          auditWaiting = false;
        }
        appendAudit(services.spreadsheet(), full, services.cache);
      } catch (e) {
        // The Audit Log must never stop a run, and no entry is dropped: it waits in Script Properties
        // and is written with the next entry that gets through (checkConfiguration says so meanwhile).
        services.log.error('audit log write failed', { action: entry.action, error: String(e) });
        keepPendingAudit(services.properties, full);
        auditWaiting = true;
      }
    },
    engine() {
      return (engine ??= {
        services,
        store: ctx.runs(),
        okta: (deadline) => ctx.okta(deadline),
        task: taskById,
        reporter: slackReporter({
          services,
          reportChannel: config.slackReportChannel,
          slack: () => ctx.slack(),
          signingSecret: () => ctx.signingSecret(),
          audit: (entry) => ctx.audit(entry),
        }),
        audit: (entry) => ctx.audit(entry),
        executionId: services.crypto.uuid(),
        lockWaitMs: options.lockWaitMs,
      });
    },
    runs() {
      return (runs ??= sheetRunStore({
        spreadsheet: services.spreadsheet(),
        properties: services.properties,
        cache: services.cache,
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
