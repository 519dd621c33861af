// The daily health check: what each check finds, once a day, problems posted once and again when fixed,
// every check audited, and checkConfiguration showing the last result.

import * as app from '../../src/app';
import { createContext } from '../../src/handlers/context';
import { healthCheckIfDue, runHealthCheck } from '../../src/health/healthCheck';
import { encodeSamples } from '../../src/health/latency';
import { claimWorkerTurn, ensureOneWorker } from '../../src/health/workerTrigger';
import type { FakeSheet } from '../fakes/spreadsheet';
import { FakeSlack } from '../fakes/slackApi';
import { makeWorld } from '../fixtures/world';
import { FakeGoogle } from '../../fakes/google';
import { directoryOver } from '../google/helpers';

const DAY = 24 * 60 * 60_000;

function healthyWorld() {
  const slack = new FakeSlack('xoxb-test-bot-token').addChannel('C0REPORTS', 'offboarding');
  const w = makeWorld({ slack });
  ensureOneWorker(w.services);
  claimWorkerTurn(w.services, w.services.triggers.triggers.find((t) => t.handler === 'runWorker')!.id);
  const check = () => runHealthCheck(createContext(w.services), null);
  return { ...w, slack, check };
}

const problems = (state: { findings: { check: string; ok: boolean }[] }) =>
  state.findings.filter((f) => !f.ok).map((f) => f.check);

describe('findings', () => {
  it('finds nothing wrong in a world where everything works', () => {
    expect(problems(healthyWorld().check())).toEqual([]);
  });

  it('says who the SSWS token acts as', () => {
    const state = healthyWorld().check();
    expect(state.findings.find((f) => f.check === 'okta credential')?.text).toContain(
      'okta.admin@example.com',
    );
  });

  it('reports an API token Okta refuses', () => {
    const w = healthyWorld();
    w.okta.failNext({ operation: 'getUser' }, { status: 401, errorSummary: 'Invalid token provided' });
    expect(problems(w.check())).toEqual(['okta credential']);
  });

  it("reports the API token's owner when they are no longer active", () => {
    const w = healthyWorld();
    w.okta.fetch({
      url: `${w.okta.orgUrl}/api/v1/users/${w.okta.adminUserId}/lifecycle/suspend`,
      method: 'post',
      headers: { Authorization: `SSWS ${w.okta.apiToken}` },
    });
    const state = w.check();
    expect(state.findings.find((f) => f.check === 'okta credential')).toMatchObject({
      ok: false,
      text: expect.stringContaining('SUSPENDED'),
    });
  });

  it('reports a bot that is not in the report channel, saying to invite it', () => {
    const slack = new FakeSlack('xoxb-test-bot-token').addChannel('C0REPORTS', 'offboarding', {
      botIsMember: false,
    });
    const w = makeWorld({ slack });
    const state = runHealthCheck(createContext(w.services), null);
    expect(state.findings.find((f) => f.check === 'report channel')?.text).toContain(
      'invite the Offboard app',
    );
  });

  it('leaves no scheduled probe message behind', () => {
    const w = healthyWorld();
    w.check();
    expect([w.slack.callsOf('chat.scheduleMessage').length, w.slack.scheduled.size]).toEqual([1, 0]);
  });

  it('reports a tab that lost a header', () => {
    const w = healthyWorld();
    const tasks = w.sheet.getSheetByName('Tasks') as FakeSheet;
    tasks.getRange(1, 2, 1, 1).setValues([['Renamed']]);
    expect(problems(w.check())).toEqual(['tabs and headers']);
  });

  it('reports a ticked Google task when the Admin SDK advanced service is not enabled', () => {
    const w = healthyWorld();
    const tasks = w.sheet.sheet('Tasks');
    const row = tasks.rows().findIndex((r) => r[0] === 'google_hide');
    tasks.getRange(row + 1, 2, 1, 1).setValues([[true]]);
    w.services.google = directoryOver(new FakeGoogle(), undefined);
    const state = w.check();
    expect(state.findings.find((f) => f.check === 'google workspace')).toMatchObject({
      ok: false,
      text: expect.stringContaining('Services → Admin SDK API → Add'),
    });
  });

  it('reports Google permissions left ungranted', () => {
    const w = healthyWorld();
    w.services.account.missingScopes = true;
    expect(problems(w.check())).toEqual(['google authorization']);
  });

  it('warns when the 95th percentile of Confirm nears 2.5 s', () => {
    const w = healthyWorld();
    const at = w.services.clock.now() - 60_000;
    const slow = Array.from({ length: 20 }, () => ({
      at,
      kind: 'confirm' as const,
      startMs: 1200,
      ownMs: 1400,
    }));
    w.services.properties.values.CLICK_LATENCY = encodeSamples(slow);
    const state = w.check();
    expect(state.findings.find((f) => f.check === 'click latency')).toMatchObject({ ok: false });
  });

  it('reports the median and 95th percentile of clicks', () => {
    const w = healthyWorld();
    const at = w.services.clock.now() - 60_000;
    const samples = [100, 200, 300, 400, 2000].map((own) => ({
      at,
      kind: 'confirm' as const,
      startMs: 500,
      ownMs: own,
    }));
    w.services.properties.values.CLICK_LATENCY = encodeSamples(samples);
    const text = w.check().findings.find((f) => f.check === 'click latency')?.text;
    expect(text).toContain('Confirm (5): total median 0.80 s, p95 2.50 s');
  });
});

describe('once a day', () => {
  it('runs on the first worker turn and not again within a day', () => {
    const w = healthyWorld();
    expect(healthCheckIfDue(createContext(w.services))).not.toBeNull();
    w.services.clock.advance(DAY - 60_000);
    expect(healthCheckIfDue(createContext(w.services))).toBeNull();
  });

  it('runs again once a day has passed', () => {
    const w = healthyWorld();
    healthCheckIfDue(createContext(w.services));
    w.services.clock.advance(DAY);
    expect(healthCheckIfDue(createContext(w.services))).not.toBeNull();
  });

  it('is run by the recurring worker trigger', () => {
    const w = healthyWorld();
    const id = w.services.triggers.triggers.find((t) => t.handler === 'runWorker')!.id;
    app.runWorker(() => w.services, 'recurring', id);
    expect(w.services.properties.values.HEALTH_STATE).toBeDefined();
  });
});

describe('posting', () => {
  it('posts nothing when every check is fine', () => {
    const w = healthyWorld();
    w.check();
    expect(w.slack.callsOf('chat.postMessage')).toHaveLength(0);
  });

  it('posts a problem once, not again the next day while it lasts', () => {
    const w = healthyWorld();
    w.services.account.missingScopes = true;
    healthCheckIfDue(createContext(w.services));
    w.services.clock.advance(DAY);
    healthCheckIfDue(createContext(w.services));
    expect(w.slack.callsOf('chat.postMessage')).toHaveLength(1);
  });

  it('posts again when the problem is fixed, saying so', () => {
    const w = healthyWorld();
    w.services.account.missingScopes = true;
    healthCheckIfDue(createContext(w.services));
    w.services.account.missingScopes = false;
    w.services.clock.advance(DAY);
    healthCheckIfDue(createContext(w.services));
    const posts = w.slack.callsOf('chat.postMessage').map((c) => String(c.body.text));
    expect([posts.length, posts[1]?.includes('Fixed:')]).toEqual([2, true]);
  });

  it('posts the problem again the next day when the first post failed', () => {
    const w = healthyWorld();
    w.services.account.missingScopes = true;
    w.slack.failNext('chat.postMessage', 'not_in_channel');
    healthCheckIfDue(createContext(w.services));
    w.services.clock.advance(DAY);
    healthCheckIfDue(createContext(w.services));
    expect(w.slack.callsOf('chat.postMessage')).toHaveLength(2);
  });
});

describe('audit and checkConfiguration', () => {
  it('writes one Audit Log row per check with its result', () => {
    const w = healthyWorld();
    const state = w.check();
    const rows = (w.sheet.getSheetByName('Audit Log') as FakeSheet).rows().slice(1);
    expect(rows.filter((r) => r.some((c) => String(c).startsWith('health: ')))).toHaveLength(
      state.findings.length,
    );
  });

  it('shows the last result in checkConfiguration', () => {
    const w = healthyWorld();
    w.services.account.missingScopes = true;
    w.check();
    expect(app.checkConfiguration(() => w.services)).toContain('1 problem(s)');
  });
});
