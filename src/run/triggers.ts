// The worker's triggers: one recurring worker, at most one pending one-shot kick.

import type { Services } from '../ports';

export const WORKER_HANDLER = 'runWorker';
export const KICK_HANDLER = 'kickWorker';
export const WORKER_EVERY_MINUTES = 1;

/** At most one pending one-shot kick: the recurring worker covers everything else. */
export function kickWorker(services: Services): void {
  try {
    if (services.triggers.list().some((x) => x.handler === KICK_HANDLER)) return;
    services.triggers.after(KICK_HANDLER, 1_000);
  } catch (e) {
    // The recurring worker still picks the run up; a kick is only a shortcut.
    services.log.warn('could not create the kick trigger', { error: String(e) });
  }
}

/** The kick trigger removes itself (one-shot triggers stay listed until deleted). */
export function removeKicks(services: Services): void {
  for (const trigger of services.triggers.list()) {
    if (trigger.handler === KICK_HANDLER) services.triggers.remove(trigger.id);
  }
}
