// `npm run bench`: runs every scenario against the in-memory fakes and prints call counts and modeled
// Apps Script time as Markdown tables. It never fails on speed: the figures are estimates to read.

import { batchGraceClicks, bulkBatch } from './batch';
import { COSTS, SLACK_LIMIT_MS } from './costs';
import { fixedCost } from './measure';
import { allScenarios, historyComparison, slackMargin, type HistoryRow, type Row } from './scenarios';

function ms(n: number): string {
  return String(Math.round(n));
}

function cells(row: Row): string[] {
  const c = row.step.counts;
  const margin = slackMargin(row);
  return [
    row.scenario,
    row.runs,
    `${c.sheetReads} / ${c.sheetWrites} / ${c.sheetOther}`,
    `${c.fetch} / ${c.fetchAll} (${c.inFetchAll})`,
    `${c.oktaRequests} (${c.oktaWrites}) / ${c.slackRequests}`,
    `${c.cacheGet} / ${c.cachePut} / ${c.cacheRemove}`,
    String(c.properties),
    String(c.lock),
    `${c.triggersList} / ${c.triggersCreate} / ${c.triggersRemove}`,
    `${ms(c.sheetMs)} / ${ms(c.httpMs)} / ${ms(c.servicesMs)}`,
    ms(row.step.modeledMs),
    margin === null ? '' : `${margin >= 0 ? '+' : ''}${ms(margin)}${margin < 0 ? ' OVER' : ''}`,
    row.step.wallMs.toFixed(1),
  ];
}

const HEADER = [
  'scenario',
  'executions',
  'Sheet read / write / other',
  'fetch / fetchAll (requests inside)',
  'Okta (writes) / Slack requests',
  'Cache get / put / remove',
  'Properties',
  'Lock',
  'Triggers list / create / remove',
  'modeled ms Sheet / HTTP / services',
  'modeled ms total',
  `margin to Slack's ${SLACK_LIMIT_MS} ms`,
  'Node ms',
];

function table(header: string[], rows: string[][]): string {
  const line = (cols: string[]): string => `| ${cols.join(' | ')} |`;
  return [line(header), line(header.map(() => '---')), ...rows.map(line)].join('\n');
}

/** A trigger's target is for our own time (its start cost is not part of any request's wait). */
function historyCells(row: HistoryRow): string[] {
  const trigger = row.request.includes('worker');
  const own = (step: HistoryRow['at0']): number =>
    trigger ? step.modeledMs - fixedCost(COSTS, 'trigger') : step.modeledMs;
  const verdict =
    row.targetMs === null ? '' : Math.max(own(row.at0), own(row.atMany)) <= row.targetMs ? 'yes' : 'NO';
  const c0 = row.at0.counts;
  const cN = row.atMany.counts;
  return [
    row.request,
    row.targetMs === null ? '' : `≤ ${row.targetMs}`,
    ms(own(row.at0)),
    ms(own(row.atMany)),
    verdict,
    `${c0.cellsRead} / ${cN.cellsRead}`,
    `${cN.sheetReads} / ${cN.sheetWrites} / ${cN.sheetOther}`,
    `${cN.properties}`,
  ];
}

const HISTORY_HEADER = [
  'request',
  'target ms',
  'modeled ms, 0 past runs',
  'modeled ms, 50,000 past runs',
  'within target',
  'cells read, 0 / 50,000',
  'Sheet read / write / other (50,000)',
  'Properties calls',
];

function main(): void {
  console.log('## Cost independent of history (0 and 50,000 past runs in the Offboarding tab)\n');
  console.log(table(HISTORY_HEADER, historyComparison().map(historyCells)));
  console.log(
    `\nA doPost includes its ${COSTS['execution.doPost'].ms} ms start; a worker turn is shown without the trigger's ${COSTS['execution.trigger'].ms} ms start.\n`,
  );
  const rows = allScenarios();
  console.log(
    '## Results (modeled Apps Script time; Node ms is the in-memory core logic, informative only)\n',
  );
  console.log(table(HEADER, rows.map(cells)));
  console.log('\nNotes:');
  for (const row of rows) if (row.note) console.log(`- ${row.scenario}: ${row.note}`);
  console.log(
    `\nEach doPost includes ${COSTS['execution.doPost'].ms} ms fixed start cost, each trigger run ${COSTS['execution.trigger'].ms} ms.`,
  );
  const b = bulkBatch();
  const min = (ms: number): string => `${(ms / 60_000).toFixed(1)} min`;
  console.log(
    `\n## Bulk: a batch of ${b.people} people (10 groups, 2 factors, 1 grant each), Okta Enterprise limits\n`,
  );
  console.log(
    table(
      ['figure', 'value'],
      [
        ['people looked up and on the card / completed', `${b.lookedUp} / ${b.completed}`],
        ['Okta bound (tightest bucket)', `${b.oktaBound.toFixed(1)} people/min: ${b.tightest}`],
        ['achieved rate (Confirm to everyone finished)', `${b.achieved.toFixed(1)} people/min`],
        ['ratio achieved / bound (goal ≥ 0.9)', (b.achieved / b.oktaBound).toFixed(2)],
        [`${b.asked} (one doPost)`, `${ms(b.askMs)} ms`],
        ['card shown after the command', min(b.cardMs)],
        ['Confirm (one doPost)', `${ms(b.confirmMs)} ms`],
        ['time until everyone is contained (after Confirm)', min(b.containedMs)],
        ['time until everyone is done (after Confirm)', `${min(b.doneMs)} (${b.turns} worker turns)`],
        ['429s seen', String(b.tooMany)],
        ['longest execution (limit 6 min)', `${ms(b.longestMs)} ms`],
        ['trigger runtime per 100 people', `${ms(b.triggerMsPer100)} ms`],
      ],
    ),
  );
  const g = batchGraceClicks();
  const slack = (step: { modeledMs: number }): string =>
    `${ms(step.modeledMs)} ms (margin to Slack's ${SLACK_LIMIT_MS} ms: ${ms(SLACK_LIMIT_MS - step.modeledMs)})`;
  console.log(`\n## A batch of ${g.people} in its grace period: the commands and clicks\n`);
  console.log(
    table(
      ['request', 'modeled time'],
      [
        ['`/offboard undo <person>` (one member)', slack(g.undoOne)],
        ['Continue now (everyone)', slack(g.continueNow)],
        ['Undo everyone (the click; the worker unsuspends)', slack(g.undoEveryone)],
        [
          `worker until all ${g.people} are undone`,
          `${(g.undoneAfterMs / 60_000).toFixed(1)} min (${g.undoTurns} worker turns)`,
        ],
      ],
    ),
  );
  console.log('\n## Cost table (bench/costs.ts)\n');
  console.log(
    table(
      ['call', 'model ms', 'range ms'],
      Object.entries(COSTS).map(([key, c]) => [key, String(c.ms), `${c.low}–${c.high}`]),
    ),
  );
}

main();
