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
import { appendAudit } from '../sheet/auditLog';
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
  const config = readConfig(services.properties);
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
      try {
        appendAudit(
          services.spreadsheet(),
          { time: new Date(services.clock.now()), ...entry },
          services.cache,
        );
      } catch (e) {
        // The Audit Log must never stop a run; the execution log keeps the entry instead.
        services.log.error('audit log write failed', { action: entry.action, error: String(e) });
      }
    },
    engine() {
      return (engine ??= {
        services,
        store: ctx.runs(),
        okta: (deadline) => ctx.okta(deadline),
        task: taskById,
        reporter: slackReporter(ctx),
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
          ctx.audit({ actor: 'offboard', action: 'store note', runId: runId || undefined, detail: text });
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
