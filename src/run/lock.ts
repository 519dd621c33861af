// The script lock, held briefly (state changes), never across HTTP; and the one way a run is changed.

import { OffboardError } from '../errors';
import type { Services } from '../ports';
import { LOCK_WAIT_MS } from './budgets';
import type { EngineDeps } from './deps';
import type { Run } from './types';
import { isActive } from './types';
import { activeRunKey } from './activeRuns';

/**
 * Runs `fn` holding the script lock. Pending Sheet writes are flushed before the lock is released, as
 * the LockService reference asks, so the next holder reads what this one wrote. An execution that has not
 * opened the spreadsheet has no pending write: nothing to flush (no round trip).
 */
export function withLock<T>(services: Services, fn: () => T, waitMs = LOCK_WAIT_MS): T {
  if (!services.lock.tryLock(waitMs)) {
    throw new OffboardError('LOCK_TIMEOUT', 'Another Offboard action is in progress.');
  }
  try {
    return fn();
  } finally {
    try {
      services.spreadsheetIfOpen()?.flush();
    } finally {
      services.lock.release();
    }
  }
}

/**
 * Reads one run fresh under the lock, applies `change` and saves it: to the row and the index
 * (`'row'`), or to the index alone (`'index'`: leases and running marks, which the next row write carries).
 */
export function changeRun(
  deps: EngineDeps,
  runId: string,
  /** `active()`: every active run, from the same read as `run` when `readAll` (else read when asked). */
  change: (run: Run, active: () => Run[]) => void,
  where: 'row' | 'index' = 'row',
  lockWaitMs = deps.lockWaitMs,
  /** The change needs the other active runs too: one read of the whole index serves both. */
  readAll = false,
): Run {
  return withLock(
    deps.services,
    () => {
      const all = readAll ? deps.store.active() : null;
      const run = all?.find((r) => activeRunKey(r.runId) === activeRunKey(runId)) ?? deps.store.get(runId);
      if (!run)
        throw new OffboardError('RUN_NOT_FOUND', `No run ${runId} in the Offboarding tab.`, { runId });
      change(run, () => all ?? deps.store.active());
      run.updatedAt = new Date(deps.services.clock.now());
      // A run that has just finished needs its row (written now, or by the worker after a Slack request).
      if (where === 'row' || !isActive(run.status)) deps.store.save(run);
      else deps.store.hold(run);
      return run;
    },
    lockWaitMs,
  );
}
