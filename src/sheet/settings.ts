// The Settings tab: one row per setting (Setting | Value | Description), read once and cached like the
// other tabs; a value that cannot be read falls back to its default and is reported, never thrown.

import { readCache, writeCache } from '../cache';
import {
  openSource,
  type Cache,
  type CellValue,
  type SpreadsheetLike,
  type SpreadsheetSource,
} from '../ports';
import { cellBool, cellText, headerKey, type TabSpec } from './table';

export interface Settings {
  /** Confirm by the requester asks another approver or admin to Approve. */
  twoPersonRule: boolean;
  /** Okta group names whose members are never offboarded from Slack: trimmed, no empty entries. */
  protectedGroups: string[];
  /** Hours the irreversible tasks wait after containment; >= 0. */
  gracePeriodHours: number;
  /** Hours between reminders about a paused run; > 0. */
  pauseReminderHours: number;
  /** IANA name dates and scheduled times are read and shown in. */
  timeZone: string;
}

export interface SettingsReading {
  settings: Settings;
  /** One sentence per value that fell back to its default (for checkConfiguration and the health check). */
  problems: string[];
}

export const SETTINGS_TAB = 'Settings';

export const SETTINGS_SPEC: TabSpec = {
  name: SETTINGS_TAB,
  columns: [
    { key: 'setting', header: 'Setting', aliases: ['Name'] },
    { key: 'value', header: 'Value' },
    { key: 'description', header: 'Description', aliases: ['Notes'] },
  ],
};

type SettingKey = keyof Settings;

/** How a Value cell is validated where people type it (setup) and read here. */
export type SettingKind = 'checkbox' | 'groups' | 'hoursAtLeast0' | 'hoursAbove0' | 'timeZone';

export interface SettingRow {
  key: SettingKey;
  /** The Setting cell setup writes and readSettings matches (ignoring case, spaces, punctuation). */
  label: string;
  kind: SettingKind;
  description: string;
}

/** The rows setup writes, in this order. */
export const SETTING_ROWS: readonly SettingRow[] = [
  {
    key: 'twoPersonRule',
    label: 'Two-Person Rule',
    kind: 'checkbox',
    description:
      'Ticked: Confirm by the requester does not act; another approver or admin must Approve in the report channel.',
  },
  {
    key: 'protectedGroups',
    label: 'Protected Okta Groups',
    kind: 'groups',
    description:
      'Comma-separated Okta group names (exact names). Their members are never offboarded from Slack.',
  },
  {
    key: 'gracePeriodHours',
    label: 'Grace Period Hours',
    kind: 'hoursAtLeast0',
    description:
      'Hours Remove Admin Roles, Remove Groups and Deactivate wait after containment (Undo is possible meanwhile). 0: no wait.',
  },
  {
    key: 'pauseReminderHours',
    label: 'Pause Reminder Hours',
    kind: 'hoursAbove0',
    description: 'A paused run is raised again in the report channel every this many hours (above 0).',
  },
  {
    key: 'timeZone',
    label: 'Time Zone',
    kind: 'timeZone',
    description:
      'IANA time zone name (e.g. Europe/Berlin) for scheduled times and dates in Slack messages. Blank: the spreadsheet’s time zone.',
  },
];

/** The defaults; the time zone's default is the spreadsheet's own. */
export function defaultSettings(spreadsheetTimeZone: string): Settings {
  return {
    twoPersonRule: false,
    protectedGroups: [],
    gracePeriodHours: 0,
    pauseReminderHours: 4,
    timeZone: spreadsheetTimeZone,
  };
}

/**
 * True for a time zone name ECMA-402 accepts (IsValidTimeZoneName: IANA Zone and Link names, any case).
 * "GMT+2" style offsets are not IANA names and are refused.
 */
export function isIanaTimeZone(name: string): boolean {
  if (name.trim() === '' || /^[+-]|^(GMT|UTC)[+-]/i.test(name.trim())) return false;
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: name.trim() });
    return true;
  } catch {
    return false;
  }
}

/** The canonical spelling of a valid IANA name ("europe/berlin" → "Europe/Berlin"). */
function canonicalTimeZone(name: string): string {
  return new Intl.DateTimeFormat('en-US', { timeZone: name.trim() }).resolvedOptions().timeZone;
}

/** "a, b ,, c" → ["a", "b", "c"]: trimmed, empty entries dropped, duplicates kept once. */
export function parseGroupNames(text: string): string[] {
  const names = text
    .split(/[,\n]/)
    .map((n) => n.trim())
    .filter((n) => n !== '');
  return [...new Set(names)];
}

function parseHours(value: CellValue): number | null {
  if (typeof value === 'number') return Number.isFinite(value) ? value : null;
  const text = cellText(value);
  if (!/^\d+(\.\d+)?$/.test(text)) return null;
  return Number(text);
}

/**
 * The settings in a grid of the tab (row 1 the header). Rows are matched by their Setting cell; a blank
 * Value means the default; an unreadable one falls back to the default and is named in `problems`.
 * `spreadsheetTimeZone` is asked only when the time zone falls back.
 */
export function parseSettings(grid: CellValue[][], spreadsheetTimeZone: () => string): SettingsReading {
  const problems: string[] = [];
  const header = grid[0] ?? [];
  const column = (key: string): number => {
    const spec = SETTINGS_SPEC.columns.find((c) => c.key === key);
    const names = [spec?.header, ...(spec?.aliases ?? [])].map(headerKey);
    return header.findIndex((cell) => names.includes(headerKey(cell)));
  };
  const settingColumn = column('setting');
  const valueColumn = column('value');
  if (settingColumn < 0 || valueColumn < 0) {
    problems.push(
      'The "Settings" tab has no "Setting" or "Value" column, so every setting is at its default. Run Offboard setup.',
    );
  }
  const cells = new Map<SettingKey, { value: CellValue; rowNumber: number }>();
  if (settingColumn >= 0 && valueColumn >= 0) {
    grid.slice(1).forEach((row, index) => {
      const name = headerKey(row[settingColumn]);
      const def = SETTING_ROWS.find((r) => headerKey(r.label) === name);
      if (def && !cells.has(def.key))
        cells.set(def.key, { value: row[valueColumn] ?? '', rowNumber: index + 2 });
    });
  }

  const defaults = defaultSettings('');
  const settings: Settings = { ...defaults };
  const fallBack = (row: SettingRow, rowNumber: number, value: CellValue, expected: string): void => {
    problems.push(
      `Row ${rowNumber} (${row.label}): "${cellText(value)}" is not ${expected}, so the default (${describeDefault(row)}) is used.`,
    );
  };
  for (const row of SETTING_ROWS) {
    const cell = cells.get(row.key);
    if (!cell) {
      if (settingColumn >= 0 && valueColumn >= 0) {
        problems.push(
          `No "${row.label}" row, so the default (${describeDefault(row)}) is used. Run Offboard setup.`,
        );
      }
      continue;
    }
    const { value, rowNumber } = cell;
    const text = cellText(value);
    if (text === '' && row.kind !== 'checkbox') continue;
    switch (row.kind) {
      case 'checkbox':
        if (
          typeof value === 'boolean' ||
          text === '' ||
          /^(true|false|yes|no|y|n|x|1|0|on|off)$/i.test(text)
        ) {
          settings.twoPersonRule = cellBool(value);
        } else fallBack(row, rowNumber, value, 'a ticked or unticked box');
        break;
      case 'groups':
        settings.protectedGroups = parseGroupNames(text);
        break;
      case 'hoursAtLeast0':
      case 'hoursAbove0': {
        const hours = parseHours(value);
        const ok = hours !== null && (row.kind === 'hoursAtLeast0' ? hours >= 0 : hours > 0);
        if (ok) (settings[row.key] as number) = hours;
        else
          fallBack(
            row,
            rowNumber,
            value,
            row.kind === 'hoursAtLeast0' ? 'a number of hours, 0 or more' : 'a number of hours above 0',
          );
        break;
      }
      case 'timeZone':
        if (isIanaTimeZone(text)) settings.timeZone = canonicalTimeZone(text);
        else fallBack(row, rowNumber, value, 'an IANA time zone name such as Europe/Berlin');
        break;
    }
  }
  if (settings.timeZone === '') settings.timeZone = spreadsheetTimeZone();
  return { settings, problems };
}

function describeDefault(row: SettingRow): string {
  switch (row.kind) {
    case 'checkbox':
      return 'off';
    case 'groups':
      return 'none';
    case 'timeZone':
      return 'the spreadsheet’s time zone';
    default: {
      const value = defaultSettings('')[row.key];
      return `${String(value)}`;
    }
  }
}

export function isSettingsReading(value: unknown): value is SettingsReading {
  const r = value as Partial<SettingsReading> | null;
  const s = r?.settings as Partial<Settings> | undefined;
  return (
    typeof r === 'object' &&
    r !== null &&
    Array.isArray(r.problems) &&
    typeof s === 'object' &&
    typeof s.twoPersonRule === 'boolean' &&
    Array.isArray(s.protectedGroups) &&
    typeof s.gracePeriodHours === 'number' &&
    typeof s.pauseReminderHours === 'number' &&
    typeof s.timeZone === 'string'
  );
}

/**
 * The settings: from the cache when warm (no Sheet call), else one read of the Settings tab (then cached;
 * onEdit, onChange and setup forget it). A missing tab means the defaults and a problem saying so.
 */
export function readSettings(ss: SpreadsheetSource, cache?: Cache): SettingsReading {
  const cached = cache ? readCache(cache, 'settings', isSettingsReading) : null;
  if (cached) return cached;
  const reading = readSettingsFromSheet(openSource(ss));
  if (cache) writeCache(cache, 'settings', reading);
  return reading;
}

function readSettingsFromSheet(ss: SpreadsheetLike): SettingsReading {
  const sheet = ss.getSheetByName(SETTINGS_TAB);
  const timeZone = (): string => ss.getSpreadsheetTimeZone();
  if (!sheet) {
    return {
      settings: defaultSettings(timeZone()),
      problems: [
        'The spreadsheet has no "Settings" tab, so every setting is at its default. Run Offboard setup.',
      ],
    };
  }
  // The used range in one getValues, as a Table would read it, but a missing column is a problem here.
  const lastRow = sheet.getLastRow();
  const lastColumn = sheet.getLastColumn();
  const grid = lastRow === 0 || lastColumn === 0 ? [] : sheet.getRange(1, 1, lastRow, lastColumn).getValues();
  return parseSettings(grid, timeZone);
}
