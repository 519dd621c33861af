// Starts the demo's front door (frontDoor.mjs) on its own thread, in front of the runtime's server: the
// page keeps seeing the fake Slack and the fake Okta move while an execution blocks the main thread.

import path from 'node:path';
import { Worker } from 'node:worker_threads';
import type { DemoMessage } from './slackWorkspace';

export interface FrontDoor {
  /** e.g. http://127.0.0.1:8787: where the page and Slack requests go. */
  origin: string;
  /** Hands the fake Slack's messages over (callable in the middle of an execution). */
  slackChanged(version: number, messages: readonly DemoMessage[]): void;
  close(): Promise<void>;
}

export interface FrontDoorOptions {
  /** The runtime's own server, on the main thread. */
  backendPort: number;
  /** The page's port; 0 picks a free one. */
  port: number;
  /** The fake Okta's URL (its /__fake/state is read directly during an execution). */
  oktaUrl: string;
  /** Okta logins the page does not list (the API token's admin). */
  hiddenLogins: readonly string[];
}

export function startFrontDoor(options: FrontDoorOptions): Promise<FrontDoor> {
  const worker = new Worker(path.join(__dirname, 'frontDoor.mjs'), { workerData: { ...options } });
  return new Promise((resolve, reject) => {
    const failed = (e: unknown): void => reject(e instanceof Error ? e : new Error(String(e)));
    worker.once('error', failed);
    worker.once('message', (message: { type: string; port: number }) => {
      worker.off('error', failed);
      if (message.type !== 'listening') return failed(new Error(`front door: ${message.type}`));
      let closed: Promise<void> | undefined;
      resolve({
        origin: `http://127.0.0.1:${message.port}`,
        slackChanged: (version, messages) => worker.postMessage({ type: 'slack', version, messages }),
        close: () =>
          (closed ??= new Promise<void>((done) => {
            const timer = setTimeout(() => void worker.terminate().then(() => done()), 2_000);
            worker.once('message', () => {
              clearTimeout(timer);
              void worker.terminate().then(() => done());
            });
            worker.postMessage({ type: 'close' });
          })),
      });
    });
  });
}
