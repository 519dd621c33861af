// Apps Script entry points. Each one only delegates: build the services, call the app, shape the answer.
// scripts/build.mjs appends one top-level function per export here, so Apps Script can see them.

import { appsScriptServices, jsonOutput, showAlert, addOffboardingMenu } from './adapters';
import * as app from './app';

/** Slack's slash command and button clicks. Never throws: Slack must always get JSON. */
export function doPost(e: GoogleAppsScript.Events.DoPost): GoogleAppsScript.Content.TextOutput {
  return jsonOutput(
    app.handleSlackPost(appsScriptServices, {
      contents: e?.postData?.contents ?? '',
      type: e?.postData?.type ?? '',
      parameter: e?.parameter ?? {},
    }),
  );
}

/** A browser visiting the /exec URL: a short health answer that reveals nothing. */
export function doGet(): GoogleAppsScript.Content.TextOutput {
  return jsonOutput(app.health());
}

/** Simple trigger: the Offboarding menu in the Sheet. */
export function onOpen(): void {
  addOffboardingMenu(app.MENU_ITEMS);
}

/** Simple trigger: a hand edit may change who is approved or where a column is. */
export function onEdit(e: GoogleAppsScript.Events.SheetsOnEdit): void {
  app.sheetEdited(appsScriptServices, e?.range?.getSheet?.().getName?.() ?? '');
}

/** Installable trigger (setup installs it): structural edits such as moved or inserted columns. */
export function onChange(): void {
  app.sheetEdited(appsScriptServices, '');
}

/** Menu and editor: create missing tabs, headers, task rows and the worker trigger. Idempotent. */
export function setup(): void {
  showAlert('Offboard setup', app.setup(appsScriptServices));
}

/** Menu and editor: what is missing or malformed in Script Properties, and do the tokens work. */
export function checkConfiguration(): void {
  showAlert('Offboard configuration', app.checkConfiguration(appsScriptServices));
}

/** The recurring worker trigger: queued runs, due retries, stale confirmations, the daily health check. */
export function runWorker(e?: GoogleAppsScript.Events.TimeDriven): void {
  app.runWorker(appsScriptServices, 'recurring', e?.triggerUid);
}

/** The one-shot kick trigger: removes itself, then works like runWorker. */
export function kickWorker(): void {
  app.runWorker(appsScriptServices, 'kick');
}
