// Starts the demo's fake Okta in a child process (see oktaChild.ts for why not on the main thread) and
// talks to its /__fake/ control endpoints.

import { fork, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import type { FakeOktaSnapshot, FailNextBody } from '../../fakes/okta';
import type { FakeOAuthOptions } from '../../fakes/okta/oauthServer';
import type { OktaChildReady } from './oktaChild';

export interface FakeOktaProcess {
  /** e.g. http://127.0.0.1:54321: where the runtime routes the Okta org URL. */
  url: string;
  state(): Promise<FakeOktaSnapshot>;
  failNext(body: FailNextBody): Promise<void>;
  /**
   * Reactivates a person through Okta's own API (activateUser, as an Okta admin would for a rehire): Okta's
   * status and, on failure, its errorSummary.
   */
  activateUser(oktaUserId: string): Promise<{ status: number; errorSummary?: string }>;
  reset(): Promise<void>;
  /** Every answer waits this long before it is sent (0: at once). */
  setLatency(ms: number): Promise<void>;
  stop(): Promise<void>;
}

export interface FakeOktaProcessOptions {
  /** The org URL the bundle is configured with (the fake checks requests are addressed to it). */
  orgUrl: string;
  apiToken: string;
  /** The OAuth service app the fake's token endpoint knows (fakes/okta/oauthServer.ts). */
  oauth?: FakeOAuthOptions;
  /** How long to wait for the child to listen. */
  timeoutMs?: number;
}

const REPO_ROOT = path.resolve(__dirname, '..', '..');

export function startFakeOktaProcess(options: FakeOktaProcessOptions): Promise<FakeOktaProcess> {
  // The child is TypeScript too: tsx loads it, from the repository root so `--import tsx` resolves.
  const child = fork(path.join(__dirname, 'oktaChild.ts'), [], {
    cwd: REPO_ROOT,
    execArgv: ['--import', 'tsx'],
    env: {
      ...process.env,
      OFFBOARD_DEMO_OKTA_ORG_URL: options.orgUrl,
      OFFBOARD_DEMO_OKTA_TOKEN: options.apiToken,
      ...(options.oauth ? { OFFBOARD_DEMO_OKTA_OAUTH: JSON.stringify(options.oauth) } : {}),
    },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill();
      reject(new Error('the fake Okta did not start within the time allowed'));
    }, options.timeoutMs ?? 20_000);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`the fake Okta exited before it was ready (code ${code})`));
    });
    child.once('message', (message: OktaChildReady) => {
      clearTimeout(timer);
      child.removeAllListeners('exit');
      resolve(handle(child, message.url, options.apiToken));
    });
  });
}

function handle(child: ChildProcess, url: string, apiToken: string): FakeOktaProcess {
  const control = async (method: 'GET' | 'POST', route: string, body?: unknown): Promise<unknown> => {
    const response = await fetch(`${url}/__fake/${route}`, {
      method,
      headers: { 'content-type': 'application/json' },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const answer = (await response.json()) as unknown;
    if (!response.ok) throw new Error(`fake Okta /__fake/${route}: ${JSON.stringify(answer)}`);
    return answer;
  };
  let stopped: Promise<void> | undefined;
  return {
    url,
    state: async () => (await control('GET', 'state')) as FakeOktaSnapshot,
    failNext: async (body) => void (await control('POST', 'fail-next', body)),
    reset: async () => void (await control('POST', 'reset')),
    setLatency: async (ms) => void (await control('POST', 'latency', { ms })),
    activateUser: async (oktaUserId) => {
      // POST /api/v1/users/{id}/lifecycle/activate; sendEmail=false: the demo has no mailbox.
      const response = await fetch(
        `${url}/api/v1/users/${encodeURIComponent(oktaUserId)}/lifecycle/activate?sendEmail=false`,
        { method: 'POST', headers: { Authorization: `SSWS ${apiToken}`, Accept: 'application/json' } },
      );
      const body = (await response.json().catch(() => ({}))) as { errorSummary?: unknown };
      return response.ok
        ? { status: response.status }
        : {
            status: response.status,
            errorSummary:
              typeof body.errorSummary === 'string' ? body.errorSummary : `HTTP ${response.status}`,
          };
    },
    stop: () =>
      (stopped ??= new Promise<void>((resolve) => {
        if (child.exitCode !== null || child.signalCode !== null) return resolve();
        child.once('exit', () => resolve());
        // Disconnecting lets the child close its server and exit on its own; kill if it lingers.
        child.disconnect();
        setTimeout(() => child.kill(), 2_000).unref();
      })),
  };
}
