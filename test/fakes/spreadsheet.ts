// A counting in-memory fake of the spreadsheet ports that behaves like SpreadsheetApp, for tests and the benchmark.
//
// What it models, because production code depends on it:
//  - 1-based getRange(row, column, numRows, numColumns) that throws Apps Script's messages on bad sizes and
//    outside the sheet (a new tab is 1000 rows x 26 columns, as in Sheets).
//  - getLastRow()/getLastColumn() are 0 on an empty tab and count only cells with content.
//  - getValues() answers '' for empty cells and a fresh copy (Dates included) every time.
//  - setValues() throws when the data's shape differs from the range's.
//  - Written strings are parsed as if typed ("user entered"): '=…' becomes a formula (getValues answers
//    FORMULA_PLACEHOLDER), '+…'/'-…' that are not numbers become formulas too, numeric text becomes a number,
//    TRUE/FALSE become booleans; a leading apostrophe forces text and is not stored; a cell whose number
//    format is '@' (plain text) stores the string as-is. Date-looking text is NOT turned into a Date here.
//  - appendRow() writes after the last row with content and grows the sheet if needed.
//  - A string over 50,000 characters makes setValues/appendRow throw CELL_TOO_LONG and write nothing.
//  - Range.createTextFinder(text).findAll() answers the matching cells (displayed text, case-insensitive
//    unless matchCase, part of the cell unless matchEntireCell) without counting them as cells read.
//  - flush() is counted, so tests can assert it comes before the lock's release.
// Seed grids (withTabs, addTab) are stored raw: they are what a person already typed, as getValues returns it.
// Every method call on the spreadsheet, its sheets, ranges and protections is counted in `calls`.
// Formatting builders (FakeFormatting) are not counted: in Apps Script they are local, not round trips.

import {
  MAX_CELL_CHARS,
  type CellValue,
  type ConditionalFormatRuleLike,
  type DataValidationLike,
  type Formatting,
  type ProtectionLike,
  type RangeLike,
  type SheetLike,
  type SpreadsheetLike,
  type TextFinderLike,
} from '../../src/ports';

/**
 * What Sheets answers to a value over 50,000 characters: the write is refused whole. The Sheets API's
 * 400 INVALID_ARGUMENT carries this text (airbytehq/airbyte#15500, freelabz/secator#96); Apps Script's
 * setValue/setValues/appendRow throw an Exception with the same message.
 */
export const CELL_TOO_LONG = `Your input contains more than the maximum of ${MAX_CELL_CHARS} characters in a single cell.`;

/** What getValues answers for a cell holding a formula (the fake computes nothing). */
export const FORMULA_PLACEHOLDER = '#FORMULA';

export const COUNTED_METHODS = [
  // Spreadsheet
  'getSheetByName',
  'insertSheet',
  'flush',
  'getSpreadsheetTimeZone',
  'readTabs',
  // Sheet
  'getName',
  'getLastRow',
  'getLastColumn',
  'getMaxRows',
  'getMaxColumns',
  'getRange',
  'getFrozenRows',
  'setFrozenRows',
  'protect',
  'getProtections',
  'getConditionalFormatRules',
  'setConditionalFormatRules',
  'appendRow',
  'insertColumnsAfter',
  'insertRowsAfter',
  'deleteRows',
  // Range
  'getValues',
  'setValues',
  'setNumberFormat',
  'setDataValidation',
  'setFontWeight',
  'setNote',
  'createTextFinder',
  'findAll',
  // Protection
  'setWarningOnly',
  'setDescription',
  'getDescription',
] as const;

export type CountedMethod = (typeof COUNTED_METHODS)[number];

/** Calls per method name; every name is present (0 when never called). */
export type CallCounts = Record<CountedMethod, number>;

/** Calls that change the spreadsheet; `writeCalls()` sums them (idempotence tests assert 0). */
export const WRITE_METHODS: readonly CountedMethod[] = [
  'insertSheet',
  'setFrozenRows',
  'protect',
  'setConditionalFormatRules',
  'appendRow',
  'insertColumnsAfter',
  'insertRowsAfter',
  'deleteRows',
  'setValues',
  'setNumberFormat',
  'setDataValidation',
  'setFontWeight',
  'setNote',
  'setWarningOnly',
  'setDescription',
];

const DEFAULT_MAX_ROWS = 1000;
const DEFAULT_MAX_COLUMNS = 26;

class CallCounter {
  readonly counts: CallCounts = emptyCounts();
  /** Cells answered by getValues, the measure of how much a request reads. */
  cellsRead = 0;
  /** Every counted call in order (method names), for tests of ordering; kept short. */
  readonly order: string[] = [];

  hit(method: CountedMethod): void {
    this.counts[method] += 1;
    this.order.push(method);
    if (this.order.length > 1000) this.order.splice(0, 500);
  }

  reset(): void {
    for (const method of COUNTED_METHODS) this.counts[method] = 0;
    this.cellsRead = 0;
    this.order.length = 0;
  }
}

function refuseLongText(values: CellValue[][]): void {
  for (const line of values) {
    for (const v of line)
      if (typeof v === 'string' && v.length > MAX_CELL_CHARS) throw new Error(CELL_TOO_LONG);
  }
}

function emptyCounts(): CallCounts {
  const counts = {} as CallCounts;
  for (const method of COUNTED_METHODS) counts[method] = 0;
  return counts;
}

/** One cell as the fake stores it. */
export interface FakeCell {
  value: CellValue;
  /** Set when the cell holds a formula; `value` is then FORMULA_PLACEHOLDER. */
  formula?: string;
  numberFormat?: string;
  validation?: DataValidationLike | null;
  fontWeight?: 'bold' | 'normal' | null;
  note?: string;
}

function copyValue(value: CellValue): CellValue {
  return value instanceof Date ? new Date(value.getTime()) : value;
}

function hasContent(cell: FakeCell | undefined): boolean {
  return cell !== undefined && (cell.formula !== undefined || cell.value !== '');
}

const NUMBER_TEXT = /^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i;

/** How Sheets stores a value written by setValues/appendRow into a cell with `numberFormat`. */
function parseInput(input: CellValue, numberFormat: string | undefined): Pick<FakeCell, 'value' | 'formula'> {
  if (typeof input !== 'string') return { value: copyValue(input) };
  if (numberFormat === '@') return { value: input };
  if (input.startsWith("'")) return { value: input.slice(1) };
  const trimmed = input.trim();
  if (NUMBER_TEXT.test(trimmed)) return { value: Number(trimmed) };
  if (/^(true|false)$/i.test(trimmed)) return { value: trimmed.toLowerCase() === 'true' };
  if (input.startsWith('=') && input.length > 1) return { value: FORMULA_PLACEHOLDER, formula: input };
  // The Sheets editor turns typed "+1+1" into "=+1+1", and "-x" into a #NAME? formula.
  if ((input.startsWith('+') || input.startsWith('-')) && input.length > 1) {
    return { value: FORMULA_PLACEHOLDER, formula: `=${input}` };
  }
  return { value: input };
}

export interface FakeProtectionState {
  warningOnly: boolean;
  description: string;
}

export class FakeProtection implements ProtectionLike {
  readonly state: FakeProtectionState = { warningOnly: false, description: '' };

  constructor(private readonly counter: CallCounter) {}

  setWarningOnly(warningOnly: boolean): ProtectionLike {
    this.counter.hit('setWarningOnly');
    this.state.warningOnly = warningOnly;
    return this;
  }

  setDescription(description: string): ProtectionLike {
    this.counter.hit('setDescription');
    this.state.description = description;
    return this;
  }

  getDescription(): string {
    this.counter.hit('getDescription');
    return this.state.description;
  }
}

/** Where a range sits, in plain data (rules made by FakeFormatting keep it so tests can assert it). */
export interface FakeRangeRef {
  sheet: string;
  row: number;
  column: number;
  numRows: number;
  numColumns: number;
}

export class FakeRange implements RangeLike {
  constructor(
    private readonly sheet: FakeSheet,
    private readonly counter: CallCounter,
    readonly ref: FakeRangeRef,
  ) {}

  getValues(): CellValue[][] {
    this.counter.hit('getValues');
    this.counter.cellsRead += this.ref.numRows * this.ref.numColumns;
    return this.sheet.peekValues(this.ref.row, this.ref.column, this.ref.numRows, this.ref.numColumns);
  }

  getRow(): number {
    return this.ref.row;
  }

  createTextFinder(findText: string): TextFinderLike {
    this.counter.hit('createTextFinder');
    return new FakeTextFinder(this.sheet, this.counter, this.ref, findText);
  }

  setValues(values: CellValue[][]): RangeLike {
    this.counter.hit('setValues');
    const { row, column, numRows, numColumns } = this.ref;
    if (values.length !== numRows) {
      throw new Error(
        `The number of rows in the data does not match the number of rows in the range. The data has ${values.length} but the range has ${numRows}.`,
      );
    }
    for (const line of values) {
      if (line.length !== numColumns) {
        throw new Error(
          `The number of columns in the data does not match the number of columns in the range. The data has ${line.length} but the range has ${numColumns}.`,
        );
      }
    }
    refuseLongText(values);
    values.forEach((line, r) => line.forEach((v, c) => this.sheet.writeInput(row + r, column + c, v)));
    return this;
  }

  setNumberFormat(format: string): RangeLike {
    this.counter.hit('setNumberFormat');
    this.eachCell((cell) => (cell.numberFormat = format));
    return this;
  }

  setDataValidation(rule: DataValidationLike | null): RangeLike {
    this.counter.hit('setDataValidation');
    this.eachCell((cell) => (cell.validation = rule));
    return this;
  }

  setFontWeight(weight: 'bold' | 'normal' | null): RangeLike {
    this.counter.hit('setFontWeight');
    this.eachCell((cell) => (cell.fontWeight = weight));
    return this;
  }

  setNote(note: string): RangeLike {
    this.counter.hit('setNote');
    this.eachCell((cell) => (cell.note = note));
    return this;
  }

  private eachCell(change: (cell: FakeCell) => void): void {
    const { row, column, numRows, numColumns } = this.ref;
    for (let r = row; r < row + numRows; r++) {
      for (let c = column; c < column + numColumns; c++) change(this.sheet.cellForWrite(r, c));
    }
  }
}

/** Range.createTextFinder: matches on the text a cell shows, searched server-side. */
export class FakeTextFinder implements TextFinderLike {
  private entire = false;
  private exactCase = false;

  constructor(
    private readonly sheet: FakeSheet,
    private readonly counter: CallCounter,
    private readonly ref: FakeRangeRef,
    private readonly text: string,
  ) {}

  matchEntireCell(matchEntireCell: boolean): TextFinderLike {
    this.entire = matchEntireCell;
    return this;
  }

  matchCase(matchCase: boolean): TextFinderLike {
    this.exactCase = matchCase;
    return this;
  }

  findAll(): RangeLike[] {
    this.counter.hit('findAll');
    const fold = (x: string): string => (this.exactCase ? x : x.toLowerCase());
    const wanted = fold(this.text);
    const found: RangeLike[] = [];
    const { row, column, numRows, numColumns } = this.ref;
    const lastRow = Math.min(row + numRows - 1, this.sheet.lastRowForSearch());
    for (let r = row; r <= lastRow; r++) {
      for (let c = column; c < column + numColumns; c++) {
        const value = this.sheet.cell(r, c)?.value;
        if (value === undefined || value === '') continue;
        const shown = fold(value instanceof Date ? value.toISOString() : String(value));
        if (this.entire ? shown === wanted : shown.includes(wanted)) {
          found.push(
            new FakeRange(this.sheet, this.counter, {
              ...this.ref,
              row: r,
              column: c,
              numRows: 1,
              numColumns: 1,
            }),
          );
        }
      }
    }
    return found;
  }
}

export interface FakeSheetSize {
  maxRows?: number;
  maxColumns?: number;
}

export class FakeSheet implements SheetLike {
  /** Sparse grid, 0-based inside; rows[r][c] is the cell at row r+1, column c+1. */
  private readonly cells: (FakeCell | undefined)[][] = [];
  private maxRows: number;
  private maxColumns: number;
  private frozenRows = 0;
  /** Sheet-level protections, in the order they were made. */
  readonly protections: FakeProtection[] = [];
  /** The conditional format rules as last set (see FakeFormatting for their shape). */
  conditionalRules: ConditionalFormatRuleLike[] = [];

  constructor(
    /** The tab name (reading it here is not counted; getName() is). A person may rename it. */
    public tabName: string,
    private readonly counter: CallCounter,
    seed: CellValue[][] = [],
    size: FakeSheetSize = {},
  ) {
    const seedColumns = seed.reduce((max, line) => Math.max(max, line.length), 0);
    this.maxRows = Math.max(size.maxRows ?? DEFAULT_MAX_ROWS, seed.length);
    this.maxColumns = Math.max(size.maxColumns ?? DEFAULT_MAX_COLUMNS, seedColumns);
    seed.forEach((line, r) => {
      this.cells[r] = line.map((value) => (value === '' ? undefined : { value: copyValue(value) }));
    });
  }

  // ---- SheetLike (counted)

  getName(): string {
    this.counter.hit('getName');
    return this.tabName;
  }

  getLastRow(): number {
    this.counter.hit('getLastRow');
    return this.lastRow();
  }

  getLastColumn(): number {
    this.counter.hit('getLastColumn');
    return this.lastColumn();
  }

  getMaxRows(): number {
    this.counter.hit('getMaxRows');
    return this.maxRows;
  }

  getMaxColumns(): number {
    this.counter.hit('getMaxColumns');
    return this.maxColumns;
  }

  getRange(row: number, column: number, numRows: number, numColumns: number): FakeRange {
    this.counter.hit('getRange');
    if (row < 1) throw new Error('The starting row of the range is too small.');
    if (column < 1) throw new Error('The starting column of the range is too small.');
    if (numRows < 1) throw new Error('The number of rows in the range must be at least 1.');
    if (numColumns < 1) throw new Error('The number of columns in the range must be at least 1.');
    if (row + numRows - 1 > this.maxRows || column + numColumns - 1 > this.maxColumns) {
      throw new Error('The coordinates of the range are outside the dimensions of the sheet.');
    }
    return new FakeRange(this, this.counter, { sheet: this.tabName, row, column, numRows, numColumns });
  }

  getFrozenRows(): number {
    this.counter.hit('getFrozenRows');
    return this.frozenRows;
  }

  setFrozenRows(rows: number): void {
    this.counter.hit('setFrozenRows');
    this.frozenRows = rows;
  }

  protect(): ProtectionLike {
    this.counter.hit('protect');
    const protection = new FakeProtection(this.counter);
    this.protections.push(protection);
    return protection;
  }

  getProtections(_type: 'SHEET'): ProtectionLike[] {
    this.counter.hit('getProtections');
    return [...this.protections];
  }

  getConditionalFormatRules(): ConditionalFormatRuleLike[] {
    this.counter.hit('getConditionalFormatRules');
    return [...this.conditionalRules];
  }

  setConditionalFormatRules(rules: ConditionalFormatRuleLike[]): void {
    this.counter.hit('setConditionalFormatRules');
    this.conditionalRules = [...rules];
  }

  // ---- Beyond src/ports.ts today (real Apps Script sheets have these)

  appendRow(values: CellValue[]): FakeSheet {
    this.counter.hit('appendRow');
    refuseLongText([values]);
    const row = this.lastRow() + 1;
    this.maxRows = Math.max(this.maxRows, row);
    this.maxColumns = Math.max(this.maxColumns, values.length);
    values.forEach((v, c) => this.writeInput(row, c + 1, v));
    return this;
  }

  insertColumnsAfter(afterPosition: number, howMany: number): FakeSheet {
    this.counter.hit('insertColumnsAfter');
    if (afterPosition < 1 || afterPosition > this.maxColumns) {
      throw new Error('Those columns are out of bounds.');
    }
    for (const line of this.cells) {
      if (line && line.length > afterPosition) {
        line.splice(afterPosition, 0, ...new Array<FakeCell | undefined>(howMany).fill(undefined));
      }
    }
    this.maxColumns += howMany;
    return this;
  }

  insertRowsAfter(afterPosition: number, howMany: number): FakeSheet {
    this.counter.hit('insertRowsAfter');
    if (afterPosition < 1 || afterPosition > this.maxRows) throw new Error('Those rows are out of bounds.');
    if (this.cells.length > afterPosition) {
      this.cells.splice(
        afterPosition,
        0,
        ...new Array<(FakeCell | undefined)[]>(howMany).fill([]).map(() => []),
      );
    }
    this.maxRows += howMany;
    return this;
  }

  deleteRows(rowPosition: number, howMany: number): void {
    this.counter.hit('deleteRows');
    if (rowPosition < 1 || howMany < 1 || rowPosition + howMany - 1 > this.maxRows)
      throw new Error('Those rows are out of bounds.');
    this.cells.splice(rowPosition - 1, howMany);
    this.maxRows -= howMany;
  }

  // ---- Test helpers (not counted)

  /** Adds raw rows after the last one, uncounted (history for benchmarks and tests: 50,000 rows fast). */
  seedRows(rows: CellValue[][]): void {
    const at = this.lastRow();
    rows.forEach((line, i) => {
      this.cells[at + i] = line.map((value) => (value === '' ? undefined : { value: copyValue(value) }));
    });
    this.maxRows = Math.max(this.maxRows, at + rows.length);
  }

  /** A person deletes a row (the rows below move up). */
  deleteRow(row: number): void {
    this.cells.splice(row - 1, 1);
  }

  /** The used range as getValues would answer it ([] on an empty tab). */
  rows(): CellValue[][] {
    const lastRow = this.lastRow();
    const lastColumn = this.lastColumn();
    return lastRow === 0 ? [] : this.peekValues(1, 1, lastRow, lastColumn);
  }

  /** The cell as stored, or undefined when nothing was ever written or formatted there. */
  cell(row: number, column: number): FakeCell | undefined {
    return this.cells[row - 1]?.[column - 1];
  }

  /** The formula text in a cell, or null. */
  formulaAt(row: number, column: number): string | null {
    return this.cell(row, column)?.formula ?? null;
  }

  validationAt(row: number, column: number): DataValidationLike | null {
    return this.cell(row, column)?.validation ?? null;
  }

  noteAt(row: number, column: number): string {
    return this.cell(row, column)?.note ?? '';
  }

  fontWeightAt(row: number, column: number): 'bold' | 'normal' | null {
    return this.cell(row, column)?.fontWeight ?? null;
  }

  numberFormatAt(row: number, column: number): string | null {
    return this.cell(row, column)?.numberFormat ?? null;
  }

  frozen(): number {
    return this.frozenRows;
  }

  size(): { maxRows: number; maxColumns: number } {
    return { maxRows: this.maxRows, maxColumns: this.maxColumns };
  }

  // ---- Used by FakeRange

  lastRowForSearch(): number {
    return this.lastRow();
  }

  peekValues(row: number, column: number, numRows: number, numColumns: number): CellValue[][] {
    const values: CellValue[][] = [];
    for (let r = row; r < row + numRows; r++) {
      const line: CellValue[] = [];
      for (let c = column; c < column + numColumns; c++) {
        const cell = this.cell(r, c);
        line.push(cell === undefined ? '' : copyValue(cell.value));
      }
      values.push(line);
    }
    return values;
  }

  writeInput(row: number, column: number, input: CellValue): void {
    const cell = this.cellForWrite(row, column);
    const parsed = parseInput(input, cell.numberFormat);
    cell.value = parsed.value;
    if (parsed.formula === undefined) delete cell.formula;
    else cell.formula = parsed.formula;
  }

  cellForWrite(row: number, column: number): FakeCell {
    const line = (this.cells[row - 1] ??= []);
    return (line[column - 1] ??= { value: '' });
  }

  private lastRow(): number {
    for (let r = this.cells.length; r >= 1; r--) {
      if (this.cells[r - 1]?.some(hasContent)) return r;
    }
    return 0;
  }

  private lastColumn(): number {
    let last = 0;
    for (const line of this.cells) {
      if (!line) continue;
      for (let c = line.length; c > last; c--) {
        if (hasContent(line[c - 1])) {
          last = c;
          break;
        }
      }
    }
    return last;
  }
}

export class FakeSpreadsheet implements SpreadsheetLike {
  private readonly counter = new CallCounter();
  private readonly sheets: FakeSheet[] = [];

  /** A spreadsheet whose tabs hold these grids (row 1 first), stored raw as if a person typed them. */
  static withTabs(tabs: Record<string, CellValue[][]>, size: FakeSheetSize = {}): FakeSpreadsheet {
    const fake = new FakeSpreadsheet();
    for (const [name, grid] of Object.entries(tabs)) fake.addTab(name, grid, size);
    return fake;
  }

  /** Live call counts since creation or the last resetCounts(). */
  get calls(): CallCounts {
    return this.counter.counts;
  }

  /** Cells answered by getValues since creation or the last resetCounts(). */
  get cellsRead(): number {
    return this.counter.cellsRead;
  }

  /** The counted calls in the order they were made (the last few hundred). */
  get callOrder(): readonly string[] {
    return this.counter.order;
  }

  /** Test helper (not counted): a tab is deleted or renamed by a person. */
  removeTab(name: string): void {
    const index = this.sheets.findIndex((s) => s.tabName === name);
    if (index < 0) throw new Error(`No tab "${name}" in the fake spreadsheet.`);
    this.sheets.splice(index, 1);
  }

  resetCounts(): void {
    this.counter.reset();
  }

  /** How many calls changed the spreadsheet (see WRITE_METHODS). */
  writeCalls(): number {
    return WRITE_METHODS.reduce((sum, method) => sum + this.counter.counts[method], 0);
  }

  /** Test helper (not counted): add a tab with a raw seed grid. */
  addTab(name: string, grid: CellValue[][] = [], size: FakeSheetSize = {}): FakeSheet {
    if (this.sheets.some((s) => s.tabName === name)) throw new Error(`Tab "${name}" already exists.`);
    const sheet = new FakeSheet(name, this.counter, grid, size);
    this.sheets.push(sheet);
    return sheet;
  }

  /** Test helper (not counted): the tab, or a thrown error naming it. */
  sheet(name: string): FakeSheet {
    const sheet = this.sheets.find((s) => s.tabName === name);
    if (!sheet) throw new Error(`No tab "${name}" in the fake spreadsheet.`);
    return sheet;
  }

  /** Test helper (not counted): tab names in creation order. */
  tabNames(): string[] {
    return this.sheets.map((s) => s.tabName);
  }

  // Apps Script's getSheetByName is exact-name here; real Sheets may be more lenient about case.
  getSheetByName(name: string): FakeSheet | null {
    this.counter.hit('getSheetByName');
    return this.sheets.find((s) => s.tabName === name) ?? null;
  }

  flush(): void {
    this.counter.hit('flush');
  }

  /**
   * Whether the Sheets advanced service is enabled (appsscript.json): without it readTabs makes no call
   * and answers null, as the adapter does.
   */
  sheetsApi = true;

  /**
   * The Sheets API's batchGet of whole tabs: one counted call (its cells counted as read); null, as the
   * adapter answers a failed call, when a tab is missing.
   */
  readTabs(names: string[]): CellValue[][][] | null {
    if (!this.sheetsApi) return null;
    this.counter.hit('readTabs');
    const tabs = names.map((name) => this.sheets.find((s) => s.tabName === name));
    if (tabs.some((t) => t === undefined)) return null;
    return tabs.map((t) => {
      const rows = t!.rows();
      for (const row of rows) this.counter.cellsRead += row.length;
      return rows;
    });
  }

  /** Test helper (not counted): the spreadsheet's time zone, as File → Settings sets it. */
  timeZone = 'UTC';

  getSpreadsheetTimeZone(): string {
    this.counter.hit('getSpreadsheetTimeZone');
    return this.timeZone;
  }

  insertSheet(name: string): FakeSheet {
    this.counter.hit('insertSheet');
    if (this.sheets.some((s) => s.tabName === name)) {
      throw new Error(`A sheet with the name "${name}" already exists. Please enter another name.`);
    }
    const sheet = new FakeSheet(name, this.counter);
    this.sheets.push(sheet);
    return sheet;
  }
}

/** A data validation made by FakeFormatting. */
export type FakeValidation =
  | { kind: 'checkbox'; description: string }
  | { kind: 'oneOf'; values: string[]; description: string }
  | { kind: 'numberAtLeast'; min: number; description: string };

/** A conditional format rule made by FakeFormatting (tests may also build these to seed a sheet). */
export interface FakeConditionalRule {
  kind: 'textEquals';
  text: string;
  background: string;
  range: FakeRangeRef;
  description: string;
}

/** SpreadsheetApp's rule builders as plain, readable objects. */
export class FakeFormatting implements Formatting {
  checkbox(): FakeValidation {
    return { kind: 'checkbox', description: 'checkbox' };
  }

  oneOf(values: string[]): FakeValidation {
    return { kind: 'oneOf', values: [...values], description: `one of: ${values.join(', ')}` };
  }

  numberAtLeast(min: number): FakeValidation {
    return { kind: 'numberAtLeast', min, description: `a number at least ${min}` };
  }

  textEquals(range: RangeLike, text: string, background: string): FakeConditionalRule {
    if (!(range instanceof FakeRange))
      throw new Error('FakeFormatting only accepts ranges of the fake spreadsheet.');
    const ref = { ...range.ref };
    return {
      kind: 'textEquals',
      text,
      background,
      range: ref,
      description: `${ref.sheet}!R${ref.row}C${ref.column}:R${ref.row + ref.numRows - 1}C${ref.column + ref.numColumns - 1} text is "${text}" → ${background}`,
    };
  }

  describeRule(rule: ConditionalFormatRuleLike): string | null {
    const candidate = rule as Partial<FakeConditionalRule>;
    return candidate.kind === 'textEquals' && typeof candidate.text === 'string' ? candidate.text : null;
  }
}
