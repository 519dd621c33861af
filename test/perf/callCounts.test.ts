// Call counts that keep Slack's 3 seconds within reach, asserted on the app driven as doPost drives it.
// Deterministic: counts come from the counting fakes, not from a clock.

import { countsNow, minus, type Counts } from '../../bench/measure';
import {
  benchWorld,
  click,
  confirmValue,
  reportButton,
  slashCommand,
  workerTurn,
  type BenchWorld,
  type Reply,
} from '../../bench/world';

/** Runs `fn` and answers the calls it made. */
function countsOf(bw: BenchWorld, fn: () => unknown): Counts {
  const before = countsNow(bw);
  fn();
  return minus(countsNow(bw), before);
}

/** A world whose caches already hold Approved Users and the Tasks plan, from one earlier request. */
function warmWorld(): { bw: BenchWorld; target: string } {
  const bw = benchWorld({ people: 2 });
  slashCommand(bw, bw.people[0]!);
  return { bw, target: bw.people[1]! };
}

describe('/offboard with warm caches', () => {
  it('reads no Sheet cell: active runs come from the index in Script Properties', () => {
    const { bw, target } = warmWorld();
    expect(countsOf(bw, () => slashCommand(bw, target)).sheetReads).toBe(0);
  });

  it('creates no trigger', () => {
    const { bw, target } = warmWorld();
    expect(countsOf(bw, () => slashCommand(bw, target)).triggersCreate).toBe(0);
  });

  it('sends no Okta write: the lookup, then roles, apps and groups for the card in one parallel round', () => {
    const { bw, target } = warmWorld();
    const from = bw.http.events.length;
    const counts = countsOf(bw, () => slashCommand(bw, target));
    const okta = bw.http.events.slice(from).filter((e) => e.requests.some((r) => r.host === 'okta'));
    const last = okta.at(-1)!;
    expect({
      writes: counts.oktaWrites,
      lastRound: {
        kind: last.kind,
        paths: last.requests.map((r) => new URL(r.url).pathname.split('/').pop()).sort(),
      },
      rounds: okta.length,
    }).toEqual({
      writes: 0,
      lastRound: { kind: 'fetchAll', paths: ['appLinks', 'groups', 'roles'] },
      rounds: 2,
    });
  });

  it('answers with a confirmation card', () => {
    const { bw, target } = warmWorld();
    expect(() => confirmValue(slashCommand(bw, target))).not.toThrow();
  });
});

describe('/offboard with warm caches: Script Properties', () => {
  it('makes 3 calls: the settings read, then under the lock the index read and one write, nothing after', () => {
    const { bw, target } = warmWorld();
    expect(countsOf(bw, () => slashCommand(bw, target)).properties).toBe(3);
  });

  it('stores the new run and its Audit Log entry in the same write', () => {
    const { bw, target } = warmWorld();
    const before = bw.services.calls.get('properties.set');
    slashCommand(bw, target);
    const keys = Object.keys(bw.services.properties.values);
    expect([
      bw.services.calls.get('properties.set') - before,
      keys.filter((k) => k.startsWith('offboard.run.')).length,
      keys.filter((k) => k.startsWith('offboard.audit.pending.')).length,
    ]).toEqual([1, 2, 2]);
  });
});

describe('/offboard with cold caches', () => {
  // Approved Users, Settings (protected groups) and Tasks: one Sheets API batchGet when the advanced
  // service is on, then cached together. Active runs come from Script Properties; a new run has no row yet.
  it("reads the three tabs in 1 Sheet read (the Sheets API batchGet) and caches them in 1 putAll (2 cache writes with the API token's identity)", () => {
    const bw = benchWorld();
    const counts = countsOf(bw, () => slashCommand(bw, bw.people[0]!));
    expect([
      counts.sheetReads,
      bw.world.sheet.calls.readTabs,
      bw.world.sheet.calls.getValues,
      counts.cachePut,
    ]).toEqual([1, 1, 0, 2]);
  });

  it('without the Sheets advanced service reads each of the three tabs with SpreadsheetApp (3 getValues) and still shows the card', () => {
    const bw = benchWorld();
    bw.world.sheet.sheetsApi = false;
    let card: Reply | undefined;
    const counts = countsOf(bw, () => (card = slashCommand(bw, bw.people[0]!)));
    expect([counts.sheetReads, bw.world.sheet.calls.getValues]).toEqual([3, 3]);
    expect(() => confirmValue(card!)).not.toThrow();
  });

  it('with a tab missing, asks the Sheets API once, then SpreadsheetApp, which names the missing tab', () => {
    const bw = benchWorld();
    bw.world.sheet.removeTab('Tasks');
    const reply = JSON.stringify(slashCommand(bw, bw.people[0]!));
    expect([reply.includes('The Sheet has no `Tasks` tab'), bw.world.sheet.calls.readTabs]).toEqual([
      true,
      1,
    ]);
  });

  it('asks Okta who the API token acts as in the card round, once: the next request has it cached', () => {
    const bw = benchWorld({ people: 2 });
    const meCalls = (): number =>
      bw.http.events.flatMap((e) => e.requests).filter((r) => r.url.endsWith('/api/v1/users/me')).length;
    slashCommand(bw, bw.people[0]!);
    const first = meCalls();
    slashCommand(bw, bw.people[1]!);
    expect([first, meCalls()]).toEqual([1, 1]);
  });

  it('sends /users/me in the same parallel round as roles, apps and groups', () => {
    const bw = benchWorld();
    slashCommand(bw, bw.people[0]!);
    const okta = bw.http.events.filter((e) => e.requests.some((r) => r.host === 'okta'));
    expect({
      rounds: okta.length,
      last: okta
        .at(-1)!
        .requests.map((r) => new URL(r.url).pathname.split('/').pop())
        .sort(),
    }).toEqual({ rounds: 2, last: ['appLinks', 'groups', 'me', 'roles'] });
  });

  it('creates no trigger', () => {
    const bw = benchWorld();
    expect(countsOf(bw, () => slashCommand(bw, bw.people[0]!)).triggersCreate).toBe(0);
  });

  it('caches Approved Users, Settings and Tasks, so the next request skips that 1 read and makes 1 cache call (the Audit Log is not read: requests queue their entries)', () => {
    const bw = benchWorld({ people: 2 });
    const cold = countsOf(bw, () => slashCommand(bw, bw.people[0]!)).sheetReads;
    const warm = countsOf(bw, () => slashCommand(bw, bw.people[1]!));
    expect([cold - warm.sheetReads, warm.cacheGet + warm.cachePut]).toEqual([1, 1]);
  });
});

describe('Confirm', () => {
  function confirmed(): { bw: BenchWorld; okta: { kind: string; requests: string[] }[] } {
    const bw = benchWorld();
    const card: Reply = slashCommand(bw, bw.people[0]!);
    const from = bw.http.events.length;
    click(bw, 'confirm', confirmValue(card));
    const okta = bw.http.events
      .slice(from)
      .filter((e) => e.requests.some((r) => r.host === 'okta'))
      .map((e) => ({
        kind: e.kind,
        requests: e.requests.map((r) => `${r.method} ${new URL(r.url).pathname}`).sort(),
      }));
    return { bw, okta };
  }

  it('sends suspend and clear sessions together in one fetchAll, then reads the user back, and nothing else', () => {
    const { bw, okta } = confirmed();
    const id = bw.world.target.id;
    expect(okta).toEqual([
      {
        kind: 'fetchAll',
        requests: [`DELETE /api/v1/users/${id}/sessions`, `POST /api/v1/users/${id}/lifecycle/suspend`],
      },
      { kind: 'fetchAll', requests: [`GET /api/v1/users/${id}`] },
    ]);
  });

  it("posts the run's channel message and answers the clicker in one fetchAll, with no other Slack call", () => {
    const bw = benchWorld();
    const card: Reply = slashCommand(bw, bw.people[0]!);
    const from = bw.http.events.length;
    click(bw, 'confirm', confirmValue(card));
    const slack = bw.http.events
      .slice(from)
      .filter((e) => e.requests.some((r) => r.host === 'slack'))
      .map((e) => ({ kind: e.kind, urls: e.requests.map((r) => new URL(r.url).pathname.split('/')[1]) }));
    expect(slack).toEqual([{ kind: 'fetchAll', urls: ['api', 'actions'] }]);
  });

  it('creates no trigger and makes 6 Script Properties calls (the settings read; the claim and the outcomes, one read and one write each; one write for the audit queue and the click timing)', () => {
    const bw = benchWorld();
    const card: Reply = slashCommand(bw, bw.people[0]!);
    const counts = countsOf(bw, () => click(bw, 'confirm', confirmValue(card)));
    expect([counts.triggersCreate, counts.triggersList, counts.properties]).toEqual([0, 0, 6]);
  });

  it('has suspended the person and ended their sessions by the time it answers', () => {
    const { bw } = confirmed();
    const id = bw.world.target.id;
    expect({ status: bw.world.okta.user(id)?.status, sessions: bw.world.okta.sessionsOf(id) }).toEqual({
      status: 'SUSPENDED',
      sessions: 0,
    });
  });
});

describe('Retry, Skip and Abort on a paused run', () => {
  function paused(): BenchWorld {
    const bw = benchWorld();
    // 403 is permanent for Okta (E0000006): the run pauses at Revoke Grants.
    bw.world.okta.failNext({ operation: 'revokeUserGrants' }, { status: 403, errorCode: 'E0000006' });
    click(bw, 'confirm', confirmValue(slashCommand(bw, bw.people[0]!)));
    for (let i = 0; i < 3 && !reportButton(bw, 'abort'); i++) {
      bw.services.clock.advance(60_000);
      workerTurn(bw);
    }
    return bw;
  }

  it.each(['retry', 'skip', 'abort'])(
    '%s makes no Sheet call, creates no trigger, makes 4 Script Properties calls and 2 Slack requests (the channel message, the reply)',
    (action) => {
      const bw = paused();
      const value = reportButton(bw, action)!;
      const c = countsOf(bw, () => click(bw, action, value));
      expect([
        c.sheetReads + c.sheetWrites + c.sheetOther,
        c.triggersList + c.triggersCreate,
        c.properties,
        c.slackRequests,
      ]).toEqual([0, 0, 4, 2]);
    },
  );
});
