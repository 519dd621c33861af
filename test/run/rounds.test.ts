// The worker across runs (issue 10): containment first for everyone in a batch, the calls of many runs sent
// together within the in-flight cap, one batched write per round, and a death mid-round that loses nothing
// and sends no finished task again.

import * as app from '../../src/app';
import { LEASE_MS } from '../../src/run/budgets';
import { MAX_IN_FLIGHT } from '../../src/okta/client';
import { ROUND_RUNS } from '../../src/run/rounds';
import { blockAction, blockActionsPost, slashCommandPost } from '../fixtures/slack';
import { allRuns, makeWorld, type World } from '../fixtures/world';
import { FakeSlack } from '../fakes/slackApi';
import { DEFAULT_ORG_URL } from '../../fakes/okta';

type W = World & { slack: FakeSlack; team: string[] };

const RESPONSE_URL = 'https://hooks.slack.com/commands/T0001/1111111111/AbCdEfGhIjKl';
const CONTAIN_WRITES = ['suspendUser', 'revokeUserSessions'];

/** A world with `size` people to offboard, each in two groups with a session, a grant and a factor. */
function team(size: number): W {
  const slack = new FakeSlack('xoxb-test-bot-token')
    .addUser({ id: 'U0REQUEST', name: 'riley', email: 'riley@example.com' })
    .addChannel('C0REPORTS', 'offboarding');
  const w = makeWorld({ slack });
  const groups = [w.okta.addGroup({ name: 'Staff' }), w.okta.addGroup({ name: 'Contractors' })];
  const logins: string[] = [];
  for (let i = 0; i < size; i++) {
    const login = `person${String(i).padStart(3, '0')}@example.com`;
    const u = w.okta.addUser({ login, email: login, firstName: 'Person', lastName: String(i) });
    for (const g of groups) w.okta.addToGroup(g.id, u.id);
    w.okta.addSession(u.id, 1);
    w.okta.addGrant(u.id);
    w.okta.enrollFactor(u.id, 'push');
    logins.push(login);
  }
  return { ...w, slack, team: logins };
}

function post(w: W, input: Parameters<typeof app.handleSlackPost>[1]) {
  return app.handleSlackPost(() => w.services, input) as Record<string, unknown>;
}

function worker(w: W): void {
  app.runWorker(() => w.services, 'recurring');
}

function confirmValue(w: W): string {
  const answers = w.slack.responsesTo(RESPONSE_URL);
  const blocks = (answers[answers.length - 1]!.blocks ?? []) as {
    type: string;
    elements?: { action_id: string; value: string }[];
  }[];
  const button = blocks.flatMap((b) => b.elements ?? []).find((e) => e.action_id === 'confirm_batch');
  return button!.value;
}

/** Asks for everyone, lets the worker show the card, confirms it; Okta's log starts after that. */
function confirmed(w: W): void {
  post(
    w,
    slashCommandPost({
      text: w.team.join(' '),
      user_id: 'U0REQUEST',
      user_name: 'riley',
      response_url: RESPONSE_URL,
    }),
  );
  worker(w);
  post(
    w,
    blockActionsPost({
      user: { id: 'U0REQUEST', username: 'riley', name: 'riley', team_id: 'T0001' },
      actions: [blockAction({ action_id: 'confirm_batch', value: confirmValue(w) })],
    }),
  );
  w.okta.clearRequests();
}

function turns(w: W, n: number): void {
  for (let i = 0; i < n; i++) {
    w.services.clock.advance(60_000);
    worker(w);
  }
}

function writes(w: W): string[] {
  return w.okta.requests.filter((r) => r.method !== 'GET').map((r) => r.operation ?? '');
}

describe('the worker across a batch', () => {
  it(`contains all ${ROUND_RUNS + 10} people before any other task of anyone, though a round takes ${ROUND_RUNS}`, () => {
    const w = team(ROUND_RUNS + 10);
    confirmed(w);
    turns(w, 1);
    const sent = writes(w);
    const firstOther = sent.findIndex((op) => !CONTAIN_WRITES.includes(op));
    const containment = sent.filter((op) => op === 'suspendUser').length;
    expect({
      containment,
      containedFirst: sent.slice(firstOther).every((op) => !CONTAIN_WRITES.includes(op)),
    }).toEqual({
      containment: ROUND_RUNS + 10,
      containedFirst: true,
    });
  });

  it('sends the calls of many people together, never more than the in-flight cap at once', () => {
    const w = team(30);
    confirmed(w);
    const sizes: number[] = [];
    const fetchAll = w.http.fetchAll.bind(w.http);
    w.http.fetchAll = (requests) => {
      sizes.push(requests.filter((r) => r.url.startsWith(DEFAULT_ORG_URL)).length);
      return fetchAll(requests);
    };
    turns(w, 1);
    expect(Math.max(...sizes)).toBe(MAX_IN_FLIGHT);
  });

  it('ends with every person deactivated in Okta and every row completed', () => {
    const w = team(12);
    confirmed(w);
    turns(w, 3);
    const rows = new Map(allRuns(w).map((r) => [r.target, r.status]));
    expect({
      okta: w.team.filter((login) => w.okta.user(login)?.status !== 'DEPROVISIONED'),
      rows: w.team.filter((login) => rows.get(login) !== 'completed'),
    }).toEqual({ okta: [], rows: [] });
  });

  it('writes the Sheet as many times for 12 people as for 2: one batched write per round', () => {
    const sheetWrites = (size: number): number => {
      const w = team(size);
      confirmed(w);
      const before = w.sheet.calls.setValues + w.sheet.calls.appendRow;
      turns(w, 3);
      expect(allRuns(w).every((r) => r.status === 'completed')).toBe(true);
      return w.sheet.calls.setValues + w.sheet.calls.appendRow - before;
    };
    expect(sheetWrites(12)).toBe(sheetWrites(2));
  });
});

describe('a worker that dies mid-round', () => {
  /** Dies when the round that revoked grants is about to be recorded: Okta has acted, nothing is saved. */
  function dieAfterGrants(w: W): void {
    const properties = w.services.properties;
    const setMany = properties.setMany.bind(properties);
    properties.setMany = (values) => {
      if (w.okta.requests.some((r) => r.operation === 'revokeUserGrants') && !dead.done) {
        dead.done = true;
        throw new Error('Exceeded maximum execution time');
      }
      setMany(values);
    };
    const dead = { done: false };
  }

  it('sends no containment again after the restart, and ends with everyone completed', () => {
    const w = team(6);
    confirmed(w);
    dieAfterGrants(w);
    turns(w, 1);
    const grantsBeforeDeath = w.okta.requests.filter((r) => r.operation === 'revokeUserGrants').length;
    w.services.clock.advance(LEASE_MS);
    turns(w, 3);
    const count = (op: string): number => w.okta.requests.filter((r) => r.operation === op).length;
    expect({
      grantsBeforeDeath,
      suspends: count('suspendUser'),
      sessions: count('revokeUserSessions'),
      completed: allRuns(w).filter((r) => r.status === 'completed').length,
      deprovisioned: w.team.filter((login) => w.okta.user(login)?.status === 'DEPROVISIONED').length,
    }).toEqual({ grantsBeforeDeath: 6, suspends: 6, sessions: 6, completed: 6, deprovisioned: 6 });
  });
});

describe('a worker that dies writing a round whose entries share texts through the member record', () => {
  /**
   * Dies at the second write of the batch's member record after Confirm (the first records containment's
   * texts): a later round's calls went to Okta, and neither its entries nor the new shared texts are saved.
   */
  function dieWritingSharedTexts(w: W): () => boolean {
    const properties = w.services.properties;
    const setMany = properties.setMany.bind(properties);
    let writes = 0;
    properties.setMany = (values) => {
      if (Object.keys(values).some((k) => k.endsWith('#members')) && ++writes === 2)
        throw new Error('Exceeded maximum execution time');
      setMany(values);
    };
    return () => writes >= 2;
  }

  function afterDeath(): W {
    const w = team(6);
    confirmed(w);
    const died = dieWritingSharedTexts(w);
    turns(w, 1);
    if (!died()) throw new Error('The worker did not die: the scenario tests nothing.');
    w.services.clock.advance(LEASE_MS);
    turns(w, 3);
    return w;
  }

  it('sends no recorded task again: nobody is contained twice', () => {
    const w = afterDeath();
    const count = (op: string): number => w.okta.requests.filter((r) => r.operation === op).length;
    expect({ suspends: count('suspendUser'), sessions: count('revokeUserSessions') }).toEqual({
      suspends: 6,
      sessions: 6,
    });
  });

  it('ends with every row completed and every task’s text in it', () => {
    const w = afterDeath();
    const rows = allRuns(w).filter((r) => w.team.includes(r.target));
    expect(
      rows.map((r) => ({
        status: r.status,
        blank: r.data.plan.filter((p) => !r.data.tasks[p.id]?.text).map((p) => p.id),
      })),
    ).toEqual(w.team.map(() => ({ status: 'completed', blank: [] })));
  });
});

describe('a batch while Script Properties are nearly full', () => {
  /** Other properties (a long Audit Log queue, say) fill 62% of the store's 500 KB. */
  function fill(w: W): void {
    for (let i = 0; i < 40; i++) w.services.properties.values[`OTHER_${i}`] = 'x'.repeat(8_000);
  }

  it('contains everyone but starts nobody past containment', () => {
    const w = team(6);
    confirmed(w);
    fill(w);
    turns(w, 2);
    expect({
      contained: w.okta.requests.filter((r) => r.operation === 'suspendUser').length,
      after: w.okta.requests.filter((r) => r.method !== 'GET' && !CONTAIN_WRITES.includes(r.operation ?? ''))
        .length,
    }).toEqual({ contained: 6, after: 0 });
  });

  it('goes on once the room is back', () => {
    const w = team(6);
    confirmed(w);
    fill(w);
    turns(w, 2);
    for (let i = 0; i < 40; i++) delete w.services.properties.values[`OTHER_${i}`];
    turns(w, 3);
    expect(allRuns(w).filter((r) => r.status === 'completed')).toHaveLength(6);
  });
});
