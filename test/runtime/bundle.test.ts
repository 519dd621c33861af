// The real built bundle runs in the local runtime the way Apps Script runs it, and /exec serves it.

import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { loadOffboard, REPO_ROOT, type Runtime } from '../../runtime/loadBundle';
import { startServer, webAppEvent, type RunningServer } from '../../runtime/server';
import { startRuntime } from '../../runtime/start';
import type { TextOutputLike } from '../../runtime/utilities';
import { slashCommandForm, tempDir } from './helpers';
import { ENTRY_POINTS } from '../fixtures/entryPoints';

const BUILD = path.join(REPO_ROOT, 'build', 'Code.js');

function offboard(): Runtime {
  if (!fs.existsSync(BUILD))
    execFileSync(process.execPath, [path.join(REPO_ROOT, 'scripts', 'build.mjs')], { cwd: REPO_ROOT });
  const dir = tempDir();
  return loadOffboard({
    workbookPath: path.join(dir, 'offboard.xlsx'),
    configPath: path.join(dir, 'config.json'),
    triggersPath: null,
  });
}

function formPost(body: string): ReturnType<typeof webAppEvent> {
  return webAppEvent('/exec', body, 'application/x-www-form-urlencoded');
}

async function answer(runtime: Runtime, event: unknown): Promise<Record<string, unknown>> {
  const output = (await runtime.call('doPost', event)) as TextOutputLike;
  expect(output.getMimeType()).toBe('application/json');
  return JSON.parse(output.getContent()) as Record<string, unknown>;
}

describe('the built bundle', () => {
  it('answers a slash command with JSON Slack can render', async () => {
    expect(await answer(offboard(), formPost(slashCommandForm()))).toHaveProperty('response_type');
  });

  it.each([
    ['no event at all', undefined],
    ['an empty event', {}],
    ['a body that is not a form', webAppEvent('/exec', '\u0000garbage%%%', 'application/octet-stream')],
    ['JSON instead of a form', webAppEvent('/exec', '{"type":"url_verification"', 'application/json')],
    ['a form with a broken payload field', formPost('payload=%7Bnot-json')],
  ])('never throws and still answers JSON with response_type on %s', async (_what, event) => {
    expect(await answer(offboard(), event)).toHaveProperty('response_type');
  });

  it('defines every entry point Apps Script needs as a top-level function', () => {
    const runtime = offboard();
    expect(ENTRY_POINTS.filter((name) => !runtime.hasFunction(name))).toEqual([]);
  });
});

/** A tiny script standing in for the bundle, to pin down how executions behave. */
function fixtureRuntime(): Runtime {
  const dir = tempDir();
  fs.mkdirSync(path.join(dir, 'build'));
  fs.writeFileSync(
    path.join(dir, 'build', 'Code.js'),
    `var executions = (typeof executions === 'number' ? executions : 0) + 1;
     function count() { return executions; }
     function takeLock() { return LockService.getScriptLock().tryLock(0); }
     function write() { SpreadsheetApp.getActive().getSheetByName('Sheet1').appendRow(['x']); }
     function dateIsDate() {
       var range = SpreadsheetApp.getActive().getSheets()[0].getRange(1, 1);
       range.setValue(new Date(0));
       return range.getValue() instanceof Date;
     }
     function errorIsError() { try { GmailApp.sendEmail(); } catch (e) { return e instanceof Error; } }
     function fails() { throw new Error('boom'); }`,
  );
  return loadOffboard({
    bundleDir: path.join(dir, 'build'),
    workbookPath: path.join(dir, 'book.xlsx'),
    configPath: path.join(dir, 'config.json'),
    triggersPath: null,
  });
}

describe('executions', () => {
  it('each execution starts with fresh globals', async () => {
    const runtime = fixtureRuntime();
    await runtime.call('count');
    expect(await runtime.call('count')).toBe(1);
  });

  it('a lock an execution forgot is freed when it ends', async () => {
    const runtime = fixtureRuntime();
    await runtime.call('takeLock');
    expect(await runtime.call('takeLock')).toBe(true);
    expect(runtime.lock.holder()).toBe(0);
  });

  it('an execution that wrote saves the workbook', async () => {
    const runtime = fixtureRuntime();
    await runtime.call('write');
    expect(fs.existsSync(runtime.workbook.path)).toBe(true);
  });

  it('Dates from the Sheet are Dates inside the script', async () => {
    expect(await fixtureRuntime().call('dateIsDate')).toBe(true);
  });

  it('errors the runtime throws are Errors inside the script', async () => {
    expect(await fixtureRuntime().call('errorIsError')).toBe(true);
  });

  it('a function the script lacks is refused by name', async () => {
    await expect(fixtureRuntime().call('nope')).rejects.toThrow(
      'nope is not a top-level function of the bundle',
    );
  });

  it('a throw inside an execution does not stop the next one', async () => {
    const runtime = fixtureRuntime();
    await expect(runtime.call('fails')).rejects.toThrow('boom');
    expect(await runtime.call('count')).toBe(1);
  });
});

describe('the doPost event', () => {
  it('has parameter, parameters, queryString and postData as Apps Script builds them', () => {
    const event = webAppEvent(
      '/exec?x=1',
      'text=a&text=b',
      'application/x-www-form-urlencoded; charset=utf-8',
    );
    expect(event).toEqual({
      parameter: { x: '1', text: 'a' },
      parameters: { x: ['1'], text: ['a', 'b'] },
      queryString: 'x=1',
      contextPath: '',
      contentLength: 13,
      postData: {
        contents: 'text=a&text=b',
        type: 'application/x-www-form-urlencoded',
        length: 13,
        name: 'postData',
      },
    });
  });

  it('does not read a JSON body into parameters', () => {
    expect(webAppEvent('/exec', '{"a":1}', 'application/json').parameter).toEqual({});
  });
});

describe('/exec', () => {
  let server: RunningServer;
  beforeAll(async () => {
    server = await startServer({ runtime: offboard(), port: 0 });
  });
  afterAll(() => server.close());

  it('POST runs doPost and answers its JSON', async () => {
    const response = await fetch(server.url, {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body: slashCommandForm(),
    });
    expect([
      response.status,
      response.headers.get('content-type'),
      'response_type' in ((await response.json()) as object),
    ]).toEqual([200, 'application/json; charset=utf-8', true]);
  });

  it('GET runs doGet', async () => {
    expect((await fetch(server.url)).status).toBe(200);
  });

  it('answers 404 off /exec', async () => {
    expect((await fetch(server.url.replace('/exec', '/other'))).status).toBe(404);
  });
});

describe('startRuntime', () => {
  it('on first start creates the workbook with the bundle’s own setup and serves /exec', async () => {
    offboard(); // builds the bundle if missing
    const dir = tempDir();
    const running = await startRuntime({
      port: 0,
      workbookPath: path.join(dir, 'offboard.xlsx'),
      configPath: path.join(dir, 'config.json'),
      echo: false,
    });
    try {
      const status = (await fetch(running.url)).status;
      expect([
        fs.existsSync(path.join(dir, 'offboard.xlsx')),
        running.runtime.ui.menus.length,
        status,
      ]).toEqual([true, 1, 200]);
    } finally {
      await running.stop();
    }
  });
});
