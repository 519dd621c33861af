// appsScriptServices and the small adapters: which Sheet is opened, built once, triggers' kinds, rules.

import { createAppsScriptServices } from '../../src/adapters';
import { appsScriptCache, MAX_CACHE_SECONDS } from '../../src/adapters/script-services';
import { appsScriptFormatting, spreadsheetLike } from '../../src/adapters/spreadsheet';
import { appsScriptTriggers, ONCE_TRIGGER_PREFIX } from '../../src/adapters/triggers';
import { addOffboardingMenu, showAlert } from '../../src/adapters/ui';
import { fakeGlobals, removeFakeGlobals } from './globals';

afterEach(() => {
  removeFakeGlobals();
  jest.restoreAllMocks();
});

/** Script Properties backed by a plain object, counting getProperties calls. */
function fakeProperties(initial: Record<string, string> = {}) {
  const data = { ...initial };
  const counts = { getProperties: 0 };
  const store = {
    getProperty: (k: string) => data[k] ?? null,
    setProperty: (k: string, v: string) => ((data[k] = v), store),
    deleteProperty: (k: string) => (delete data[k], store),
    getProperties: () => (counts.getProperties++, { ...data }),
  };
  fakeGlobals({ PropertiesService: { getScriptProperties: () => store } });
  return { data, counts };
}

/** SpreadsheetApp that counts how the Sheet was opened. */
function fakeSpreadsheetApp() {
  const opened = { active: 0, byId: [] as string[] };
  const spreadsheet = { getSheetByName: () => null, insertSheet: () => ({}) };
  fakeGlobals({
    SpreadsheetApp: {
      getActive: () => (opened.active++, spreadsheet),
      openById: (id: string) => (opened.byId.push(id), spreadsheet),
    },
  });
  return opened;
}

describe('createAppsScriptServices().spreadsheet()', () => {
  it('opens the Sheet named by SPREADSHEET_ID when it is set', () => {
    fakeProperties({ SPREADSHEET_ID: '1AbCdEfGhIjK' });
    const opened = fakeSpreadsheetApp();
    createAppsScriptServices().spreadsheet();
    expect(opened).toEqual({ active: 0, byId: ['1AbCdEfGhIjK'] });
  });

  it('opens the bound Sheet when SPREADSHEET_ID is blank', () => {
    fakeProperties({ SPREADSHEET_ID: '  ' });
    const opened = fakeSpreadsheetApp();
    createAppsScriptServices().spreadsheet();
    expect(opened).toEqual({ active: 1, byId: [] });
  });

  it('opens the Sheet once however often it is asked for', () => {
    fakeProperties();
    const opened = fakeSpreadsheetApp();
    const services = createAppsScriptServices();
    services.spreadsheet();
    services.spreadsheet();
    expect(opened.active).toBe(1);
  });
});

describe('createAppsScriptServices() laziness', () => {
  it('touches no Apps Script service until one is used', () => {
    // No fake globals at all: building the bag must not reach for any.
    expect(() => createAppsScriptServices()).not.toThrow();
  });

  it('builds each service once', () => {
    let locks = 0;
    fakeGlobals({
      LockService: { getScriptLock: () => (locks++, { tryLock: () => true, releaseLock() {} }) },
    });
    const services = createAppsScriptServices();
    services.lock.tryLock(10);
    services.lock.release();
    expect(locks).toBe(1);
  });
});

describe('properties', () => {
  it('reads every property with one getProperties call', () => {
    const { counts } = fakeProperties({ A: '1', B: '2' });
    const all = createAppsScriptServices().properties.all();
    expect({ all, calls: counts.getProperties }).toEqual({ all: { A: '1', B: '2' }, calls: 1 });
  });
});

describe('cache', () => {
  function fakeCache(put: (k: string, v: string, ttl: number) => void) {
    fakeGlobals({ CacheService: { getScriptCache: () => ({ get: () => null, put, remove() {} }) } });
  }
  const quietLog = { info() {}, warn() {}, error() {} };

  it('caps a TTL longer than CacheService allows', () => {
    const ttls: number[] = [];
    fakeCache((_k, _v, ttl) => ttls.push(ttl));
    appsScriptCache(quietLog).put('k', 'v', 7 * 24 * 3600);
    expect(ttls).toEqual([MAX_CACHE_SECONDS]);
  });

  it('treats a refused put as a forgotten value, not a failure', () => {
    fakeCache(() => {
      throw new Error('Argument too large: value');
    });
    expect(() => appsScriptCache(quietLog).put('k', 'x'.repeat(200_000), 60)).not.toThrow();
  });
});

describe('triggers', () => {
  const sheet = { id: 'the-sheet' };

  /** ScriptApp keeping its triggers in a list; ids count up. */
  function fakeScriptApp() {
    const triggers: Array<{ id: string; handler: string; event: string; source?: unknown }> = [];
    const asTrigger = (t: { id: string; handler: string; event: string }) => ({
      getUniqueId: () => t.id,
      getHandlerFunction: () => t.handler,
      getEventType: () => t.event,
    });
    const creator = (handler: string, event: string, source?: unknown) => ({
      create: () => {
        const t = { id: String(100 + triggers.length), handler, event, source };
        triggers.push(t);
        return asTrigger(t);
      },
    });
    fakeGlobals({
      ScriptApp: {
        EventType: { CLOCK: 'CLOCK', ON_CHANGE: 'ON_CHANGE' },
        newTrigger: (handler: string) => ({
          timeBased: () => ({
            everyMinutes: () => creator(handler, 'CLOCK'),
            after: () => creator(handler, 'CLOCK'),
          }),
          forSpreadsheet: (source: unknown) => ({ onChange: () => creator(handler, 'ON_CHANGE', source) }),
        }),
        getProjectTriggers: () => triggers.map(asTrigger),
        deleteTrigger: (t: { getUniqueId(): string }) =>
          triggers.splice(
            triggers.findIndex((x) => x.id === t.getUniqueId()),
            1,
          ),
      },
    });
    return triggers;
  }

  function triggersOnSheet() {
    return appsScriptTriggers(() => sheet as unknown as GoogleAppsScript.Spreadsheet.Spreadsheet);
  }

  it('tells once, recurring and change triggers apart when listing', () => {
    fakeProperties();
    fakeScriptApp();
    const triggers = triggersOnSheet();
    triggers.everyMinutes('runWorker', 5);
    triggers.after('kickWorker', 1000);
    triggers.onSpreadsheetChange('onChange');
    expect(triggers.list().map((t) => [t.handler, t.kind])).toEqual([
      ['runWorker', 'recurring'],
      ['kickWorker', 'once'],
      ['onChange', 'change'],
    ]);
  });

  it('installs the onChange trigger on the Sheet the services open', () => {
    fakeProperties();
    const made = fakeScriptApp();
    triggersOnSheet().onSpreadsheetChange('onChange');
    expect(made[0]?.source).toBe(sheet);
  });

  it('forgets the once mark when the trigger is removed', () => {
    const { data } = fakeProperties();
    fakeScriptApp();
    const triggers = triggersOnSheet();
    const kick = triggers.after('kickWorker', 1000);
    triggers.remove(kick.id);
    expect(Object.keys(data).filter((k) => k.startsWith(ONCE_TRIGGER_PREFIX))).toEqual([]);
  });
});

describe('formatting.describeRule', () => {
  function fakeRule(criteria: string, values: unknown[]) {
    return {
      getBooleanCondition: () => ({ getCriteriaType: () => criteria, getCriteriaValues: () => values }),
    };
  }
  beforeEach(() =>
    fakeGlobals({
      SpreadsheetApp: { BooleanCriteria: { TEXT_EQUAL_TO: 'TEXT_EQUAL_TO', TEXT_CONTAINS: 'TEXT_CONTAINS' } },
    }),
  );

  it('gives the text a TEXT_EQUAL_TO rule matches', () => {
    expect(appsScriptFormatting().describeRule(fakeRule('TEXT_EQUAL_TO', ['Paused']))).toBe('Paused');
  });

  it('gives null for any other kind of rule', () => {
    expect(appsScriptFormatting().describeRule(fakeRule('TEXT_CONTAINS', ['Paused']))).toBeNull();
  });

  it('gives null for a gradient rule, which has no boolean condition', () => {
    expect(appsScriptFormatting().describeRule({ getBooleanCondition: () => null })).toBeNull();
  });
});

describe('ui', () => {
  const noUi = () => {
    throw new Error('Cannot call SpreadsheetApp.getUi() from this context.');
  };

  it('logs an alert when there is no Sheet UI (a trigger or the web app)', () => {
    fakeGlobals({ SpreadsheetApp: { getUi: noUi } });
    const info = jest.spyOn(console, 'info').mockImplementation(() => {});
    showAlert('Offboard setup', 'Tabs created.');
    expect(info).toHaveBeenCalledWith('Offboard setup: Tabs created.');
  });

  it('adds a menu named Offboarding with each item', () => {
    const added: string[][] = [];
    let title = '';
    const menu = {
      addItem: (label: string, fn: string) => (added.push([label, fn]), menu),
      addToUi() {},
    };
    fakeGlobals({ SpreadsheetApp: { getUi: () => ({ createMenu: (t: string) => ((title = t), menu) }) } });
    addOffboardingMenu([{ label: 'Set up', functionName: 'setup' }]);
    expect({ title, added }).toEqual({ title: 'Offboarding', added: [['Set up', 'setup']] });
  });
});

describe('spreadsheetLike(...).readTabs (the Sheets advanced service)', () => {
  const spreadsheet = { getId: () => 'sheet-id-1', getSheetByName: () => null };

  it('reads the named tabs in one batchGet, unformatted, rows padded to the widest', () => {
    const calls: { id: string; args: Record<string, unknown> }[] = [];
    fakeGlobals({
      Sheets: {
        Spreadsheets: {
          Values: {
            batchGet: (id: string, args: Record<string, unknown>) => {
              calls.push({ id, args });
              return {
                valueRanges: [
                  { values: [['Task', 'Enabled'], ['suspend']] },
                  { values: [['Setting', 'Value', 'Description']] },
                ],
              };
            },
          },
        },
      },
    });
    const tabs = spreadsheetLike(spreadsheet as never).readTabs(['Tasks', "Bob's"]);
    expect([calls, tabs]).toEqual([
      [
        {
          id: 'sheet-id-1',
          args: {
            ranges: ["'Tasks'", "'Bob''s'"],
            valueRenderOption: 'UNFORMATTED_VALUE',
            majorDimension: 'ROWS',
          },
        },
      ],
      [
        [
          ['Task', 'Enabled'],
          ['suspend', ''],
        ],
        [['Setting', 'Value', 'Description']],
      ],
    ]);
  });

  it('answers null when the advanced service is not enabled (no Sheets global)', () => {
    expect(spreadsheetLike(spreadsheet as never).readTabs(['Tasks'])).toBeNull();
  });

  it('answers null when the call fails (a tab missing: "Unable to parse range")', () => {
    fakeGlobals({
      Sheets: {
        Spreadsheets: {
          Values: {
            batchGet: () => {
              throw new Error('Unable to parse range: Tasks');
            },
          },
        },
      },
    });
    expect(spreadsheetLike(spreadsheet as never).readTabs(['Tasks'])).toBeNull();
  });
});
