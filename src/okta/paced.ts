// Reads that wait for Okta's rate-limit windows as long as the caller may: the client waits at most
// MAX_WAIT_MS inside one sendAll and hands back the rest as "held back until …"; a worker looking up 200
// people can wait for the next window instead of giving up on them.

import { readCache, writeCache } from '../cache';
import type { Cache, Clock } from '../ports';
import type { Budget, OktaClient, OktaResult, RateMemory } from './client';
import type { OktaCall } from './requests';

/** Rate-limited reads are sent again after their window resets, until `deadline` (epoch ms). GETs only. */
export function readPatiently(
  client: OktaClient,
  clock: Clock,
  calls: OktaCall[],
  deadline: number,
): OktaResult[] {
  const results = client.sendAll(calls);
  for (;;) {
    const waiting = results.flatMap((r, i) =>
      !r.ok && r.error.code === 'OKTA_RATE_LIMITED' && calls[i]!.method === 'GET'
        ? [{ i, at: r.error.retryAt ?? clock.now() }]
        : [],
    );
    if (waiting.length === 0) return results;
    const at = Math.min(...waiting.map((w) => w.at));
    if (at >= deadline) return results;
    if (at > clock.now()) clock.sleep(at - clock.now());
    const again = client.sendAll(waiting.map((w) => calls[w.i]!));
    waiting.forEach((w, k) => (results[w.i] = again[k]!));
  }
}

/** The client's rate-limit budgets kept in CacheService between executions (may be forgotten: then blind). */
export function rateMemoryIn(cache: Cache): RateMemory {
  return {
    load: () => readCache(cache, 'oktaWindows', isBudgets),
    save: (budgets) => writeCache(cache, 'oktaWindows', budgets),
  };
}

function isBudgets(value: unknown): value is Record<string, Budget> {
  if (!value || typeof value !== 'object' || Array.isArray(value)) return false;
  return Object.values(value as Record<string, unknown>).every((b) => {
    const o = b as Partial<Budget> | null;
    return typeof o?.limit === 'number' && typeof o.remaining === 'number' && typeof o.resetAt === 'number';
  });
}
