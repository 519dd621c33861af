// Triggers over ScriptApp. A one-shot trigger looks like any clock trigger once made, so its id is
// remembered in a Script Property to tell `once` from `recurring` later.

import type { TriggerInfo, Triggers } from '../ports';

/** Script Property prefix marking a trigger made by `after`. */
export const ONCE_TRIGGER_PREFIX = 'ONCE_TRIGGER_';

/** `spreadsheet` gives the Sheet an onChange trigger watches: the same one the Services open. */
export function appsScriptTriggers(spreadsheet: () => GoogleAppsScript.Spreadsheet.Spreadsheet): Triggers {
  const properties = (): GoogleAppsScript.Properties.Properties => PropertiesService.getScriptProperties();

  return {
    list(): TriggerInfo[] {
      const triggers = ScriptApp.getProjectTriggers();
      if (triggers.length === 0) return [];
      const marks = properties().getProperties();
      return triggers.map((t): TriggerInfo => {
        const id = t.getUniqueId();
        const handler = t.getHandlerFunction();
        if (t.getEventType() === ScriptApp.EventType.ON_CHANGE) return { id, handler, kind: 'change' };
        // Clock triggers made by hand in the editor carry no mark, and other event triggers fire again and
        // again: both count as recurring.
        return { id, handler, kind: marks[ONCE_TRIGGER_PREFIX + id] !== undefined ? 'once' : 'recurring' };
      });
    },

    everyMinutes(handler: string, minutes: 1 | 5 | 10 | 15 | 30): TriggerInfo {
      const trigger = ScriptApp.newTrigger(handler).timeBased().everyMinutes(minutes).create();
      return { id: trigger.getUniqueId(), handler, kind: 'recurring' };
    },

    after(handler: string, ms: number): TriggerInfo {
      const trigger = ScriptApp.newTrigger(handler).timeBased().after(ms).create();
      const id = trigger.getUniqueId();
      properties().setProperty(ONCE_TRIGGER_PREFIX + id, String(Date.now()));
      return { id, handler, kind: 'once' };
    },

    onSpreadsheetChange(handler: string): TriggerInfo {
      const trigger = ScriptApp.newTrigger(handler).forSpreadsheet(spreadsheet()).onChange().create();
      return { id: trigger.getUniqueId(), handler, kind: 'change' };
    },

    remove(id: string): void {
      const trigger = ScriptApp.getProjectTriggers().find((t) => t.getUniqueId() === id);
      if (trigger !== undefined) ScriptApp.deleteTrigger(trigger);
      properties().deleteProperty(ONCE_TRIGGER_PREFIX + id);
    },
  };
}
