// Reads a tab of the runtime's workbook as text for the demo page, the way a person sees the Sheet.

import type ExcelJS from 'exceljs';
import type { WorkbookFile } from '../workbook';

export interface TabView {
  name: string;
  headers: string[];
  /** Newest last; at most `lastRows` of them. */
  rows: string[][];
  /** How many data rows the tab has in all. */
  total: number;
}

/**
 * The tab as text: header row 1, then the data rows. Reads the workbook the runtime holds in memory
 * (saved after every execution), so the page shows exactly what the bundle wrote.
 */
export function readTab(file: WorkbookFile, name: string, lastRows = 50): TabView | null {
  const sheet = file.workbook.getWorksheet(name);
  if (!sheet) return null;
  const width = sheet.getRow(1).cellCount;
  const headers = Array.from({ length: width }, (_, i) => cellText(sheet.getRow(1).getCell(i + 1).value));
  const rows: string[][] = [];
  for (let r = 2; r <= sheet.rowCount; r++) {
    const row = Array.from({ length: width }, (_, i) => cellText(sheet.getRow(r).getCell(i + 1).value));
    if (row.some((c) => c !== '')) rows.push(row);
  }
  return { name, headers, rows: rows.slice(-lastRows), total: rows.length };
}

/** A cell's value as the Sheet would display it (dates as ISO text, formulas by their result). */
export function cellText(value: ExcelJS.CellValue): string {
  if (value === null || value === undefined) return '';
  if (value instanceof Date || Object.prototype.toString.call(value) === '[object Date]') {
    const date = value as Date;
    return Number.isNaN(date.getTime()) ? '' : date.toISOString();
  }
  if (typeof value === 'boolean') return value ? 'TRUE' : 'FALSE';
  if (typeof value !== 'object') return String(value);
  if ('richText' in value) return value.richText.map((r) => r.text).join('');
  if ('formula' in value || 'sharedFormula' in value)
    return value.result === undefined ? '' : cellText(value.result as ExcelJS.CellValue);
  if ('text' in value) return String(value.text);
  if ('error' in value) return String(value.error);
  return '';
}
