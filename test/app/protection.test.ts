// /offboard refuses protected people before any card, each refusal audited with why; `plan` shows the
// card without Confirm and records nothing but its Audit Log row; `status` alone lists the runs under way;
// help and malformed commands are audited.

import * as app from '../../src/app';
import { slashCommandPost } from '../fixtures/slack';
import { settingsTab } from '../fixtures/settings';
import { allRuns, makeWorld, type World } from '../fixtures/world';
import { FakeSlack } from '../fakes/slackApi';
import { forgetSheetCaches } from '../../src/cache';
import type { CellValue } from '../../src/ports';
import { createContext } from '../../src/handlers/context';

/** The Audit Log tab once the worker has written what requests queued (they queue, the worker writes). */
function auditTab(w: { services: World['services']; sheet: World['sheet'] }) {
  createContext(w.services).flushAudit();
  return w.sheet.sheet('Audit Log');
}

function world(): World {
  const slack = new FakeSlack('xoxb-test-bot-token')
    .addUser({ id: 'U0APPROVED', name: 'alex.admin', email: 'alex.admin@example.com' })
    .addUser({ id: 'U0REQUEST', name: 'riley', email: 'riley@example.com' })
    .addChannel('C0REPORTS', 'offboarding');
  return makeWorld({ slack });
}

/** As Riley (requester) unless told: the reply as JSON text. */
function ask(w: World, text: string, userId = 'U0REQUEST'): string {
  return JSON.stringify(app.handleSlackPost(() => w.services, slashCommandPost({ user_id: userId, text })));
}

function auditSince(w: World, before: number): CellValue[][] {
  return auditTab(w).rows().slice(before);
}

function setSettings(w: World, values: Parameters<typeof settingsTab>[0]): void {
  w.sheet.removeTab('Settings');
  w.sheet.addTab('Settings', settingsTab(values));
  forgetSheetCaches(w.services.cache);
}

const indexed = (w: World) =>
  Object.keys(w.services.properties.all()).filter((k) => k.startsWith('offboard.run.'));

describe('protected accounts', () => {
  it('refuses the Okta user the API token acts as, saying it is protected and why', () => {
    const w = world();
    expect(ask(w, 'okta.admin@example.com', 'U0APPROVED')).toContain(
      'is protected: it is the Okta account Offboard’s API token acts as',
    );
  });

  it('records no run for a protected person', () => {
    const w = world();
    ask(w, 'okta.admin@example.com', 'U0APPROVED');
    expect(indexed(w)).toEqual([]);
  });

  it('audits the refusal once, with the reason', () => {
    const w = world();
    const before = auditTab(w).rows().length;
    ask(w, 'okta.admin@example.com', 'U0APPROVED');
    const rows = auditSince(w, before);
    expect([rows.map((r) => r[2]), String(rows[0]![4])]).toEqual([
      ['refused: protected'],
      expect.stringContaining('API token acts as'),
    ]);
  });

  it('refuses an Okta admin asked for by a requester, naming the role', () => {
    const w = world();
    w.okta.assignRole(w.target.id, 'ORG_ADMIN');
    expect(ask(w, 'jane.doe@example.com')).toContain('is protected: they hold Okta admin roles');
  });

  it('gives an Offboard admin the card for an Okta admin, marked as needing approval', () => {
    const w = world();
    w.okta.assignRole(w.target.id, 'ORG_ADMIN');
    const reply = ask(w, 'jane.doe@example.com', 'U0APPROVED');
    expect([
      reply.includes('a second approver or admin must approve'),
      allRuns(w)[0]?.data.needsApproval,
    ]).toEqual([true, 'admin-target']);
  });

  it('leaves a run for a person without admin roles unmarked', () => {
    const w = world();
    ask(w, 'jane.doe@example.com', 'U0APPROVED');
    expect(allRuns(w)[0]?.data.needsApproval).toBeUndefined();
  });

  it('refuses a member of a Protected Okta Group, naming the group', () => {
    const w = world();
    setSettings(w, { protectedGroups: 'Executives, VPN' });
    expect(ask(w, 'jane.doe@example.com', 'U0APPROVED')).toContain('member of the Protected Okta Group VPN');
  });

  it('refuses, saying protection could not be checked, when Okta fails to list the roles', () => {
    const w = world();
    w.okta.failNext({ operation: 'listAssignedRolesForUser' }, { status: 403, errorSummary: 'nope' });
    expect(ask(w, 'jane.doe@example.com')).toContain('could not check whether');
  });
});

describe('/offboard plan', () => {
  it('shows the tasks that would run and what is protected, without a Confirm button', () => {
    const w = world();
    const reply = ask(w, 'plan jane.doe@example.com');
    expect([
      reply.includes('These tasks would run'),
      reply.includes('Protected, never offboarded from Slack'),
      reply.includes('"confirm"'),
    ]).toEqual([true, true, false]);
  });

  it('records no run', () => {
    const w = world();
    ask(w, 'plan jane.doe@example.com');
    expect(indexed(w)).toEqual([]);
  });

  it('writes nothing to the Sheet itself, and leaves one Audit Log entry for the worker', () => {
    const w = world();
    ask(w, 'plan jane.doe@example.com'); // warms the caches
    const before = auditTab(w).rows().length;
    w.sheet.resetCounts();
    ask(w, 'plan jane.doe@example.com');
    const writes = [w.sheet.calls.appendRow, w.sheet.calls.setValues];
    expect([auditSince(w, before).map((r) => r[2]), ...writes]).toEqual([['plan'], 0, 0]);
  });

  it('sends no Okta write', () => {
    const w = world();
    ask(w, 'plan jane.doe@example.com');
    expect(w.okta.requests.filter((r) => r.method !== 'GET')).toEqual([]);
  });

  it('refuses a protected person like a request', () => {
    const w = world();
    expect(ask(w, 'plan okta.admin@example.com')).toContain('is protected');
  });
});

describe('/offboard status alone', () => {
  it('lists the runs under way from the index', () => {
    const w = world();
    ask(w, 'jane.doe@example.com', 'U0APPROVED');
    const runId = allRuns(w)[0]!.runId;
    const reply = ask(w, 'status');
    expect([reply.includes('Runs under way (1)'), reply.includes(runId)]).toEqual([true, true]);
  });

  it('reads no Sheet cell', () => {
    const w = world();
    ask(w, 'jane.doe@example.com', 'U0APPROVED');
    ask(w, 'status'); // warms the caches
    w.sheet.resetCounts();
    ask(w, 'status');
    expect(w.sheet.calls.getValues).toBe(0);
  });

  it('says so when no run is under way', () => {
    expect(ask(world(), 'status')).toContain('No runs are under way.');
  });
});

describe('the Audit Log has every request', () => {
  it('audits help', () => {
    const w = world();
    const before = auditTab(w).rows().length;
    ask(w, 'help');
    // Named as Slack sent them (the fixture's user_name): help costs no Approved Users read.
    expect(auditSince(w, before).map((r) => [r[1], r[2]])).toEqual([['alex.admin (U0REQUEST)', 'help']]);
  });

  it('audits a malformed command with what was typed', () => {
    const w = world();
    const before = auditTab(w).rows().length;
    ask(w, 'jane@example.com please');
    expect(auditSince(w, before).map((r) => [r[2], r[4]])).toEqual([
      ['refused: malformed command', '/offboard jane@example.com please'],
    ]);
  });
});
