// Exactly one worker across admins: Apps Script shows each account only its own triggers, so the kept
// worker is recorded in Script Properties and beats in the cache.

import * as app from '../../src/app';
import { claimWorkerTurn, ensureOneWorker, readWorkerRecord } from '../../src/health/workerTrigger';
import { FakeAccount, FakeTriggers, type TestServices } from '../fakes/services';
import { makeWorld } from '../fixtures/world';

/** A second Google account on the same script: same properties, cache and clock; its own triggers. */
function secondAdmin(first: TestServices): TestServices {
  return {
    ...first,
    triggers: new FakeTriggers(undefined, 'bob'),
    account: new FakeAccount('bob@corp.example'),
  };
}

const workers = (s: TestServices) => s.triggers.triggers.filter((t) => t.handler === 'runWorker');

describe('setup by two admins', () => {
  it('adds no second worker while the first admin’s worker is running', () => {
    const alice = makeWorld().services;
    ensureOneWorker(alice);
    claimWorkerTurn(alice, workers(alice)[0]!.id);
    const bob = secondAdmin(alice);
    expect(ensureOneWorker(bob).kind).toBe('elsewhere');
    expect(workers(bob)).toHaveLength(0);
  });

  it('names the owner of the worker in what setup says', () => {
    const alice = makeWorld().services;
    ensureOneWorker(alice);
    claimWorkerTurn(alice, workers(alice)[0]!.id);
    const bob = secondAdmin(alice);
    expect(app.setup(() => bob)).toContain('owned by admin@corp.example');
  });

  it('adds a worker under the second admin when the recorded one has stopped running', () => {
    const alice = makeWorld().services;
    ensureOneWorker(alice);
    claimWorkerTurn(alice, workers(alice)[0]!.id);
    alice.clock.advance(10 * 60_000);
    const bob = secondAdmin(alice);
    expect(ensureOneWorker(bob).kind).toBe('created');
    expect(readWorkerRecord(bob)?.owner).toBe('bob@corp.example');
  });
});

describe('a second worker that fires anyway', () => {
  it('removes itself when the recorded worker ran within five minutes', () => {
    const alice = makeWorld().services;
    ensureOneWorker(alice);
    claimWorkerTurn(alice, workers(alice)[0]!.id);
    const bob = secondAdmin(alice);
    const extra = bob.triggers.everyMinutes('runWorker');
    expect(claimWorkerTurn(bob, extra.id)).toBe(false);
    expect(workers(bob)).toHaveLength(0);
  });

  it('does no work when it removed itself', () => {
    const w = makeWorld();
    ensureOneWorker(w.services);
    claimWorkerTurn(w.services, workers(w.services)[0]!.id);
    const bob = secondAdmin(w.services);
    const extra = bob.triggers.everyMinutes('runWorker');
    expect(app.runWorker(() => bob, 'recurring', extra.id)).toBeNull();
  });

  it('takes over when the recorded worker has not run for five minutes', () => {
    const alice = makeWorld().services;
    ensureOneWorker(alice);
    claimWorkerTurn(alice, workers(alice)[0]!.id);
    alice.clock.advance(6 * 60_000);
    const bob = secondAdmin(alice);
    const extra = bob.triggers.everyMinutes('runWorker');
    expect(claimWorkerTurn(bob, extra.id)).toBe(true);
    expect(readWorkerRecord(bob)?.id).toBe(extra.id);
  });
});

describe('one account', () => {
  it('keeps the recorded worker and removes its duplicates', () => {
    const s = makeWorld().services;
    s.triggers.everyMinutes('runWorker');
    s.triggers.everyMinutes('runWorker');
    const kept = ensureOneWorker(s);
    expect([kept.kind, workers(s).length]).toEqual(['present', 1]);
  });
});

describe('checkConfiguration', () => {
  it('says whose the worker is and when it last ran', () => {
    const s = makeWorld().services;
    ensureOneWorker(s);
    claimWorkerTurn(s, workers(s)[0]!.id);
    s.clock.advance(30_000);
    expect(app.checkConfiguration(() => s)).toContain(
      'Worker trigger: owned by admin@corp.example, last ran 30 s ago',
    );
  });

  it('says when the recorded worker has stopped running', () => {
    const s = makeWorld().services;
    ensureOneWorker(s);
    claimWorkerTurn(s, workers(s)[0]!.id);
    s.clock.advance(60 * 60_000);
    expect(app.checkConfiguration(() => s)).toContain('has not run in the last 5 minutes');
  });
});

describe('cost per worker turn', () => {
  it('reads no Script Property beyond the one read of them all, and beats at most every two minutes', () => {
    const w = makeWorld();
    const s = w.services;
    ensureOneWorker(s);
    const id = workers(s)[0]!.id;
    app.runWorker(() => s, 'recurring', id);
    s.calls.reset();
    for (let minute = 0; minute < 4; minute++) {
      s.clock.advance(60_000);
      app.runWorker(() => s, 'recurring', id);
    }
    expect([s.calls.get('properties.get'), s.calls.get('cache.put')]).toEqual([0, 2]);
  });
});
