// A metered Offboard world for the benchmark and the call-count tests: the test fixtures' world (fake
// Sheet, fake Okta, fake Slack, counting services), priced by the cost table, driven through src/app.ts
// exactly as doPost and the worker trigger drive it.

import * as app from '../src/app';
import type { RawPost } from '../src/slack/request';
import { FakeSlack } from '../test/fakes/slackApi';
import type { TestServices } from '../test/fakes/services';
import { blockAction, blockActionsPost, slashCommandPost } from '../test/fixtures/slack';
import { allRuns, makeWorld, pastRunRows, type World } from '../test/fixtures/world';
import { DEFAULT_ORG_URL } from '../fakes/okta';
import { COSTS, type CostTable } from './costs';
import { Meter, MeteredHttp, meteredSpreadsheet, meterServices } from './meter';

/** The report channel and bot token the fixtures' Script Properties name. */
export const REPORT_CHANNEL = 'C0REPORTS';
const BOT_TOKEN = 'xoxb-test-bot-token';

export interface BenchWorld {
  world: World;
  services: TestServices;
  slack: FakeSlack;
  http: MeteredHttp;
  meter: Meter;
  /** Okta logins of the people there are to offboard; the first is the fixtures' Jane Doe. */
  people: string[];
}

/** A world with `people` people to offboard (each with groups, sessions, a grant and a factor). */
export function benchWorld(
  options: { people?: number; costs?: CostTable; pastRuns?: number } = {},
): BenchWorld {
  const slack = new FakeSlack(BOT_TOKEN).addChannel(REPORT_CHANNEL, 'offboarding');
  const world = makeWorld({ slack });
  // Finished runs already in the Offboarding tab (history), written without counting.
  if (options.pastRuns) world.sheet.sheet('Offboarding').seedRows(pastRunRows(options.pastRuns));
  const people = [world.target.profile.login];
  for (let i = 2; i <= (options.people ?? 1); i++) {
    const login = `person${String(i).padStart(3, '0')}@example.com`;
    const user = world.okta.addUser({ login, email: login, firstName: 'Person', lastName: String(i) });
    const group = world.okta.addGroup({ name: `Team ${i}` });
    world.okta.addToGroup(group.id, user.id);
    world.okta.addSession(user.id, 1);
    world.okta.addGrant(user.id);
    world.okta.enrollFactor(user.id, 'push');
    people.push(login);
  }
  const services = world.services;
  // The daily health check ran a moment ago: scenarios measure their own work, not it ((7) measures it).
  services.properties.values.HEALTH_STATE = JSON.stringify({
    lastRunAt: services.clock.now(),
    findings: [],
    posted: {},
  });
  const meter = new Meter(services, options.costs ?? COSTS);
  const http = new MeteredHttp(world.http, meter, DEFAULT_ORG_URL);
  services.http = http;
  const metered = meteredSpreadsheet(world.sheet, meter);
  services.spreadsheet = () => metered;
  meterServices(services, meter);
  return { world, services, slack, http, meter, people };
}

/** What doPost answers, as the app returns it. */
export type Reply = ReturnType<typeof app.handleSlackPost>;

export function post(bw: BenchWorld, body: RawPost): Reply {
  return app.handleSlackPost(() => bw.services, body);
}

/** `/offboard <target>` from the fixtures' approved admin. */
export function slashCommand(bw: BenchWorld, target: string): Reply {
  return post(bw, slashCommandPost({ text: target }));
}

/** A button click carrying `value` (a signed button value taken from a card or a run message). */
export function click(bw: BenchWorld, actionId: string, value: string): Reply {
  // Stamped now, as Slack stamps a click, so the click-timing write (src/health/latency.ts) is counted.
  const actionTs = (bw.services.clock.now() / 1000).toFixed(6);
  return post(
    bw,
    blockActionsPost({ actions: [blockAction({ action_id: actionId, value, action_ts: actionTs })] }),
  );
}

/** One turn of the recurring worker trigger. */
export function workerTurn(bw: BenchWorld): ReturnType<typeof app.runWorker> {
  return app.runWorker(() => bw.services, 'recurring');
}

/** The value of the button `actionId` in a message's blocks, or null. */
export function buttonValue(message: unknown, actionId: string): string | null {
  const blocks = (message as { blocks?: unknown[] } | null)?.blocks ?? [];
  for (const block of blocks as { type?: string; elements?: { action_id?: string; value?: string }[] }[]) {
    if (block.type !== 'actions') continue;
    const button = block.elements?.find((e) => e.action_id === actionId);
    if (button?.value) return button.value;
  }
  return null;
}

/** The Confirm value on a slash command's confirmation card; throws with the reply when there is none. */
export function confirmValue(reply: Reply): string {
  const value = buttonValue(reply, 'confirm');
  if (!value) throw new Error(`No Confirm button in the reply: ${JSON.stringify(reply).slice(0, 300)}`);
  return value;
}

/** The newest run message in the report channel with a button `actionId` (Retry, Skip, Abort). */
export function reportButton(bw: BenchWorld, actionId: string): string | null {
  const messages = bw.slack.messagesIn(REPORT_CHANNEL);
  for (let i = messages.length - 1; i >= 0; i--) {
    const value = buttonValue(messages[i], actionId);
    if (value) return value;
  }
  return null;
}

/** The Status of every run requested in this world (not the seeded history), read without counting. */
export function runStatuses(bw: BenchWorld): string[] {
  return allRuns(bw.world)
    .filter((r) => !r.runId.startsWith('OFF-20250101-'))
    .map((r) => r.status);
}
