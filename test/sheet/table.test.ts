// Tables over hand-edited tabs: columns by header, one read, one write per row, user columns preserved.

import { isOffboardError, OffboardError } from '../../src/errors';
import type { CellValue } from '../../src/ports';
import { headerKey, openTable, type TabSpec } from '../../src/sheet/table';
import { FakeSpreadsheet } from '../fakes/spreadsheet';

const PEOPLE: TabSpec = {
  name: 'People',
  columns: [
    { key: 'id', header: 'Slack User ID', aliases: ['Slack ID'] },
    { key: 'email', header: 'Email' },
    { key: 'active', header: 'Active' },
  ],
};

function people(grid: CellValue[][]) {
  const ss = FakeSpreadsheet.withTabs({ People: grid });
  return { ss, sheet: ss.sheet('People'), table: openTable(ss, PEOPLE) };
}

function thrown(action: () => unknown): OffboardError {
  try {
    action();
  } catch (e) {
    if (isOffboardError(e)) return e;
    throw e;
  }
  throw new Error('expected an OffboardError');
}

describe('openTable', () => {
  it('throws SHEET_MISSING_TAB naming the tab', () => {
    const error = thrown(() => openTable(FakeSpreadsheet.withTabs({}), PEOPLE));
    expect([error.code, error.detail.tab]).toEqual(['SHEET_MISSING_TAB', 'People']);
  });
});

describe('Table.read: finding columns', () => {
  it('finds reordered columns by header', () => {
    const { table } = people([
      ['Email', 'Active', 'Slack User ID'],
      ['a@corp.com', true, 'U1'],
    ]);
    expect(table.read().records[0]!.get('id')).toBe('U1');
  });

  it('matches headers with odd spaces and case', () => {
    const { table } = people([
      ['  slack USER id ', ' EMAIL', 'active  '],
      ['U1', 'a@corp.com', true],
    ]);
    expect(table.read().records[0]!.get('email')).toBe('a@corp.com');
  });

  it('matches an alias', () => {
    const { table } = people([
      ['Slack ID', 'Email', 'Active'],
      ['U1', 'a@corp.com', true],
    ]);
    expect(table.read().records[0]!.get('id')).toBe('U1');
  });

  it('ignores extra columns people added', () => {
    const { table } = people([
      ['Notes', 'Slack User ID', 'Team', 'Email', 'Active'],
      ['hi', 'U1', 'IT', 'a@corp.com', 'yes'],
    ]);
    expect(table.read().records[0]!.get('email')).toBe('a@corp.com');
  });

  it('throws SHEET_MISSING_COLUMN naming the column and tab', () => {
    const { table } = people([['Slack User ID', 'Active']]);
    const error = thrown(() => table.read());
    expect([error.code, error.detail.column, error.detail.tab]).toEqual([
      'SHEET_MISSING_COLUMN',
      'Email',
      'People',
    ]);
  });

  it('throws SHEET_MISSING_COLUMN on an empty tab', () => {
    const { table } = people([]);
    expect(thrown(() => table.read()).code).toBe('SHEET_MISSING_COLUMN');
  });

  it('uses the first of two columns with the same header', () => {
    const { table } = people([
      ['Slack User ID', 'Email', 'Active', 'email'],
      ['U1', 'first@corp.com', true, 'second@corp.com'],
    ]);
    expect(table.read().records[0]!.get('email')).toBe('first@corp.com');
  });
});

describe('Table.read: rows', () => {
  it('skips blank rows and keeps real row numbers', () => {
    const { table } = people([
      ['Slack User ID', 'Email', 'Active'],
      ['', '', ''],
      ['U2', 'b@corp.com', true],
      ['  ', '', ''],
      ['U4', 'd@corp.com', false],
    ]);
    expect(table.read().records.map((r) => r.rowNumber)).toEqual([3, 5]);
  });

  it('trims text', () => {
    const { table } = people([
      ['Slack User ID', 'Email', 'Active'],
      ['  U1 ', 'a@corp.com', true],
    ]);
    expect(table.read().records[0]!.text('id')).toBe('U1');
  });

  it('gives Dates as ISO text', () => {
    const { table } = people([
      ['Slack User ID', 'Email', 'Active'],
      [new Date('2026-01-02T03:04:05Z'), '', ''],
    ]);
    expect(table.read().records[0]!.text('id')).toBe('2026-01-02T03:04:05.000Z');
  });

  it.each<CellValue>([true, 'TRUE', 'true', 'Yes', 'y', 'X', 1, '1', '✓', 'checked'])(
    'reads %p as ticked',
    (value) => {
      const { table } = people([
        ['Slack User ID', 'Email', 'Active'],
        ['U1', '', value],
      ]);
      expect(table.read().records[0]!.bool('active')).toBe(true);
    },
  );

  it.each<CellValue>([false, 'FALSE', 'no', '', 0, 'maybe'])('reads %p as not ticked', (value) => {
    const { table } = people([
      ['Slack User ID', 'Email', 'Active'],
      ['U1', 'a@corp.com', value],
    ]);
    expect(table.read().records[0]!.bool('active')).toBe(false);
  });

  it('reads the tab with one getValues and one call each to getLastRow and getLastColumn', () => {
    const { ss, table } = people([
      ['Slack User ID', 'Email', 'Active'],
      ['U1', 'a@corp.com', true],
      ['U2', 'b@corp.com', true],
    ]);
    ss.resetCounts();
    table.read();
    expect([ss.calls.getValues, ss.calls.getLastRow, ss.calls.getLastColumn]).toEqual([1, 1, 1]);
  });
});

describe('Table.updateRow', () => {
  const grid = (): CellValue[][] => [
    ['Slack User ID', 'Notes', 'Email', 'Active', 'Team'],
    ['U1', 'keep me', 'a@corp.com', true, 'IT'],
    ['U2', 'other', 'b@corp.com', true, 'HR'],
  ];

  it('writes the change with one setValues', () => {
    const { ss, table } = people(grid());
    const snapshot = table.read();
    ss.resetCounts();
    table.updateRow(snapshot, 2, { id: 'U9', active: false });
    expect([ss.calls.setValues, ss.calls.getValues]).toEqual([1, 0]);
  });

  it('changes only the given columns of the given row', () => {
    const { sheet, table } = people(grid());
    table.updateRow(table.read(), 2, { id: 'U9', active: false });
    expect(sheet.rows()).toEqual([
      ['Slack User ID', 'Notes', 'Email', 'Active', 'Team'],
      ['U9', 'keep me', 'a@corp.com', false, 'IT'],
      ['U2', 'other', 'b@corp.com', true, 'HR'],
    ]);
  });

  it('writes outside text as literal text', () => {
    const { sheet, table } = people(grid());
    table.updateRow(table.read(), 3, { email: '=IMPORTXML("https://evil.example","//a")' });
    expect(sheet.formulaAt(3, 3)).toBeNull();
  });

  it('keeps text people typed in between as text when writing it back', () => {
    const { sheet, table } = people([
      ['Slack User ID', 'Notes', 'Email', 'Active'],
      ['U1', '=not a formula, typed as text', 'a@corp.com', true],
    ]);
    table.updateRow(table.read(), 2, { id: 'U2', email: 'b@corp.com' });
    expect([sheet.rows()[1]![1], sheet.formulaAt(2, 2)]).toEqual(['=not a formula, typed as text', null]);
  });

  it('leaves formulas in user columns outside the changed span alone', () => {
    const { sheet, table } = people(grid());
    sheet.getRange(2, 5, 1, 1).setValues([['=A2&"!"']]);
    table.updateRow(table.read(), 2, { email: 'c@corp.com' });
    expect(sheet.formulaAt(2, 5)).toBe('=A2&"!"');
  });

  it('lets a second update from the same snapshot keep the first one', () => {
    const { sheet, table } = people(grid());
    const snapshot = table.read();
    table.updateRow(snapshot, 2, { id: 'U7' });
    table.updateRow(snapshot, 2, { active: false });
    expect(sheet.rows()[1]).toEqual(['U7', 'keep me', 'a@corp.com', false, 'IT']);
  });

  it('refuses to write the header row', () => {
    const { table } = people(grid());
    expect(thrown(() => table.updateRow(table.read(), 1, { id: 'x' })).code).toBe('INTERNAL');
  });

  it('refuses a key the spec does not have', () => {
    const { table } = people(grid());
    expect(thrown(() => table.updateRow(table.read(), 2, { nope: 'x' })).code).toBe('INTERNAL');
  });
});

describe('Table.updateCells', () => {
  it('writes adjacent columns with one setValues and no read', () => {
    const { ss, sheet, table } = people([
      ['Slack User ID', 'Email', 'Active'],
      ['U1', 'a@corp.com', true],
    ]);
    const header = table.readHeader();
    ss.resetCounts();
    table.updateCells(2, header, { email: 'b@corp.com', active: false });
    expect([ss.calls.setValues, ss.calls.getValues, sheet.rows()[1]]).toEqual([
      1,
      0,
      ['U1', 'b@corp.com', false],
    ]);
  });

  it('refuses columns with a gap between them', () => {
    const { table } = people([
      ['Slack User ID', 'Email', 'Active'],
      ['U1', 'a@corp.com', true],
    ]);
    expect(thrown(() => table.updateCells(2, table.readHeader(), { id: 'U2', active: false })).code).toBe(
      'INTERNAL',
    );
  });
});

describe('Table.append', () => {
  it('appends in header order with one appendRow', () => {
    const { ss, sheet, table } = people([['Active', 'Team', 'Email', 'Slack User ID']]);
    const header = table.readHeader();
    ss.resetCounts();
    table.append({ id: 'U5', email: 'e@corp.com', active: true }, header);
    expect([ss.calls.appendRow, sheet.rows()[1]]).toEqual([1, [true, '', 'e@corp.com', 'U5']]);
  });

  it('reads only row 1 when no header map is given', () => {
    const { ss, table } = people([['Slack User ID', 'Email', 'Active']]);
    ss.resetCounts();
    table.append({ id: 'U5' });
    expect([ss.calls.getValues, ss.calls.getLastRow, ss.calls.getRange]).toEqual([1, 0, 1]);
  });

  it('appends outside text as literal text', () => {
    const { sheet, table } = people([['Slack User ID', 'Email', 'Active']]);
    table.append({ id: '+1+1', email: '@SUM(A1)' });
    expect([sheet.rows()[1], sheet.formulaAt(2, 1)]).toEqual([['+1+1', '@SUM(A1)', ''], null]);
  });
});

describe('headerKey', () => {
  it('ignores case, spaces and punctuation', () => {
    expect(headerKey(' Slack user-ID ')).toBe(headerKey('Slack User ID'));
  });
});
