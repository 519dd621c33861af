// The counting spreadsheet fake behaves like SpreadsheetApp where the Sheet tables depend on it.

import { FakeFormatting, FakeSpreadsheet, FORMULA_PLACEHOLDER } from '../fakes/spreadsheet';

describe('FakeSpreadsheet: reading', () => {
  it('answers 0 for the last row and column of an empty tab', () => {
    const sheet = FakeSpreadsheet.withTabs({ T: [] }).sheet('T');
    expect([sheet.getLastRow(), sheet.getLastColumn()]).toEqual([0, 0]);
  });

  it('counts only cells with content for the last row and column', () => {
    const sheet = FakeSpreadsheet.withTabs({
      T: [
        ['a', '', ''],
        ['', '', 'c'],
        ['', '', ''],
      ],
    }).sheet('T');
    expect([sheet.getLastRow(), sheet.getLastColumn()]).toEqual([2, 3]);
  });

  it('answers empty cells as empty strings', () => {
    const sheet = FakeSpreadsheet.withTabs({ T: [['a']] }).sheet('T');
    expect(sheet.getRange(1, 1, 2, 2).getValues()).toEqual([
      ['a', ''],
      ['', ''],
    ]);
  });

  it('answers a fresh copy each time', () => {
    const sheet = FakeSpreadsheet.withTabs({ T: [['a']] }).sheet('T');
    sheet.getRange(1, 1, 1, 1).getValues()[0]![0] = 'changed';
    expect(sheet.rows()).toEqual([['a']]);
  });

  it('answers a copy of Dates, not the stored one', () => {
    const sheet = FakeSpreadsheet.withTabs({ T: [[new Date(0)]] }).sheet('T');
    (sheet.getRange(1, 1, 1, 1).getValues()[0]![0] as Date).setTime(5);
    expect((sheet.rows()[0]![0] as Date).getTime()).toBe(0);
  });
});

describe('FakeSpreadsheet: getRange bounds', () => {
  const sheet = () => FakeSpreadsheet.withTabs({ T: [] }).sheet('T');

  it('throws on zero rows', () => {
    expect(() => sheet().getRange(1, 1, 0, 1)).toThrow('The number of rows in the range must be at least 1.');
  });

  it('throws on zero columns', () => {
    expect(() => sheet().getRange(1, 1, 1, 0)).toThrow(
      'The number of columns in the range must be at least 1.',
    );
  });

  it('throws on row 0 (ranges are 1-based)', () => {
    expect(() => sheet().getRange(0, 1, 1, 1)).toThrow('The starting row of the range is too small.');
  });

  it('throws beyond the 26 columns of a new tab', () => {
    expect(() => sheet().getRange(1, 26, 1, 2)).toThrow('outside the dimensions of the sheet');
  });
});

describe('FakeSpreadsheet: writing', () => {
  it('throws when the data has fewer rows than the range', () => {
    const sheet = FakeSpreadsheet.withTabs({ T: [] }).sheet('T');
    expect(() => sheet.getRange(1, 1, 2, 1).setValues([['a']])).toThrow(
      'The number of rows in the data does not match the number of rows in the range',
    );
  });

  it('throws when a data row is wider than the range', () => {
    const sheet = FakeSpreadsheet.withTabs({ T: [] }).sheet('T');
    expect(() => sheet.getRange(1, 1, 1, 1).setValues([['a', 'b']])).toThrow('number of columns in the data');
  });

  it('stores a string starting with = as a formula and reads back a placeholder', () => {
    const sheet = FakeSpreadsheet.withTabs({ T: [] }).sheet('T');
    sheet.getRange(1, 1, 1, 1).setValues([['=1+1']]);
    expect([sheet.formulaAt(1, 1), sheet.rows()[0]![0]]).toEqual(['=1+1', FORMULA_PLACEHOLDER]);
  });

  it('stores =… as text in a plain-text (@) cell', () => {
    const sheet = FakeSpreadsheet.withTabs({ T: [] }).sheet('T');
    sheet.getRange(1, 1, 1, 1).setNumberFormat('@');
    sheet.getRange(1, 1, 1, 1).setValues([['=1+1']]);
    expect(sheet.rows()).toEqual([['=1+1']]);
  });

  it('stores an apostrophe-led string as the text after the apostrophe', () => {
    const sheet = FakeSpreadsheet.withTabs({ T: [] }).sheet('T');
    sheet.appendRow(["'=1+1"]);
    expect([sheet.rows()[0]![0], sheet.formulaAt(1, 1)]).toEqual(['=1+1', null]);
  });

  it('turns numeric text into a number, as typing would', () => {
    const sheet = FakeSpreadsheet.withTabs({ T: [] }).sheet('T');
    sheet.appendRow(['0042']);
    expect(sheet.rows()).toEqual([[42]]);
  });

  it('appends after the last row with content', () => {
    const sheet = FakeSpreadsheet.withTabs({ T: [['h'], [''], ['x']] }).sheet('T');
    sheet.appendRow(['new']);
    expect(sheet.rows().map((r) => r[0])).toEqual(['h', '', 'x', 'new']);
  });

  it('grows the sheet when appending past its last row', () => {
    const sheet = FakeSpreadsheet.withTabs({ T: [['h']] }, { maxRows: 1 }).sheet('T');
    sheet.appendRow(['new']);
    expect(sheet.size().maxRows).toBe(2);
  });

  it('shifts cells right when columns are inserted', () => {
    const sheet = FakeSpreadsheet.withTabs({ T: [['a', 'b']] }).sheet('T');
    sheet.insertColumnsAfter(1, 1);
    expect(sheet.rows()).toEqual([['a', '', 'b']]);
  });

  it('refuses to insert a tab whose name exists', () => {
    const ss = FakeSpreadsheet.withTabs({ T: [] });
    expect(() => ss.insertSheet('T')).toThrow('already exists');
  });
});

describe('FakeSpreadsheet: counting', () => {
  it('counts each call by method name across sheets and ranges', () => {
    const ss = FakeSpreadsheet.withTabs({ T: [['a']] });
    ss.getSheetByName('T')!.getRange(1, 1, 1, 1).getValues();
    expect([ss.calls.getSheetByName, ss.calls.getRange, ss.calls.getValues]).toEqual([1, 1, 1]);
  });

  it('answers 0 for methods never called', () => {
    expect(FakeSpreadsheet.withTabs({}).calls.appendRow).toBe(0);
  });

  it('does not count test helpers', () => {
    const ss = FakeSpreadsheet.withTabs({ T: [['a']] });
    ss.sheet('T').rows();
    expect(Object.values(ss.calls).every((n) => n === 0)).toBe(true);
  });

  it('forgets counts on resetCounts()', () => {
    const ss = FakeSpreadsheet.withTabs({ T: [] });
    ss.getSheetByName('T');
    ss.resetCounts();
    expect(ss.calls.getSheetByName).toBe(0);
  });

  it('sums writes in writeCalls()', () => {
    const ss = FakeSpreadsheet.withTabs({ T: [] });
    const sheet = ss.sheet('T');
    sheet.appendRow(['a']);
    sheet.getRange(1, 1, 1, 1).setValues([['b']]);
    sheet.getRange(1, 1, 1, 1).getValues();
    expect(ss.writeCalls()).toBe(2);
  });
});

describe('FakeFormatting', () => {
  it('describes a text rule by the text it matches', () => {
    const ss = FakeSpreadsheet.withTabs({ T: [] });
    const formatting = new FakeFormatting();
    const rule = formatting.textEquals(ss.sheet('T').getRange(2, 1, 10, 1), 'completed', '#b7e1cd');
    expect(formatting.describeRule(rule)).toBe('completed');
  });

  it('answers null when describing a rule it did not make', () => {
    expect(new FakeFormatting().describeRule({ something: 'else' })).toBeNull();
  });

  it('keeps validations on the cells they were set on', () => {
    const ss = FakeSpreadsheet.withTabs({ T: [] });
    const rule = new FakeFormatting().checkbox();
    ss.sheet('T').getRange(2, 3, 5, 1).setDataValidation(rule);
    expect([ss.sheet('T').validationAt(6, 3), ss.sheet('T').validationAt(7, 3)]).toEqual([rule, null]);
  });
});
