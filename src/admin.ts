// What an Offboard admin runs from the Sheet's menu: setup (idempotent) and checkConfiguration (reports
// what is missing or wrong, checks each token with one harmless call, never prints a secret).

import { readConfig, PROPERTY, type Config } from './config';
import type { AppContext } from './handlers/context';
import { createContext } from './handlers/context';
import { validateOrgUrl } from './okta/orgUrl';
import { oktaCalls } from './okta/requests';
import type { Services } from './ports';
import { ensureWorkerTrigger } from './run/engine';
import { forgetSheetCaches } from './cache';
import { knownTask } from './run/plan';
import { approvedUsersProblems } from './sheet/approvedUsers';
import { pendingAuditCount } from './sheet/auditLog';
import { setupSheet, unknownTaskRows } from './sheet/setup';
import { TASKS } from './tasks/catalog';

export const CHANGE_HANDLER = 'onChange';

/** Forgets everything derived from the Sheet (who is approved, the plan, header positions). */
export function forgetSheet(services: Services): void {
  forgetSheetCaches(services.cache);
}

export function runSetup(services: Services): string[] {
  const lines: string[] = [];
  const report = setupSheet(services.spreadsheet(), services.formatting, {
    taskRows: TASKS.map((t) => ({
      task: t.id,
      enabled: true,
      order: t.defaultOrder,
      onFailure: t.defaultOnFailure,
      description: t.description,
    })),
    taskLabels: TASKS.map((t) => t.label),
  });
  lines.push(...report.created.map((x) => `Created: ${x}`), ...report.changed.map((x) => `Updated: ${x}`));

  if (!services.properties.get(PROPERTY.buttonSigningSecret)) {
    const secret = [services.crypto.uuid(), services.crypto.uuid()].join('').replace(/-/g, '');
    services.properties.set(PROPERTY.buttonSigningSecret, secret);
    lines.push('Created: the button signing secret (in Script Properties)');
  }
  if (ensureWorkerTrigger(services) === 'created') lines.push('Created: the worker trigger (every minute)');
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
  return lines;
}

function propertyFindings(config: Config): string[] {
  const lines: string[] = [];
  const required: [keyof Config, string][] = [
    ['slackVerificationToken', PROPERTY.slackVerificationToken],
    ['slackBotToken', PROPERTY.slackBotToken],
    ['slackReportChannel', PROPERTY.slackReportChannel],
    ['oktaOrgUrl', PROPERTY.oktaOrgUrl],
    ['oktaApiToken', PROPERTY.oktaApiToken],
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
  if (config.oktaApiToken?.startsWith('SSWS')) {
    lines.push(`Malformed: ${PROPERTY.oktaApiToken} should be the token alone, without "SSWS "`);
  }
  return lines;
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
  const { oktaOrgUrl, oktaApiToken } = ctx.config;
  if (!oktaOrgUrl || !oktaApiToken || !validateOrgUrl(oktaOrgUrl).ok) return [];
  const r = ctx
    .okta(ctx.services.clock.now() + 10_000)
    .send<{ profile?: { login?: string } }>(oktaCalls.me());
  if (!r.ok) return [`Okta: the API token does not work (${r.error.code}: ${r.error.summary})`];
  return [`OK: Okta API token works (acting as ${r.body.profile?.login ?? 'an admin'})`];
}

function sheetFindings(ctx: AppContext): string[] {
  const lines: string[] = [];
  const ss = ctx.services.spreadsheet();
  try {
    for (const row of unknownTaskRows(ss, (id) => knownTask(id) !== undefined)) {
      lines.push(
        `Tasks tab: row ${row.rowNumber} names "${row.task}", a task Offboard does not know; it is ignored`,
      );
    }
    lines.push(...approvedUsersProblems(ss).map((p) => `Approved Users: ${p}`));
    lines.push(
      ...ctx
        .runs()
        .problems()
        .map((p) => `Offboarding: ${p}`),
    );
  } catch (e) {
    lines.push(`Sheet: ${e instanceof Error ? e.message : String(e)}`);
  }
  const waiting = pendingAuditCount(ctx.services.properties);
  if (waiting > 0) {
    lines.push(
      `Audit Log: ${waiting} entr${waiting === 1 ? 'y waits' : 'ies wait'} in Script Properties because the Audit Log could not be written; run setup if its tab is missing: they are written with the next entry.`,
    );
  }
  return lines;
}
