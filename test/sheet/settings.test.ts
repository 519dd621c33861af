// The Settings tab: setup writes it once with validated defaults; readSettings parses what people typed,
// falls back to defaults with a problem named, and costs no Sheet call when the cache is warm.

import { forgetSheetCaches } from '../../src/cache';
import { setupSheet } from '../../src/sheet/setup';
import {
  isIanaTimeZone,
  parseGroupNames,
  parseSettings,
  readSettings,
  SETTING_ROWS,
} from '../../src/sheet/settings';
import { FakeFormatting, FakeSpreadsheet } from '../fakes/spreadsheet';
import { FakeCache, FakeClock } from '../fakes/services';

const HEADER = ['Setting', 'Value', 'Description'];

function grid(rows: [string, unknown][]): (string | number | boolean)[][] {
  return [HEADER, ...rows.map(([name, value]) => [name, value as string | number | boolean, ''])];
}

const parse = (rows: [string, unknown][], zone = 'Europe/Paris') => parseSettings(grid(rows), () => zone);

function setUpSheet(timeZone = 'America/New_York'): FakeSpreadsheet {
  const ss = FakeSpreadsheet.withTabs({});
  ss.timeZone = timeZone;
  setupSheet(ss, new FakeFormatting(), { taskRows: [], taskLabels: ['Suspend'] });
  return ss;
}

describe('setup writes the Settings tab', () => {
  it('writes Setting, Value, Description and the five settings with their defaults', () => {
    const ss = setUpSheet('America/New_York');
    expect(ss.sheet('Settings').rows()).toEqual([
      HEADER,
      ['Two-Person Rule', false, SETTING_ROWS[0]!.description],
      ['Protected Okta Groups', '', SETTING_ROWS[1]!.description],
      ['Grace Period Hours', 0, SETTING_ROWS[2]!.description],
      ['Pause Reminder Hours', 4, SETTING_ROWS[3]!.description],
      ['Time Zone', 'America/New_York', SETTING_ROWS[4]!.description],
    ]);
  });

  it('puts a checkbox on Two-Person Rule and numbers of at least 0 on the hours', () => {
    const ss = setUpSheet();
    const tab = ss.sheet('Settings');
    const f = new FakeFormatting();
    expect([2, 3, 4, 5, 6].map((row) => tab.validationAt(row, 2))).toEqual([
      f.checkbox(),
      null,
      f.numberAtLeast(0),
      f.numberAtLeast(0),
      null,
    ]);
  });

  it('writes nothing the second time', () => {
    const ss = setUpSheet();
    ss.resetCounts();
    setupSheet(ss, new FakeFormatting(), { taskRows: [], taskLabels: ['Suspend'] });
    expect(ss.writeCalls()).toBe(0);
  });

  it('adds only the setting a hand-made tab lacks, below its rows, keeping their values', () => {
    const ss = FakeSpreadsheet.withTabs({
      Settings: [HEADER, ['two-person rule', true, 'ours'], ['Grace period hours', 24, '']],
    });
    setupSheet(ss, new FakeFormatting(), { taskRows: [], taskLabels: ['Suspend'] });
    expect(
      ss
        .sheet('Settings')
        .rows()
        .map((r) => [r[0], r[1]]),
    ).toEqual([
      ['Setting', 'Value'],
      ['two-person rule', true],
      ['Grace period hours', 24],
      ['Protected Okta Groups', ''],
      ['Pause Reminder Hours', 4],
      ['Time Zone', 'UTC'],
    ]);
  });
});

describe('parseSettings', () => {
  it('reads the defaults from the rows setup writes', () => {
    const ss = setUpSheet('America/New_York');
    expect(readSettings(ss).settings).toEqual({
      twoPersonRule: false,
      protectedGroups: [],
      gracePeriodHours: 0,
      pauseReminderHours: 4,
      timeZone: 'America/New_York',
    });
  });

  it('reads a ticked Two-Person Rule', () => {
    expect(parse([['Two-Person Rule', true]]).settings.twoPersonRule).toBe(true);
  });

  it('trims group names and drops empty entries', () => {
    expect(
      parse([['Protected Okta Groups', ' Okta Admins ,, Executives ,']]).settings.protectedGroups,
    ).toEqual(['Okta Admins', 'Executives']);
  });

  it('keeps a group named twice once', () => {
    expect(parseGroupNames('IT, IT')).toEqual(['IT']);
  });

  it('reads hours typed as text', () => {
    expect(parse([['Grace Period Hours', '1.5']]).settings.gracePeriodHours).toBe(1.5);
  });

  it('falls back to 0 grace hours for a negative number and names the row', () => {
    const r = parse([['Grace Period Hours', -2]]);
    expect([r.settings.gracePeriodHours, r.problems.filter((p) => p.startsWith('Row 2'))]).toEqual([
      0,
      ['Row 2 (Grace Period Hours): "-2" is not a number of hours, 0 or more, so the default (0) is used.'],
    ]);
  });

  it('refuses 0 pause reminder hours and keeps 4', () => {
    const r = parse([['Pause Reminder Hours', 0]]);
    expect([r.settings.pauseReminderHours, r.problems.some((p) => p.includes('above 0'))]).toEqual([4, true]);
  });

  it('refuses words in an hours cell', () => {
    expect(parse([['Pause Reminder Hours', 'two']]).settings.pauseReminderHours).toBe(4);
  });

  it('takes a valid IANA time zone in its canonical spelling', () => {
    expect(parse([['Time Zone', 'europe/berlin']]).settings.timeZone).toBe('Europe/Berlin');
  });

  it('falls back to the spreadsheet time zone for a name that is not IANA, saying so', () => {
    const r = parse([['Time Zone', 'Mars/Olympus']], 'Asia/Tokyo');
    expect([
      r.settings.timeZone,
      r.problems.some((p) => p.includes('"Mars/Olympus" is not an IANA')),
    ]).toEqual(['Asia/Tokyo', true]);
  });

  it('uses the spreadsheet time zone for a blank Time Zone without a problem', () => {
    const r = parse([['Time Zone', '']], 'Asia/Tokyo');
    expect([r.settings.timeZone, r.problems.filter((p) => p.includes('Time Zone'))]).toEqual([
      'Asia/Tokyo',
      [],
    ]);
  });

  it('names each setting row that is missing', () => {
    expect(parse([]).problems).toHaveLength(5);
  });

  it('matches the Setting cell ignoring case and spaces', () => {
    expect(parse([[' grace period HOURS ', 3]]).settings.gracePeriodHours).toBe(3);
  });
});

describe('isIanaTimeZone', () => {
  it.each(['UTC', 'Europe/Berlin', 'America/Argentina/Buenos_Aires'])('accepts %s', (name) => {
    expect(isIanaTimeZone(name)).toBe(true);
  });

  it.each(['', 'Berlin', 'GMT+2', '+02:00', 'Europe/Nowhere'])('refuses "%s"', (name) => {
    expect(isIanaTimeZone(name)).toBe(false);
  });
});

describe('readSettings', () => {
  it('answers the defaults and a problem when the tab is missing', () => {
    const ss = FakeSpreadsheet.withTabs({});
    ss.timeZone = 'Asia/Tokyo';
    const r = readSettings(ss);
    expect([r.settings.timeZone, r.problems]).toEqual([
      'Asia/Tokyo',
      ['The spreadsheet has no "Settings" tab, so every setting is at its default. Run Offboard setup.'],
    ]);
  });

  it('makes no Sheet call when the cache is warm', () => {
    const ss = setUpSheet();
    const cache = new FakeCache(new FakeClock());
    readSettings(ss, cache);
    ss.resetCounts();
    readSettings(ss, cache);
    expect(ss.callOrder).toEqual([]);
  });

  it('reads the tab again after the Sheet caches are forgotten (an edit)', () => {
    const ss = setUpSheet();
    const cache = new FakeCache(new FakeClock());
    readSettings(ss, cache);
    ss.sheet('Settings').writeInput(2, 2, true);
    forgetSheetCaches(cache);
    expect(readSettings(ss, cache).settings.twoPersonRule).toBe(true);
  });

  it('reads the tab with one getValues', () => {
    const ss = setUpSheet();
    ss.resetCounts();
    readSettings(ss, new FakeCache(new FakeClock()));
    expect(ss.calls.getValues).toBe(1);
  });
});
