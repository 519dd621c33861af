// LockService.getScriptLock(): one lock for the whole script, held by at most one execution. The holder
// lives in a SharedArrayBuffer and waiting uses Atomics.wait, so it excludes executions in worker threads
// too. The runtime itself runs executions one at a time on the main thread (the workbook is one
// in-memory object), so there the lock mostly proves the semantics; the runtime frees a lock an
// execution forgot when it ends, as Apps Script does.

import type { RealmRef } from './realm';
import { strict } from './strict';

const FREE = 0;
export const LOCK_TIMEOUT_MESSAGE = 'Lock timeout: another process was holding the lock for too long.';

export class ScriptLockCell {
  /** Index 0: the id of the execution holding the lock, or 0. Share `buffer` with workers. */
  readonly buffer: SharedArrayBuffer;
  private readonly cell: Int32Array;

  constructor(buffer: SharedArrayBuffer = new SharedArrayBuffer(4)) {
    this.buffer = buffer;
    this.cell = new Int32Array(buffer);
  }

  holder(): number {
    return Atomics.load(this.cell, 0);
  }

  /** Takes the lock for `executionId` within `timeoutMs`; true if it holds it now (already holding counts). */
  acquire(executionId: number, timeoutMs: number): boolean {
    const deadline = Date.now() + Math.max(0, timeoutMs);
    for (;;) {
      const seen = Atomics.compareExchange(this.cell, 0, FREE, executionId);
      if (seen === FREE || seen === executionId) return true;
      const left = deadline - Date.now();
      if (left <= 0) return false;
      Atomics.wait(this.cell, 0, seen, left);
    }
  }

  /** Frees the lock if `executionId` holds it. */
  release(executionId: number): void {
    if (Atomics.compareExchange(this.cell, 0, executionId, FREE) === executionId)
      Atomics.notify(this.cell, 0);
  }
}

/** The LockService an execution sees: its locks act for `executionId`. */
export function createLockService(cell: ScriptLockCell, executionId: number, realm: RealmRef): object {
  const makeError = (m: string) => realm.error(m);
  const checkTimeout = (ms: unknown): number => {
    const n = Number(ms);
    if (!Number.isFinite(n) || n < 0) throw makeError(`Invalid argument: timeoutInMillis`);
    return n;
  };
  const lock = strict(
    'Lock',
    {
      tryLock: (timeoutInMillis: number) => cell.acquire(executionId, checkTimeout(timeoutInMillis)),
      waitLock: (timeoutInMillis: number) => {
        if (!cell.acquire(executionId, checkTimeout(timeoutInMillis))) throw makeError(LOCK_TIMEOUT_MESSAGE);
      },
      releaseLock: () => cell.release(executionId),
      hasLock: () => cell.holder() === executionId,
    },
    makeError,
  );
  return strict(
    'LockService',
    {
      getScriptLock: () => lock,
    },
    makeError,
  );
}
