// A tab as a table: columns found by their header wherever people moved them; one read per tab, one
// write per row, extra columns and hand-typed values left alone.

import { OffboardError } from '../errors';
import type { CellValue, SheetLike, SpreadsheetLike } from '../ports';
import { literal } from './literal';

export interface ColumnSpec {
  /** The name code uses. */
  key: string;
  /** The header setup writes. */
  header: string;
  /** Other headers people may have typed for the same column. */
  aliases?: string[];
  /** A Sheet made before this column existed still reads: its cells read as empty until setup adds it. */
  optional?: boolean;
}

export interface TabSpec {
  name: string;
  columns: ColumnSpec[];
}

/** Where each column of a spec sits in a tab's row 1. */
export interface HeaderMap {
  tab: string;
  /** Columns the tab uses (header or data), so writes never cut a row short. */
  width: number;
  /** 1-based column of each key found. */
  columns: Record<string, number>;
  /** Spec columns row 1 lacks. */
  missing: ColumnSpec[];
  /**
   * Headers of row 1 no spec column claims, by headerKey (columns named by people's data, such as a
   * webhook task's column in the Offboarding tab). Absent in maps cached before it existed.
   */
  others?: Record<string, number>;
}

/** One non-blank row as read. */
export interface TableRecord {
  rowNumber: number;
  get(key: string): CellValue;
  /** The cell as trimmed text ('' when empty; Dates as ISO text). */
  text(key: string): string;
  /** A ticked box or a typed yes: TRUE, yes, y, x, 1, ✓, checked, on (any case). */
  bool(key: string): boolean;
}

export interface TableSnapshot {
  tab: string;
  header: HeaderMap;
  /** Non-blank data rows, top to bottom. */
  records: TableRecord[];
  /** The whole row as read (width = header.width), or null when it was blank or beyond the data. */
  row(rowNumber: number): CellValue[] | null;
}

export interface Table {
  readonly spec: TabSpec;
  /** The used range in one getValues; throws SHEET_MISSING_COLUMN when a spec column has no header. */
  read(): TableSnapshot;
  /** Row 1 only, in one getValues (for appends without a snapshot). */
  readHeader(): HeaderMap;
  /**
   * One setValues over the span from the first to the last changed column of `rowNumber`; cells in between
   * that did not change are written back from the snapshot. Updates the snapshot to match.
   */
  updateRow(snapshot: TableSnapshot, rowNumber: number, changes: Record<string, unknown>): void;
  /** One setValues of adjacent columns without a snapshot; throws when the changed columns have a gap. */
  updateCells(rowNumber: number, header: HeaderMap, changes: Record<string, unknown>): void;
  /** One appendRow in header order; reads row 1 first when no header map is given. */
  append(record: Record<string, unknown>, header?: HeaderMap): void;
  /**
   * Writes only the spec's cells named in `changes`: one setValues per run of adjacent columns, so a
   * person's own columns between them (formulas included) are never written.
   */
  writeOwnCells(rowNumber: number, header: HeaderMap, changes: Record<string, unknown>): void;
  /** Several rows after the last row, in one setValues (the tab grows first when it must). */
  appendRows(records: Record<string, unknown>[], header: HeaderMap): void;
  /**
   * Adjacent rows from `firstRow` down, one record each: one setValues per run of adjacent columns for
   * all of them, so a person's own columns between them are never written.
   */
  writeOwnRows(firstRow: number, header: HeaderMap, records: Record<string, unknown>[]): void;
  /** One column's cells as text, `count` rows from `firstRow` (one getValues). */
  readColumn(key: string, header: HeaderMap, firstRow: number, count: number): string[];
  /** One row as a record (one getValues of the header's width); null when the row is blank. */
  readRow(rowNumber: number, header: HeaderMap): TableRecord | null;
  /** `count` rows from `first` in one read; blank rows are left out. */
  readRows(first: number, count: number, header: HeaderMap): TableRecord[];
  /**
   * Rows whose `key` cell shows `text` (whole cell, case-insensitive unless told), found by a TextFinder
   * on that one column: no cell is read.
   */
  findRows(key: string, header: HeaderMap, text: string, options?: { entireCell?: boolean }): number[];
  /** The row number the last append went to (one getLastRow). */
  lastRow(): number;
}

/** A header as compared: case, spaces and punctuation ignored ("Slack user-ID " = "slackuserid"). */
export function headerKey(text: unknown): string {
  return String(text ?? '')
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]/gu, '');
}

/** Finds the spec's columns in `headerRow`; the first matching header wins when people duplicated one. */
export function matchHeader(spec: TabSpec, headerRow: CellValue[], width = headerRow.length): HeaderMap {
  const firstColumnOf = new Map<string, number>();
  headerRow.forEach((cell, index) => {
    const key = headerKey(cell);
    if (key !== '' && !firstColumnOf.has(key)) firstColumnOf.set(key, index + 1);
  });
  const columns: Record<string, number> = {};
  const missing: ColumnSpec[] = [];
  for (const column of spec.columns) {
    const found = [column.header, ...(column.aliases ?? [])]
      .map((h) => firstColumnOf.get(headerKey(h)))
      .find((c) => c !== undefined);
    if (found === undefined) missing.push(column);
    else columns[column.key] = found;
  }
  const claimed = new Set(Object.values(columns));
  const others: Record<string, number> = {};
  for (const [key, column] of firstColumnOf) if (!claimed.has(column)) others[key] = column;
  return { tab: spec.name, width: Math.max(width, headerRow.length), columns, missing, others };
}

/** A tab's used range (row 1 first), read some other way (readTabs), as `Table.read` answers it. */
export function snapshotOf(spec: TabSpec, grid: CellValue[][], width = 0): TableSnapshot {
  const header = matchHeader(spec, grid[0] ?? [], Math.max(width, ...grid.map((r) => r.length)));
  if (requiredMissing(header).length > 0) throw missingColumns(header);
  const rows = new Map<number, CellValue[]>();
  const records: TableRecord[] = [];
  grid.forEach((row, index) => {
    if (index === 0 || isBlankRow(row)) return;
    const rowNumber = index + 1;
    rows.set(rowNumber, row);
    records.push(rowRecord(header, rowNumber, row));
  });
  return { tab: spec.name, header, records, row: (rowNumber) => rows.get(rowNumber) ?? null };
}

export function openTable(ss: SpreadsheetLike, spec: TabSpec): Table {
  const sheet = ss.getSheetByName(spec.name);
  if (!sheet) {
    throw new OffboardError(
      'SHEET_MISSING_TAB',
      `The spreadsheet has no "${spec.name}" tab. Run Offboard setup.`,
      {
        tab: spec.name,
      },
    );
  }
  return new SheetTable(sheet, spec);
}

const TRUE_WORDS = new Set(['true', 'yes', 'y', 'x', '1', '✓', '✔', 'checked', 'on']);

export function cellText(value: CellValue | undefined): string {
  if (value === undefined) return '';
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? '' : value.toISOString();
  return String(value).trim();
}

export function cellBool(value: CellValue | undefined): boolean {
  if (value === true) return true;
  if (value === 1) return true;
  return typeof value === 'string' && TRUE_WORDS.has(value.trim().toLowerCase());
}

/** Empty, or holding only checkboxes (Insert → Checkbox fills every row of a column with FALSE). */
function isBlankRow(row: CellValue[]): boolean {
  return row.every((cell) => typeof cell === 'boolean' || (typeof cell === 'string' && cell.trim() === ''));
}

/** One row's cells as a record, found by the header's columns. */
export function rowRecord(header: HeaderMap, rowNumber: number, row: CellValue[]): TableRecord {
  const get = (key: string): CellValue =>
    header.columns[key] === undefined && header.missing.some((c) => c.key === key && c.optional)
      ? ''
      : (row[columnOf(header, key) - 1] ?? '');
  return { rowNumber, get, text: (key) => cellText(get(key)), bool: (key) => cellBool(get(key)) };
}

/** What getValues will answer after `written` is stored (Sheets drops the literal's apostrophe). */
function asReadBack(written: CellValue): CellValue {
  return typeof written === 'string' && written.startsWith("'") ? written.slice(1) : written;
}

/** A value read from the Sheet, made safe to write back (text people typed stays text). */
function rewritable(value: CellValue): CellValue {
  return typeof value === 'string' ? literal(value) : value;
}

/** Spec columns row 1 lacks that the tab cannot do without. */
function requiredMissing(header: HeaderMap): ColumnSpec[] {
  return header.missing.filter((c) => !c.optional);
}

function missingColumns(header: HeaderMap): OffboardError {
  const names = requiredMissing(header).map((c) => c.header);
  return new OffboardError(
    'SHEET_MISSING_COLUMN',
    `The "${header.tab}" tab has no ${names.map((n) => `"${n}"`).join(', ')} column${names.length > 1 ? 's' : ''}. Add ${
      names.length > 1 ? 'them' : 'it'
    } to row 1 or run Offboard setup.`,
    { tab: header.tab, column: names.join(', ') },
  );
}

function columnOf(header: HeaderMap, key: string): number {
  const column = header.columns[key];
  if (column === undefined) {
    throw new OffboardError('INTERNAL', `No column "${key}" in the "${header.tab}" tab spec.`, {
      tab: header.tab,
      key,
    });
  }
  return column;
}

class SheetTable implements Table {
  constructor(
    private readonly sheet: SheetLike,
    readonly spec: TabSpec,
  ) {}

  read(): TableSnapshot {
    const lastRow = this.sheet.getLastRow();
    const lastColumn = this.sheet.getLastColumn();
    const grid = lastRow === 0 ? [] : this.sheet.getRange(1, 1, lastRow, lastColumn).getValues();
    return snapshotOf(this.spec, grid, lastColumn);
  }

  readHeader(): HeaderMap {
    const lastColumn = this.sheet.getLastColumn();
    const headerRow = lastColumn === 0 ? [] : (this.sheet.getRange(1, 1, 1, lastColumn).getValues()[0] ?? []);
    const header = matchHeader(this.spec, headerRow, lastColumn);
    if (requiredMissing(header).length > 0) throw missingColumns(header);
    return header;
  }

  updateRow(snapshot: TableSnapshot, rowNumber: number, changes: Record<string, unknown>): void {
    this.checkDataRow(rowNumber);
    const header = snapshot.header;
    const changed = this.changedColumns(header, changes);
    if (changed.size === 0) return;
    const first = Math.min(...changed.keys());
    const last = Math.max(...changed.keys());
    const current = snapshot.row(rowNumber) ?? [];
    const values: CellValue[] = [];
    for (let column = first; column <= last; column++) {
      values.push(
        changed.has(column) ? (changed.get(column) as CellValue) : rewritable(current[column - 1] ?? ''),
      );
    }
    this.sheet.getRange(rowNumber, first, 1, values.length).setValues([values]);
    this.remember(snapshot, rowNumber, first, values);
  }

  updateCells(rowNumber: number, header: HeaderMap, changes: Record<string, unknown>): void {
    this.checkDataRow(rowNumber);
    const changed = this.changedColumns(header, changes);
    if (changed.size === 0) return;
    const first = Math.min(...changed.keys());
    const last = Math.max(...changed.keys());
    if (last - first + 1 !== changed.size) {
      throw new OffboardError(
        'INTERNAL',
        `updateCells needs adjacent columns in "${header.tab}" (got ${Object.keys(changes).join(', ')}); use updateRow.`,
        { tab: header.tab },
      );
    }
    const values: CellValue[] = [];
    for (let column = first; column <= last; column++) values.push(changed.get(column) as CellValue);
    this.sheet.getRange(rowNumber, first, 1, values.length).setValues([values]);
  }

  append(record: Record<string, unknown>, header: HeaderMap = this.readHeader()): void {
    const changed = this.changedColumns(header, record);
    const width = Math.max(0, ...changed.keys());
    const values: CellValue[] = [];
    for (let column = 1; column <= width; column++) values.push(changed.get(column) ?? '');
    this.sheet.appendRow(values);
  }

  writeOwnCells(rowNumber: number, header: HeaderMap, changes: Record<string, unknown>): void {
    this.checkDataRow(rowNumber);
    const changed = this.changedColumns(header, changes);
    const columns = [...changed.keys()].sort((a, b) => a - b);
    let start = 0;
    for (let i = 1; i <= columns.length; i++) {
      if (i < columns.length && columns[i] === columns[i - 1]! + 1) continue; // i - 1 is 0..length-1
      const span = columns.slice(start, i);
      this.sheet
        .getRange(rowNumber, span[0]!, 1, span.length) // a span is never empty (start < i)
        .setValues([span.map((c) => changed.get(c) as CellValue)]);
      start = i;
    }
  }

  writeOwnRows(firstRow: number, header: HeaderMap, records: Record<string, unknown>[]): void {
    if (records.length === 0) return;
    this.checkDataRow(firstRow);
    const rows = records.map((record) => this.changedColumns(header, record));
    const columns = [...new Set(rows.flatMap((r) => [...r.keys()]))].sort((a, b) => a - b);
    let start = 0;
    for (let i = 1; i <= columns.length; i++) {
      if (i < columns.length && columns[i] === columns[i - 1]! + 1) continue;
      const span = columns.slice(start, i);
      this.sheet
        .getRange(firstRow, span[0]!, rows.length, span.length)
        .setValues(rows.map((r) => span.map((c) => r.get(c) ?? '')));
      start = i;
    }
  }

  readColumn(key: string, header: HeaderMap, firstRow: number, count: number): string[] {
    if (count <= 0) return [];
    this.checkDataRow(firstRow);
    return this.sheet
      .getRange(firstRow, columnOf(header, key), count, 1)
      .getValues()
      .map((row) => cellText(row[0] ?? ''));
  }

  appendRows(records: Record<string, unknown>[], header: HeaderMap): void {
    if (records.length === 0) return;
    const rows = records.map((record) => this.changedColumns(header, record));
    const width = Math.max(1, ...rows.flatMap((r) => [...r.keys()]));
    const values = rows.map((r) => Array.from({ length: width }, (_, i) => r.get(i + 1) ?? ''));
    const first = this.sheet.getLastRow() + 1;
    const missing = first + values.length - 1 - this.sheet.getMaxRows();
    if (missing > 0) this.sheet.insertRowsAfter(this.sheet.getMaxRows(), missing);
    this.sheet.getRange(first, 1, values.length, width).setValues(values);
  }

  readRow(rowNumber: number, header: HeaderMap): TableRecord | null {
    this.checkDataRow(rowNumber);
    const row = this.sheet.getRange(rowNumber, 1, 1, Math.max(1, header.width)).getValues()[0] ?? [];
    return isBlankRow(row) ? null : rowRecord(header, rowNumber, row);
  }

  readRows(first: number, count: number, header: HeaderMap): TableRecord[] {
    this.checkDataRow(first);
    if (count < 1) return [];
    const rows = this.sheet.getRange(first, 1, count, Math.max(1, header.width)).getValues();
    return rows.flatMap((row, i) => (isBlankRow(row) ? [] : [rowRecord(header, first + i, row)]));
  }

  findRows(key: string, header: HeaderMap, text: string, options: { entireCell?: boolean } = {}): number[] {
    const lastRow = this.sheet.getLastRow();
    if (lastRow < 2 || text.trim() === '') return [];
    return this.sheet
      .getRange(2, columnOf(header, key), lastRow - 1, 1)
      .createTextFinder(text)
      .matchEntireCell(options.entireCell ?? true)
      .findAll()
      .map((range) => range.getRow());
  }

  lastRow(): number {
    return this.sheet.getLastRow();
  }

  /** Column number → value ready to write, for each key in `changes`. */
  private changedColumns(header: HeaderMap, changes: Record<string, unknown>): Map<number, CellValue> {
    const changed = new Map<number, CellValue>();
    for (const [key, value] of Object.entries(changes)) changed.set(columnOf(header, key), literal(value));
    return changed;
  }

  private checkDataRow(rowNumber: number): void {
    if (!Number.isInteger(rowNumber) || rowNumber < 2) {
      throw new OffboardError('INTERNAL', `Row ${rowNumber} of "${this.spec.name}" is not a data row.`, {
        tab: this.spec.name,
      });
    }
  }

  /** Keeps the snapshot equal to the Sheet so several updates from one snapshot do not undo each other. */
  private remember(snapshot: TableSnapshot, rowNumber: number, first: number, written: CellValue[]): void {
    const row = snapshot.row(rowNumber);
    if (!row) return;
    written.forEach((value, i) => (row[first - 1 + i] = asReadBack(value)));
  }
}
