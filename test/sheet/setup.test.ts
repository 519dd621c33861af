// setupSheet: builds a fresh Sheet, completes a hand-made one without touching people's rows, and a
// second run writes nothing.

import { RUN_STATUS_COLORS } from '../../src/sheet/tabs';
import { openTable } from '../../src/sheet/table';
import { setupSheet, unknownTaskRows, type SetupOptions } from '../../src/sheet/setup';
import { APPROVED_USERS_SPEC, AUDIT_LOG_SPEC, offboardingSpec, TASKS_SPEC } from '../../src/sheet/tabs';
import { FakeFormatting, FakeSpreadsheet, type FakeConditionalRule } from '../fakes/spreadsheet';
import type { CellValue } from '../../src/ports';
import { APPROVED_USERS_HEADER, AUDIT_LOG_HEADER, TASKS_HEADER } from './fixtures';

const LABELS = ['Suspend', 'Clear sessions'];

function options(): SetupOptions {
  return {
    taskLabels: LABELS,
    taskRows: [
      { task: 'suspend', enabled: true, order: 1, onFailure: 'pause', description: 'Suspend the Okta user' },
      { task: 'clear_sessions', enabled: true, order: 2, onFailure: 'continue', description: 'End sessions' },
    ],
  };
}

function setUp(ss: FakeSpreadsheet) {
  return setupSheet(ss, new FakeFormatting(), options());
}

const offboardingHeader = () => offboardingSpec(LABELS).columns.map((c) => c.header);

describe('setupSheet on an empty spreadsheet', () => {
  it('creates the seven tabs', () => {
    const ss = FakeSpreadsheet.withTabs({});
    setUp(ss);
    expect(ss.tabNames()).toEqual([
      'Approved Users',
      'Offboarding',
      'Tasks',
      'Audit Log',
      'Run Details',
      'Settings',
      'Queue',
    ]);
  });

  it('reports each tab as created', () => {
    expect(setUp(FakeSpreadsheet.withTabs({})).created).toEqual([
      '"Approved Users" tab',
      '"Offboarding" tab',
      '"Tasks" tab',
      '"Audit Log" tab',
      '"Run Details" tab',
      '"Settings" tab',
      '"Queue" tab',
    ]);
  });

  it('heads the Queue tab Target, Note, Added By, Batch, Status', () => {
    const ss = FakeSpreadsheet.withTabs({});
    setUp(ss);
    expect(ss.sheet('Queue').rows()[0]).toEqual(['Target', 'Note', 'Added By', 'Batch', 'Status']);
  });

  it("puts how to use the Queue tab in its Target header's note", () => {
    const ss = FakeSpreadsheet.withTabs({});
    setUp(ss);
    expect(ss.sheet('Queue').noteAt(1, 1)).toContain('/offboard queue');
  });

  it('adds the Queue tab to a Sheet made before it existed, and says so', () => {
    const ss = FakeSpreadsheet.withTabs({});
    setUp(ss);
    ss.removeTab('Queue');
    expect(setUp(ss).created).toEqual(['"Queue" tab']);
  });

  it('adds statuses a newer Offboard knows (in grace period, undone) to an existing Status dropdown', () => {
    const ss = FakeSpreadsheet.withTabs({});
    setUp(ss);
    const tab = ss.sheet('Offboarding');
    const column = tab.rows()[0]!.indexOf('Status') + 1;
    // The tab as an older Offboard left it: no colour and no dropdown entry for the new statuses.
    const formatting = new FakeFormatting();
    const older = Object.keys(RUN_STATUS_COLORS).filter((s) => s !== 'in grace period' && s !== 'undone');
    tab.setConditionalFormatRules(
      tab.getConditionalFormatRules().filter((r) => older.includes(formatting.describeRule(r) ?? '')),
    );
    tab.getRange(2, column, tab.getMaxRows() - 1, 1).setDataValidation(formatting.oneOf(older));
    setUp(ss);
    expect(tab.validationAt(2, column)).toEqual(formatting.oneOf(Object.keys(RUN_STATUS_COLORS)));
  });

  it('gives the Offboarding Status column a dropdown of every run status', () => {
    const ss = FakeSpreadsheet.withTabs({});
    setUp(ss);
    const tab = ss.sheet('Offboarding');
    const column = tab.rows()[0]!.indexOf('Status') + 1;
    expect(tab.validationAt(2, column)).toEqual(new FakeFormatting().oneOf(Object.keys(RUN_STATUS_COLORS)));
  });

  it('writes the exact Offboarding headers, task columns included', () => {
    const ss = FakeSpreadsheet.withTabs({});
    setUp(ss);
    expect(ss.sheet('Offboarding').rows()[0]).toEqual(offboardingHeader());
  });

  it('writes each header row with one setValues', () => {
    const ss = FakeSpreadsheet.withTabs({});
    setUp(ss);
    // Seven header rows, one block of task rows and one of setting rows.
    expect(ss.calls.setValues).toBe(9);
  });

  it('bolds and freezes the header row', () => {
    const ss = FakeSpreadsheet.withTabs({});
    setUp(ss);
    const sheet = ss.sheet('Approved Users');
    expect([sheet.fontWeightAt(1, 5), sheet.frozen()]).toEqual(['bold', 1]);
  });

  it('offers the three roles in the Role column', () => {
    const ss = FakeSpreadsheet.withTabs({});
    setUp(ss);
    expect(ss.sheet('Approved Users').validationAt(500, 4)).toMatchObject({
      kind: 'oneOf',
      values: ['requester', 'approver', 'admin'],
    });
  });

  it('puts checkboxes in Active and Enabled', () => {
    const ss = FakeSpreadsheet.withTabs({});
    setUp(ss);
    expect([ss.sheet('Approved Users').validationAt(2, 5), ss.sheet('Tasks').validationAt(2, 2)]).toEqual([
      expect.objectContaining({ kind: 'checkbox' }),
      expect.objectContaining({ kind: 'checkbox' }),
    ]);
  });

  it('offers pause or continue in On Failure', () => {
    const ss = FakeSpreadsheet.withTabs({});
    setUp(ss);
    expect(ss.sheet('Tasks').validationAt(2, 4)).toMatchObject({
      kind: 'oneOf',
      values: ['pause', 'continue'],
    });
  });

  it('leaves the header row without validation', () => {
    const ss = FakeSpreadsheet.withTabs({});
    setUp(ss);
    expect(ss.sheet('Approved Users').validationAt(1, 4)).toBeNull();
  });

  it('protects the Audit Log with a warning only', () => {
    const ss = FakeSpreadsheet.withTabs({});
    setUp(ss);
    expect(ss.sheet('Audit Log').protections.map((p) => p.state.warningOnly)).toEqual([true]);
  });

  it('colours each run status in the Status column', () => {
    const ss = FakeSpreadsheet.withTabs({});
    setUp(ss);
    const rules = ss.sheet('Offboarding').conditionalRules as FakeConditionalRule[];
    expect(rules.map((r) => [r.text, r.range.column])).toEqual(
      Object.keys(RUN_STATUS_COLORS).map((s) => [s, 6]),
    );
  });

  it('adds one Tasks row per task, readable as a table', () => {
    const ss = FakeSpreadsheet.withTabs({});
    setUp(ss);
    const records = openTable(ss, TASKS_SPEC).read().records;
    expect(
      records.map((r) => [r.text('task'), r.bool('enabled'), r.get('order'), r.text('onFailure')]),
    ).toEqual([
      ['suspend', true, 1, 'pause'],
      ['clear_sessions', true, 2, 'continue'],
    ]);
  });
});

describe('setupSheet a second time', () => {
  it('reports nothing', () => {
    const ss = FakeSpreadsheet.withTabs({});
    setUp(ss);
    expect(setUp(ss)).toEqual({ created: [], changed: [] });
  });

  it('makes no write calls', () => {
    const ss = FakeSpreadsheet.withTabs({});
    setUp(ss);
    ss.resetCounts();
    setUp(ss);
    expect(ss.writeCalls()).toBe(0);
  });

  it('makes no write calls on a completed hand-made Sheet either', () => {
    const ss = handMadeSheet();
    setUp(ss);
    ss.resetCounts();
    setUp(ss);
    expect(ss.writeCalls()).toBe(0);
  });

  it('reads each tab once', () => {
    const ss = FakeSpreadsheet.withTabs({});
    setUp(ss);
    ss.resetCounts();
    setUp(ss);
    expect(ss.calls.getValues).toBe(7);
  });
});

/** A Sheet an IT person set up by hand: reordered and extra columns, data rows, a missing column. */
function handMadeSheet(): FakeSpreadsheet {
  return FakeSpreadsheet.withTabs({
    'Approved Users': [
      ['Email', 'Notes', ' slack user ID', 'Role', 'Name'], // no Active column
      ['ann@corp.com', 'boss', 'U1', 'admin', 'Ann'],
      ['', '', '', '', ''],
      ['bo@corp.com', '', 'U2', 'Approver', 'Bo'],
    ],
    Tasks: [
      ['task', 'Enabled', 'Order', 'On failure', 'Description', 'Owner'],
      ['SUSPEND', 'yes', 5, 'continue', 'our wording', 'Dee'],
      ['legacy_thing', false, 9, 'pause', '', ''],
    ],
    'Audit Log': [AUDIT_LOG_HEADER, [new Date(0), 'ann', 'edited by hand', '', '']],
  });
}

describe('setupSheet on a hand-made Sheet', () => {
  it('adds the missing column after the existing ones', () => {
    const ss = handMadeSheet();
    setUp(ss);
    expect(ss.sheet('Approved Users').rows()[0]).toEqual([
      'Email',
      'Notes',
      ' slack user ID',
      'Role',
      'Name',
      'Active',
    ]);
  });

  it('reports the added column', () => {
    expect(setUp(handMadeSheet()).changed).toContain('"Approved Users" tab: added column "Active"');
  });

  it('never touches the rows people entered', () => {
    const ss = handMadeSheet();
    const before = ss.sheet('Approved Users').rows().slice(1);
    setUp(ss);
    const after = ss.sheet('Approved Users').rows().slice(1);
    expect(after.map((row) => row.slice(0, 5))).toEqual(before);
  });

  it('leaves the new column empty on existing rows', () => {
    const ss = handMadeSheet();
    setUp(ss);
    expect(
      ss
        .sheet('Approved Users')
        .rows()
        .slice(1)
        .map((row) => row[5]),
    ).toEqual(['', '', '']);
  });

  it('does not bold headers people wrote', () => {
    const ss = handMadeSheet();
    setUp(ss);
    expect(ss.sheet('Approved Users').fontWeightAt(1, 1)).toBeNull();
  });

  it('does not add a task the tab already has in other case', () => {
    const ss = handMadeSheet();
    setUp(ss);
    const tasks = ss
      .sheet('Tasks')
      .rows()
      .map((row) => row[0]);
    expect(tasks).toEqual(['task', 'SUSPEND', 'legacy_thing', 'clear_sessions']);
  });

  it('keeps the existing task row as people edited it', () => {
    const ss = handMadeSheet();
    setUp(ss);
    expect(ss.sheet('Tasks').rows()[1]).toEqual([
      'SUSPEND',
      'yes',
      5,
      'continue',
      'our wording',
      'Dee',
      // Kind, URL, Secret Property, Timeout Policy: added by setup, empty for an Okta task.
      '',
      '',
      '',
      '',
    ]);
  });

  it('writes a new task row in the tab own column order', () => {
    const ss = FakeSpreadsheet.withTabs({
      Tasks: [['Description', 'On Failure', 'Order', 'Enabled', 'Task']],
    });
    setUp(ss);
    expect(ss.sheet('Tasks').rows()[1]).toEqual([
      'Suspend the Okta user',
      'pause',
      1,
      true,
      'suspend',
      '',
      '',
      '',
      '',
    ]);
  });

  it('does not protect an Audit Log that already is', () => {
    const ss = handMadeSheet();
    ss.sheet('Audit Log').protect().setDescription('ours');
    setUp(ss);
    expect(ss.sheet('Audit Log').protections.map((p) => p.state.description)).toEqual(['ours']);
  });

  it('leaves two frozen rows as they are', () => {
    const ss = handMadeSheet();
    ss.sheet('Tasks').setFrozenRows(2);
    setUp(ss);
    expect(ss.sheet('Tasks').frozen()).toBe(2);
  });

  it('adds only the status colours no rule covers yet, after the existing rules', () => {
    const ss = FakeSpreadsheet.withTabs({ Offboarding: [offboardingHeader()] });
    const formatting = new FakeFormatting();
    const sheet = ss.sheet('Offboarding');
    const mine = formatting.textEquals(sheet.getRange(2, 6, 10, 1), 'Completed', '#00ff00');
    sheet.setConditionalFormatRules([mine]);
    setupSheet(ss, formatting, options());
    expect((sheet.conditionalRules as FakeConditionalRule[]).map((r) => r.text)).toEqual([
      'Completed',
      ...Object.keys(RUN_STATUS_COLORS).filter((s) => s !== 'completed'),
    ]);
  });

  it('adds a column for a new task at the end of Offboarding', () => {
    const ss = FakeSpreadsheet.withTabs({
      Offboarding: [offboardingHeader(), ['R1', '', '', 'jane@corp.com']],
    });
    setupSheet(ss, new FakeFormatting(), { ...options(), taskLabels: [...LABELS, 'Reset factors'] });
    expect(ss.sheet('Offboarding').rows()[0]!.at(-1)).toBe('Reset factors');
  });

  it('makes room when the tab has fewer columns than the header needs', () => {
    const ss = FakeSpreadsheet.withTabs({ Offboarding: [['Run ID']] }, { maxColumns: 3 });
    setUp(ss);
    expect(ss.sheet('Offboarding').rows()[0]).toEqual(['Run ID', ...offboardingHeader().slice(1)]);
  });

  it('appends task rows one by one when the tab has no spare rows', () => {
    const ss = FakeSpreadsheet.withTabs({ Tasks: [TASKS_HEADER] }, { maxRows: 1 });
    setUp(ss);
    expect(
      ss
        .sheet('Tasks')
        .rows()
        .map((r) => r[0]),
    ).toEqual(['Task', 'suspend', 'clear_sessions']);
  });
});

describe('unknownTaskRows', () => {
  const tasksTab = () =>
    FakeSpreadsheet.withTabs({
      Tasks: [
        TASKS_HEADER,
        ['Suspend', true, 1, 'pause', ''],
        ['', '', '', '', ''],
        ['teleport', true, 2, 'pause', ''],
      ],
    });

  it('names rows whose task is not known, with their row number', () => {
    expect(unknownTaskRows(tasksTab(), ['suspend'])).toEqual([{ rowNumber: 4, task: 'teleport' }]);
  });

  it('accepts a predicate for known tasks', () => {
    expect(unknownTaskRows(tasksTab(), (task) => task === 'teleport')).toEqual([
      { rowNumber: 2, task: 'Suspend' },
    ]);
  });

  it('accepts a snapshot without reading again', () => {
    const ss = tasksTab();
    const snapshot = openTable(ss, TASKS_SPEC).read();
    ss.resetCounts();
    unknownTaskRows(snapshot, ['suspend', 'teleport']);
    expect(ss.calls.getValues).toBe(0);
  });
});

// The fixtures the hand-made Sheet leans on are the real headers, not a copy that could drift.
it('fixture headers match the tab specs', () => {
  expect([APPROVED_USERS_HEADER, TASKS_HEADER, AUDIT_LOG_HEADER]).toEqual(
    [APPROVED_USERS_SPEC, TASKS_SPEC, AUDIT_LOG_SPEC].map((spec) => spec.columns.map((c) => c.header)),
  );
});

describe('setup and webhook rows', () => {
  it('adds an Offboarding column headed by each webhook row’s label', () => {
    const ss = new FakeSpreadsheet();
    setupSheet(ss, new FakeFormatting(), options());
    const tasks = ss.sheet('Tasks');
    const header = tasks.rows()[0]!.map(String);
    const row = new Array<CellValue>(header.length).fill('');
    row[header.indexOf('Task')] = 'Notify Payroll';
    row[header.indexOf('Kind')] = 'webhook';
    tasks.appendRow(row);
    setupSheet(ss, new FakeFormatting(), options());
    expect(ss.sheet('Offboarding').rows()[0]).toContain('Notify Payroll');
  });
});
