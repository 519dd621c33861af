// `npm run bench`: runs every scenario against the in-memory fakes and prints call counts and modeled
// Apps Script time as Markdown tables. It never fails on speed: the figures are estimates to read.

import { COSTS, SLACK_LIMIT_MS } from './costs';
import { allScenarios, slackMargin, type Row } from './scenarios';

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

function main(): void {
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
  console.log('\n## Cost table (bench/costs.ts)\n');
  console.log(
    table(
      ['call', 'model ms', 'range ms'],
      Object.entries(COSTS).map(([key, c]) => [key, String(c.ms), `${c.low}–${c.high}`]),
    ),
  );
}

main();
