// The Sheet behind the SpreadsheetLike port, and SpreadsheetApp's rule builders behind Formatting.

import { OffboardError } from '../errors';
import type {
  CellValue,
  ConditionalFormatRuleLike,
  DataValidationLike,
  Formatting,
  ProtectionLike,
  RangeLike,
  SheetLike,
  SpreadsheetLike,
} from '../ports';

type Sheet = GoogleAppsScript.Spreadsheet.Sheet;
type Spreadsheet = GoogleAppsScript.Spreadsheet.Spreadsheet;

// Compile-time proof that the real objects fit the ports as they are (no wrapper needed for these).
// Exported only so noUnusedLocals accepts them; `@public` tells knip nobody need import them.
type Fits<Real extends Port, Port> = Real;
/** @public */
export type RangeFits = Fits<GoogleAppsScript.Spreadsheet.Range, RangeLike>;
/** @public */
export type ProtectionFits = Fits<GoogleAppsScript.Spreadsheet.Protection, ProtectionLike>;
// A real Sheet fits SheetLike except getProtections, which takes the ProtectionType enum, not 'SHEET'
// (and appendRow/insertColumnsAfter/insertRowsAfter, which return the real Sheet: the wrapper returns itself).
type Rewrapped = 'getProtections' | 'appendRow' | 'insertColumnsAfter' | 'insertRowsAfter';
/** @public */
export type SheetFitsButProtections = Fits<Omit<Sheet, Rewrapped>, Omit<SheetLike, Rewrapped>>;

/** A real Sheet as SheetLike: every call goes straight through, with 'SHEET' turned into the enum. */
export function sheetLike(sheet: Sheet): SheetLike {
  const wrapped: SheetLike = {
    getName: () => sheet.getName(),
    getLastRow: () => sheet.getLastRow(),
    getLastColumn: () => sheet.getLastColumn(),
    getMaxRows: () => sheet.getMaxRows(),
    getMaxColumns: () => sheet.getMaxColumns(),
    appendRow: (values) => (sheet.appendRow(values), wrapped),
    insertColumnsAfter: (afterPosition, howMany) => (
      sheet.insertColumnsAfter(afterPosition, howMany),
      wrapped
    ),
    insertRowsAfter: (afterPosition, howMany) => (sheet.insertRowsAfter(afterPosition, howMany), wrapped),
    deleteRows: (rowPosition, howMany) => sheet.deleteRows(rowPosition, howMany),
    getRange: (row, column, numRows, numColumns) => sheet.getRange(row, column, numRows, numColumns),
    getFrozenRows: () => sheet.getFrozenRows(),
    setFrozenRows: (rows) => void sheet.setFrozenRows(rows),
    protect: () => sheet.protect(),
    getProtections: () => sheet.getProtections(SpreadsheetApp.ProtectionType.SHEET),
    getConditionalFormatRules: () => sheet.getConditionalFormatRules(),
    setConditionalFormatRules: (rules) =>
      sheet.setConditionalFormatRules(rules as GoogleAppsScript.Spreadsheet.ConditionalFormatRule[]),
  };
  return wrapped;
}

export function spreadsheetLike(spreadsheet: Spreadsheet): SpreadsheetLike {
  return {
    getSheetByName(name) {
      const sheet = spreadsheet.getSheetByName(name);
      return sheet === null ? null : sheetLike(sheet);
    },
    insertSheet: (name) => sheetLike(spreadsheet.insertSheet(name)),
    flush: () => SpreadsheetApp.flush(),
    getSpreadsheetTimeZone: () => spreadsheet.getSpreadsheetTimeZone(),
    readTabs: (names) => batchGetTabs(spreadsheet, names),
  };
}

/**
 * Whole tabs in one Sheets API call (the advanced service, appsscript.json "Sheets" v4). The service is
 * optional: when it is not enabled the global is absent, and the caller reads with SpreadsheetApp.
 * UNFORMATTED_VALUE answers numbers and booleans as getValues does (these tabs hold no dates). The API
 * leaves out trailing empty cells and rows: rows are padded to the widest.
 */
function batchGetTabs(spreadsheet: Spreadsheet, names: string[]): CellValue[][][] | null {
  const sheets = typeof Sheets === 'undefined' ? undefined : Sheets;
  const values = sheets?.Spreadsheets?.Values;
  if (!values) return null;
  try {
    const answer = values.batchGet(spreadsheet.getId(), {
      ranges: names.map((name) => `'${name.replace(/'/g, "''")}'`),
      valueRenderOption: 'UNFORMATTED_VALUE',
      majorDimension: 'ROWS',
    });
    const ranges = answer.valueRanges ?? [];
    if (ranges.length !== names.length) return null;
    return ranges.map((range) => {
      const rows = (range.values ?? []) as CellValue[][];
      const width = Math.max(0, ...rows.map((r) => r.length));
      return rows.map((r) => [...r, ...Array<CellValue>(width - r.length).fill('')]);
    });
  } catch {
    // A missing tab ("Unable to parse range"), the API not enabled in the project: SpreadsheetApp
    // reads each tab and says what is wrong.
    return null;
  }
}

/**
 * The Sheet named by SPREADSHEET_ID when set (standalone script), else the one the script is bound to.
 * A standalone script has no active spreadsheet (getActive() answers null): say which property to set
 * instead of failing later with a TypeError on null.
 */
export function openRealSpreadsheet(spreadsheetId: string | null): Spreadsheet {
  const id = spreadsheetId?.trim() ?? '';
  if (id !== '') return SpreadsheetApp.openById(id);
  const active = SpreadsheetApp.getActive() as Spreadsheet | null;
  if (active === null) {
    throw new OffboardError(
      'CONFIG_MISSING',
      'SPREADSHEET_ID is not set in Script Properties, and this script is not bound to a spreadsheet: set it to the Sheet’s id (the part of its URL after /d/).',
      { property: 'SPREADSHEET_ID' },
    );
  }
  return active;
}

export function appsScriptFormatting(): Formatting {
  return {
    checkbox: (): DataValidationLike => SpreadsheetApp.newDataValidation().requireCheckbox().build(),
    oneOf: (values): DataValidationLike =>
      // Reject other text: a mistyped value in a dropdown column would silently mean nothing.
      SpreadsheetApp.newDataValidation().requireValueInList(values, true).setAllowInvalid(false).build(),
    numberAtLeast: (min): DataValidationLike =>
      SpreadsheetApp.newDataValidation()
        .requireNumberGreaterThanOrEqualTo(min)
        .setAllowInvalid(false)
        .build(),
    textEquals: (range, text, background): ConditionalFormatRuleLike =>
      SpreadsheetApp.newConditionalFormatRule()
        .whenTextEqualTo(text)
        .setBackground(background)
        // Ranges reaching here come from a real Sheet through sheetLike, so they are real Ranges.
        .setRanges([range as GoogleAppsScript.Spreadsheet.Range])
        .build(),
    describeRule(rule): string | null {
      const condition = (rule as GoogleAppsScript.Spreadsheet.ConditionalFormatRule).getBooleanCondition();
      if (condition === null) return null;
      if (condition.getCriteriaType() !== SpreadsheetApp.BooleanCriteria.TEXT_EQUAL_TO) return null;
      const [text] = condition.getCriteriaValues();
      return text === undefined ? null : String(text);
    },
  };
}
