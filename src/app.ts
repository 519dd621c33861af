// The application: what each entry point does, in Apps Script-free terms. Every function here catches
// everything, so no exception ever leaves an entry point.

import { forgetSheet, runCheckConfiguration, runSetup } from './admin';
import { asOffboardError } from './errors';
import { createContext } from './handlers/context';
import { healthCheckIfDue } from './health/healthCheck';
import { claimWorkerTurn } from './health/workerTrigger';
import type { Services } from './ports';
import {
  REQUEST_LOCK_WAIT_MS,
  removeKicks,
  WORKER_BUDGET_MS,
  workerTurn,
  type WorkerReport,
} from './run/engine';
import { ephemeral } from './slack/messages';
import { receive, type Reply } from './handlers/receiver';
import type { RawPost } from './slack/request';

export type ServicesFactory = () => Services;
export type PostInput = RawPost;
export type SlackReply = Reply;

export interface MenuItem {
  label: string;
  /** The top-level function Apps Script calls. */
  functionName: string;
}

export const MENU_ITEMS: MenuItem[] = [
  { label: 'Set up tabs and triggers', functionName: 'setup' },
  { label: 'Check configuration', functionName: 'checkConfiguration' },
  { label: 'Run the worker now', functionName: 'runWorker' },
];

/** The daily health check starts only when the turn left this much of Apps Script's 6 minutes. */
export const HEALTH_CHECK_LATEST_MS = 3 * 60_000;

export function health(): Record<string, unknown> {
  return { ok: true, service: 'offboard' };
}

export function handleSlackPost(services: ServicesFactory, input: PostInput): SlackReply {
  try {
    return receive(() => createContext(services(), { lockWaitMs: REQUEST_LOCK_WAIT_MS }), input);
  } catch {
    // receive() catches everything it can; this is the last guard so Slack always gets JSON.
    return ephemeral('Something went wrong inside Offboard. Try again, or ask an Offboard admin.');
  }
}

/** An edit to the Sheet (or a structural change): forget what was cached from it. */
export function sheetEdited(services: ServicesFactory, _sheetName: string): void {
  try {
    forgetSheet(services());
  } catch {
    // A simple trigger has nowhere to report; caches expire on their own.
  }
}

export function setup(services: ServicesFactory): string {
  try {
    return runSetup(services()).join('\n');
  } catch (e) {
    return `Setup stopped: ${asOffboardError(e).message}`;
  }
}

export function checkConfiguration(services: ServicesFactory): string {
  try {
    const lines = runCheckConfiguration(services());
    return lines.length ? lines.join('\n') : 'Everything is configured.';
  } catch (e) {
    return `The check stopped: ${asOffboardError(e).message}`;
  }
}

/** `triggerUid`: the recurring trigger that fired (its event's triggerUid), to keep exactly one worker. */
export function runWorker(
  services: ServicesFactory,
  why: 'recurring' | 'kick',
  triggerUid?: string,
): WorkerReport | null {
  let s: Services | undefined;
  try {
    s = services();
    if (why === 'kick') removeKicks(s);
    const ctx = createContext(s);
    if (why === 'recurring' && !claimWorkerTurn(s, triggerUid, ctx.config.workerTrigger)) return null;
    const report = workerTurn(ctx.engine(), ctx.startedAt + WORKER_BUDGET_MS);
    if (why === 'recurring' && s.clock.now() - ctx.startedAt < HEALTH_CHECK_LATEST_MS) {
      try {
        healthCheckIfDue(ctx);
      } catch (e) {
        s.log.error('health check failed', { error: asOffboardError(e).message });
      }
    }
    return report;
  } catch (e) {
    s?.log.error('worker turn failed', { error: asOffboardError(e).message });
    return null;
  }
}
