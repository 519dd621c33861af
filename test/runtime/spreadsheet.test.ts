// SpreadsheetApp over an .xlsx workbook behaves as Apps Script documents it.

import fs from 'node:fs';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { WorkbookFile } from '../../runtime/workbook';
import { sheetFixture, tempDir, type Loose } from './helpers';

function freshTab(name = 'Runs'): { sheet: Loose; fixture: ReturnType<typeof sheetFixture> } {
  const fixture = sheetFixture();
  const sheet = fixture.app.getActive().insertSheet(name);
  return { sheet, fixture };
}

async function reopen(file: string): Promise<ExcelJS.Workbook> {
  const book = new ExcelJS.Workbook();
  await book.xlsx.readFile(file);
  return book;
}

describe('reading values', () => {
  it('getValues is rectangular with empty strings for empty cells', () => {
    const { sheet } = freshTab();
    sheet.getRange(1, 1, 1, 2).setValues([['a', 'b']]);
    sheet.getRange(3, 3).setValue('c');
    expect(sheet.getRange(1, 1, 3, 3).getValues()).toEqual([
      ['a', 'b', ''],
      ['', '', ''],
      ['', '', 'c'],
    ]);
  });

  it('keeps numbers, booleans and Dates as their types', () => {
    const { sheet } = freshTab();
    const when = new Date('2026-01-02T03:04:05Z');
    sheet.getRange(1, 1, 1, 3).setValues([[42, true, when]]);
    const [[n, b, d]] = sheet.getRange(1, 1, 1, 3).getValues();
    expect([typeof n, typeof b, Object.prototype.toString.call(d)]).toEqual([
      'number',
      'boolean',
      '[object Date]',
    ]);
    expect((d as Date).getTime()).toBe(when.getTime());
  });

  it('getLastRow is 0 on an empty tab', () => {
    expect(freshTab().sheet.getLastRow()).toBe(0);
  });

  it('getLastRow ignores cells that only carry formatting', () => {
    const { sheet } = freshTab();
    sheet.getRange(1, 1).setValue('header');
    sheet.getRange(2, 1, 50, 1).setNumberFormat('@');
    expect(sheet.getLastRow()).toBe(1);
  });

  it('getRange accepts A1 notation', () => {
    const { sheet } = freshTab();
    sheet.getRange('B2:C3').setValues([
      [1, 2],
      [3, 4],
    ]);
    expect(sheet.getRange(3, 3).getValue()).toBe(4);
  });
});

describe('writing values', () => {
  it('appendRow writes below the last row with content', () => {
    const { sheet } = freshTab();
    sheet.appendRow(['h1', 'h2']);
    sheet.appendRow(['v1', 'v2']);
    expect(sheet.getLastRow()).toBe(2);
    expect(sheet.getRange(2, 1, 1, 2).getValues()).toEqual([['v1', 'v2']]);
  });

  it('setValues with too few rows throws Apps Script’s message', () => {
    const { sheet } = freshTab();
    expect(() => sheet.getRange(1, 1, 2, 1).setValues([['x']])).toThrow(
      'The number of rows in the data does not match the number of rows in the range. The data has 1 but the range has 2.',
    );
  });

  it('setValues with a short row throws Apps Script’s message', () => {
    const { sheet } = freshTab();
    expect(() => sheet.getRange(1, 1, 1, 3).setValues([['x', 'y']])).toThrow(
      'The number of columns in the data does not match the number of columns in the range. The data has 2 but the range has 3.',
    );
  });

  it('a string starting with = becomes a formula', async () => {
    const { sheet, fixture } = freshTab();
    sheet.getRange(1, 1).setValue('=HYPERLINK("https://evil.example")');
    await fixture.file.save();
    const cell = (await reopen(fixture.path)).getWorksheet('Runs')!.getCell(1, 1);
    expect(cell.value).toEqual({ formula: 'HYPERLINK("https://evil.example")' });
  });

  it('a formula reads back as its cached result, or empty', () => {
    const { sheet } = freshTab();
    sheet.getRange(1, 1).setValue('=1+1');
    expect(sheet.getRange(1, 1).getValue()).toBe('');
  });

  it('in a text (@) cell a string starting with = stays literal text', () => {
    const { sheet } = freshTab();
    const range = sheet.getRange(1, 1).setNumberFormat('@');
    range.setValues([['=1+1']]);
    expect(range.getValue()).toBe('=1+1');
  });

  it('a leading apostrophe keeps the text literal and is not stored', () => {
    const { sheet } = freshTab();
    sheet.appendRow(["'=cmd"]);
    expect(sheet.getRange(1, 1).getValue()).toBe('=cmd');
  });

  it('a numeric string becomes a number unless the cell is text', () => {
    const { sheet } = freshTab();
    sheet.getRange(1, 2).setNumberFormat('@');
    sheet.getRange(1, 1, 1, 2).setValues([['0042', '0042']]);
    expect(sheet.getRange(1, 1, 1, 2).getValues()).toEqual([[42, '0042']]);
  });
});

describe('tabs', () => {
  it('getSheetByName answers null for a missing tab', () => {
    expect(sheetFixture().app.getActive().getSheetByName('Nope')).toBeNull();
  });

  it('insertSheet refuses a name already used', () => {
    const { fixture } = freshTab('Runs');
    expect(() => fixture.app.getActive().insertSheet('Runs')).toThrow(
      'A sheet with the name "Runs" already exists',
    );
  });

  it('a new workbook has one tab, Sheet1, like a new Google spreadsheet', () => {
    expect(
      sheetFixture()
        .app.getActive()
        .getSheets()
        .map((s: Loose) => s.getName()),
    ).toEqual(['Sheet1']);
  });
});

describe('what is saved in the file', () => {
  it('data validation lists are saved so Excel and LibreOffice show them', async () => {
    const { sheet, fixture } = freshTab();
    const rule = fixture.app
      .newDataValidation()
      .requireValueInList(['Retry', 'Skip'], true)
      .setAllowInvalid(false)
      .build();
    sheet.getRange(2, 1).setDataValidation(rule);
    await fixture.file.save();
    const cell = (await reopen(fixture.path)).getWorksheet('Runs')!.getCell(2, 1);
    expect(cell.dataValidation).toMatchObject({
      type: 'list',
      formulae: ['"Retry,Skip"'],
      showErrorMessage: true,
    });
  });

  it('conditional format rules survive a save and read back their text', async () => {
    const { sheet, fixture } = freshTab();
    const rule = fixture.app
      .newConditionalFormatRule()
      .whenTextEqualTo('failed')
      .setBackground('#f4cccc')
      .setRanges([sheet.getRange('C2:C100')])
      .build();
    sheet.setConditionalFormatRules([rule]);
    await fixture.file.save();
    const again = sheetFixture({}, fixture.path);
    await again.file.refresh();
    const [read] = again.app.getActive().getSheetByName('Runs').getConditionalFormatRules();
    expect(read.getBooleanCondition().getCriteriaValues()).toEqual(['failed']);
  });

  it('warning-only protections survive a save', async () => {
    const { sheet, fixture } = freshTab();
    sheet.protect().setWarningOnly(true).setDescription('Offboard: edit with care');
    await fixture.file.save();
    const again = sheetFixture({}, fixture.path);
    await again.file.refresh();
    const [protection] = again.app.getActive().getSheetByName('Runs').getProtections('SHEET');
    expect([protection.getDescription(), protection.isWarningOnly()]).toEqual([
      'Offboard: edit with care',
      true,
    ]);
  });

  it('frozen rows survive a save', async () => {
    const { sheet, fixture } = freshTab();
    sheet.setFrozenRows(1);
    await fixture.file.save();
    const again = sheetFixture({}, fixture.path);
    await again.file.refresh();
    expect(again.app.getActive().getSheetByName('Runs').getFrozenRows()).toBe(1);
  });
});

describe('saving and reloading', () => {
  it('saves by replacing the file (temp file + rename), leaving no temp file behind', async () => {
    const { sheet, fixture } = freshTab();
    sheet.appendRow(['one']);
    await fixture.file.save();
    const before = fs.statSync(fixture.path).ino;
    sheet.appendRow(['two']);
    await fixture.file.save();
    expect(fs.statSync(fixture.path).ino).not.toBe(before);
    expect(fs.readdirSync(path.dirname(fixture.path))).toEqual(['book.xlsx']);
  });

  it('does not write when nothing changed', async () => {
    const { fixture } = freshTab();
    await fixture.file.save();
    const mtime = fs.statSync(fixture.path).mtimeMs;
    fixture.app.getActive().getSheetByName('Runs').getRange(1, 1, 5, 5).getValues();
    expect(await fixture.file.save()).toBe(false);
    expect(fs.statSync(fixture.path).mtimeMs).toBe(mtime);
  });

  it('reloads the workbook when someone edited the file meanwhile', async () => {
    const { sheet, fixture } = freshTab();
    sheet.appendRow(['before']);
    await fixture.file.save();
    const outside = await reopen(fixture.path);
    outside.getWorksheet('Runs')!.getCell(1, 1).value = 'edited in LibreOffice';
    await outside.xlsx.writeFile(fixture.path);
    fs.utimesSync(fixture.path, new Date(), new Date(Date.now() + 5000));
    expect(await fixture.file.refresh()).toBe(true);
    expect(fixture.app.getActive().getSheetByName('Runs').getRange(1, 1).getValue()).toBe(
      'edited in LibreOffice',
    );
  });

  it('does not reload when the file is unchanged', async () => {
    const { sheet, fixture } = freshTab();
    sheet.appendRow(['x']);
    await fixture.file.save();
    expect(await fixture.file.refresh()).toBe(false);
  });
});

describe('failing loudly', () => {
  it('a method the runtime does not emulate throws, naming it', () => {
    const { sheet } = freshTab();
    expect(() => sheet.getCharts()).toThrow('Offboard local runtime: Sheet.getCharts is not emulated');
  });

  it('getUi throws outside a Sheet session, as in a web app execution', () => {
    const { app } = sheetFixture({ uiAvailable: false });
    expect(() => app.getUi()).toThrow('Cannot call SpreadsheetApp.getUi() from this context.');
  });

  it('getUi records the menu added from onOpen', () => {
    const fixture = sheetFixture({ uiAvailable: true });
    fixture.app.getUi().createMenu('Offboarding').addItem('Set up', 'setup').addToUi();
    expect(fixture.log.lines.some((l) => l.message.includes('menu "Offboarding": Set up'))).toBe(true);
  });
});

test('a new WorkbookFile for a missing file starts empty without creating it', async () => {
  const file = new WorkbookFile(path.join(tempDir(), 'none.xlsx'));
  expect(await file.refresh()).toBe(false);
  expect(fs.existsSync(file.path)).toBe(false);
});

describe('grid size', () => {
  it('a new tab reports the 1000 × 26 grid of a new Google tab', () => {
    const { sheet } = freshTab();
    expect([sheet.getMaxRows(), sheet.getMaxColumns()]).toEqual([1000, 26]);
  });

  it('insertColumnsAfter the last column grows the grid', () => {
    const { sheet } = freshTab();
    sheet.insertColumnsAfter(26, 4);
    expect(sheet.getMaxColumns()).toBe(30);
  });

  it('insertColumnsAfter inside the content moves the columns to its right', () => {
    const { sheet } = freshTab();
    sheet.appendRow(['a', 'b']);
    sheet.insertColumnsAfter(1, 1);
    expect(sheet.getRange(1, 1, 1, 3).getValues()).toEqual([['a', '', 'b']]);
  });
});
