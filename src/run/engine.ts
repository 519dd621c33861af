// The run engine, in parts: budgets.ts (every time budget), deps.ts (what it receives), lock.ts (the
// script lock and changing a run), requests.ts (/offboard and clicks), steps.ts (task work), worker.ts
// (the worker turn), triggers.ts (the worker's triggers). This module is the engine's one front door.

export * from './budgets';
export * from './deps';
export { withLock } from './lock';
export { approveRun, clickRun, confirmRun, requestRun, undoRun } from './requests';
export { restoreRun, restoreText } from './restore';
export { workerTurn, type WorkerReport } from './worker';
export {
  abortBatch,
  approveBatch,
  askBatchApproval,
  cancelBatch,
  confirmBatch,
  continueBatch,
  denyBatch,
  publishProgress,
  requestBatch,
  undoBatch,
} from './batch';
export * from './triggers';
