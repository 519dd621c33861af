// The grace period through doPost and the worker: with Grace Period Hours above 0, Confirm suspends and
// clears sessions at once and the irreversible tasks wait; the channel message offers Undo (unsuspend, the
// run ends undone) and Continue now; the worker starts the rest within its minute of the due time.

import { DEFAULT_API_TOKEN, DEFAULT_ORG_URL } from '../../fakes/okta';
import * as app from '../../src/app';
import { createContext } from '../../src/handlers/context';
import { SETTING_ROWS } from '../../src/sheet/settings';
import { buttonsIn, post } from '../fixtures/app';
import { blockAction, blockActionsPost, slashCommandPost } from '../fixtures/slack';
import { allRuns, makeWorld, type World } from '../fixtures/world';
import { FakeSlack } from '../fakes/slackApi';

type W = World & { slack: FakeSlack };

const HOUR = 60 * 60_000;

function world(hours = 24): W {
  const slack = new FakeSlack('xoxb-test-bot-token')
    .addUser({ id: 'U0APPROVED', name: 'alex.admin', email: 'alex.admin@example.com' })
    .addUser({ id: 'U0REQUEST', name: 'riley', email: 'riley@example.com' })
    .addUser({ id: 'U0SAM', name: 'sam', email: 'sam.approver@example.com' })
    .addChannel('C0REPORTS', 'offboarding');
  const w = { ...makeWorld({ slack }), slack };
  const row = SETTING_ROWS.findIndex((r) => r.key === 'gracePeriodHours') + 2;
  w.sheet
    .sheet('Settings')
    .getRange(row, 2, 1, 1)
    .setValues([[hours]]);
  return w;
}

function click(w: W, value: string, actionId: string, userId = 'U0REQUEST') {
  return post(
    w,
    blockActionsPost({
      user: { id: userId, username: userId.toLowerCase(), name: userId, team_id: 'T0001' },
      actions: [blockAction({ action_id: actionId, value })],
    }),
  );
}

/** Asked and confirmed by `requester`; returns the channel message's buttons. */
function confirmed(w: W, requester = 'U0REQUEST'): Record<string, string> {
  const reply = post(w, slashCommandPost({ text: 'jane.doe@example.com', user_id: requester }));
  click(w, buttonsIn(reply.blocks).confirm!, 'confirm', requester);
  return channelButtons(w);
}

function channelButtons(w: W): Record<string, string> {
  return buttonsIn(w.slack.messagesIn('C0REPORTS')[0]?.blocks);
}

function run(w: W) {
  return allRuns(w)[0]!;
}

function worker(w: W): void {
  app.runWorker(() => w.services, 'recurring');
}

function oktaStatus(w: W): string | undefined {
  return w.okta.user(w.target.id)?.status;
}

/** Okta writes beyond containment (roles, grants, factors, groups, deactivate). */
function irreversibleWrites(w: W): string[] {
  return w.okta.requests
    .filter((r) => r.method !== 'GET')
    .map((r) => r.path)
    .filter((p) => !/lifecycle\/(suspend|unsuspend)$|\/sessions$/.test(p));
}

function auditActions(w: W): string[] {
  createContext(w.services).flushAudit();
  return w.sheet
    .sheet('Audit Log')
    .rows()
    .map((r) => String(r[2]));
}

function lastEphemeral(w: W): string {
  return JSON.stringify(w.slack.callsOf('response_url').at(-1)?.body ?? {});
}

describe('Confirm with a grace period', () => {
  it('suspends the person at once', () => {
    const w = world();
    confirmed(w);
    expect(oktaStatus(w)).toBe('SUSPENDED');
  });

  it('leaves the run in its grace period with the irreversible tasks pending', () => {
    const w = world();
    confirmed(w);
    const r = run(w);
    expect([
      r.status,
      r.data.tasks.remove_admin_roles?.state ?? 'pending',
      r.data.tasks.deactivate?.state ?? 'pending',
    ]).toEqual(['in grace period', 'pending', 'pending']);
  });

  it('sends no irreversible write to Okta', () => {
    const w = world();
    confirmed(w);
    expect(irreversibleWrites(w)).toEqual([]);
  });

  it('sets the due time to the grace period after containment (24 hours)', () => {
    const w = world();
    const at = w.services.clock.now();
    confirmed(w);
    expect(run(w).data.grace?.until).toBe(at + 24 * HOUR);
  });

  it('shows Undo and Continue now on the channel message', () => {
    const w = world();
    expect(Object.keys(confirmed(w)).sort()).toEqual(['continue', 'undo']);
  });

  it('acts as before with Grace Period Hours 0: the worker completes the run', () => {
    const w = world(0);
    confirmed(w);
    worker(w);
    expect(run(w).status).toBe('completed');
  });
});

describe('the worker during the grace period', () => {
  it('leaves the run waiting before its due time', () => {
    const w = world();
    confirmed(w);
    w.services.clock.advance(23 * HOUR);
    worker(w);
    expect([run(w).status, irreversibleWrites(w)]).toEqual(['in grace period', []]);
  });

  it('reads nothing from the Sheet while the run waits (the due time is in the index)', () => {
    const w = world();
    confirmed(w);
    worker(w); // writes the rows and Audit Log entries the Slack requests queued
    const before = w.sheet.cellsRead;
    w.services.clock.advance(HOUR);
    worker(w);
    expect(w.sheet.cellsRead - before).toBe(0);
  });

  it('runs the held tasks within its minute of the due time', () => {
    const w = world();
    confirmed(w);
    w.services.clock.advance(24 * HOUR + 30_000);
    worker(w);
    expect([run(w).status, oktaStatus(w)]).toEqual(['completed', 'DEPROVISIONED']);
  });

  it('audits the end of the grace period', () => {
    const w = world();
    confirmed(w);
    w.services.clock.advance(24 * HOUR + 30_000);
    worker(w);
    expect(auditActions(w)).toEqual(expect.arrayContaining(['grace period', 'grace period over']));
  });
});

describe('Undo', () => {
  it('by `/offboard undo <run id>` unsuspends the person and ends the run undone, as the button does', () => {
    const w = world();
    confirmed(w);
    post(w, slashCommandPost({ text: `undo ${run(w).runId}`, user_id: 'U0REQUEST' }));
    expect([oktaStatus(w), run(w).status]).toEqual(['ACTIVE', 'undone']);
  });

  it('by the requester unsuspends the person in Okta', () => {
    const w = world();
    click(w, confirmed(w).undo!, 'undo');
    expect(oktaStatus(w)).toBe('ACTIVE');
  });

  it('ends the run undone, the irreversible tasks never sent', () => {
    const w = world();
    click(w, confirmed(w).undo!, 'undo');
    w.services.clock.advance(25 * HOUR);
    worker(w);
    expect([run(w).status, irreversibleWrites(w)]).toEqual(['undone', []]);
  });

  it('says cleared sessions cannot be undone', () => {
    const w = world();
    click(w, confirmed(w).undo!, 'undo');
    expect(lastEphemeral(w)).toContain('cannot be restored');
  });

  it('writes nothing to the Sheet in the click (the worker writes the row and the Audit Log)', () => {
    const w = world();
    const { undo } = confirmed(w);
    const before = w.sheet.writeCalls();
    click(w, undo!, 'undo');
    expect(w.sheet.writeCalls() - before).toBe(0);
  });

  it('sends 2 Okta requests: unsuspend, then the read-back', () => {
    const w = world();
    const { undo } = confirmed(w);
    w.okta.clearRequests();
    click(w, undo!, 'undo');
    expect(w.okta.requests.map((r) => `${r.method} ${r.path.replace(w.target.id, '{id}')}`)).toEqual([
      'POST /api/v1/users/{id}/lifecycle/unsuspend',
      'GET /api/v1/users/{id}',
    ]);
  });

  it('is audited with who clicked it', () => {
    const w = world();
    click(w, confirmed(w).undo!, 'undo', 'U0SAM');
    createContext(w.services).flushAudit();
    const row = w.sheet
      .sheet('Audit Log')
      .rows()
      .find((r) => r[2] === 'undone');
    expect(String(row?.[1])).toContain('U0SAM');
  });

  it('may be clicked by an approver who did not ask for the run', () => {
    const w = world();
    click(w, confirmed(w).undo!, 'undo', 'U0SAM');
    expect(run(w).status).toBe('undone');
  });

  it('is refused to someone with the requester role who did not ask for the run', () => {
    const w = world();
    const { undo } = confirmed(w, 'U0APPROVED');
    click(w, undo!, 'undo', 'U0REQUEST');
    expect([run(w).status, oktaStatus(w)]).toEqual(['in grace period', 'SUSPENDED']);
  });

  it('with a forged value is refused and audited, nothing in Okta', () => {
    const w = world();
    const { undo } = confirmed(w);
    click(
      w,
      undo!.replace(/.$/, (c) => (c === '0' ? '1' : '0')),
      'undo',
    );
    expect([oktaStatus(w), auditActions(w).includes('click refused: CLICK_FORGED')]).toEqual([
      'SUSPENDED',
      true,
    ]);
  });

  it('made from a Continue now value (action edited to undo) is refused as forged', () => {
    const w = world();
    const forged = confirmed(w).continue!.replace('|continue|', '|undo|');
    click(w, forged, 'undo');
    expect([run(w).status, oktaStatus(w)]).toEqual(['in grace period', 'SUSPENDED']);
  });

  it('clicked after Continue now is refused (stale) and the person stays suspended', () => {
    const w = world();
    const { undo, continue: go } = confirmed(w);
    click(w, go!, 'continue');
    click(w, undo!, 'undo');
    expect([oktaStatus(w), lastEphemeral(w)]).toEqual([
      'SUSPENDED',
      expect.stringContaining('is queued now, so that cannot be done'),
    ]);
  });

  it('clicked after the irreversible tasks ran is refused and changes nothing in Okta', () => {
    const w = world();
    const { undo } = confirmed(w);
    w.services.clock.advance(24 * HOUR + 30_000);
    worker(w);
    click(w, undo!, 'undo');
    expect([run(w).status, oktaStatus(w)]).toEqual(['completed', 'DEPROVISIONED']);
  });

  it('of a person deactivated in Okta meanwhile fails, saying to reactivate in Okta', () => {
    const w = world();
    const { undo } = confirmed(w);
    w.okta.fetch({
      url: `${DEFAULT_ORG_URL}/api/v1/users/${w.target.id}/lifecycle/deactivate`,
      method: 'post',
      headers: { Authorization: `SSWS ${DEFAULT_API_TOKEN}` },
    });
    click(w, undo!, 'undo');
    expect([run(w).status, run(w).message]).toEqual([
      'in grace period',
      expect.stringContaining('reactivate'),
    ]);
  });

  it('that failed holds the run: the worker does not end the grace period by itself', () => {
    const w = world();
    const { undo } = confirmed(w);
    w.okta.fetch({
      url: `${DEFAULT_ORG_URL}/api/v1/users/${w.target.id}/lifecycle/deactivate`,
      method: 'post',
      headers: { Authorization: `SSWS ${DEFAULT_API_TOKEN}` },
    });
    w.okta.clearRequests();
    click(w, undo!, 'undo');
    w.services.clock.advance(25 * HOUR);
    worker(w);
    expect([run(w).status, irreversibleWrites(w)]).toEqual(['in grace period', []]);
  });
});

describe('a run held after an Undo that did not go through', () => {
  function held(w: W): void {
    const { undo } = confirmed(w);
    w.okta.fetch({
      url: `${DEFAULT_ORG_URL}/api/v1/users/${w.target.id}/lifecycle/deactivate`,
      method: 'post',
      headers: { Authorization: `SSWS ${DEFAULT_API_TOKEN}` },
    });
    click(w, undo!, 'undo');
  }

  function threadReplies(w: W): string[] {
    const message = w.slack.messagesIn('C0REPORTS')[0]!;
    return w.slack.repliesTo('C0REPORTS', message.ts).map((m) => m.text);
  }

  it('is raised again in its thread once Pause Reminder Hours (4) have passed, mentioning the requester', () => {
    const w = world();
    held(w);
    const before = threadReplies(w).length;
    w.services.clock.advance(4 * HOUR + 60_000);
    worker(w);
    expect(threadReplies(w).slice(before)).toEqual([
      expect.stringMatching(/^<@U0REQUEST> Run OFF-.* is still held in its grace period: Undo by/),
    ]);
  });

  it('is raised once per interval, not at every worker turn', () => {
    const w = world();
    held(w);
    const before = threadReplies(w).length;
    w.services.clock.advance(4 * HOUR + 60_000);
    worker(w);
    w.services.clock.advance(60_000);
    worker(w);
    expect(threadReplies(w).length - before).toBe(1);
  });
});

describe('Continue now', () => {
  it('ends the grace period: the run is queued, ended by the clicker', () => {
    const w = world();
    click(w, confirmed(w).continue!, 'continue', 'U0SAM');
    expect([run(w).status, run(w).data.grace?.endedBy]).toEqual(['queued', expect.stringContaining('U0SAM')]);
  });

  it('lets the next worker turn run the held tasks', () => {
    const w = world();
    click(w, confirmed(w).continue!, 'continue');
    worker(w);
    expect([run(w).status, oktaStatus(w)]).toEqual(['completed', 'DEPROVISIONED']);
  });

  it('is refused to someone with the requester role who did not ask for the run', () => {
    const w = world();
    const { continue: go } = confirmed(w, 'U0APPROVED');
    click(w, go!, 'continue', 'U0REQUEST');
    expect(run(w).status).toBe('in grace period');
  });

  it('with a forged value is refused and audited; the run stays in its grace period', () => {
    const w = world();
    const { continue: go } = confirmed(w);
    click(
      w,
      go!.replace(/.$/, (c) => (c === '0' ? '1' : '0')),
      'continue',
    );
    expect([run(w).status, auditActions(w).includes('click refused: CLICK_FORGED')]).toEqual([
      'in grace period',
      true,
    ]);
  });

  it('clicked after Undo is refused (stale): the run stays undone and nothing more is sent to Okta', () => {
    const w = world();
    const { undo, continue: go } = confirmed(w);
    click(w, undo!, 'undo');
    w.okta.clearRequests();
    click(w, go!, 'continue');
    worker(w);
    expect([
      run(w).status,
      w.okta.requests.filter((r) => r.method !== 'GET').length,
      lastEphemeral(w),
    ]).toEqual(['undone', 0, expect.stringContaining('has already finished (undone)')]);
  });

  it('is audited', () => {
    const w = world();
    click(w, confirmed(w).continue!, 'continue');
    expect(auditActions(w)).toContain('continue');
  });
});

describe('the grace period with the other rails', () => {
  it('follows a scheduled start: containment at the time, the rest held', () => {
    const w = world();
    const start = Date.UTC(2026, 11, 18, 17, 0); // 17:00 in the Settings time zone (UTC in the world)
    const reply = post(
      w,
      slashCommandPost({ text: 'jane.doe@example.com at 2026-12-18 17:00', user_id: 'U0REQUEST' }),
    );
    click(w, buttonsIn(reply.blocks).confirm!, 'confirm');
    w.services.clock.time = start + 30_000;
    worker(w);
    expect([run(w).status, oktaStatus(w), irreversibleWrites(w)]).toEqual([
      'in grace period',
      'SUSPENDED',
      [],
    ]);
  });

  it('follows Approve under the two-person rule: containment at Approve, the rest held', () => {
    const w = world();
    const rule = SETTING_ROWS.findIndex((r) => r.key === 'twoPersonRule') + 2;
    w.sheet
      .sheet('Settings')
      .getRange(rule, 2, 1, 1)
      .setValues([[true]]);
    click(w, confirmed(w).approve!, 'approve', 'U0SAM');
    expect([run(w).status, oktaStatus(w), Object.keys(channelButtons(w)).sort()]).toEqual([
      'in grace period',
      'SUSPENDED',
      ['continue', 'undo'],
    ]);
  });
});
