// The local Sheet: one .xlsx workbook kept in memory during an execution (executions are synchronous,
// exceljs is not), reloaded before an execution if someone edited the file meanwhile, and saved
// atomically after an execution that wrote.

import fs from 'node:fs';
import ExcelJS from 'exceljs';
import { mtimeOf, writeFileAtomic } from './files';

/** Runtime-only facts the xlsx format cannot hold (warning-only protections), kept in a hidden tab. */
export const META_SHEET = '_offboard_runtime';

export interface ProtectionRecord {
  description: string;
  warningOnly: boolean;
}

export interface WorkbookMeta {
  /** Sheet protections by tab name. */
  protections: Record<string, ProtectionRecord[]>;
  /** Grid size by tab name once columns or rows were inserted (xlsx has no grid size). */
  grid: Record<string, { rows: number; columns: number }>;
}

export class WorkbookFile {
  readonly path: string;
  private book: ExcelJS.Workbook = newBook();
  private loadedMtime: number | null = null;
  private dirty = false;

  constructor(path: string) {
    this.path = path;
  }

  /** The in-memory workbook; only valid between `refresh()` and `save()`. */
  get workbook(): ExcelJS.Workbook {
    return this.book;
  }

  /** True once something wrote since the last save. */
  get isDirty(): boolean {
    return this.dirty;
  }

  markDirty(): void {
    this.dirty = true;
  }

  /** True when the file on disk is not the one we last read or wrote (edited in Excel or LibreOffice). */
  changedOnDisk(): boolean {
    const mtime = mtimeOf(this.path);
    return mtime !== null && mtime !== this.loadedMtime;
  }

  /** Loads the file if it changed on disk since we last read or wrote it (or starts empty if absent). */
  async refresh(): Promise<boolean> {
    const mtime = mtimeOf(this.path);
    if (mtime === null) {
      if (this.loadedMtime !== null) {
        // The file was deleted under us: start over, like a new spreadsheet.
        this.book = newBook();
        this.loadedMtime = null;
        this.dirty = false;
        return true;
      }
      return false;
    }
    if (mtime === this.loadedMtime) return false;
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(fs.readFileSync(this.path) as unknown as ArrayBuffer);
    this.book = book;
    this.loadedMtime = mtime;
    this.dirty = false;
    return true;
  }

  /** Writes the workbook if anything changed: temp file + rename, so a crash never leaves a corrupt file. */
  async save(): Promise<boolean> {
    if (!this.dirty) return false;
    const buffer = await this.book.xlsx.writeBuffer();
    writeFileAtomic(this.path, new Uint8Array(buffer as ArrayBuffer));
    this.loadedMtime = mtimeOf(this.path);
    this.dirty = false;
    return true;
  }

  /** Visible tabs, in order (the runtime's hidden meta tab excluded). */
  tabs(): ExcelJS.Worksheet[] {
    return this.book.worksheets.filter((ws) => ws.name !== META_SHEET);
  }

  readMeta(): WorkbookMeta {
    const raw = this.book.getWorksheet(META_SHEET)?.getCell(1, 1).value;
    if (typeof raw === 'string') {
      try {
        const parsed = JSON.parse(raw) as Partial<WorkbookMeta>;
        return { protections: parsed.protections ?? {}, grid: parsed.grid ?? {} };
      } catch {
        // A hand-edited meta tab: start over rather than fail every execution.
      }
    }
    return { protections: {}, grid: {} };
  }

  writeMeta(meta: WorkbookMeta): void {
    const sheet =
      this.book.getWorksheet(META_SHEET) ?? this.book.addWorksheet(META_SHEET, { state: 'veryHidden' });
    sheet.getCell(1, 1).value = JSON.stringify(meta);
    this.dirty = true;
  }
}

/** A new Google spreadsheet has one tab, "Sheet1"; an xlsx file needs at least one tab too. */
function newBook(): ExcelJS.Workbook {
  const book = new ExcelJS.Workbook();
  book.addWorksheet('Sheet1');
  return book;
}
