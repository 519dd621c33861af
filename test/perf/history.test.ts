// The cost of a request does not grow with history: the BUILT bundle (build/Code.js, loaded the way Apps
// Script loads it, through the local runtime) is driven through /offboard, Confirm, status, Abort and an
// idle worker turn over an Offboarding tab with 0 and with 50,000 past runs, and the cells each request
// reads are counted by the test fake behind SpreadsheetApp.

import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { DEFAULT_API_TOKEN, DEFAULT_ORG_URL, FakeOkta } from '../../fakes/okta';
import { loadOffboard, REPO_ROOT, type Runtime } from '../../runtime/loadBundle';
import { webAppEvent } from '../../runtime/server';
import type { LocalHandler } from '../../runtime/urlFetch';
import type { TextOutputLike } from '../../runtime/utilities';
import { buttonValue } from '../../bench/world';
import type { HttpClient } from '../../src/ports';
import { OFFBOARDING_SPEC } from '../../src/run/runsTable';
import { APPROVED_USERS_SPEC, AUDIT_LOG_SPEC, RUN_DETAILS_SPEC, TASKS_SPEC } from '../../src/sheet/tabs';
import { TASKS } from '../../src/tasks/catalog';
import { FakeSpreadsheet } from '../fakes/spreadsheet';
import { FakeSlack } from '../fakes/slackApi';
import { blockAction, blockActionsPost, slashCommandPost } from '../fixtures/slack';
import { headerRow, pastRunRows } from '../fixtures/world';
import { tempDir } from '../runtime/helpers';
import type { RawPost } from '../../src/slack/request';

const REPORT_CHANNEL = 'C0REPORTS';
const BOT_TOKEN = 'xoxb-test-bot-token';
const BUILD = path.join(REPO_ROOT, 'build', 'Code.js');

/** A local handler in front of an in-process fake (the runtime's UrlFetchApp calls it synchronously). */
function handler(client: HttpClient): LocalHandler {
  return (req) => {
    const r = client.fetch({
      url: req.url,
      method: req.method.toLowerCase() as 'get',
      headers: req.headers,
      payload: req.body,
    });
    return { status: r.status, headers: r.headers, body: r.body };
  };
}

interface History {
  okta: FakeOkta;
  runtime: Runtime;
  sheet: FakeSpreadsheet;
  slack: FakeSlack;
}

function world(pastRuns: number): History {
  if (!fs.existsSync(BUILD))
    execFileSync(process.execPath, [path.join(REPO_ROOT, 'scripts', 'build.mjs')], { cwd: REPO_ROOT });
  const okta = new FakeOkta();
  for (const name of ['jane', 'sam']) {
    const user = okta.addUser({
      login: `${name}@example.com`,
      email: `${name}@example.com`,
      firstName: name,
    });
    const group = okta.addGroup({ name: `Team ${name}` });
    okta.addToGroup(group.id, user.id);
    okta.addSession(user.id, 1);
  }
  const slack = new FakeSlack(BOT_TOKEN).addChannel(REPORT_CHANNEL, 'offboarding');
  const sheet = FakeSpreadsheet.withTabs(
    {
      'Approved Users': [
        headerRow(APPROVED_USERS_SPEC),
        ['U0APPROVED', 'alex.admin@example.com', 'Alex Admin', 'admin', true],
      ],
      Offboarding: [headerRow(OFFBOARDING_SPEC), ...pastRunRows(pastRuns)],
      Tasks: [
        headerRow(TASKS_SPEC),
        ...TASKS.map((t) => [t.id, true, t.defaultOrder, t.defaultOnFailure, t.description]),
      ],
      'Audit Log': [headerRow(AUDIT_LOG_SPEC)],
      'Run Details': [headerRow(RUN_DETAILS_SPEC)],
    },
    { maxRows: pastRuns + 1000 },
  );
  const dir = tempDir();
  const configPath = path.join(dir, 'config.json');
  fs.writeFileSync(
    configPath,
    JSON.stringify({
      SLACK_VERIFICATION_TOKEN: 'test-verification-token',
      SLACK_BOT_TOKEN: BOT_TOKEN,
      SLACK_REPORT_CHANNEL: REPORT_CHANNEL,
      OKTA_ORG_URL: DEFAULT_ORG_URL,
      OKTA_API_TOKEN: DEFAULT_API_TOKEN,
      BUTTON_SIGNING_SECRET: 'test-signing-secret',
    }),
  );
  const spreadsheetApp = {
    getActive: () => sheet,
    getActiveSpreadsheet: () => sheet,
    openById: () => sheet,
    flush: () => sheet.flush(),
    ProtectionType: { SHEET: 'SHEET' },
  };
  const runtime = loadOffboard({
    workbookPath: path.join(dir, 'unused.xlsx'),
    configPath,
    triggersPath: null,
    routes: {
      handlers: {
        [`${DEFAULT_ORG_URL}/`]: handler(okta),
        'https://slack.com/api/': handler(slack),
        'https://hooks.slack.com/': handler(slack),
      },
    },
    spreadsheetApp: () => spreadsheetApp,
    sleep: () => undefined,
  });
  return { okta, runtime, sheet, slack };
}

async function doPost(h: History, post: RawPost): Promise<unknown> {
  const output = (await h.runtime.call(
    'doPost',
    webAppEvent('/exec', post.contents, post.type),
  )) as TextOutputLike;
  return JSON.parse(output.getContent()) as unknown;
}

const slash = (text: string): RawPost => slashCommandPost({ text });
const click = (actionId: string, value: string): RawPost =>
  blockActionsPost({ actions: [blockAction({ action_id: actionId, value })] });

/** The newest report-channel message's button `actionId`. */
function reportButton(h: History, actionId: string): string {
  const messages = h.slack.messagesIn(REPORT_CHANNEL);
  for (let i = messages.length - 1; i >= 0; i--) {
    const value = buttonValue(messages[i], actionId);
    if (value) return value;
  }
  throw new Error(`no ${actionId} button in ${REPORT_CHANNEL}`);
}

interface Cost {
  cellsRead: number;
  getValues: number;
  /** Every counted SpreadsheetApp call (reads, writes and the rest). */
  calls: number;
}

async function cost(h: History, fn: () => Promise<unknown>): Promise<Cost> {
  const sum = (): number => Object.values(h.sheet.calls).reduce((a, b) => a + b, 0);
  const before = { cellsRead: h.sheet.cellsRead, getValues: h.sheet.calls.getValues, calls: sum() };
  await fn();
  return {
    cellsRead: h.sheet.cellsRead - before.cellsRead,
    getValues: h.sheet.calls.getValues - before.getValues,
    calls: sum() - before.calls,
  };
}

/** Drives every hot path once, in order, and answers what each cost. */
async function hotPaths(pastRuns: number): Promise<{ costs: Record<string, Cost>; statuses: string[] }> {
  const h = world(pastRuns);
  const costs: Record<string, Cost> = {};
  // A first request, cancelled, warms the caches; its run is then a finished run like any other.
  const first = await doPost(h, slash('jane@example.com'));
  costs['cancel'] = await cost(h, () => doPost(h, click('cancel', buttonValue(first, 'cancel')!)));
  let card: unknown;
  costs['/offboard (warm caches)'] = await cost(
    h,
    async () => (card = await doPost(h, slash('sam@example.com'))),
  );
  // Okta refuses Revoke Grants twice, so the run pauses twice: once for Retry, once for Abort.
  h.okta.failNext(
    { operation: 'revokeUserGrants' },
    { status: 403, errorCode: 'E0000006', errorSummary: 'You do not have permission.', times: 2 },
  );
  costs['Confirm'] = await cost(h, () => doPost(h, click('confirm', buttonValue(card, 'confirm')!)));
  costs['status of an active run'] = await cost(h, () => doPost(h, slash('status sam@example.com')));
  costs['status of a past run'] = await cost(h, () => doPost(h, slash('status jane@example.com')));
  await h.runtime.call('runWorker', {});
  costs['Retry'] = await cost(h, () => doPost(h, click('retry', reportButton(h, 'retry'))));
  await h.runtime.call('runWorker', {});
  costs['Abort'] = await cost(h, () => doPost(h, click('abort', reportButton(h, 'abort'))));
  costs['idle worker turn'] = await cost(h, () => h.runtime.call('runWorker', {}));
  const rows = h.sheet.sheet('Offboarding').rows();
  const status = rows[0]!.indexOf('Status');
  const statuses = rows.slice(pastRuns + 1).map((r) => String(r[status]));
  return { costs, statuses };
}

describe('the built bundle over 0 and 50,000 past runs', () => {
  let none: Record<string, Cost>;
  let many: Record<string, Cost>;
  let statuses: string[];

  beforeAll(async () => {
    none = (await hotPaths(0)).costs;
    const big = await hotPaths(50_000);
    many = big.costs;
    statuses = big.statuses;
  }, 120_000);

  it('did what each request asks: the first run cancelled, the second (retried, then) aborted', () => {
    expect(statuses).toEqual(['cancelled', 'aborted']);
  });

  it.each([
    '/offboard (warm caches)',
    'Confirm',
    'status of an active run',
    'status of a past run',
    'cancel',
    'Retry',
    'Abort',
    'idle worker turn',
  ])('%s reads the same cells, with the same calls, at 0 and at 50,000 past runs', (path) => {
    expect(many[path]).toEqual(none[path]);
  });

  it('an idle worker turn makes no SpreadsheetApp call at all', () => {
    expect(many['idle worker turn']).toEqual({ cellsRead: 0, getValues: 0, calls: 0 });
  });

  it('a warm /offboard reads no Sheet cell', () => {
    expect(many['/offboard (warm caches)']?.cellsRead).toBe(0);
  });
});
