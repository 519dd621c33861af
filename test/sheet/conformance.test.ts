// One suite run against both Spreadsheet emulations (the counting test fake and the local runtime's
// SpreadsheetApp), so they cannot drift: the 50,000-character cell limit, how typed strings are taken
// (formulas, the apostrophe, numbers), TextFinder and row deletion.

import { CELL_TOO_LONG, FakeSpreadsheet } from '../fakes/spreadsheet';
import { sheetFixture, type Loose } from '../runtime/helpers';

const emulations: [string, () => Loose][] = [
  ['the test fake', () => new FakeSpreadsheet()],
  ['the local runtime', () => sheetFixture().app.getActive()],
];

describe.each(emulations)('%s', (_name, spreadsheet) => {
  function tab(): Loose {
    const sheet = spreadsheet().insertSheet('T');
    sheet.appendRow(['Run ID', 'Target']);
    sheet.appendRow(['OFF-1', 'jane@x.com']);
    sheet.appendRow(['OFF-2', 'Sam@X.com']);
    sheet.appendRow(['OFF-12', 'jane@x.com']);
    return sheet;
  }

  describe('a cell holds at most 50,000 characters', () => {
    it('takes exactly 50,000', () => {
      const sheet = tab();
      sheet.getRange(2, 2, 1, 1).setValues([['x'.repeat(50_000)]]);
      expect(String(sheet.getRange(2, 2, 1, 1).getValues()[0][0])).toHaveLength(50_000);
    });

    it('refuses 50,001 in setValues with Sheets’ message', () => {
      const sheet = tab();
      expect(() => sheet.getRange(2, 1, 1, 2).setValues([['ok', 'x'.repeat(50_001)]])).toThrow(CELL_TOO_LONG);
    });

    it('writes nothing of a refused setValues', () => {
      const sheet = tab();
      try {
        sheet.getRange(2, 1, 1, 2).setValues([['changed', 'x'.repeat(50_001)]]);
      } catch {
        // expected
      }
      expect(sheet.getRange(2, 1, 1, 1).getValues()[0][0]).toBe('OFF-1');
    });

    it('refuses 50,001 in appendRow and appends nothing', () => {
      const sheet = tab();
      expect(() => sheet.appendRow(['OFF-3', 'x'.repeat(50_001)])).toThrow(CELL_TOO_LONG);
      expect(sheet.getLastRow()).toBe(4);
    });
  });

  describe('strings written as if typed', () => {
    it.each(['=1+1', '+x', '-x'])(
      '"%s" is taken as a formula: it does not read back as that text',
      (text) => {
        const sheet = tab();
        sheet.getRange(2, 2, 1, 1).setValues([[text]]);
        expect(sheet.getRange(2, 2, 1, 1).getValues()[0][0]).not.toBe(text);
      },
    );

    it.each(["'+x", "'=1+1"])('"%s" (with an apostrophe) reads back as the text after it', (text) => {
      const sheet = tab();
      sheet.getRange(2, 2, 1, 1).setValues([[text]]);
      expect(sheet.getRange(2, 2, 1, 1).getValues()[0][0]).toBe(text.slice(1));
    });

    it('"-1.5" becomes a number', () => {
      const sheet = tab();
      sheet.getRange(2, 2, 1, 1).setValues([['-1.5']]);
      expect(sheet.getRange(2, 2, 1, 1).getValues()[0][0]).toBe(-1.5);
    });
  });

  describe('Sheet.deleteRows', () => {
    it('removes the rows and moves the ones below up', () => {
      const sheet = tab();
      sheet.deleteRows(2, 2);
      expect(sheet.getRange(1, 1, 2, 2).getValues()).toEqual([
        ['Run ID', 'Target'],
        ['OFF-12', 'jane@x.com'],
      ]);
    });
  });

  describe('Range.createTextFinder', () => {
    const rowsOf = (ranges: Loose[]): number[] => ranges.map((r: Loose) => r.getRow());

    it('finds whole cells only with matchEntireCell, top to bottom', () => {
      const sheet = tab();
      const found = sheet.getRange(2, 1, 3, 1).createTextFinder('OFF-1').matchEntireCell(true).findAll();
      expect(rowsOf(found)).toEqual([2]);
    });

    it('finds a part of a cell by default', () => {
      const sheet = tab();
      expect(rowsOf(sheet.getRange(2, 1, 3, 1).createTextFinder('OFF-1').findAll())).toEqual([2, 4]);
    });

    it('ignores case unless matchCase', () => {
      const sheet = tab();
      const range = sheet.getRange(2, 2, 3, 1);
      expect([
        rowsOf(range.createTextFinder('sam@x.com').matchEntireCell(true).findAll()),
        rowsOf(range.createTextFinder('sam@x.com').matchEntireCell(true).matchCase(true).findAll()),
      ]).toEqual([[3], []]);
    });

    it('searches only its range', () => {
      const sheet = tab();
      expect(rowsOf(sheet.getRange(2, 1, 3, 1).createTextFinder('jane@x.com').findAll())).toEqual([]);
    });
  });
});
