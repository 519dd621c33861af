// setup for the Sheet: creates what is missing (tabs, header cells, validation, colours, task rows) and
// never moves, renames or rewrites what people made. A second run writes nothing.

import type { CellValue, DataValidationLike, Formatting, SheetLike, SpreadsheetLike } from '../ports';
import { literal } from './literal';
import {
  headerKey,
  matchHeader,
  openTable,
  type ColumnSpec,
  type HeaderMap,
  type TabSpec,
  type TableSnapshot,
} from './table';
import {
  APPROVED_USERS_SPEC,
  AUDIT_LOG_SPEC,
  offboardingSpec,
  ON_FAILURE,
  QUEUE_HOW_TO,
  QUEUE_SPEC,
  ROLES,
  RUN_DETAILS_SPEC,
  RUN_STATUS_COLORS,
  TAB,
  TASKS_SPEC,
  taskColumnKey,
} from './tabs';
import { defaultSettings, SETTING_ROWS, SETTINGS_SPEC, type SettingRow } from './settings';

export interface TaskRowSeed {
  /** The task id, e.g. "suspend". */
  task: string;
  enabled: boolean;
  order: number;
  onFailure: string;
  description: string;
}

export interface SetupOptions {
  /** Rows the Tasks tab should have; only those it lacks are appended. */
  taskRows: TaskRowSeed[];
  /** One Offboarding column per label. */
  taskLabels: string[];
  /** Labels among taskLabels whose column a Sheet from before may lack (it is added all the same). */
  optionalTaskLabels?: string[];
}

export interface SetupReport {
  /** Tabs made from nothing, e.g. '"Tasks" tab'. */
  created: string[];
  /** What was added to tabs (including new ones' task rows), one line each. */
  changed: string[];
}

const PROTECTION_NOTE: Record<string, string> = {
  [AUDIT_LOG_SPEC.name]: 'Offboard writes this log; edits here change the audit trail.',
  [RUN_DETAILS_SPEC.name]: 'Offboard writes what each run touched here; a later restore reads it.',
};

/** Creates the seven tabs or completes them. Writes are batched: one setValues per header, one per task block. */
export function setupSheet(ss: SpreadsheetLike, formatting: Formatting, opts: SetupOptions): SetupReport {
  const report: SetupReport = { created: [], changed: [] };

  const approved = ensureTab(ss, APPROVED_USERS_SPEC, report);
  validateNewColumns(approved, { role: formatting.oneOf([...ROLES]), active: formatting.checkbox() });

  const offboarding = ensureTab(ss, offboardingSpec(opts.taskLabels, opts.optionalTaskLabels), report);
  // A dropdown of the run statuses: a typo in a Status cell is refused where people type it.
  validateNewColumns(offboarding, { status: formatting.oneOf(Object.keys(RUN_STATUS_COLORS)) });
  colourStatuses(offboarding, formatting, report);

  const tasks = ensureTab(ss, TASKS_SPEC, report, { readData: true });
  validateNewColumns(tasks, { enabled: formatting.checkbox(), onFailure: formatting.oneOf([...ON_FAILURE]) });
  addMissingTaskRows(tasks, opts.taskRows, report);
  addWebhookColumns(ss, tasks, report);

  const audit = ensureTab(ss, AUDIT_LOG_SPEC, report);
  protectWithWarning(audit, report);

  const details = ensureTab(ss, RUN_DETAILS_SPEC, report);
  protectWithWarning(details, report);

  const settings = ensureTab(ss, SETTINGS_SPEC, report, { readData: true });
  addMissingSettingRows(settings, ss, formatting, report);

  const queue = ensureTab(ss, QUEUE_SPEC, report);
  explainQueue(queue, report);

  return report;
}

/** A tab after ensureTab: where its columns are, which ones setup just wrote, and (if asked) its data. */
interface EnsuredTab {
  spec: TabSpec;
  sheet: SheetLike;
  header: HeaderMap;
  added: ColumnSpec[];
  /** The used range as read before any write (only with readData). */
  grid: CellValue[][];
}

function ensureTab(
  ss: SpreadsheetLike,
  spec: TabSpec,
  report: SetupReport,
  { readData = false } = {},
): EnsuredTab {
  let sheet = ss.getSheetByName(spec.name);
  const isNew = sheet === null;
  if (sheet === null) {
    sheet = ss.insertSheet(spec.name);
    report.created.push(`"${spec.name}" tab`);
  }

  const lastColumn = isNew ? 0 : sheet.getLastColumn();
  const lastRow = isNew || !readData ? 0 : sheet.getLastRow();
  let grid: CellValue[][] = [];
  if (lastColumn > 0) {
    grid = sheet.getRange(1, 1, readData && lastRow > 0 ? lastRow : 1, lastColumn).getValues();
  }
  const header = matchHeader(spec, grid[0] ?? [], lastColumn);
  const added = header.missing;

  if (added.length > 0) {
    // New header cells go after every used column, so no existing column (or unheaded data) moves.
    const first = lastColumn + 1;
    const last = lastColumn + added.length;
    const maxColumns = sheet.getMaxColumns();
    if (last > maxColumns) sheet.insertColumnsAfter(maxColumns, last - maxColumns);
    const cells = sheet.getRange(1, first, 1, added.length);
    cells.setValues([added.map((c) => literal(c.header))]);
    cells.setFontWeight('bold');
    added.forEach((c, i) => (header.columns[c.key] = first + i));
    header.width = last;
    header.missing = [];
    if (!isNew) {
      report.changed.push(`"${spec.name}" tab: added column${added.length > 1 ? 's' : ''} ${quoted(added)}`);
    }
  }

  if (sheet.getFrozenRows() === 0) {
    sheet.setFrozenRows(1);
    if (!isNew) report.changed.push(`"${spec.name}" tab: froze the header row`);
  }
  return { spec, sheet, header, added, grid };
}

function quoted(columns: ColumnSpec[]): string {
  return columns.map((c) => `"${c.header}"`).join(', ');
}

/**
 * Data validation on the columns setup itself just added (rows 2 to the end). Columns people already had
 * keep whatever validation they chose: the ports cannot read validation back, and guessing would make
 * setup rewrite it on every run.
 */
function validateNewColumns(tab: EnsuredTab, rules: Record<string, DataValidationLike>): void {
  const toValidate = tab.added.filter((c) => rules[c.key] !== undefined);
  if (toValidate.length === 0) return;
  const maxRows = tab.sheet.getMaxRows();
  if (maxRows < 2) return;
  for (const column of toValidate) {
    const columnNumber = tab.header.columns[column.key] as number;
    tab.sheet.getRange(2, columnNumber, maxRows - 1, 1).setDataValidation(rules[column.key] ?? null);
  }
}

/** Adds a colour rule for each run status no existing rule already matches (recognised by its text). */
function colourStatuses(tab: EnsuredTab, formatting: Formatting, report: SetupReport): void {
  const existing = tab.sheet.getConditionalFormatRules();
  const covered = new Set(
    existing
      .map((rule) => formatting.describeRule(rule))
      .flatMap((text) => (text ? [text.trim().toLowerCase()] : [])),
  );
  const missing = Object.entries(RUN_STATUS_COLORS).filter(([status]) => !covered.has(status));
  if (missing.length === 0) return;
  const maxRows = tab.sheet.getMaxRows();
  if (maxRows < 2) return;
  const statusColumn = tab.header.columns['status'] as number;
  const range = tab.sheet.getRange(2, statusColumn, maxRows - 1, 1);
  const added = missing.map(([status, colour]) => formatting.textEquals(range, status, colour));
  tab.sheet.setConditionalFormatRules([...existing, ...added]);
  report.changed.push(`"${tab.spec.name}" tab: colours for status ${missing.map(([s]) => s).join(', ')}`);
  // Statuses this tab has never seen (a newer Offboard, e.g. "in grace period"): its Status dropdown, set
  // when the column was made, would refuse them, so it gets the whole list again.
  if (!tab.added.some((c) => c.key === 'status')) {
    range.setDataValidation(formatting.oneOf(Object.keys(RUN_STATUS_COLORS)));
    report.changed.push(`"${tab.spec.name}" tab: the Status dropdown now lists every run status`);
  }
}

/** Appends the task rows the Tasks tab lacks (matched by id, ignoring case and spacing); never edits rows. */
function addMissingTaskRows(tab: EnsuredTab, seeds: TaskRowSeed[], report: SetupReport): void {
  const taskColumn = tab.header.columns['task'] as number;
  const present = new Set(tab.grid.slice(1).map((row) => headerKey(row[taskColumn - 1])));
  const toAdd = seeds.filter((seed) => !present.has(headerKey(seed.task)));
  if (toAdd.length === 0) return;

  const width = Math.max(...Object.values(tab.header.columns));
  const rows = toAdd.map((seed) => {
    const row: CellValue[] = new Array<CellValue>(width).fill('');
    for (const [key, value] of Object.entries(seed)) {
      const column = tab.header.columns[key];
      if (column !== undefined) row[column - 1] = literal(value);
    }
    return row;
  });

  // Rows go below everything already there (header included), like appendRow, in one write when they fit.
  const firstRow = Math.max(tab.grid.length, 1) + 1;
  if (firstRow + rows.length - 1 <= tab.sheet.getMaxRows()) {
    tab.sheet.getRange(firstRow, 1, rows.length, width).setValues(rows);
  } else {
    for (const row of rows) tab.sheet.appendRow(row);
  }
  report.changed.push(
    `"${tab.spec.name}" tab: added task${toAdd.length > 1 ? 's' : ''} ${toAdd.map((s) => s.task).join(', ')}`,
  );
}

/**
 * Each webhook row of the Tasks tab gets its own Offboarding column, headed by its label, like every task.
 * A label that is already a header (a fixed column, or the column added earlier) adds nothing.
 */
function addWebhookColumns(ss: SpreadsheetLike, tasks: EnsuredTab, report: SetupReport): void {
  const kindColumn = tasks.header.columns['kind'];
  const taskColumn = tasks.header.columns['task'];
  if (kindColumn === undefined || taskColumn === undefined) return;
  const labels = tasks.grid
    .slice(1)
    .filter(
      (row) =>
        String(row[kindColumn - 1] ?? '')
          .trim()
          .toLowerCase() === 'webhook',
    )
    .map((row) => String(row[taskColumn - 1] ?? '').trim())
    .filter((label) => headerKey(label) !== '');
  const unique = labels.filter(
    (label, i) => labels.findIndex((l) => headerKey(l) === headerKey(label)) === i,
  );
  if (unique.length === 0) return;
  ensureTab(
    ss,
    { name: TAB.offboarding, columns: unique.map((label) => ({ key: taskColumnKey(label), header: label })) },
    report,
  );
}

/**
 * Appends the setting rows the Settings tab lacks (matched by the Setting cell, ignoring case and spacing)
 * with their defaults, in one write, and validates each new Value cell; never edits a row people have.
 * The Time Zone row gets the spreadsheet's time zone, so the value in use is visible.
 */
function addMissingSettingRows(
  tab: EnsuredTab,
  ss: SpreadsheetLike,
  formatting: Formatting,
  report: SetupReport,
): void {
  const settingColumn = tab.header.columns['setting'] as number;
  const present = new Set(tab.grid.slice(1).map((row) => headerKey(row[settingColumn - 1])));
  const toAdd = SETTING_ROWS.filter((row) => !present.has(headerKey(row.label)));
  if (toAdd.length === 0) return;

  const defaults = defaultSettings(
    toAdd.some((r) => r.key === 'timeZone') ? ss.getSpreadsheetTimeZone() : '',
  );
  const initial = (row: SettingRow): CellValue => {
    const value = defaults[row.key];
    return Array.isArray(value) ? '' : literal(value);
  };
  const width = Math.max(...Object.values(tab.header.columns));
  const rows = toAdd.map((setting) => {
    const row: CellValue[] = new Array<CellValue>(width).fill('');
    row[settingColumn - 1] = literal(setting.label);
    row[(tab.header.columns['value'] as number) - 1] = initial(setting);
    row[(tab.header.columns['description'] as number) - 1] = literal(setting.description);
    return row;
  });
  // Rows without data below the header may exist (a new tab has 1,000): write below what is used.
  const firstRow = lastUsedRow(tab.grid) + 1;
  const lastRow = firstRow + rows.length - 1;
  const maxRows = tab.sheet.getMaxRows();
  if (lastRow > maxRows) tab.sheet.insertRowsAfter(maxRows, lastRow - maxRows);
  tab.sheet.getRange(firstRow, 1, rows.length, width).setValues(rows);

  const valueColumn = tab.header.columns['value'] as number;
  toAdd.forEach((setting, i) => {
    const rule =
      setting.kind === 'checkbox'
        ? formatting.checkbox()
        : setting.kind === 'hoursAtLeast0' || setting.kind === 'hoursAbove0'
          ? formatting.numberAtLeast(0)
          : null;
    if (rule) tab.sheet.getRange(firstRow + i, valueColumn, 1, 1).setDataValidation(rule);
  });
  report.changed.push(
    `"${tab.spec.name}" tab: added setting${toAdd.length > 1 ? 's' : ''} ${toAdd.map((r) => r.label).join(', ')}`,
  );
}

/** The number of the last row holding anything (1 when only the header, or nothing, is there). */
function lastUsedRow(grid: CellValue[][]): number {
  for (let i = grid.length - 1; i >= 1; i--) {
    if ((grid[i] ?? []).some((cell) => cell !== '' && cell !== null)) return i + 1;
  }
  return 1;
}

/** The Queue tab's Target header gets the how-to as its note, when setup made that header. */
function explainQueue(tab: EnsuredTab, report: SetupReport): void {
  if (!tab.added.some((c) => c.key === 'target')) return;
  const column = tab.header.columns['target'] as number;
  tab.sheet.getRange(1, column, 1, 1).setNote(QUEUE_HOW_TO);
  if (!report.created.includes(`"${tab.spec.name}" tab`))
    report.changed.push(`"${tab.spec.name}" tab: how to use it, as the Target header's note`);
}

function protectWithWarning(tab: EnsuredTab, report: SetupReport): void {
  if (tab.sheet.getProtections('SHEET').length > 0) return;
  tab.sheet
    .protect()
    .setWarningOnly(true)
    .setDescription(PROTECTION_NOTE[tab.spec.name] ?? '');
  report.changed.push(`"${tab.spec.name}" tab: warns before hand edits`);
}

export interface UnknownTaskRow {
  rowNumber: number;
  /** The Task cell as typed (trimmed; '' when blank). */
  task: string;
}

/**
 * Tasks rows naming a task Offboard does not know (for checkConfiguration). Takes the spreadsheet (one
 * read) or a Tasks snapshot, and the known task ids (compared ignoring case and spacing) or a predicate.
 */
export function unknownTaskRows(
  source: SpreadsheetLike | TableSnapshot,
  known: readonly string[] | ((task: string) => boolean),
): UnknownTaskRow[] {
  const snapshot = 'records' in source ? source : openTable(source, TASKS_SPEC).read();
  const knownKeys = typeof known === 'function' ? null : new Set(known.map(headerKey));
  const isKnown = (task: string): boolean =>
    knownKeys ? knownKeys.has(headerKey(task)) : (known as (task: string) => boolean)(task);
  return snapshot.records
    .map((record) => ({ rowNumber: record.rowNumber, task: record.text('task') }))
    .filter((row) => !isKnown(row.task));
}
