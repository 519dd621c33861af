// SpreadsheetApp over the local .xlsx workbook, with Apps Script's semantics: rectangular getValues with ''
// for empty cells, setValues dimension errors, '=' strings becoming formulas unless the cell is text ('@')
// or the string starts with an apostrophe, numeric strings becoming numbers, warning-only protections.

import type ExcelJS from 'exceljs';
import { isDate, type RealmRef } from './realm';
import { strict } from './strict';
import type { RuntimeLog } from './log';
import type { WorkbookFile } from './workbook';

/** A new Google Sheets tab has 1000 rows and 26 columns; xlsx has no such notion, so we report at least that. */
const DEFAULT_MAX_ROWS = 1000;
const DEFAULT_MAX_COLUMNS = 26;

/** Sheets refuses a cell over 50,000 characters: the whole write fails with this message. */
export const MAX_CELL_CHARS = 50_000;
const CELL_TOO_LONG = `Your input contains more than the maximum of ${MAX_CELL_CHARS} characters in a single cell.`;

export interface MenuRecord {
  name: string;
  items: { label: string; functionName: string }[];
}

/** What getUi() recorded: menus added and alerts shown. */
export interface UiRecord {
  menus: MenuRecord[];
  alerts: { title: string; prompt: string }[];
}

interface Dims {
  row: number;
  column: number;
  numRows: number;
  numColumns: number;
}

/** A data validation rule as the builder made it. */
export interface ValidationRule {
  kind: 'CHECKBOX' | 'VALUE_IN_LIST' | 'NUMBER_GREATER_THAN_OR_EQUAL_TO';
  /** The list's values, or the minimum (as text) for a number rule. */
  values: string[];
  allowInvalid: boolean;
}

/** A conditional format rule: ours (text equals → background) or one read from the file we keep as is. */
interface FormatRuleData {
  ranges: Dims[];
  sheetName: string;
  text: string | null;
  background: string | null;
  /** The exceljs rule when it came from the file and is not one we understand. */
  raw?: ExcelJS.ConditionalFormattingRule;
}

export function newUiRecord(): UiRecord {
  return { menus: [], alerts: [] };
}

export interface SpreadsheetAppOptions {
  /** Where menus and alerts are recorded; shared across executions so the menu outlives onOpen. */
  ui?: UiRecord;
  /**
   * Whether this execution has a Sheet UI (onOpen, a menu item). Web app and trigger executions have
   * none: getUi() throws there, as in Apps Script.
   */
  uiAvailable?: boolean;
  spreadsheetId?: string;
  /** Spreadsheet.getSpreadsheetTimeZone() (File → Settings in Sheets); default UTC. */
  timeZone?: string;
}

/** The global SpreadsheetApp for one execution. */
export function createSpreadsheetApp(
  file: WorkbookFile,
  realm: RealmRef,
  log: RuntimeLog,
  options: SpreadsheetAppOptions = {},
): object {
  const fail = (message: string): never => {
    throw realm.error(message);
  };
  const wrap = <T extends object>(name: string, target: T): T => strict(name, target, (m) => realm.error(m));
  const ui = options.ui ?? newUiRecord();
  const spreadsheetId = options.spreadsheetId ?? 'local-spreadsheet';

  const worksheet = (name: string): ExcelJS.Worksheet => {
    const ws = file.workbook.getWorksheet(name);
    if (!ws) return fail(`Sheet ${name} no longer exists.`);
    return ws;
  };

  // ---- cell values

  const readCell = (cell: ExcelJS.Cell): unknown => {
    const v = cell.value as unknown;
    if (v === null || v === undefined) return '';
    if (typeof v === 'number' || typeof v === 'boolean' || typeof v === 'string') return v;
    if (isDate(v)) return realm.date(v.getTime());
    if (typeof v === 'object') {
      const o = v as Record<string, unknown>;
      if ('formula' in o || 'sharedFormula' in o) {
        const result = o.result;
        if (result === undefined || result === null) return '';
        if (isDate(result)) return realm.date(result.getTime());
        if (typeof result === 'object') return String((result as { error?: string }).error ?? '');
        return result;
      }
      if (Array.isArray(o.richText)) return (o.richText as { text: string }[]).map((r) => r.text).join('');
      if (typeof o.text === 'string') return o.text;
      if (typeof o.error === 'string') return o.error;
    }
    return String(v);
  };

  const writeCell = (cell: ExcelJS.Cell, value: unknown): void => {
    file.markDirty();
    if (value === null || value === undefined || value === '') {
      cell.value = null;
    } else if (typeof value === 'number' || typeof value === 'boolean') {
      cell.value = value;
    } else if (isDate(value)) {
      cell.value = new Date(value.getTime());
    } else {
      const text = String(value);
      if (cell.numFmt === '@') cell.value = text;
      else if (text.startsWith("'")) cell.value = text.slice(1);
      else if (text.startsWith('=') && text.length > 1)
        cell.value = { formula: text.slice(1) } as ExcelJS.CellFormulaValue;
      else if (/^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(text.trim())) cell.value = Number(text);
      else if (/^(true|false)$/i.test(text.trim())) cell.value = text.trim().toLowerCase() === 'true';
      // As typed in Sheets: "+x" becomes the formula =+x and "-x" a formula too (PLATFORM.md; the test
      // fake does the same: test/sheet/conformance.test.ts).
      else if ((text.startsWith('+') || text.startsWith('-')) && text.length > 1)
        cell.value = { formula: text } as ExcelJS.CellFormulaValue;
      else cell.value = text;
    }
  };

  const refuseLongText = (values: unknown[]): void => {
    for (const v of values) if (typeof v === 'string' && v.length > MAX_CELL_CHARS) fail(CELL_TOO_LONG);
  };

  /** The text a cell shows, for TextFinder. */
  const shownText = (cell: ExcelJS.Cell): string => {
    const v = readCell(cell);
    return isDate(v) ? v.toISOString() : String(v);
  };

  const hasContent = (cell: ExcelJS.Cell): boolean =>
    cell.value !== null && cell.value !== undefined && cell.value !== '';

  const lastRow = (ws: ExcelJS.Worksheet): number => {
    for (let r = ws.rowCount; r >= 1; r--) {
      const row = ws.getRow(r);
      let found = false;
      row.eachCell({ includeEmpty: false }, (cell) => {
        if (hasContent(cell)) found = true;
      });
      if (found) return r;
    }
    return 0;
  };

  const lastColumn = (ws: ExcelJS.Worksheet): number => {
    let last = 0;
    ws.eachRow({ includeEmpty: false }, (row) => {
      row.eachCell({ includeEmpty: false }, (cell, col) => {
        if (hasContent(cell) && col > last) last = col;
      });
    });
    return last;
  };

  // ---- A1 notation

  const columnLetters = (col: number): string => {
    let s = '';
    for (let n = col; n > 0; n = Math.floor((n - 1) / 26)) s = String.fromCharCode(65 + ((n - 1) % 26)) + s;
    return s;
  };
  const a1 = (d: Dims): string => {
    const start = `${columnLetters(d.column)}${d.row}`;
    if (d.numRows === 1 && d.numColumns === 1) return start;
    return `${start}:${columnLetters(d.column + d.numColumns - 1)}${d.row + d.numRows - 1}`;
  };
  const parseCell = (ref: string): { row: number; column: number } | null => {
    const m = /^\$?([A-Za-z]{1,3})\$?(\d+)$/.exec(ref);
    if (!m) return null;
    let column = 0;
    for (const ch of (m[1] ?? '').toUpperCase()) column = column * 26 + (ch.charCodeAt(0) - 64);
    return { row: Number(m[2]), column };
  };
  const parseA1 = (text: string): Dims => {
    const [from, to = from] = text.replace(/^.*!/, '').split(':');
    const a = parseCell(from ?? '');
    const b = parseCell(to ?? '');
    if (!a || !b) return fail(`Range not found`);
    return {
      row: Math.min(a.row, b.row),
      column: Math.min(a.column, b.column),
      numRows: Math.abs(b.row - a.row) + 1,
      numColumns: Math.abs(b.column - a.column) + 1,
    };
  };

  // ---- rules

  const argb = (color: string): string => {
    const hex = color.replace('#', '');
    return (
      hex.length === 3
        ? hex
            .split('')
            .map((c) => c + c)
            .join('')
        : hex
    )
      .toUpperCase()
      .padStart(8, 'F');
  };

  const makeValidation = (rule: ValidationRule): object =>
    wrap('DataValidation', {
      __rule: rule,
      getCriteriaType: () => rule.kind,
      getCriteriaValues: () =>
        realm.array<unknown>(
          rule.kind === 'VALUE_IN_LIST'
            ? [realm.array(rule.values), true]
            : rule.kind === 'NUMBER_GREATER_THAN_OR_EQUAL_TO'
              ? [Number(rule.values[0])]
              : [],
        ),
      getAllowInvalid: () => rule.allowInvalid,
      copy: () => newDataValidation(rule),
    });

  const newDataValidation = (start?: ValidationRule): object => {
    const rule: ValidationRule = start
      ? { ...start, values: [...start.values] }
      : { kind: 'CHECKBOX', values: [], allowInvalid: true };
    const builder: Record<string, unknown> = {
      requireCheckbox: () => {
        rule.kind = 'CHECKBOX';
        rule.values = [];
        return proxy;
      },
      requireValueInList: (values: string[]) => {
        rule.kind = 'VALUE_IN_LIST';
        rule.values = Array.from(values, String);
        return proxy;
      },
      requireNumberGreaterThanOrEqualTo: (min: number) => {
        rule.kind = 'NUMBER_GREATER_THAN_OR_EQUAL_TO';
        rule.values = [String(Number(min))];
        return proxy;
      },
      setAllowInvalid: (allow: boolean) => {
        rule.allowInvalid = allow;
        return proxy;
      },
      build: () => makeValidation({ ...rule, values: [...rule.values] }),
    };
    const proxy = wrap('DataValidationBuilder', builder);
    return proxy;
  };

  const toExcelValidation = (rule: ValidationRule): ExcelJS.DataValidation =>
    rule.kind === 'NUMBER_GREATER_THAN_OR_EQUAL_TO'
      ? {
          type: 'decimal',
          operator: 'greaterThanOrEqual',
          allowBlank: true,
          formulae: [Number(rule.values[0])],
          showErrorMessage: !rule.allowInvalid,
        }
      : listValidation(rule);

  const listValidation = (rule: ValidationRule): ExcelJS.DataValidation => ({
    type: 'list',
    allowBlank: true,
    // Excel has no checkbox: a TRUE/FALSE list is the nearest thing a spreadsheet app shows.
    formulae: [rule.kind === 'CHECKBOX' ? '"TRUE,FALSE"' : `"${rule.values.join(',').replace(/"/g, '""')}"`],
    showErrorMessage: !rule.allowInvalid,
  });

  const makeFormatRule = (data: FormatRuleData): object =>
    wrap('ConditionalFormatRule', {
      __rule: data,
      getRanges: () => realm.array(data.ranges.map((d) => makeRange(data.sheetName, d))),
      getBooleanCondition: () =>
        data.text === null
          ? null
          : wrap('BooleanCondition', {
              getCriteriaType: () => 'TEXT_EQUAL_TO',
              getCriteriaValues: () => realm.array([data.text]),
              getBackground: () => data.background,
            }),
      copy: () => newConditionalFormatRule({ ...data, ranges: [...data.ranges] }),
    });

  const newConditionalFormatRule = (start?: FormatRuleData): object => {
    const data: FormatRuleData = start ?? { ranges: [], sheetName: '', text: null, background: null };
    const builder: Record<string, unknown> = {
      whenTextEqualTo: (text: string) => {
        data.text = String(text);
        delete data.raw;
        return proxy;
      },
      setBackground: (color: string | null) => {
        data.background = color;
        return proxy;
      },
      setRanges: (ranges: object[]) => {
        const dims = Array.from(ranges, (r) => r as { __dims: Dims; __sheet: string });
        data.ranges = dims.map((r) => r.__dims);
        data.sheetName = dims[0]?.__sheet ?? '';
        return proxy;
      },
      build: () => makeFormatRule({ ...data, ranges: [...data.ranges] }),
    };
    const proxy = wrap('ConditionalFormatRuleBuilder', builder);
    return proxy;
  };

  // exceljs keeps a tab's conditional formats here but does not declare the field.
  const formatsOf = (ws: ExcelJS.Worksheet) =>
    ws as unknown as { conditionalFormattings?: ExcelJS.ConditionalFormattingOptions[] };

  const readFormatRules = (ws: ExcelJS.Worksheet): object[] => {
    const out: object[] = [];
    for (const cf of formatsOf(ws).conditionalFormattings ?? []) {
      const ranges = cf.ref.split(/\s+/).filter(Boolean).map(parseA1);
      for (const rule of cf.rules) {
        const r = rule as {
          type: string;
          operator?: string;
          formulae?: string[];
          style?: { fill?: { bgColor?: { argb?: string } } };
        };
        const quoted =
          r.type === 'cellIs' && r.operator === 'equal' ? /^"(.*)"$/s.exec(r.formulae?.[0] ?? '') : null;
        const bg = r.style?.fill?.bgColor?.argb;
        out.push(
          makeFormatRule({
            ranges,
            sheetName: ws.name,
            text: quoted ? (quoted[1] ?? '').replace(/""/g, '"') : null,
            background: bg ? `#${bg.slice(-6).toLowerCase()}` : null,
            ...(quoted ? {} : { raw: rule }),
          }),
        );
      }
    }
    return out;
  };

  const writeFormatRules = (ws: ExcelJS.Worksheet, rules: object[]): void => {
    file.markDirty();
    formatsOf(ws).conditionalFormattings = Array.from(rules, (rule, i) => {
      const data = (rule as { __rule?: FormatRuleData }).__rule;
      if (!data) return fail('Invalid argument: rules');
      const ref = data.ranges.map(a1).join(' ');
      if (data.raw) return { ref, rules: [{ ...data.raw, priority: i + 1 }] };
      const fill = data.background
        ? { type: 'pattern' as const, pattern: 'solid' as const, bgColor: { argb: argb(data.background) } }
        : undefined;
      return {
        ref,
        rules: [
          {
            type: 'cellIs' as const,
            operator: 'equal' as const,
            priority: i + 1,
            formulae: [`"${(data.text ?? '').replace(/"/g, '""')}"`],
            style: fill ? { fill } : {},
          },
        ],
      };
    }) as ExcelJS.ConditionalFormattingOptions[];
  };

  // ---- Range

  const makeRange = (sheetName: string, d: Dims): object => {
    const cells = (fn: (cell: ExcelJS.Cell, r: number, c: number) => void): void => {
      const ws = worksheet(sheetName);
      for (let r = 0; r < d.numRows; r++) {
        for (let c = 0; c < d.numColumns; c++) fn(ws.getCell(d.row + r, d.column + c), r, c);
      }
    };
    const getValues = (): unknown[][] => {
      const ws = worksheet(sheetName);
      const rows: unknown[][] = [];
      for (let r = 0; r < d.numRows; r++) {
        const row: unknown[] = [];
        for (let c = 0; c < d.numColumns; c++) {
          const cell = ws.findCell(d.row + r, d.column + c);
          row.push(cell ? readCell(cell) : '');
        }
        rows.push(realm.array(row));
      }
      return realm.array(rows);
    };
    const setValues = (values: unknown[][]): object => {
      if (!Array.isArray(values))
        return fail(
          "The parameters (String) don't match the method signature for SpreadsheetApp.Range.setValues.",
        );
      if (values.length !== d.numRows) {
        return fail(
          `The number of rows in the data does not match the number of rows in the range. The data has ${values.length} but the range has ${d.numRows}.`,
        );
      }
      for (const row of values) {
        if (!Array.isArray(row) || row.length !== d.numColumns) {
          const n = Array.isArray(row) ? row.length : 1;
          return fail(
            `The number of columns in the data does not match the number of columns in the range. The data has ${n} but the range has ${d.numColumns}.`,
          );
        }
      }
      values.forEach((row) => refuseLongText(row));
      // The shape was checked above: every row has every column.
      cells((cell, r, c) => writeCell(cell, values[r]?.[c] ?? ''));
      return range;
    };
    const createTextFinder = (findText: string): object => {
      const options = { entire: false, matchCase: false };
      const finder: object = wrap('TextFinder', {
        matchEntireCell: (on: boolean) => ((options.entire = Boolean(on)), finder),
        matchCase: (on: boolean) => ((options.matchCase = Boolean(on)), finder),
        findAll: () => {
          const ws = worksheet(sheetName);
          const fold = (x: string): string => (options.matchCase ? x : x.toLowerCase());
          const wanted = fold(String(findText));
          const found: object[] = [];
          const last = Math.min(d.row + d.numRows - 1, lastRow(ws));
          for (let r = d.row; r <= last; r++) {
            for (let c = d.column; c < d.column + d.numColumns; c++) {
              const cell = ws.findCell(r, c);
              if (!cell || !hasContent(cell)) continue;
              const shown = fold(shownText(cell));
              if (options.entire ? shown === wanted : shown.includes(wanted))
                found.push(makeRange(sheetName, { row: r, column: c, numRows: 1, numColumns: 1 }));
            }
          }
          return realm.array(found);
        },
      });
      return finder;
    };
    const range: object = wrap('Range', {
      __dims: d,
      __sheet: sheetName,
      getRow: () => d.row,
      getColumn: () => d.column,
      getNumRows: () => d.numRows,
      getNumColumns: () => d.numColumns,
      getLastRow: () => d.row + d.numRows - 1,
      getLastColumn: () => d.column + d.numColumns - 1,
      getA1Notation: () => a1(d),
      getSheet: () => makeSheet(sheetName),
      getValues,
      getDisplayValues: () =>
        getValues().map((row) => realm.array(row.map((v) => (isDate(v) ? v.toISOString() : String(v))))),
      getValue: () => getValues()[0]?.[0],
      setValues,
      createTextFinder,
      setValue: (value: unknown) => {
        refuseLongText([value]);
        cells((cell) => writeCell(cell, value));
        return range;
      },
      clearContent: () => {
        cells((cell) => writeCell(cell, null));
        return range;
      },
      getNumberFormat: () => worksheet(sheetName).getCell(d.row, d.column).numFmt ?? 'General',
      setNumberFormat: (format: string) => {
        file.markDirty();
        cells((cell) => {
          cell.numFmt = format;
        });
        return range;
      },
      setDataValidation: (rule: object | null) => {
        file.markDirty();
        const data = rule === null ? null : (rule as { __rule?: ValidationRule }).__rule;
        if (rule !== null && !data) return fail('Invalid argument: rule');
        cells((cell) => {
          cell.dataValidation = data
            ? toExcelValidation(data)
            : (undefined as unknown as ExcelJS.DataValidation);
        });
        return range;
      },
      setNote: (note: string) => {
        file.markDirty();
        cells((cell) => {
          cell.note = note;
        });
        return range;
      },
      setFontWeight: (weight: 'bold' | 'normal' | null) => {
        file.markDirty();
        cells((cell) => {
          cell.font = { ...(cell.font ?? {}), bold: weight === 'bold' };
        });
        return range;
      },
      setBackground: (color: string | null) => {
        file.markDirty();
        cells((cell) => {
          cell.fill = color
            ? { type: 'pattern', pattern: 'solid', fgColor: { argb: argb(color) } }
            : ({ type: 'pattern', pattern: 'none' } as ExcelJS.Fill);
        });
        return range;
      },
    });
    return range;
  };

  // ---- Protection

  const makeProtection = (sheetName: string, index: number): object => {
    const update = (change: Partial<{ description: string; warningOnly: boolean }>): void => {
      const meta = file.readMeta();
      const list = meta.protections[sheetName] ?? [];
      if (!list[index]) return;
      list[index] = { ...list[index], ...change };
      meta.protections[sheetName] = list;
      file.writeMeta(meta);
    };
    const current = () =>
      file.readMeta().protections[sheetName]?.[index] ?? { description: '', warningOnly: false };
    const protection: object = wrap('Protection', {
      setWarningOnly: (warningOnly: boolean) => {
        update({ warningOnly });
        return protection;
      },
      isWarningOnly: () => current().warningOnly,
      setDescription: (description: string) => {
        update({ description: String(description) });
        return protection;
      },
      getDescription: () => current().description,
      remove: () => {
        const meta = file.readMeta();
        meta.protections[sheetName] = (meta.protections[sheetName] ?? []).filter((_, i) => i !== index);
        file.writeMeta(meta);
      },
    });
    return protection;
  };

  // ---- Sheet

  const maxRows = (name: string): number => {
    const ws = worksheet(name);
    return Math.max(DEFAULT_MAX_ROWS, ws.rowCount, file.readMeta().grid[name]?.rows ?? 0);
  };
  const maxColumns = (name: string): number => {
    const ws = worksheet(name);
    return Math.max(DEFAULT_MAX_COLUMNS, ws.columnCount, file.readMeta().grid[name]?.columns ?? 0);
  };
  /** Inserting past the content only grows the grid; inside it, content moves like in Sheets. */
  const growGrid = (name: string, change: { rows?: number; columns?: number }): void => {
    const meta = file.readMeta();
    meta.grid[name] = {
      rows: maxRows(name) + (change.rows ?? 0),
      columns: maxColumns(name) + (change.columns ?? 0),
    };
    file.writeMeta(meta);
  };

  const makeSheet = (name: string): object => {
    const sheet: object = wrap('Sheet', {
      getName: () => name,
      getSheetId: () => worksheet(name).id,
      getParent: () => spreadsheet,
      getLastRow: () => lastRow(worksheet(name)),
      getLastColumn: () => lastColumn(worksheet(name)),
      getMaxRows: () => maxRows(name),
      getMaxColumns: () => maxColumns(name),
      insertColumnsAfter: (afterPosition: number, howMany: number) => {
        const ws = worksheet(name);
        if (afterPosition < lastColumn(ws))
          ws.spliceColumns(afterPosition + 1, 0, ...Array.from({ length: howMany }, () => []));
        growGrid(name, { columns: howMany });
        return sheet;
      },
      insertRowsAfter: (afterPosition: number, howMany: number) => {
        const ws = worksheet(name);
        if (afterPosition < lastRow(ws))
          ws.spliceRows(afterPosition + 1, 0, ...Array.from({ length: howMany }, () => []));
        growGrid(name, { rows: howMany });
        return sheet;
      },
      getRange: (...args: unknown[]) => {
        if (typeof args[0] === 'string') return makeRange(name, parseA1(args[0]));
        const [row, column, numRows = 1, numColumns = 1] = args as [number, number, number?, number?];
        if (!Number.isInteger(row) || row < 1) return fail('The starting row of the range is too small.');
        if (!Number.isInteger(column) || column < 1)
          return fail('The starting column of the range is too small.');
        if (!Number.isInteger(numRows) || numRows < 1)
          return fail('The number of rows in the range must be at least 1.');
        if (!Number.isInteger(numColumns) || numColumns < 1)
          return fail('The number of columns in the range must be at least 1.');
        return makeRange(name, { row, column, numRows, numColumns });
      },
      getDataRange: () => {
        const ws = worksheet(name);
        return makeRange(name, {
          row: 1,
          column: 1,
          numRows: Math.max(1, lastRow(ws)),
          numColumns: Math.max(1, lastColumn(ws)),
        });
      },
      appendRow: (values: unknown[]) => {
        if (!Array.isArray(values) || values.length === 0)
          return fail(
            "The parameters () don't match the method signature for SpreadsheetApp.Sheet.appendRow.",
          );
        refuseLongText(values);
        const ws = worksheet(name);
        const row = lastRow(ws) + 1;
        values.forEach((v, i) => writeCell(ws.getCell(row, i + 1), v));
        return sheet;
      },
      deleteRow: (row: number) => {
        file.markDirty();
        worksheet(name).spliceRows(row, 1);
        return sheet;
      },
      deleteRows: (row: number, howMany: number) => {
        file.markDirty();
        worksheet(name).spliceRows(row, howMany);
        return sheet;
      },
      getFrozenRows: () => {
        const view = worksheet(name).views?.[0] as { state?: string; ySplit?: number } | undefined;
        return view?.state === 'frozen' ? (view.ySplit ?? 0) : 0;
      },
      setFrozenRows: (rows: number) => {
        file.markDirty();
        const ws = worksheet(name);
        const view = (ws.views?.[0] ?? {}) as { xSplit?: number };
        ws.views = [{ state: 'frozen', xSplit: view.xSplit ?? 0, ySplit: rows }];
      },
      protect: () => {
        const meta = file.readMeta();
        const list = meta.protections[name] ?? [];
        list.push({ description: '', warningOnly: false });
        meta.protections[name] = list;
        file.writeMeta(meta);
        return makeProtection(name, list.length - 1);
      },
      getProtections: (type: string) => {
        if (String(type) !== 'SHEET') return realm.array([]);
        return realm.array((file.readMeta().protections[name] ?? []).map((_, i) => makeProtection(name, i)));
      },
      getConditionalFormatRules: () => realm.array(readFormatRules(worksheet(name))),
      setConditionalFormatRules: (rules: object[]) => writeFormatRules(worksheet(name), rules),
      setColumnWidth: (column: number, width: number) => {
        file.markDirty();
        worksheet(name).getColumn(column).width = width / 7;
        return sheet;
      },
    });
    return sheet;
  };

  // ---- Spreadsheet and SpreadsheetApp

  const spreadsheet: object = wrap('Spreadsheet', {
    getId: () => spreadsheetId,
    getName: () => 'Offboard (local)',
    getSpreadsheetTimeZone: () => options.timeZone ?? 'UTC',
    getSheetByName: (name: string) => (file.tabs().some((ws) => ws.name === name) ? makeSheet(name) : null),
    getSheets: () => realm.array(file.tabs().map((ws) => makeSheet(ws.name))),
    insertSheet: (name: string) => {
      if (file.workbook.getWorksheet(name)) {
        return fail(`A sheet with the name "${name}" already exists. Please enter another name.`);
      }
      file.workbook.addWorksheet(name);
      file.markDirty();
      return makeSheet(name);
    },
  });

  const menuBuilder = (name: string): object => {
    const menu: MenuRecord = { name, items: [] };
    const builder: object = wrap('Menu', {
      addItem: (label: string, functionName: string) => {
        menu.items.push({ label, functionName });
        return builder;
      },
      addSeparator: () => builder,
      addToUi: () => {
        ui.menus = ui.menus.filter((m) => m.name !== name).concat(menu);
        log.info('ui', `menu "${name}": ${menu.items.map((i) => i.label).join(', ')}`);
      },
    });
    return builder;
  };

  const Button = { OK: 'OK', CANCEL: 'CANCEL', YES: 'YES', NO: 'NO', CLOSE: 'CLOSE' };
  const ButtonSet = { OK: 'OK', OK_CANCEL: 'OK_CANCEL', YES_NO: 'YES_NO', YES_NO_CANCEL: 'YES_NO_CANCEL' };
  const uiObject = wrap('Ui', {
    Button,
    ButtonSet,
    createMenu: menuBuilder,
    alert: (...args: unknown[]) => {
      // alert(prompt) | alert(prompt, buttons) | alert(title, prompt, buttons)
      const [title, prompt] =
        args.length >= 3 || (args.length === 2 && !(String(args[1]) in ButtonSet))
          ? [String(args[0]), String(args[1])]
          : ['', String(args[0])];
      ui.alerts.push({ title, prompt });
      log.info('ui', `alert ${title ? `"${title}": ` : ''}${prompt}`);
      return Button.OK;
    },
  });

  const app = wrap('SpreadsheetApp', {
    getActive: () => spreadsheet,
    getActiveSpreadsheet: () => spreadsheet,
    openById: (id: string) => {
      // One local workbook stands for every spreadsheet id.
      if (id !== spreadsheetId) log.info('sheet', `openById(${id}): the local workbook`);
      return spreadsheet;
    },
    flush: () => undefined,
    getUi: () =>
      options.uiAvailable === false
        ? fail('Cannot call SpreadsheetApp.getUi() from this context.')
        : uiObject,
    newDataValidation: () => newDataValidation(),
    newConditionalFormatRule: () => newConditionalFormatRule(),
    ProtectionType: { SHEET: 'SHEET', RANGE: 'RANGE' },
    DataValidationCriteria: {
      CHECKBOX: 'CHECKBOX',
      VALUE_IN_LIST: 'VALUE_IN_LIST',
      NUMBER_GREATER_THAN_OR_EQUAL_TO: 'NUMBER_GREATER_THAN_OR_EQUAL_TO',
    },
    BooleanCriteria: { TEXT_EQUAL_TO: 'TEXT_EQUAL_TO' },
  });

  return app;
}
