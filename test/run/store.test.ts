// The run store survives people and history: rows found by Run ID, only Offboard's own cells written,
// active runs kept by the index when their row is unreadable, misspelled or deleted, lists in Run Details.

import { signButton, verifyButton, type ButtonAction } from '../../src/run/buttons';
import * as app from '../../src/app';
import * as engine from '../../src/run/engine';
import type { Run } from '../../src/run/types';
import { OFFBOARDING_SPEC } from '../../src/run/runsTable';
import { openTable } from '../../src/sheet/table';
import { MAX_CELL_CHARS } from '../../src/ports';
import { FULL_PLAN } from '../fixtures/runs';
import { makeWorld, storeOf, type World } from '../fixtures/world';
import { nodeCrypto } from '../fakes/services';
import { codeOf } from '../fixtures/errors';

const SECRET = 'test-signing-secret';
/** These tests are about the engine, not about who may click: everyone may. */
const anyone = (): void => {};
/** The two-person rule is off in these tests. */
const noApproval = (): null => null;

function request(w: World, requester = { slackUserId: 'U0APPROVED', name: 'Alex Admin' }): Run {
  return engine.requestRun(w.deps, {
    requester,
    input: 'jane.doe@example.com',
    audit: { actor: 'alex', detail: '/offboard jane.doe@example.com' },
    user: {
      id: w.target.id,
      status: 'ACTIVE',
      profile: { login: w.target.profile.login, email: w.target.profile.email },
    },
    plan: FULL_PLAN.map((t) => ({ ...t })),
  });
}

function claim(w: World, run: Run, action: ButtonAction) {
  const current = w.deps.store.get(run.runId)!;
  const value = signButton(nodeCrypto, SECRET, {
    action,
    runId: run.runId,
    taskId: '',
    pauseSeq: current.data.pauseSeq,
    expiresAt: 0,
  });
  return verifyButton(nodeCrypto, SECRET, value, w.services.clock.now());
}

function confirm(w: World, run: Run): Run {
  return engine.confirmRun(w.deps, {
    approval: noApproval,
    graceMs: 0,
    claim: claim(w, run, 'confirm'),
    actor: 'Alex Admin (U0APPROVED)',
    startedAt: w.services.clock.now(),
    authorize: anyone,
  });
}

function work(w: World): engine.WorkerReport {
  return engine.workerTurn(w.deps, w.services.clock.now() + 4.5 * 60_000);
}

const tab = (w: World) => w.sheet.sheet('Offboarding');
const column = (w: World, header: string): number => tab(w).rows()[0]!.indexOf(header) + 1;

describe('a person in 1,000 groups', () => {
  function thousandGroups(): World {
    const w = makeWorld();
    // Rate limits are another test's subject (the fake's reset times follow the wall clock, not the fake one).
    w.okta.rateLimit({ limit: 10_000, windowSeconds: 60 });
    for (let i = 0; i < 1000; i++) {
      const group = w.okta.addGroup({
        name: `Directory group ${String(i).padStart(4, '0')} with a long name`,
      });
      w.okta.addToGroup(group.id, w.target.id);
    }
    return w;
  }

  it('is offboarded completely', () => {
    const w = thousandGroups();
    const run = confirm(w, request(w));
    for (let turn = 0; turn < 5 && w.deps.store.get(run.runId)!.status !== 'completed'; turn++) {
      w.services.clock.advance(60_000);
      work(w);
    }
    expect([
      w.deps.store.get(run.runId)!.status,
      w.okta.groupsOf(w.target.id).filter((g) => g.type === 'OKTA_GROUP'),
    ]).toEqual(['completed', []]);
  });

  it('has each group removed as one Run Details row', () => {
    const w = thousandGroups();
    const run = confirm(w, request(w));
    work(w);
    const removed = w.sheet
      .sheet('Run Details')
      .rows()
      .filter((r) => r[0] === run.runId && r[3] === 'group removed');
    expect(removed).toHaveLength(1002);
  });

  it('reads the 1,002 removed groups back for restore in one Sheet read after its TextFinder, not one per row', () => {
    const w = thousandGroups();
    const run = confirm(w, request(w));
    work(w);
    const before = w.sheet.calls.getValues;
    const removed = storeOf(w.services)
      .details(run.runId)
      .filter((d) => d.kind === 'group removed');
    expect([removed.length, w.sheet.calls.getValues - before]).toEqual([1002, 1]);
  });

  it('keeps every Offboarding cell under the 50,000-character limit', () => {
    const w = thousandGroups();
    confirm(w, request(w));
    work(w);
    const rows = tab(w).rows();
    const cells = rows.flatMap((r) => r.map((c, i) => [String(rows[0]![i]), String(c).length] as const));
    const longest = Math.max(...cells.map(([, n]) => n));
    expect(longest).toBeLessThan(MAX_CELL_CHARS / 10);
  });
});

describe('people editing the Offboarding tab', () => {
  it("never writes a person's own column between Offboard's, formulas included", () => {
    const w = makeWorld();
    // A person inserts a column with a formula between Status and the first task column.
    const sheet = tab(w);
    const status = column(w, 'Status');
    sheet.insertColumnsAfter(status, 1);
    sheet.getRange(1, status + 1, 1, 1).setValues([['Manager note']]);
    const run = request(w);
    sheet.getRange(run.rowNumber!, status + 1, 1, 1).setValues([['=VLOOKUP(A2, People!A:B, 2)']]);
    confirm(w, run);
    work(w);
    expect(sheet.formulaAt(run.rowNumber!, status + 1)).toBe('=VLOOKUP(A2, People!A:B, 2)');
  });

  it('finds a run by Run ID after people sorted the rows', () => {
    const w = makeWorld();
    const run = request(w);
    // A person inserts two rows above the run (as sorting would move it).
    tab(w).insertRowsAfter(1, 2);
    confirm(w, run);
    work(w);
    const rows = tab(w).rows();
    expect(rows.filter((r) => r[0] === run.runId).map((r) => r[column(w, 'Status') - 1])).toEqual([
      'completed',
    ]);
  });

  it('treats rows holding only checkboxes as blank: none is read as a record', () => {
    const w = makeWorld();
    const sheet = tab(w);
    for (let row = 2; row <= 6; row++) sheet.getRange(row, column(w, 'Target'), 1, 1).setValues([[false]]);
    expect(openTable(w.sheet, OFFBOARDING_SPEC).read().records).toEqual([]);
  });
});

describe('an active run whose row people broke', () => {
  it('stays active when its Status cell is misspelled: the person cannot get a second run', () => {
    const w = makeWorld();
    const run = request(w);
    tab(w)
      .getRange(run.rowNumber!, column(w, 'Status'), 1, 1)
      .setValues([['awaiting confirmaton']]);
    expect(codeOf(() => request(w, { slackUserId: 'U0REQUEST', name: 'Riley Requester' }))).toBe(
      'RUN_ACTIVE',
    );
  });

  it('gets its misspelled Status written back at its next step, and the store says what to fix', () => {
    const w = makeWorld();
    const notes: string[] = [];
    w.deps = { ...w.deps, store: storeOf(w.services, (_runId, text) => notes.push(text)) };
    const run = confirm(w, request(w));
    tab(w)
      .getRange(run.rowNumber!, column(w, 'Status'), 1, 1)
      .setValues([['queud']]);
    work(w);
    const row = tab(w).rows()[run.rowNumber! - 1]!;
    expect([row[column(w, 'Status') - 1], notes[0]]).toEqual([
      'completed',
      expect.stringContaining('had Status "queud", which is not a run status'),
    ]);
  });

  it('stays active when its Run Data is unreadable, and the worker finishes it', () => {
    const w = makeWorld();
    const run = confirm(w, request(w));
    tab(w)
      .getRange(run.rowNumber!, column(w, 'Run Data'), 1, 1)
      .setValues([['{oops']]);
    work(w);
    expect(w.deps.store.get(run.runId)?.status ?? 'gone').toBe('completed');
  });

  it('comes back as a row when its row was deleted, and the store says so', () => {
    const w = makeWorld();
    const notes: string[] = [];
    w.deps = { ...w.deps, store: storeOf(w.services, (_runId, text) => notes.push(text)) };
    const run = confirm(w, request(w));
    tab(w).deleteRow(run.rowNumber!);
    work(w);
    const rows = tab(w)
      .rows()
      .filter((r) => r[0] === run.runId);
    expect([rows.map((r) => r[column(w, 'Status') - 1]), notes]).toEqual([
      ['completed'],
      [expect.stringContaining("The run's Offboarding row was missing; written again")],
    ]);
  });
});

describe('locks', () => {
  function lastSheetCallAtEachRelease(w: ReturnType<typeof makeWorld>): string[] {
    const last: string[] = [];
    const release = w.services.lock.release.bind(w.services.lock);
    w.services.lock.release = () => {
      last.push(w.sheet.callOrder.at(-1) ?? 'none');
      release();
    };
    return last;
  }

  it('flushes the spreadsheet before every lock release once the spreadsheet is open', () => {
    const w = makeWorld();
    const run = request(w);
    w.services.spreadsheet();
    const last = lastSheetCallAtEachRelease(w);
    confirm(w, run);
    work(w);
    expect(new Set(last)).toEqual(new Set(['flush']));
  });

  it('makes no Sheet call at a lock release when nothing has opened the spreadsheet (no write can be pending)', () => {
    const w = makeWorld();
    const last = lastSheetCallAtEachRelease(w);
    request(w);
    expect(last).toEqual(['none']);
  });
});

describe('a renamed Offboarding tab', () => {
  /** A new execution opens the Sheet again (a Sheet object outlives a rename within one execution). */
  function nextExecution(w: World): void {
    w.deps = { ...w.deps, store: storeOf(w.services) };
  }

  function renamedMidRun(): { w: World; run: Run; report: engine.WorkerReport } {
    const w = makeWorld();
    const run = confirm(w, request(w));
    tab(w).tabName = 'Offboarding (old)';
    nextExecution(w);
    return { w, run, report: work(w) };
  }

  it('stops the worker on that run with a message that names the tab and setup', () => {
    const { w, run } = renamedMidRun();
    const error = w.audit.find((e) => e.runId === run.runId && e.action === 'worker error');
    expect(error?.detail).toBe('The spreadsheet has no "Offboarding" tab. Run Offboard setup.');
  });

  it('loses nothing: after setup restores the tab, the run completes and gets its row again', () => {
    const { w, run } = renamedMidRun();
    app.setup(() => w.services);
    nextExecution(w);
    work(w);
    const rows = w.sheet
      .sheet('Offboarding')
      .rows()
      .filter((r) => r[0] === run.runId);
    expect([w.deps.store.get(run.runId)?.status, rows.length]).toEqual(['completed', 1]);
  });
});

describe('the active-run index', () => {
  it('keeps an entry under 9 KB even when every task failed with a long message', () => {
    const w = makeWorld();
    const run = request(w);
    for (const task of FULL_PLAN)
      run.data.tasks[task.id] = { state: 'failed', text: 'x'.repeat(5_000), attempts: 1 };
    run.message = 'y'.repeat(5_000);
    w.deps.store.hold(run);
    const entry = w.services.properties.values[`offboard.run.${run.runId}`] ?? '';
    expect(entry.length).toBeLessThan(9 * 1024);
  });
});

describe('an execution that dies between writing a run’s first row and recording its row number', () => {
  it('leaves one row: the next step finds it by Run ID instead of appending another', () => {
    const w = makeWorld();
    const run = request(w);
    const set = w.services.properties.set.bind(w.services.properties);
    let died = false;
    w.services.properties.set = (key: string, value: string) => {
      if (!died && key.endsWith(run.runId) && /"row":[1-9]/.test(value)) {
        died = true;
        throw new Error('Exceeded maximum execution time');
      }
      set(key, value);
    };
    expect(() => confirm(w, run)).toThrow('Exceeded maximum execution time');
    w.services.clock.advance(engine.LEASE_MS + 1);
    work(w);
    const rows = tab(w)
      .rows()
      .filter((r) => r[0] === run.runId);
    expect(rows.map((r) => r[column(w, 'Status') - 1])).toEqual(['completed']);
  });
});
