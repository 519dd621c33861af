// What an Offboard admin runs from the Sheet's menu: setup (idempotent) and checkConfiguration (reports
// what is missing or wrong, checks each token with one harmless call, never prints a secret).

import { oktaCredentials, readConfig, PROPERTY, type Config } from './config';
import { asOffboardError } from './errors';
import type { AppContext } from './handlers/context';
import { createContext } from './handlers/context';
import { lastHealthLines } from './health/healthCheck';
import { describeWorker, ensureOneWorker, workerStatusLine } from './health/workerTrigger';
import { normalisePem, rsaPublicJwk } from './okta/jwt';
import { validateOrgUrl } from './okta/orgUrl';
import { oktaCalls } from './okta/requests';
import type { Services } from './ports';
import { forgetSheetCaches } from './cache';
import { knownTask, webhookRow } from './run/plan';
import { approvedUsersProblems } from './sheet/approvedUsers';
import { pendingAudit } from './sheet/auditLog';
import { readSettings } from './sheet/settings';
import { STALE_QUEUE_MS } from './run/engine';
import { setupSheet, unknownTaskRows } from './sheet/setup';
import { openTable, type TableSnapshot } from './sheet/table';
import { TASKS_SPEC } from './sheet/tabs';
import { webhookSecret } from './config';
import { checkWebhookUrl, parseAllowedHosts } from './webhook/target';
import { googleWorkspaceFinding } from './google/health';
import { TASKS } from './tasks/catalog';

export const CHANGE_HANDLER = 'onChange';

/** Forgets everything derived from the Sheet (who is approved, the plan, header positions). */
export function forgetSheet(services: Services): void {
  forgetSheetCaches(services.cache);
}

export function runSetup(services: Services): string[] {
  const lines: string[] = [];
  // Granular consent lets an admin untick scopes; ask for all of them before anything needs one.
  try {
    services.account.requireAllScopes();
  } catch (e) {
    lines.push(`Not authorized: ${asOffboardError(e).message}`);
  }
  const report = setupSheet(services.spreadsheet(), services.formatting, {
    taskRows: TASKS.map((t) => ({
      task: t.id,
      enabled: t.offByDefault !== true,
      order: t.defaultOrder,
      onFailure: t.defaultOnFailure,
      description: t.description,
    })),
    taskLabels: TASKS.map((t) => t.label),
    optionalTaskLabels: TASKS.filter((t) => t.columnOptional).map((t) => t.label),
  });
  lines.push(...report.created.map((x) => `Created: ${x}`), ...report.changed.map((x) => `Updated: ${x}`));

  if (!services.properties.get(PROPERTY.buttonSigningSecret)) {
    const secret = [services.crypto.uuid(), services.crypto.uuid()].join('').replace(/-/g, '');
    services.properties.set(PROPERTY.buttonSigningSecret, secret);
    lines.push('Created: the button signing secret (in Script Properties)');
  }
  const worker = ensureOneWorker(services);
  if (worker.kind !== 'present' || worker.removed > 0) lines.push(describeWorker(services, worker));
  if (!services.triggers.list().some((t) => t.handler === CHANGE_HANDLER)) {
    services.triggers.onSpreadsheetChange(CHANGE_HANDLER);
    lines.push('Created: the on-change trigger (keeps caches right when rows or columns move)');
  }
  forgetSheet(services);
  if (lines.length === 0) lines.push('Everything was already set up; nothing changed.');
  return lines;
}

/** One line per finding; "OK" lines for what works. */
export function runCheckConfiguration(services: Services): string[] {
  const config = readConfig(services.properties);
  const lines = [...propertyFindings(config)];
  const ctx = createContext(services);
  lines.push(...slackFindings(ctx), ...oktaFindings(ctx), ...sheetFindings(ctx));
  lines.push(workerStatusLine(services), ...lastHealthLines(ctx));
  return lines;
}

function propertyFindings(config: Config): string[] {
  const lines: string[] = [];
  const required: [keyof Config, string][] = [
    ['slackVerificationToken', PROPERTY.slackVerificationToken],
    ['slackBotToken', PROPERTY.slackBotToken],
    ['slackReportChannel', PROPERTY.slackReportChannel],
    ['oktaOrgUrl', PROPERTY.oktaOrgUrl],
    ['buttonSigningSecret', PROPERTY.buttonSigningSecret],
  ];
  for (const [key, name] of required) {
    if (!config[key])
      lines.push(`Missing: ${name}${name === PROPERTY.buttonSigningSecret ? ' (run setup)' : ''}`);
  }
  if (config.slackBotToken && !config.slackBotToken.startsWith('xoxb-')) {
    lines.push(`Malformed: ${PROPERTY.slackBotToken} should be a bot token (it starts with xoxb-)`);
  }
  if (config.slackReportChannel && !/^[CG][A-Z0-9]{6,}$/.test(config.slackReportChannel)) {
    lines.push(
      `Malformed: ${PROPERTY.slackReportChannel} should be a channel ID such as C0123ABCD, not a name`,
    );
  }
  if (config.slackTeamId && !/^[TE][A-Z0-9]{6,}$/.test(config.slackTeamId)) {
    lines.push(`Malformed: ${PROPERTY.slackTeamId} should look like T0123ABCD`);
  }
  if (config.slackAppId && !/^A[A-Z0-9]{6,}$/.test(config.slackAppId)) {
    lines.push(`Malformed: ${PROPERTY.slackAppId} should look like A0123ABCD`);
  }
  if (config.oktaOrgUrl) {
    const org = validateOrgUrl(config.oktaOrgUrl);
    if (!org.ok) lines.push(`Malformed: ${PROPERTY.oktaOrgUrl}: ${org.reason}`);
  }
  lines.push(...oktaModeFindings(config));
  if (config.oktaApiToken?.startsWith('SSWS')) {
    lines.push(`Malformed: ${PROPERTY.oktaApiToken} should be the token alone, without "SSWS "`);
  }
  return lines;
}

/** Which Okta credential is in use; a half-set OAuth names what is missing; a key that cannot sign. */
function oktaModeFindings(config: Config): string[] {
  const credentials = oktaCredentials(config);
  switch (credentials.mode) {
    case 'none':
      return [
        `Missing: an Okta credential: ${PROPERTY.oktaClientId}, ${PROPERTY.oktaPrivateKey} and ${PROPERTY.oktaKeyId} (OAuth service app, recommended), or ${PROPERTY.oktaApiToken}`,
      ];
    case 'incomplete':
      return [
        `Missing: ${credentials.missing.join(', ')} (the other OAuth properties are set, so Offboard uses the OAuth service app and needs all three)`,
      ];
    case 'ssws':
      return ['Okta: SSWS API token in use (an OAuth service app is recommended; see the README)'];
    case 'oauth': {
      const lines = [
        `Okta: OAuth service app ${credentials.clientId}, key ${credentials.keyId}, DPoP ${credentials.dpop ? 'on' : `off (${PROPERTY.oktaDpop} is false)`}`,
      ];
      const pem = normalisePem(credentials.privateKey);
      if (!pem || !rsaPublicJwk(pem)) {
        lines.push(
          `Malformed: ${PROPERTY.oktaPrivateKey} should be an unencrypted PKCS#8 RSA key ("-----BEGIN PRIVATE KEY-----"); see the README for the openssl command`,
        );
      }
      if (config.oktaApiToken) {
        lines.push(
          `Note: ${PROPERTY.oktaApiToken} is set but not used while OAuth is configured; delete it here and revoke it in Okta once OAuth works`,
        );
      }
      return lines;
    }
  }
}

function slackFindings(ctx: AppContext): string[] {
  if (!ctx.config.slackBotToken) return [];
  const r = ctx.slack().authTest();
  if (!r.ok) return [`Slack: the bot token does not work (${r.error})`];
  const lines = [`OK: Slack bot token works for workspace ${r.value.team}`];
  if (ctx.config.slackTeamId && r.value.teamId !== ctx.config.slackTeamId) {
    lines.push(`Mismatch: ${PROPERTY.slackTeamId} is not the bot token's workspace (${r.value.teamId})`);
  }
  return lines;
}

function oktaFindings(ctx: AppContext): string[] {
  const { oktaOrgUrl } = ctx.config;
  const credentials = oktaCredentials(ctx.config);
  if (!oktaOrgUrl || !validateOrgUrl(oktaOrgUrl).ok) return [];
  if (credentials.mode === 'oauth') {
    const r = ctx.okta(ctx.services.clock.now() + 10_000).send({
      operation: 'listUsers',
      method: 'GET',
      path: '/api/v1/users',
      query: { limit: '1' },
    });
    if (!r.ok) return [`Okta: the OAuth service app does not work (${r.error.code}: ${r.error.summary})`];
    return ['OK: Okta OAuth service app works (it got a token and may read users)'];
  }
  if (credentials.mode !== 'ssws') return [];
  const r = ctx
    .okta(ctx.services.clock.now() + 10_000)
    .send<{ profile?: { login?: string } }>(oktaCalls.me());
  if (!r.ok) return [`Okta: the API token does not work (${r.error.code}: ${r.error.summary})`];
  return [`OK: Okta API token works (acting as ${r.body.profile?.login ?? 'an admin'})`];
}

/** Each webhook row: refused before sending (http, a host not allowed, no secret), or where it posts. */
function webhookFindings(ctx: AppContext, tasks: TableSnapshot): string[] {
  const allowed = parseAllowedHosts(ctx.config.webhookAllowedHosts);
  const lines: string[] = [];
  for (const rec of tasks.records) {
    const hook = webhookRow(rec);
    if (!hook) continue;
    const name = `Tasks tab: row ${rec.rowNumber}, webhook "${hook.label}"${rec.bool('enabled') ? '' : ' (not enabled)'}`;
    const url = checkWebhookUrl(hook.spec.url, allowed);
    if (!url.ok) lines.push(`${name} will not be sent: ${url.reason}`);
    else if (webhookSecret(ctx.services.properties, hook.spec.secretProperty) === null) {
      lines.push(
        `${name} will not be sent: its Secret Property ${hook.spec.secretProperty ? `"${hook.spec.secretProperty}" is not set in Script Properties (or is one of Offboard's own)` : 'is empty'}.`,
      );
    } else lines.push(`OK: ${name} posts to ${url.host}, signed with ${hook.spec.secretProperty}`);
  }
  return lines;
}

function sheetFindings(ctx: AppContext): string[] {
  const lines: string[] = [];
  try {
    const ss = ctx.services.spreadsheet();
    const tasks = openTable(ss, TASKS_SPEC).read();
    const hooks = new Set(tasks.records.filter((r) => webhookRow(r)).map((r) => r.rowNumber));
    for (const row of unknownTaskRows(tasks, (id) => knownTask(id) !== undefined)) {
      if (hooks.has(row.rowNumber)) continue;
      lines.push(
        `Tasks tab: row ${row.rowNumber} names "${row.task}", a task Offboard does not know; it is ignored`,
      );
    }
    lines.push(...webhookFindings(ctx, tasks));
    const google = googleWorkspaceFinding({
      google: ctx.services.google,
      enabledLabels: tasks.records
        .filter((r) => r.bool('enabled'))
        .map((r) => knownTask(r.text('task')))
        .filter((t) => t?.id.startsWith('google_'))
        .map((t) => t!.label),
      deployerEmail: ctx.services.account.email(),
    });
    lines.push(`${google.ok ? 'OK' : 'Google Workspace'}: ${google.text}`);
    lines.push(...approvedUsersProblems(ss).map((p) => `Approved Users: ${p}`));
    lines.push(...readSettings(ss).problems.map((p) => `Settings: ${p}`));
    lines.push(
      ...ctx
        .runs()
        .problems(ctx.services.clock.now())
        .map((p) => `Offboarding: ${p}`),
    );
  } catch (e) {
    lines.push(`Sheet: ${e instanceof Error ? e.message : String(e)}`);
  }
  const waiting = pendingAudit(ctx.services.properties);
  if (
    waiting.count > 0 &&
    waiting.oldest !== null &&
    ctx.services.clock.now() - waiting.oldest > STALE_QUEUE_MS
  ) {
    lines.push(
      `Audit Log: ${waiting.count} entr${waiting.count === 1 ? 'y waits' : 'ies wait'} in Script Properties, the oldest for ${Math.round((ctx.services.clock.now() - waiting.oldest) / 60_000)} minutes: the worker writes them each minute, so it is not running or cannot write the Audit Log (run setup if its tab is missing, and check the worker trigger).`,
    );
  }
  return lines;
}
