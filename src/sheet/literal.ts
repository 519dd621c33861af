// Turns any value from outside (Slack text, Okta fields, error messages) into a cell value Sheets keeps as
// literal text: never a formula, never silently re-typed.

import { MAX_CELL_CHARS, type CellValue } from '../ports';

export { MAX_CELL_CHARS };

const TRUNCATION_MARK = '… [truncated]';

// Spreadsheet-injection starters (OWASP's CSV-injection list plus their full-width forms, which some
// spreadsheet apps normalise), and the apostrophe itself, which Sheets would otherwise swallow.
const INJECTION_STARTERS = new Set(['=', '+', '-', '@', '\t', '\r', '\n', '＝', '＋', '－', '＠', "'"]);

// Text Sheets would re-type when written: numbers ("1700000000.000100" would lose digits, "0042" its
// zeros), currencies, percentages and dates start like this; TRUE/FALSE become booleans.
const RETYPED_START = /^[\d.,$€£¥(]/;
const BOOLEAN_TEXT = /^(true|false)$/i;

/**
 * The cell value to write for `value`: strings Sheets would treat as a formula or re-type get a leading
 * apostrophe (Sheets stores the text without it); numbers, booleans and Dates pass through; null,
 * undefined, NaN and invalid Dates become ''; objects become JSON. Capped at MAX_CELL_CHARS.
 */
export function literal(value: unknown): CellValue {
  if (value === null || value === undefined) return '';
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? '' : value;
  if (typeof value === 'number') return Number.isFinite(value) ? value : '';
  if (typeof value === 'boolean') return value;
  return literalText(asText(value));
}

function asText(value: unknown): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'object') {
    try {
      return JSON.stringify(value) ?? String(value);
    } catch {
      return String(value);
    }
  }
  return String(value);
}

function literalText(text: string): string {
  if (text === '') return '';
  const prefix = needsApostrophe(text) ? "'" : '';
  return prefix + capped(text, MAX_CELL_CHARS - prefix.length);
}

function needsApostrophe(text: string): boolean {
  if (INJECTION_STARTERS.has(text[0] ?? '')) return true;
  const trimmed = text.trim();
  if (trimmed === '') return false;
  return (
    INJECTION_STARTERS.has(trimmed[0] ?? '') || RETYPED_START.test(trimmed) || BOOLEAN_TEXT.test(trimmed)
  );
}

function capped(text: string, limit: number): string {
  if (text.length <= limit) return text;
  let end = limit - TRUNCATION_MARK.length;
  // Never split a surrogate pair (an emoji) in half.
  const last = text.charCodeAt(end - 1);
  if (last >= 0xd800 && last <= 0xdbff) end -= 1;
  return text.slice(0, end) + TRUNCATION_MARK;
}
