// Exactly one every-minute worker, whichever admin installed it. Apps Script shows a user only their own
// triggers (ScriptApp.getProjectTriggers: "all installable triggers associated with the current project
// and current user"), so a second admin's setup cannot see the first one's worker. Offboard therefore
// records the worker it keeps (id and owner) in a Script Property, and every worker turn leaves a
// heartbeat in the cache: setup does not add a worker while another account's one is alive, and a second
// worker that fires anyway removes itself (a trigger can delete itself: it runs as its owner).

import { PROPERTY } from '../config';
import type { Services } from '../ports';
import { WORKER_EVERY_MINUTES, WORKER_HANDLER } from '../run/engine';

/** The worker Offboard keeps. */
export interface WorkerRecord {
  id: string;
  /** The Google account it runs as ('' when Apps Script would not say). */
  owner: string;
  /** Epoch ms when it was recorded. */
  since: number;
}

interface Heartbeat {
  id: string;
  at: number;
}

export const HEARTBEAT_CACHE_KEY = 'offboard.worker.heartbeat.v1';
/** A worker that ran within this long is alive (it runs every minute; Apps Script may skip one or two). */
export const WORKER_ALIVE_MS = 5 * 60_000;
const HEARTBEAT_TTL_S = 60 * 60;
/** Well inside WORKER_ALIVE_MS, so a worker that skips a minute or two still looks alive. */
const HEARTBEAT_EVERY_MS = 2 * 60_000;

/** `stored`: the property as already read (readConfig); read here when not given. */
export function readWorkerRecord(services: Services, stored?: string | null): WorkerRecord | null {
  const parsed = parse(stored === undefined ? services.properties.get(PROPERTY.workerTrigger) : stored);
  if (!parsed || typeof parsed['id'] !== 'string') return null;
  return { id: parsed['id'], owner: String(parsed['owner'] ?? ''), since: Number(parsed['since']) || 0 };
}

function writeWorkerRecord(services: Services, id: string): WorkerRecord {
  const record = { id, owner: services.account.email(), since: services.clock.now() };
  services.properties.set(PROPERTY.workerTrigger, JSON.stringify(record));
  return record;
}

function heartbeat(services: Services): Heartbeat | null {
  const parsed = parse(services.cache.get(HEARTBEAT_CACHE_KEY));
  if (!parsed || typeof parsed['id'] !== 'string' || !Number.isFinite(Number(parsed['at']))) return null;
  return { id: parsed['id'], at: Number(parsed['at']) };
}

/** When the recorded worker last ran, if within WORKER_ALIVE_MS; else null. */
export function aliveSince(services: Services, record: WorkerRecord | null): number | null {
  const beat = heartbeat(services);
  if (!record || !beat || beat.id !== record.id) return null;
  return services.clock.now() - beat.at <= WORKER_ALIVE_MS ? beat.at : null;
}

/**
 * Called at the start of each recurring worker turn with the trigger's id (the event's triggerUid).
 * False when this trigger is a second worker while the recorded one is alive: it has removed itself.
 */
export function claimWorkerTurn(
  services: Services,
  triggerUid: string | undefined,
  storedRecord?: string | null,
): boolean {
  if (!triggerUid) return true;
  const record = readWorkerRecord(services, storedRecord);
  const beat = heartbeat(services);
  const now = services.clock.now();
  const recordAlive = record !== null && beat?.id === record.id && now - beat.at <= WORKER_ALIVE_MS;
  if (record && record.id !== triggerUid && recordAlive) {
    services.triggers.remove(triggerUid);
    services.log.warn('removed a second worker trigger', { kept: record.id, keptOwner: record.owner });
    return false;
  }
  // Recorded, or the recorded one is gone (its owner left, or it was deleted): this one is the worker now.
  if (!record || record.id !== triggerUid) writeWorkerRecord(services, triggerUid);
  // A cache put costs more than a get: beat only when the last beat is getting old.
  if (beat?.id !== triggerUid || now - beat.at >= HEARTBEAT_EVERY_MS) {
    services.cache.put(HEARTBEAT_CACHE_KEY, JSON.stringify({ id: triggerUid, at: now }), HEARTBEAT_TTL_S);
  }
  return true;
}

export type WorkerSetup =
  | { kind: 'created'; record: WorkerRecord }
  | { kind: 'present'; record: WorkerRecord; removed: number }
  | { kind: 'elsewhere'; record: WorkerRecord; lastRan: number };

/**
 * Setup and the health check: keeps exactly one worker. This account's extra workers go; none is added
 * while another account's recorded worker is alive.
 */
export function ensureOneWorker(services: Services): WorkerSetup {
  const mine = services.triggers.list().filter((t) => t.handler === WORKER_HANDLER);
  const record = readWorkerRecord(services);
  const lastRan = aliveSince(services, record);
  const keep = mine.find((t) => t.id === record?.id) ?? (lastRan === null ? mine[0] : undefined);
  const extra = mine.filter((t) => t !== keep);
  extra.forEach((t) => services.triggers.remove(t.id));
  if (keep) {
    const kept = record?.id === keep.id ? record : writeWorkerRecord(services, keep.id);
    return { kind: 'present', record: kept, removed: extra.length };
  }
  if (record && lastRan !== null) return { kind: 'elsewhere', record, lastRan };
  const created = services.triggers.everyMinutes(WORKER_HANDLER, WORKER_EVERY_MINUTES);
  return { kind: 'created', record: writeWorkerRecord(services, created.id) };
}

/** For checkConfiguration: whose the worker is and when it last ran, without changing anything. */
export function workerStatusLine(services: Services): string {
  const record = readWorkerRecord(services);
  if (!record) return 'Worker trigger: none recorded yet (run setup)';
  const owner = record.owner || 'an account Apps Script did not name';
  const lastRan = aliveSince(services, record);
  if (lastRan === null) {
    return `Worker trigger: owned by ${owner}, has not run in the last ${WORKER_ALIVE_MS / 60_000} minutes: run setup to install one under your account`;
  }
  return `Worker trigger: owned by ${owner}, last ran ${Math.round((services.clock.now() - lastRan) / 1000)} s ago`;
}

/** One line for setup, the health check and checkConfiguration. */
export function describeWorker(services: Services, setup: WorkerSetup): string {
  const owner = setup.record.owner || 'an account Apps Script did not name';
  switch (setup.kind) {
    case 'created':
      return `Created: the worker trigger (every minute), owned by ${owner}`;
    case 'present':
      return `Worker trigger: one, owned by ${owner}${setup.removed ? ` (removed ${setup.removed} duplicate${setup.removed > 1 ? 's' : ''})` : ''}`;
    case 'elsewhere': {
      const seconds = Math.round((services.clock.now() - setup.lastRan) / 1000);
      return `Worker trigger: owned by ${owner} (ran ${seconds} s ago); none added under your account`;
    }
  }
}

function parse(text: string | null): Record<string, unknown> | null {
  if (!text) return null;
  try {
    const v = JSON.parse(text) as unknown;
    return typeof v === 'object' && v !== null ? (v as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}
