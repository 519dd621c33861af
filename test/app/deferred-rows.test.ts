// Slack requests write nothing to the Sheet: a run's row, its Run Details and the Audit Log entries wait in
// Script Properties (the run's index entry, the audit queue) and the worker writes them within its minute.

import { countsNow, minus } from '../../bench/measure';
import {
  benchWorld,
  buttonValue,
  click,
  confirmValue,
  post,
  slashCommand,
  workerTurn,
  type BenchWorld,
} from '../../bench/world';
import { ACTIVE_RUN_PREFIX } from '../../src/run/activeRuns';
import { slashCommandPost } from '../fixtures/slack';
import { allRuns } from '../fixtures/world';

interface Entry {
  runId: string;
  status: string;
  rowPending?: boolean;
  details?: unknown[];
}

function entries(bw: BenchWorld): Entry[] {
  return Object.entries(bw.services.properties.values)
    .filter(([key]) => key.startsWith(ACTIVE_RUN_PREFIX))
    .map(([, value]) => JSON.parse(value) as Entry);
}

function sheetWrites(bw: BenchWorld, fn: () => unknown): number {
  const before = countsNow(bw);
  fn();
  return minus(countsNow(bw), before).sheetWrites;
}

function rowsOf(bw: BenchWorld, tab: string): unknown[][] {
  return bw.world.sheet.sheet(tab).rows().slice(1);
}

function text(reply: unknown): string {
  return JSON.stringify(reply);
}

function confirmed(): BenchWorld {
  const bw = benchWorld();
  click(bw, 'confirm', confirmValue(slashCommand(bw, bw.people[0]!)));
  return bw;
}

describe('Confirm', () => {
  it('makes no Sheet write', () => {
    const bw = benchWorld();
    const card = slashCommand(bw, bw.people[0]!);
    expect(sheetWrites(bw, () => click(bw, 'confirm', confirmValue(card)))).toBe(0);
  });

  it("leaves the run's row to the worker: the index entry is marked rowPending and the tab has no row", () => {
    const bw = confirmed();
    expect([entries(bw).map((e) => e.rowPending), rowsOf(bw, 'Offboarding')]).toEqual([[true], []]);
  });

  it("keeps containment's Run Details in the index entry until the worker writes them to the tab", () => {
    const bw = confirmed();
    const waiting = entries(bw)[0]!.details?.length ?? 0;
    const before = rowsOf(bw, 'Run Details').length;
    workerTurn(bw);
    expect([waiting > 0, rowsOf(bw, 'Run Details').length - before >= waiting]).toEqual([true, true]);
  });
});

describe('a worker turn killed before it wrote the row', () => {
  function killedThenRecovered(): { bw: BenchWorld; afterKill: Entry[] } {
    const bw = confirmed();
    const spreadsheet = bw.services.spreadsheet;
    bw.services.spreadsheet = () => {
      throw new Error('Exceeded maximum execution time');
    };
    workerTurn(bw);
    const afterKill = entries(bw);
    bw.services.spreadsheet = spreadsheet;
    bw.services.clock.advance(60_000);
    workerTurn(bw);
    return { bw, afterKill };
  }

  it('loses nothing: the index still holds the run, marked rowPending', () => {
    const { afterKill } = killedThenRecovered();
    expect(afterKill.map((e) => e.rowPending)).toEqual([true]);
  });

  it("the next turn writes the run's row, found by its Run ID", () => {
    const { bw, afterKill } = killedThenRecovered();
    expect(allRuns(bw.world).map((r) => r.runId)).toEqual([afterKill[0]!.runId]);
  });
});

describe('a cancelled run whose row is not written yet', () => {
  function cancelled(): BenchWorld {
    const bw = benchWorld();
    const card = slashCommand(bw, bw.people[0]!);
    click(bw, 'cancel', buttonValue(card, 'cancel')!);
    return bw;
  }

  it('waits in the index with its row pending', () => {
    expect(entries(cancelled()).map((e) => [e.status, e.rowPending])).toEqual([['cancelled', true]]);
  });

  it('shows in status before its row is written', () => {
    const bw = cancelled();
    const reply = post(bw, slashCommandPost({ text: `status ${bw.people[0]!}` }));
    expect(text(reply)).toContain('cancelled');
  });

  it('does not block a new run for the person', () => {
    const bw = cancelled();
    expect(() => confirmValue(slashCommand(bw, bw.people[0]!))).not.toThrow();
  });

  it('leaves the index once the worker has written its row', () => {
    const bw = cancelled();
    workerTurn(bw);
    expect([entries(bw), allRuns(bw.world).map((r) => r.status)]).toEqual([[], ['cancelled']]);
  });
});
