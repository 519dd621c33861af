// Everything a request or a worker turn needs, built once per execution from Services and Script
// Properties. Lazy: the slash-command path pays only for what it touches.

import { oktaCredentials, readConfig, type Config } from '../config';
import { OffboardError } from '../errors';
import { oauthAuth, sswsAuth, type OktaAuth } from '../okta/auth';
import { OktaClient } from '../okta/client';
import { validateOrgUrl } from '../okta/orgUrl';
import { scopesFor } from '../okta/scopes';
import { loadPlan } from '../run/plan';
import type { Services } from '../ports';
import type { EngineDeps, AuditEntry } from '../run/engine';
import { slackReporter } from '../run/reporter';
import { sheetRunStore } from '../run/runsTable';
import { appendAudit } from '../sheet/auditLog';
import { SlackApi } from '../slack/webApi';
import { TASKS, taskById } from '../tasks/catalog';

export interface AppContext {
  services: Services;
  config: Config;
  /** When this execution started (epoch ms): budgets count from here. */
  startedAt: number;
  slack(): SlackApi;
  okta(deadline: number): OktaClient;
  audit(entry: AuditEntry): void;
  engine(): EngineDeps;
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
        store: sheetRunStore(services.spreadsheet(), (problem) => services.log.warn(problem)),
        okta: (deadline) => ctx.okta(deadline),
        task: taskById,
        reporter: slackReporter(ctx),
        audit: (entry) => ctx.audit(entry),
        executionId: services.crypto.uuid(),
        lockWaitMs: options.lockWaitMs,
      });
    },
    signingSecret() {
      if (!config.buttonSigningSecret) throw missing('BUTTON_SIGNING_SECRET');
      return config.buttonSigningSecret;
    },
  };
  return ctx;
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

function missing(property: string): OffboardError {
  return new OffboardError('CONFIG_MISSING', `${property} is not set in Script Properties.`, { property });
}
