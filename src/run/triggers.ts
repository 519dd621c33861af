// The worker's triggers: one recurring worker. Offboard no longer creates one-shot "kick" triggers (a
// kick fired 30–60 s after a click, about when the every-minute worker comes anyway); one left by an
// earlier version still runs `kickWorker` once and removes itself.

import type { Services } from '../ports';

export const WORKER_HANDLER = 'runWorker';
export const KICK_HANDLER = 'kickWorker';
export const WORKER_EVERY_MINUTES = 1;

/** A kick trigger left by an earlier version removes itself (one-shot triggers stay listed until deleted). */
export function removeKicks(services: Services): void {
  for (const trigger of services.triggers.list()) {
    if (trigger.handler === KICK_HANDLER) services.triggers.remove(trigger.id);
  }
}
