// Demo mode of the local runtime: the fake Okta in its own process, the fake Slack in this one, demo
// Script Properties and Approved Users, and the page at / that plays Slack. `startDemo()` is the seam
// for `npm start` (when no real Okta or Slack is configured) and for the end-to-end tests.

import { generateKeyPairSync } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { Runtime } from '../loadBundle';
import { REPO_ROOT } from '../loadBundle';
import type { ExtraRoute } from '../server';
import { startRuntime, type RunningRuntime } from '../start';
import { FakeGoogle, seedDemoGoogle } from '../../fakes/google';
import { LOCAL_OAUTH_TOKEN } from '../adminDirectory';
import { startFakeOktaProcess, type FakeOktaProcess } from './oktaProcess';
import { firstSteps } from './firstSteps';
import { DEMO_OKTA_ORG_URL, demoPerson } from './people';
import { seedScheduledRun, type SeededSchedule } from './seedSchedule';
import { demoRoutes, HIDDEN_OKTA_LOGINS } from './routes';
import { startFrontDoor, type FrontDoor } from './frontDoorHandle';
import { DEFAULT_PORT } from '../server';
import { DEMO_WEBHOOK_URL, DemoWebhookReceiver } from './webhookReceiver';
import { SlackWorkspace } from './slackWorkspace';
import {
  DEMO_OKTA_CLIENT_ID,
  DEMO_OKTA_KEY_ID,
  DEMO_OKTA_TOKEN,
  seedApprovedUsers,
  seedSetting,
  seedWebhookTask,
  tickGoogleTasks,
  writeDemoProperties,
  type DemoOAuthKey,
  type DemoOktaAuth,
} from './world';

/** Where the bundle's Data Transfer API calls go (answered by the fake Google in this process). */
/** The local runtime's Session user, a super admin in the demo's Google (hidden from the page). */
export const DEMO_GOOGLE_DEPLOYER = 'deployer@localhost';

const DATA_TRANSFER_PREFIX = 'https://admin.googleapis.com/admin/datatransfer/';

export interface DemoOptions {
  /** Tick the Google Workspace tasks in the Tasks tab (OFFBOARD_DEMO_GOOGLE=1); they are off by default. */
  googleTasks?: boolean;
  /** Default 8787 (or PORT); 0 picks a free port. */
  port?: number;
  /** Where the demo keeps its workbook, Script Properties and triggers; default runtime/data/demo. */
  dataDir?: string;
  /** Start from an empty workbook (the folder's files are deleted first). */
  fresh?: boolean;
  /** Divides trigger intervals; default 60 (the every-minute worker runs every second, as quick as the kick trigger Offboard no longer creates). */
  triggerSpeed?: number;
  /** How often the scheduler looks for due triggers; default 500 ms. */
  tickMs?: number;
  /** Print the runtime log to the terminal; default true. */
  echo?: boolean;
  /**
   * How the bundle authenticates to the fake Okta: an SSWS token (default), or an OAuth service app with
   * a key pair made at start, without or with DPoP. `OFFBOARD_DEMO_OKTA_AUTH=oauth-dpop npm start`.
   */
  oktaAuth?: DemoOktaAuth;
  /**
   * Grace Period Hours to put in the Settings tab of a workbook made at this start (an existing workbook
   * keeps what people set). `npm start` uses DEMO_GRACE_HOURS; unset leaves the default, 0.
   */
  graceHours?: number;
  /** Pause Reminder Hours for a workbook made at this start, as graceHours. `npm start`: DEMO_PAUSE_REMINDER_HOURS. */
  pauseReminderHours?: number;
  /**
   * On a fresh workbook, a scheduled run (Carlos offboards Janet Lee) starting at the first whole minute
   * at least `leadMs` ahead, so the demo shows one firing. `npm start`: 3 minutes; default none.
   */
  seedScheduledRun?: { leadMs: number };
  /**
   * How long the fake Okta takes to answer each request (default 0: at once). `npm start` uses
   * DEMO_OKTA_LATENCY_MS, so a batch's rounds take long enough to watch its message move.
   */
  oktaLatencyMs?: number;
}

/** The demo's grace period on a fresh workbook: 3 minutes, long enough to click Undo, short enough to watch. */
export const DEMO_GRACE_HOURS = 0.05;

/** The demo's pause reminder on a fresh workbook: every 3 minutes, so a paused run is raised while you watch. */
export const DEMO_PAUSE_REMINDER_HOURS = 0.05;

/** The scopes the demo's service app is granted: everything Offboard's tasks ask for. */
const DEMO_GRANTED_SCOPES = [
  'okta.users.read',
  'okta.users.manage',
  'okta.groups.manage',
  'okta.roles.read',
  'okta.roles.manage',
];

function demoKey(): DemoOAuthKey {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  return {
    privatePem: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
    publicPem: publicKey.export({ type: 'spki', format: 'pem' }).toString(),
  };
}

export interface RunningDemo {
  /** The page, e.g. http://127.0.0.1:8787/ */
  pageUrl: string;
  /** Where Slack requests go: .../exec */
  execUrl: string;
  runtime: Runtime;
  slack: SlackWorkspace;
  okta: FakeOktaProcess;
  /** What the demo's webhook receiver got. */
  webhooks: DemoWebhookReceiver;
  /** The fake Google Workspace, given to the bundle as the AdminDirectory advanced service. */
  google: FakeGoogle;
  workbookPath: string;
  configPath: string;
  /** What to try first, as printed by `npm start`. */
  hints: string[];
  /** The scheduled run seeded at start, if any. */
  seeded: SeededSchedule | null;
  stop(): Promise<void>;
}

export const DEMO_TRIGGER_SPEED = 60;

/**
 * How long the demo's fake Okta takes per answer under `npm start`: a tenth of a second, so a batch's rounds
 * take seconds and its message moves in the page (at once, seven people are done before the eye sees it).
 */
export const DEMO_OKTA_LATENCY_MS = 100;

export async function startDemo(options: DemoOptions = {}): Promise<RunningDemo> {
  const dataDir = options.dataDir ?? path.join(REPO_ROOT, 'runtime', 'data', 'demo');
  if (options.fresh) fs.rmSync(dataDir, { recursive: true, force: true });
  fs.mkdirSync(dataDir, { recursive: true });
  const workbookPath = path.join(dataDir, 'offboard.xlsx');
  const configPath = path.join(dataDir, 'config.json');
  const newWorkbook = !fs.existsSync(workbookPath);
  const auth = options.oktaAuth ?? 'ssws';
  const key = auth === 'ssws' ? undefined : demoKey();
  writeDemoProperties(configPath, auth, key);

  const okta = await startFakeOktaProcess({
    orgUrl: DEMO_OKTA_ORG_URL,
    apiToken: DEMO_OKTA_TOKEN,
    ...(key
      ? {
          oauth: {
            clientId: DEMO_OKTA_CLIENT_ID,
            keys: [{ kid: DEMO_OKTA_KEY_ID, publicKey: key.publicPem }],
            grantedScopes: DEMO_GRANTED_SCOPES,
            dpop: auth === 'oauth-dpop',
          },
        }
      : {}),
  });
  if (options.oktaLatencyMs) {
    try {
      await okta.setLatency(options.oktaLatencyMs);
    } catch (e) {
      await okta.stop();
      throw e;
    }
  }
  let runtimeRef: Runtime | undefined;
  let front: FrontDoor | undefined;
  const slack = new SlackWorkspace({
    warn: (m) => runtimeRef?.log.warn('demo-slack', m),
    onChange: (version, messages) => front?.slackChanged(version, messages),
  });
  const webhooks = new DemoWebhookReceiver((m) => runtimeRef?.log.info('demo-webhook', m));
  // Transfers complete at the first look: a real one takes minutes to days, too long for a demo.
  const google = new FakeGoogle({ oauthToken: LOCAL_OAUTH_TOKEN, transferReads: 0 });
  seedDemoGoogle(google);
  // The runtime's deployer (Session's user): checkConfiguration and the health check read it in Google.
  google.addUser({ primaryEmail: DEMO_GOOGLE_DEPLOYER, fullName: 'Offboard deployer', isAdmin: true });
  const transfers = google.transfers();
  // The page's routes need the runtime, which exists only once startRuntime has loaded the bundle.
  let pageRoutes: ExtraRoute | undefined;
  const grace = newWorkbook && options.graceHours ? options.graceHours : null;
  const reminder = newWorkbook && options.pauseReminderHours ? options.pauseReminderHours : null;
  let steps = firstSteps(null, { graceHours: grace, pauseReminderHours: reminder });
  let running: RunningRuntime | undefined;
  try {
    running = await startRuntime({
      // The runtime's server listens on a free port behind the front door, which has the page's port.
      port: 0,
      workbookPath,
      configPath,
      routes: {
        origins: { [DEMO_OKTA_ORG_URL]: okta.url },
        handlers: {
          [DEMO_WEBHOOK_URL]: webhooks.handle,
          [DATA_TRANSFER_PREFIX]: (request) => {
            const answer = transfers.fetch({
              url: request.url,
              method: request.method.toLowerCase() as 'get' | 'post',
              headers: request.headers,
              payload: request.body,
            });
            return { status: answer.status, headers: answer.headers, body: answer.body };
          },
        },
      },
      adminDirectory: google,
      onSlackCall: slack.handle,
      extraRoutes: [(req, res, body) => (pageRoutes ? pageRoutes(req, res, body) : false)],
      triggerSpeed: options.triggerSpeed ?? DEMO_TRIGGER_SPEED,
      tickMs: options.tickMs ?? 500,
      echo: options.echo ?? true,
      beforeServe: async (runtime) => {
        runtimeRef = runtime;
        const added = await seedApprovedUsers(runtime.workbook);
        if (added > 0) runtime.log.info('demo', `added ${added} demo people to Approved Users`);
        if (await seedWebhookTask(runtime.workbook)) {
          runtime.log.info('demo', `added the webhook task to the Tasks tab (posts to ${DEMO_WEBHOOK_URL})`);
        }
        if (grace !== null && (await seedSetting(runtime.workbook, 'Grace Period Hours', grace))) {
          runtime.log.info('demo', `set Grace Period Hours to ${grace} in the Settings tab`);
        }
        if (reminder !== null && (await seedSetting(runtime.workbook, 'Pause Reminder Hours', reminder))) {
          runtime.log.info('demo', `set Pause Reminder Hours to ${reminder} in the Settings tab`);
        }
        if (options.googleTasks && (await tickGoogleTasks(runtime.workbook)) > 0) {
          runtime.log.info('demo', 'ticked the Google Workspace tasks in the Tasks tab');
        }
        pageRoutes = demoRoutes({ runtime, slack, okta, steps: () => steps, google });
      },
    });
    front = await startFrontDoor({
      backendPort: running.server.port,
      port: options.port ?? (process.env.PORT ? Number(process.env.PORT) : DEFAULT_PORT),
      oktaUrl: okta.url,
      hiddenLogins: HIDDEN_OKTA_LOGINS,
    });
  } catch (e) {
    await running?.stop();
    await okta.stop();
    throw e;
  }

  const server = running;
  const frontDoor = front;
  const origin = frontDoor.origin;
  const execUrl = `${origin}/exec`;
  const pageUrl = `${origin}/`;
  let seeded: SeededSchedule | null = null;
  if (options.seedScheduledRun) {
    try {
      seeded = await seedScheduledRun({
        runtime: running.runtime,
        slack,
        execUrl,
        requester: demoPerson('U0DEMOCARLOS')!,
        leadMs: options.seedScheduledRun.leadMs,
      });
    } catch (e) {
      running.runtime.log.warn('demo', `no scheduled run seeded: ${String(e)}`);
    }
    if (seeded)
      running.runtime.log.info('demo', `scheduled ${seeded.target} at ${seeded.at} ${seeded.timeZone}`);
  }
  steps = firstSteps(seeded, { graceHours: grace, pauseReminderHours: reminder });
  const hints = [
    `Offboard demo: open ${pageUrl} (what to try first is on the page too)`,
    ...steps.map((step) => `  ${step.replace(/`/g, '')}`),
    `  The Tasks tab's "Notify IT Tickets" webhook posts, signed, to ${DEMO_WEBHOOK_URL}: the receiver checks the signature and logs each message (demo-webhook).`,
    `  The Google panel shows the fake Google Workspace (the bundle's AdminDirectory). Its tasks are off: tick them in the Tasks tab, or start with OFFBOARD_DEMO_GOOGLE=1.`,
    `  Slack requests go to ${execUrl}; the fake Okta listens on ${okta.url}; data in ${dataDir}`,
    `  Okta auth: ${auth === 'ssws' ? 'SSWS API token' : `OAuth service app${auth === 'oauth-dpop' ? ' with DPoP' : ''}`} (OFFBOARD_DEMO_OKTA_AUTH=ssws|oauth|oauth-dpop)`,
  ];
  let stopped: Promise<void> | undefined;
  return {
    pageUrl,
    execUrl,
    runtime: running.runtime,
    slack,
    okta,
    webhooks,
    google,
    workbookPath,
    configPath,
    hints,
    seeded,
    stop: () =>
      (stopped ??= frontDoor
        .close()
        .then(() => server.stop())
        .finally(() => okta.stop())),
  };
}

if (require.main === module) {
  const speed = process.env.OFFBOARD_TRIGGER_SPEED ? Number(process.env.OFFBOARD_TRIGGER_SPEED) : undefined;
  const auth = process.env.OFFBOARD_DEMO_OKTA_AUTH;
  if (auth !== undefined && !['ssws', 'oauth', 'oauth-dpop'].includes(auth)) {
    console.error(`OFFBOARD_DEMO_OKTA_AUTH must be ssws, oauth or oauth-dpop, not "${auth}"`);
    process.exit(1);
  }
  startDemo({
    ...(speed ? { triggerSpeed: speed } : {}),
    seedScheduledRun: { leadMs: 3 * 60_000 },
    fresh: process.env.OFFBOARD_DEMO_FRESH === '1',
    graceHours: DEMO_GRACE_HOURS,
    googleTasks: process.env.OFFBOARD_DEMO_GOOGLE === '1',
    pauseReminderHours: DEMO_PAUSE_REMINDER_HOURS,
    oktaLatencyMs: DEMO_OKTA_LATENCY_MS,
    ...(auth ? { oktaAuth: auth as DemoOktaAuth } : {}),
  })
    .then((demo) => {
      console.log(['', ...demo.hints, ''].join('\n'));
      const stop = (): void => void demo.stop().finally(() => process.exit(0));
      process.once('SIGINT', stop);
      process.once('SIGTERM', stop);
    })
    .catch((e: unknown) => {
      console.error(e);
      process.exit(1);
    });
}
