// No Audit Log entry is dropped: Slack requests queue their entries in Script Properties (one key per
// request) and the worker writes all of them in one write; an entry the Sheet refuses waits the same way.

import * as app from '../../src/app';
import { createContext } from '../../src/handlers/context';
import { PENDING_AUDIT_KEY, PENDING_TOTAL_MAX_CHARS } from '../../src/sheet/auditLog';
import { makeWorld, type World } from '../fixtures/world';

function auditRows(w: World): string[] {
  return w.sheet
    .sheet('Audit Log')
    .rows()
    .slice(1)
    .map((r) => String(r[2]));
}

function sheetWrites(w: World): number {
  return w.sheet.calls.setValues + w.sheet.calls.appendRow;
}

function pendingKeys(w: World): string[] {
  return Object.keys(w.services.properties.values).filter((k) => k.startsWith(PENDING_AUDIT_KEY));
}

function withAuditTabRenamed(): World {
  const w = makeWorld();
  w.sheet.sheet('Audit Log').tabName = 'Audit (old)';
  createContext(w.services).audit({ actor: 'offboard', action: 'while renamed' });
  return w;
}

/** A Slack request's context: audits, then ends as handleSlackPost ends it. */
function request(w: World, ...actions: string[]): void {
  const ctx = createContext(w.services, { deferSheet: true });
  for (const action of actions) ctx.audit({ actor: 'offboard', action });
  ctx.finish();
}

describe('an Audit Log entry the Sheet refuses', () => {
  it('waits in Script Properties', () => {
    const w = withAuditTabRenamed();
    expect(w.services.properties.values[PENDING_AUDIT_KEY]).toContain('while renamed');
  });

  it('is named by checkConfiguration once it has waited longer than the worker takes', () => {
    const w = withAuditTabRenamed();
    w.services.clock.advance(6 * 60_000);
    expect(app.checkConfiguration(() => w.services)).toContain(
      'Audit Log: 1 entry waits in Script Properties',
    );
  });

  it("is written by the next worker turn once setup has restored the tab, before that turn's own entries", () => {
    const w = withAuditTabRenamed();
    app.setup(() => w.services);
    const before = auditRows(w).length;
    app.runWorker(() => w.services, 'kick');
    expect([auditRows(w).slice(before, before + 1), pendingKeys(w)]).toEqual([['while renamed'], []]);
  });
});

describe("a Slack request's Audit Log entries", () => {
  it('make no Sheet call during the request', () => {
    const w = makeWorld();
    const writes = sheetWrites(w);
    request(w, 'one', 'two');
    expect(sheetWrites(w)).toBe(writes);
  });

  it('are kept with one Script Properties write for the whole request', () => {
    const w = makeWorld();
    const before = w.services.calls.get('properties.set');
    request(w, 'one', 'two', 'three');
    expect(w.services.calls.get('properties.set') - before).toBe(1);
  });

  it('from 5 requests reach the Audit Log in one write, in order', () => {
    const w = makeWorld();
    for (let i = 1; i <= 5; i += 1) {
      request(w, `request ${i} a`, `request ${i} b`);
      w.services.clock.advance(1_000);
    }
    const writes = sheetWrites(w);
    const before = auditRows(w).length;
    const ctx = createContext(w.services);
    ctx.flushAudit();
    expect([auditRows(w).slice(before), sheetWrites(w) - writes, pendingKeys(w)]).toEqual([
      [1, 2, 3, 4, 5].flatMap((i) => [`request ${i} a`, `request ${i} b`]),
      1,
      [],
    ]);
  });

  it('go to the Sheet directly when the queue is near its size limit, so nothing is dropped', () => {
    const w = makeWorld();
    w.services.properties.values[`${PENDING_AUDIT_KEY}.old`] = JSON.stringify({
      entries: [{ time: 0, actor: 'x', action: 'x', detail: 'x'.repeat(PENDING_TOTAL_MAX_CHARS) }],
      lost: 0,
    });
    request(w, 'past the limit');
    expect([auditRows(w).at(-1), pendingKeys(w)]).toEqual(['past the limit', [`${PENDING_AUDIT_KEY}.old`]]);
  });
});
