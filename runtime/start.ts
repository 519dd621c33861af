// `npm start`: the local runtime. Creates the workbook on first start with the bundle's own setup(),
// starts the trigger scheduler and the /exec server, and prints the URL. startRuntime() is the seam the
// demo (fake Okta, seeded Approved Users, the page that plays Slack) plugs into.

import fs from 'node:fs';
import path from 'node:path';
import { loadOffboard, REPO_ROOT, type Runtime } from './loadBundle';
import { RuntimeLog } from './log';
import { DEFAULT_PORT, startServer, type ExtraRoute, type RunningServer } from './server';
import type { FetchRoutes, LocalHandler, LocalRequest, LocalResponse } from './urlFetch';

export interface StartOptions {
  /** Default 8787 or PORT; 0 picks a free port. */
  port?: number;
  workbookPath?: string;
  configPath?: string;
  /** Origins to local servers, extra in-process handlers, real hosts allowed. */
  routes?: FetchRoutes;
  /**
   * Answers the bundle's calls to Slack (`https://slack.com/api/*` and response_url posts to
   * `https://hooks.slack.com/*`) inside this process. Default: log them and answer `{ok: true}`.
   */
  onSlackCall?: (request: LocalRequest) => LocalResponse;
  /** Pages served next to /exec. */
  extraRoutes?: ExtraRoute[];
  /** Divides trigger intervals: 60 makes the every-minute worker run every second. */
  triggerSpeed?: number;
  /** How often the scheduler looks for due triggers and outside edits of the workbook; default 1000 ms. */
  tickMs?: number;
  /** Print the log to the terminal; default true. */
  echo?: boolean;
  /** The `AdminDirectory` advanced service's stand-in (the demo's fake Google); absent: not enabled. */
  adminDirectory?: object;
  /** Called after the workbook exists and before the server starts (the demo seeds data here). */
  beforeServe?: (runtime: Runtime) => Promise<void> | void;
}

export interface RunningRuntime {
  runtime: Runtime;
  server: RunningServer;
  url: string;
  stop(): Promise<void>;
}

export const SLACK_API_PREFIX = 'https://slack.com/api/';
export const SLACK_RESPONSE_URL_PREFIX = 'https://hooks.slack.com/';

/** Without a demo page, Slack calls are logged and answered like a successful chat.postMessage. */
function defaultSlack(log: RuntimeLog): LocalHandler {
  return (request) => {
    log.info('slack', `${request.method} ${request.url} ${request.body.slice(0, 500)}`);
    const ts = (Date.now() / 1000).toFixed(6);
    return {
      status: 200,
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ ok: true, channel: 'C0LOCAL', ts }),
    };
  };
}

export async function startRuntime(options: StartOptions = {}): Promise<RunningRuntime> {
  const workbookPath = options.workbookPath ?? path.join(REPO_ROOT, 'runtime', 'data', 'offboard.xlsx');
  const configPath = options.configPath ?? path.join(REPO_ROOT, 'runtime', 'config.json');
  const log = new RuntimeLog({
    echo: options.echo ?? true,
    file: path.join(path.dirname(workbookPath), 'runtime.log'),
  });
  fs.mkdirSync(path.dirname(workbookPath), { recursive: true });
  if (!fs.existsSync(configPath)) {
    // First start: placeholders from the example, so checkConfiguration can say what is missing.
    fs.copyFileSync(path.join(REPO_ROOT, 'runtime', 'config.example.json'), configPath);
    log.info('start', `created ${configPath} from config.example.json: fill in real values for real mode`);
  }

  const slack = options.onSlackCall ?? defaultSlack(log);
  // Real mode: when the config lets the runtime reach slack.com itself, do not answer for Slack.
  const realSlack =
    options.routes?.allowHosts?.some((h) => h === '*' || h === 'slack.com') === true && !options.onSlackCall;
  let serviceUrl = `http://127.0.0.1:${options.port ?? DEFAULT_PORT}/exec`;
  const runtime = loadOffboard({
    workbookPath,
    configPath,
    ...(options.adminDirectory ? { adminDirectory: options.adminDirectory } : {}),
    log,
    triggerSpeed: options.triggerSpeed ?? 1,
    serviceUrl: () => serviceUrl,
    routes: {
      ...options.routes,
      handlers: {
        ...(realSlack ? {} : { [SLACK_API_PREFIX]: slack, [SLACK_RESPONSE_URL_PREFIX]: slack }),
        ...options.routes?.handlers,
      },
    },
  });

  if (!fs.existsSync(workbookPath)) {
    log.info('start', `no workbook at ${workbookPath}: running setup()`);
    await runtime.call('setup');
  }
  await runtime.call('onOpen', {}, { ui: true });
  await options.beforeServe?.(runtime);

  const server = await startServer({
    runtime,
    ...(options.port === undefined ? {} : { port: options.port }),
    extraRoutes: options.extraRoutes ?? [],
  });
  serviceUrl = server.url;

  let ticking = false;
  const tick = async (): Promise<void> => {
    if (ticking) return;
    ticking = true;
    try {
      // Someone saved the workbook in Excel or LibreOffice: that is a change, as onChange sees it.
      if (runtime.workbook.changedOnDisk()) {
        for (const t of runtime.triggers.spreadsheetTriggers('onChange'))
          await runtime.call(t.handler, { changeType: 'OTHER', triggerUid: t.id });
      }
      await runtime.runDueTriggers();
    } catch (e) {
      log.error('scheduler', String((e as Error)?.message ?? e));
    } finally {
      ticking = false;
    }
  };
  const timer = setInterval(() => void tick(), options.tickMs ?? 1000);

  log.info('start', `Offboard local runtime: POST Slack requests to ${server.url}`);
  return {
    runtime,
    server,
    url: server.url,
    stop: async () => {
      clearInterval(timer);
      await server.close();
    },
  };
}

if (require.main === module) {
  // OFFBOARD_ALLOW_HOSTS=acme.okta.com,slack.com turns on real mode for those hosts.
  const allowHosts = (process.env.OFFBOARD_ALLOW_HOSTS ?? '')
    .split(',')
    .map((h) => h.trim())
    .filter(Boolean);
  startRuntime({
    triggerSpeed: Number(process.env.OFFBOARD_TRIGGER_SPEED ?? '1'),
    routes: { allowHosts },
  }).catch((e: unknown) => {
    console.error(e);
    process.exit(1);
  });
}
