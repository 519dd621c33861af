// What the Sheet's user and Slack see directly: JSON answers, alerts and the Offboarding menu.

import type { MenuItem } from '../app';

export const MENU_NAME = 'Offboarding';

export function jsonOutput(x: unknown): GoogleAppsScript.Content.TextOutput {
  return ContentService.createTextOutput(JSON.stringify(x)).setMimeType(ContentService.MimeType.JSON);
}

/** The Sheet's UI, or null when there is none (triggers, the web app, some editor runs). */
function sheetUi(): GoogleAppsScript.Base.Ui | null {
  try {
    return SpreadsheetApp.getUi();
  } catch {
    // getUi throws "Cannot call SpreadsheetApp.getUi() from this context" outside a Sheet session.
    return null;
  }
}

/** An alert in the Sheet when someone is looking; the execution log otherwise. */
export function showAlert(title: string, text: string): void {
  const ui = sheetUi();
  if (ui === null) {
    console.info(`${title}: ${text}`);
    return;
  }
  try {
    ui.alert(title, text, ui.ButtonSet.OK);
  } catch {
    // Run from the script editor, the UI exists but cannot show dialogs.
    console.info(`${title}: ${text}`);
  }
}

export function addOffboardingMenu(items: MenuItem[]): void {
  const ui = sheetUi();
  if (ui === null) return;
  const menu = ui.createMenu(MENU_NAME);
  for (const item of items) menu.addItem(item.label, item.functionName);
  menu.addToUi();
}
