// The Settings tab (Setting | Value | Description). A minimal reader with the API the rails-a branch lands
// (same names); that branch's version, with validation, caching and setup, replaces this file on merge.

import type { Cache, SpreadsheetLike } from '../ports';

export interface Settings {
  twoPersonRule: boolean;
  protectedGroups: string[];
  gracePeriodHours: number;
  pauseReminderHours: number;
  /** IANA */
  timeZone: string;
}

export const DEFAULT_SETTINGS: Settings = {
  twoPersonRule: false,
  protectedGroups: [],
  gracePeriodHours: 0,
  pauseReminderHours: 4,
  timeZone: 'UTC',
};

/** The settings; defaults when the tab is missing. One read of the tab's first two columns. */
export function readSettings(
  ss: SpreadsheetLike,
  // Kept for the full version's cache; this minimal one reads the tab each time.
  _cache?: Cache,
): { settings: Settings; problems: string[] } {
  const settings = { ...DEFAULT_SETTINGS, protectedGroups: [] as string[] };
  const problems: string[] = [];
  const sheet = ss.getSheetByName('Settings');
  if (!sheet || sheet.getLastRow() < 2) return { settings, problems };
  const rows = sheet.getRange(2, 1, sheet.getLastRow() - 1, 2).getValues();
  for (const [name, value] of rows) {
    const key = String(name ?? '')
      .trim()
      .toLowerCase();
    const text = String(value ?? '').trim();
    const hours = (): number | null => {
      const n = Number(text);
      if (text !== '' && Number.isFinite(n) && n >= 0) return n;
      problems.push(`${String(name)}: "${text}" is not a number of hours.`);
      return null;
    };
    if (key === 'two-person rule') settings.twoPersonRule = value === true || text.toUpperCase() === 'TRUE';
    else if (key === 'protected okta groups')
      settings.protectedGroups = text
        .split(',')
        .map((g) => g.trim())
        .filter(Boolean);
    else if (key === 'grace period hours') settings.gracePeriodHours = hours() ?? settings.gracePeriodHours;
    else if (key === 'pause reminder hours')
      settings.pauseReminderHours = hours() ?? settings.pauseReminderHours;
    else if (key === 'time zone' && text) settings.timeZone = text;
  }
  return { settings, problems };
}
