// Runs the real built bundle (build/Code.js) in Node the way Apps Script does: each execution gets fresh
// globals and a fresh copy of the script (gas-local loads it into a new vm context), one execution at a
// time. The workbook is reloaded before an execution if the file changed and saved after one that wrote.

// eslint-disable-next-line @typescript-eslint/triple-slash-reference -- gas-local ships no types; ts-jest compiles this file without runtime/tsconfig.json, so the declaration must be pulled in here
/// <reference path="./gas-local.d.ts" />
import fs from 'node:fs';
import path from 'node:path';
import gas from 'gas-local';
import { CacheStore } from './cache';
import { createGlobals, type SharedState } from './globals';
import { ScriptLockCell } from './lock';
import { RuntimeLog } from './log';
import { PropertyFile } from './properties';
import { RealmRef } from './realm';
import { newUiRecord, type UiRecord } from './spreadsheet';
import { TriggerStore } from './triggers';
import type { FetchRoutes } from './urlFetch';
import { WorkbookFile } from './workbook';

export const REPO_ROOT = path.resolve(__dirname, '..');

export interface RuntimeOptions {
  /** Folder holding the bundle; default `build/`. */
  bundleDir?: string;
  /** The bundle's file name inside it; default `Code.js`. */
  bundleFile?: string;
  /** The local Sheet; default `runtime/data/offboard.xlsx`. */
  workbookPath?: string;
  /** Script Properties as JSON; default `runtime/config.json`. */
  configPath?: string;
  /** Where triggers persist across restarts; default next to the workbook. `null` keeps them in memory. */
  triggersPath?: string | null;
  routes?: FetchRoutes;
  /** Session.getScriptTimeZone(); default UTC. */
  timeZone?: string;
  /** Who the script runs as (the deployer). */
  userEmail?: string;
  /** What ScriptApp.getService().getUrl() answers. */
  serviceUrl?: () => string;
  /** The cache's and the scheduler's clock. */
  now?: () => number;
  /** Divides trigger intervals (demo speed-up). */
  triggerSpeed?: number;
  /** What Utilities.sleep does; default a real blocking sleep. */
  sleep?: (ms: number) => void;
  log?: RuntimeLog;
  /** A SpreadsheetApp to use instead of the workbook's, built per execution (tests that count cells). */
  spreadsheetApp?: () => object;
  /** The `AdminDirectory` advanced service's stand-in (the fake Google); absent: not enabled. */
  adminDirectory?: object;
}

export interface CallOptions {
  /** Run with the Sheet's UI (onOpen, a menu item), so getUi() works. Default false. */
  ui?: boolean;
}

export interface Runtime {
  /** Runs one top-level function of the bundle as one execution; resolves to what it returned. */
  call(functionName: string, event?: unknown, options?: CallOptions): Promise<unknown>;
  /** Fires the clock triggers due at `now`, each as its own execution. */
  runDueTriggers(now?: number): Promise<string[]>;
  /** True if the bundle defines `functionName` as a top-level function. */
  hasFunction(functionName: string): boolean;
  readonly workbook: WorkbookFile;
  readonly properties: PropertyFile;
  readonly triggers: TriggerStore;
  readonly cache: CacheStore;
  readonly lock: ScriptLockCell;
  readonly ui: UiRecord;
  readonly log: RuntimeLog;
}

export function loadOffboard(options: RuntimeOptions = {}): Runtime {
  const bundleDir = options.bundleDir ?? path.join(REPO_ROOT, 'build');
  const bundleFile = options.bundleFile ?? 'Code.js';
  if (!fs.existsSync(path.join(bundleDir, bundleFile))) {
    throw new Error(
      `Offboard local runtime: ${path.join(bundleDir, bundleFile)} not found; run npm run build first`,
    );
  }
  const workbookPath = options.workbookPath ?? path.join(REPO_ROOT, 'runtime', 'data', 'offboard.xlsx');
  const triggersPath =
    options.triggersPath === undefined
      ? path.join(path.dirname(workbookPath), 'triggers.json')
      : options.triggersPath;
  const now = options.now ?? Date.now;
  const log = options.log ?? new RuntimeLog();

  const shared: SharedState = {
    workbook: new WorkbookFile(workbookPath),
    properties: new PropertyFile(options.configPath ?? path.join(REPO_ROOT, 'runtime', 'config.json')),
    cache: new CacheStore(now),
    lock: new ScriptLockCell(),
    triggers: new TriggerStore({
      ...(triggersPath === null ? {} : { file: triggersPath }),
      now,
      speed: options.triggerSpeed ?? 1,
    }),
    ui: newUiRecord(),
    log,
    routes: options.routes ?? {},
    timeZone: options.timeZone ?? 'UTC',
    userEmail: options.userEmail ?? 'deployer@localhost',
    serviceUrl: options.serviceUrl ?? (() => 'http://127.0.0.1:8787/exec'),
    ...(options.sleep ? { sleep: options.sleep } : {}),
    ...(options.spreadsheetApp ? { spreadsheetApp: options.spreadsheetApp } : {}),
    ...(options.adminDirectory ? { adminDirectory: options.adminDirectory } : {}),
  };

  let executions = 0;
  // Executions run one at a time: the workbook is one in-memory object between load and save.
  let queue: Promise<unknown> = Promise.resolve();

  const load = (executionId: number, uiAvailable: boolean): Record<string, unknown> => {
    const realm = new RealmRef();
    // A fresh globals object every time: gas-local contextifies it, so nothing leaks between executions.
    const globals = createGlobals(shared, { executionId, realm, uiAvailable });
    const context = gas.require(bundleDir, globals, { filter: (f) => path.basename(f) === bundleFile });
    realm.adopt(context);
    return context;
  };

  const execute = async (
    functionName: string,
    event: unknown,
    callOptions: CallOptions,
  ): Promise<unknown> => {
    await shared.workbook.refresh();
    const executionId = ++executions;
    const context = load(executionId, callOptions.ui === true);
    const fn = context[functionName];
    if (typeof fn !== 'function') {
      throw new Error(`Offboard local runtime: ${functionName} is not a top-level function of the bundle`);
    }
    const started = Date.now();
    try {
      return (fn as (e: unknown) => unknown)(event);
    } catch (e) {
      log.error('execution', `${functionName} threw: ${(e as Error)?.stack ?? String(e)}`);
      throw e;
    } finally {
      // Apps Script frees a script lock when the execution that holds it ends.
      shared.lock.release(executionId);
      await shared.workbook.save();
      log.info('execution', `${functionName} #${executionId} ${Date.now() - started} ms`);
    }
  };

  const call = (functionName: string, event?: unknown, callOptions: CallOptions = {}): Promise<unknown> => {
    const run = queue.then(() => execute(functionName, event, callOptions));
    queue = run.catch(() => undefined);
    return run;
  };

  return {
    call,
    runDueTriggers: (at?: number) =>
      shared.triggers.runDue((handler, event) => call(handler, event).then(() => undefined), at ?? now()),
    hasFunction: (name) => typeof load(0, false)[name] === 'function',
    workbook: shared.workbook,
    properties: shared.properties,
    triggers: shared.triggers,
    cache: shared.cache,
    lock: shared.lock,
    ui: shared.ui,
    log,
  };
}
