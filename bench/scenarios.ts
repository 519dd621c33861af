// The benchmark's scenarios: each drives the app the way Slack and the worker trigger do and returns rows
// of measured counts and modeled time. Nothing here asserts: the figures are for people to read.

import { ensureOneWorker } from '../src/health/workerTrigger';
import { atLowEnd, COSTS, SLACK_LIMIT_MS, withSlowOkta, type CostTable } from './costs';
import { measure, sumSteps, type Step } from './measure';
import {
  benchWorld,
  buttonValue,
  click,
  confirmValue,
  reportButton,
  runStatuses,
  slashCommand,
  workerTurn,
  type BenchWorld,
} from './world';

export interface Row {
  scenario: string;
  /** What Apps Script runs: one doPost, one trigger run, or several executions summed. */
  runs: string;
  step: Step;
  /** Set for a single doPost: Slack's 3-second limit applies to it. */
  slackLimit: boolean;
  note?: string;
}

/** The engine keeps going while a run is queued or running. */
function unfinished(bw: BenchWorld): boolean {
  return runStatuses(bw).some((s) => s === 'queued' || s === 'running');
}

/** The recurring trigger fires once a minute: the next turn starts at the next whole minute. */
function waitForNextMinute(bw: BenchWorld): void {
  const clock = bw.services.clock;
  clock.advance(60_000 - (clock.now() % 60_000));
}

/** Worker turns until no run is queued or running (at most `maxTurns`). */
export function workUntilDone(bw: BenchWorld, maxTurns = 30): Step[] {
  const turns: Step[] = [];
  while (turns.length < maxTurns && unfinished(bw)) {
    waitForNextMinute(bw);
    turns.push(measure(bw, 'trigger', () => workerTurn(bw)).step);
  }
  return turns;
}

function doPost(bw: BenchWorld, fn: () => unknown): Step {
  return measure(bw, 'doPost', fn).step;
}

function okta(bw: BenchWorld, from: number): string {
  const sizes = bw.http.events
    .slice(from)
    .filter((e) => e.requests.some((r) => r.host === 'okta'))
    .map((e) => `1 ${e.kind} of ${e.requests.length}`);
  return sizes.length ? `Okta: ${sizes.join(', ')}` : 'no Okta call';
}

/** (1) and (2): a slash command with cold caches, one with warm caches, then Confirm. */
export function requestAndConfirm(costs: CostTable = COSTS, label = ''): Row[] {
  const bw = benchWorld({ people: 2, costs });
  const [first, second] = bw.people as [string, string];
  let from = bw.http.events.length;
  let card: unknown;
  const cold = doPost(bw, () => (card = slashCommand(bw, first)));
  const coldOkta = okta(bw, from);
  from = bw.http.events.length;
  const warm = doPost(bw, () => slashCommand(bw, second));
  const warmOkta = okta(bw, from);
  from = bw.http.events.length;
  // With a slow Okta the card's protection round misses its budget and /offboard refuses ("could not
  // check whether … is protected"): there is then no card to confirm, and the row says so.
  const value = buttonValue(card as ReturnType<typeof slashCommand>, 'confirm');
  const confirm = value ? doPost(bw, () => click(bw, 'confirm', value)) : null;
  const refused = 'no card: /offboard refused, protection could not be checked within its budget';
  return [
    {
      scenario: `(1) /offboard, cold caches${label}`,
      runs: '1 doPost',
      step: cold,
      slackLimit: true,
      note: coldOkta,
    },
    {
      scenario: `(1) /offboard, warm caches${label}`,
      runs: '1 doPost',
      step: warm,
      slackLimit: true,
      note: warmOkta,
    },
    ...(confirm
      ? [
          {
            scenario: `(2) Confirm${label}`,
            runs: '1 doPost',
            step: confirm,
            slackLimit: true,
            note: okta(bw, from),
          },
        ]
      : []),
  ].map((row) =>
    confirm || row.scenario.startsWith('(2)') ? row : { ...row, note: `${row.note}; ${refused}` },
  );
}

/** (3): one person, every task: slash, Confirm, worker turns until completed. */
export function fullRun(): Row[] {
  const bw = benchWorld();
  const steps: Step[] = [];
  let card: unknown;
  steps.push(doPost(bw, () => (card = slashCommand(bw, bw.people[0]!))));
  steps.push(doPost(bw, () => click(bw, 'confirm', confirmValue(card as ReturnType<typeof slashCommand>))));
  const turns = workUntilDone(bw);
  const status = runStatuses(bw)[0];
  return [
    {
      scenario: '(3) one full run: worker turns',
      runs: `${turns.length} trigger run${turns.length === 1 ? '' : 's'}`,
      step: sumSteps(turns),
      slackLimit: false,
      note: `run ${status}; longest turn ${Math.round(Math.max(...turns.map((t) => t.modeledMs)))} ms`,
    },
    {
      scenario: '(3) one full run: everything',
      runs: `2 doPost + ${turns.length} trigger`,
      step: sumSteps([...steps, ...turns]),
      slackLimit: false,
    },
  ];
}

/** (4): 50 people in a row: 50 slash commands and Confirms, then worker turns until all are completed. */
export function fiftyPeople(count = 50): Row[] {
  const bw = benchWorld({ people: count });
  const requests: Step[] = [];
  for (const person of bw.people) {
    let card: unknown;
    requests.push(doPost(bw, () => (card = slashCommand(bw, person))));
    requests.push(
      doPost(bw, () => click(bw, 'confirm', confirmValue(card as ReturnType<typeof slashCommand>))),
    );
  }
  const slowestPost = Math.max(...requests.map((s) => s.modeledMs));
  const turns = workUntilDone(bw);
  const statuses = runStatuses(bw);
  const completed = statuses.filter((s) => s === 'completed').length;
  const longest = Math.max(...turns.map((t) => t.modeledMs));
  return [
    {
      scenario: `(4) ${count} people: slash + Confirm each`,
      runs: `${requests.length} doPost`,
      step: sumSteps(requests),
      slackLimit: false,
      note: `slowest single doPost ${Math.round(slowestPost)} ms`,
    },
    {
      scenario: `(4) ${count} people: worker turns`,
      runs: `${turns.length} trigger runs`,
      step: sumSteps(turns),
      slackLimit: false,
      note: `${completed}/${statuses.length} completed; turns took ${turns.map((t) => Math.round(t.modeledMs)).join(', ')} ms (longest ${Math.round(longest)}; budget 270000 to start a task, limit 360000)`,
    },
  ];
}

/** (5): a task fails for good, the run pauses, someone clicks Retry, the worker finishes. */
export function pauseAndRetry(): Row[] {
  const bw = benchWorld();
  // 403 is permanent for Okta (E0000006), so the run pauses instead of retrying by itself.
  bw.world.okta.failNext({ operation: 'revokeUserGrants' }, { status: 403, errorCode: 'E0000006' });
  let card: unknown;
  const before: Step[] = [];
  before.push(doPost(bw, () => (card = slashCommand(bw, bw.people[0]!))));
  before.push(doPost(bw, () => click(bw, 'confirm', confirmValue(card as ReturnType<typeof slashCommand>))));
  const toPause = workUntilDone(bw);
  const paused = runStatuses(bw)[0];
  const retryValue = reportButton(bw, 'retry');
  if (!retryValue) throw new Error(`No Retry button in the report channel (run is ${paused}).`);
  const retry = doPost(bw, () => click(bw, 'retry', retryValue));
  const after = workUntilDone(bw);
  return [
    {
      scenario: '(5) Retry click on a paused run',
      runs: '1 doPost',
      step: retry,
      slackLimit: true,
      note: `run was ${paused}`,
    },
    {
      scenario: '(5) pause + Retry: everything',
      runs: `3 doPost + ${toPause.length + after.length} trigger`,
      step: sumSteps([...before, ...toPause, retry, ...after]),
      slackLimit: false,
      note: `run ${runStatuses(bw)[0]}`,
    },
  ];
}

/** (6): a worker turn with nothing to do, as the every-minute trigger runs most of the day. */
export function idleTurn(): Row[] {
  const bw = benchWorld();
  const turn = measure(bw, 'trigger', () => workerTurn(bw)).step;
  const perDayMin = (turn.modeledMs * 24 * 60) / 60_000;
  return [
    {
      scenario: '(6) idle worker turn',
      runs: '1 trigger run',
      step: turn,
      slackLimit: false,
      note: `every minute all day: ${Math.round(perDayMin)} min/day of trigger runtime (quota 90 min consumer, 6 h Workspace)`,
    },
  ];
}

/** (7): the worker turn that also runs the daily health check (once a day). */
export function healthCheckTurn(): Row[] {
  const bw = benchWorld();
  delete bw.services.properties.values.HEALTH_STATE;
  // All is well: setup installed the worker, so the check finds nothing to post.
  ensureOneWorker(bw.services);
  const turn = measure(bw, 'trigger', () => workerTurn(bw)).step;
  return [
    {
      scenario: '(7) worker turn with the daily health check',
      runs: '1 trigger run',
      step: turn,
      slackLimit: false,
      note: 'once a day: 8 checks, each audited; nothing posted while all is well',
    },
  ];
}

/** The worst case: Okta slow to answer (each request takes `oktaMs`). */
export function slowOkta(oktaMs: number): Row[] {
  return requestAndConfirm(withSlowOkta(oktaMs), `, Okta ${oktaMs / 1000} s`).filter(
    (r) => !r.scenario.includes('cold'),
  );
}

/** The best case: the same calls with every cost at the low end of its range. */
export function lowEnd(): Row[] {
  return requestAndConfirm(atLowEnd(), ', all costs at low end');
}

export function allScenarios(): Row[] {
  return [
    ...requestAndConfirm(),
    ...fullRun(),
    ...fiftyPeople(),
    ...pauseAndRetry(),
    ...idleTurn(),
    ...healthCheckTurn(),
    ...lowEnd(),
    ...slowOkta(2_000),
    ...withoutSheetsApi(),
  ];
}

/** (1) without the Sheets advanced service: the three tabs read one by one with SpreadsheetApp. */
function withoutSheetsApi(): Row[] {
  const bw = benchWorld();
  bw.world.sheet.sheetsApi = false;
  const from = bw.http.events.length;
  const cold = doPost(bw, () => slashCommand(bw, bw.people[0]!));
  return [
    {
      scenario: '(1) /offboard, cold caches, no Sheets advanced service',
      runs: '1 doPost',
      step: cold,
      slackLimit: true,
      note: okta(bw, from),
    },
  ];
}

/** How far under (positive) or over (negative) Slack's 3 seconds a doPost is. */
export function slackMargin(row: Row): number | null {
  return row.slackLimit ? SLACK_LIMIT_MS - row.step.modeledMs : null;
}

/** One hot path measured over two histories. */
export interface HistoryRow {
  request: string;
  /** The target for the modeled time, in ms (the doPost start cost included), or null. */
  targetMs: number | null;
  at0: Step;
  atMany: Step;
}

export const HISTORY_SIZES = [0, 50_000] as const;

/** Every hot path once, in order, over a tab holding `pastRuns` finished runs. */
function hotPaths(pastRuns: number): Record<string, Step> {
  const bw = benchWorld({ people: 3, pastRuns });
  const [first, second, third] = bw.people as [string, string, string];
  const steps: Record<string, Step> = {};
  // Revoke Grants fails for good three times: three pauses, for Retry, Skip and Abort.
  bw.world.okta.failNext({ operation: 'revokeUserGrants' }, { status: 403, errorCode: 'E0000006', times: 3 });
  let card: unknown;
  steps['/offboard, cold caches'] = doPost(bw, () => (card = slashCommand(bw, third)));
  steps['Cancel'] = doPost(bw, () => click(bw, 'cancel', buttonValue(card, 'cancel')!));
  steps['/offboard status (past run)'] = doPost(bw, () => slashCommand(bw, `status ${third}`));
  card = slashCommand(bw, first);
  steps['Confirm'] = doPost(bw, () =>
    click(bw, 'confirm', confirmValue(card as ReturnType<typeof slashCommand>)),
  );
  steps['/offboard, warm caches'] = doPost(bw, () => (card = slashCommand(bw, second)));
  doPost(bw, () => click(bw, 'confirm', confirmValue(card as ReturnType<typeof slashCommand>)));
  steps['/offboard status (active run)'] = doPost(bw, () => slashCommand(bw, `status ${first}`));
  waitForNextMinute(bw);
  steps['worker turn: one run to its pause (1 task)'] = measure(bw, 'trigger', () => workerTurn(bw)).step;
  // The first run paused at Revoke Grants; the second too (same turn).
  steps['Retry'] = doPost(bw, () => click(bw, 'retry', reportButton(bw, 'retry')!));
  waitForNextMinute(bw);
  measure(bw, 'trigger', () => workerTurn(bw));
  steps['Skip'] = doPost(bw, () => click(bw, 'skip', reportButton(bw, 'skip')!));
  waitForNextMinute(bw);
  steps['worker turn: the rest of one run (3 tasks)'] = measure(bw, 'trigger', () => workerTurn(bw)).step;
  steps['Abort'] = doPost(bw, () => click(bw, 'abort', reportButton(bw, 'abort')!));
  waitForNextMinute(bw);
  // Slack requests leave their rows and Audit Log entries for the worker: this turn writes the Abort's.
  steps['worker turn: the Sheet catches up after a click'] = measure(bw, 'trigger', () =>
    workerTurn(bw),
  ).step;
  waitForNextMinute(bw);
  steps['idle worker turn'] = measure(bw, 'trigger', () => workerTurn(bw)).step;
  return steps;
}

/** The hot paths at 0 and at 50,000 past runs, with the targets. */
export function historyComparison(): HistoryRow[] {
  const [at0, atMany] = HISTORY_SIZES.map(hotPaths) as [Record<string, Step>, Record<string, Step>];
  const targets: Record<string, number | null> = {
    '/offboard, cold caches': 2_000,
    '/offboard, warm caches': 1_500,
    Confirm: 2_000,
    Retry: 1_500,
    Skip: 1_500,
    Abort: 1_500,
    Cancel: 1_500,
    'idle worker turn': 350,
  };
  return Object.keys(at0).map((request) => ({
    request,
    targetMs: targets[request] ?? null,
    at0: at0[request]!,
    atMany: atMany[request]!,
  }));
}
