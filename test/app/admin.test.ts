// The Sheet menu: setup (idempotent) and checkConfiguration (findings, never secrets).

import * as app from '../../src/app';
import { DEFAULT_API_TOKEN, DEFAULT_ORG_URL, FakeOkta } from '../../fakes/okta';
import { FakeFormatting, FakeSpreadsheet } from '../fakes/spreadsheet';
import { fakeServices } from '../fakes/services';
import { FakeSlack } from '../fakes/slackApi';
import { aRun } from '../fixtures/runs';
import { TASKS } from '../../src/tasks/catalog';
import { FakeGoogle } from '../../fakes/google';
import { directoryOver } from '../google/helpers';
import { RoutedHttp, storeOf } from '../fixtures/world';

function emptyWorld(properties: Record<string, string> = {}) {
  const sheet = new FakeSpreadsheet();
  const okta = new FakeOkta();
  const slack = new FakeSlack('xoxb-test-bot-token');
  const http = new RoutedHttp([
    { prefix: DEFAULT_ORG_URL, client: okta },
    { prefix: 'https://slack.com/api/', client: slack },
  ]);
  const services = fakeServices({ spreadsheet: sheet, formatting: new FakeFormatting(), http, properties });
  return { sheet, okta, slack, services };
}

const GOOD = {
  SLACK_VERIFICATION_TOKEN: 'test-verification-token',
  SLACK_BOT_TOKEN: 'xoxb-test-bot-token',
  SLACK_REPORT_CHANNEL: 'C0REPORTS',
  OKTA_ORG_URL: DEFAULT_ORG_URL,
  OKTA_API_TOKEN: DEFAULT_API_TOKEN,
};

describe('setup', () => {
  it('creates the seven tabs, the signing secret and the triggers', () => {
    const w = emptyWorld();
    app.setup(() => w.services);
    expect(w.sheet.tabNames().sort()).toEqual([
      'Approved Users',
      'Audit Log',
      'Offboarding',
      'Queue',
      'Run Details',
      'Settings',
      'Tasks',
    ]);
    expect(w.services.properties.values.BUTTON_SIGNING_SECRET).toMatch(/^[0-9a-f]{64}$/);
    expect(w.services.triggers.triggers.map((t) => t.handler).sort()).toEqual(['onChange', 'runWorker']);
  });

  it('seeds Remove Admin Roles in the Tasks tab, right after containment, and gives it an Offboarding column', () => {
    const w = emptyWorld();
    app.setup(() => w.services);
    const tasks = w.sheet
      .sheet('Tasks')
      .rows()
      .slice(1)
      .map((r) => String(r[0]));
    const header = w.sheet.sheet('Offboarding').rows()[0]!.map(String);
    expect([tasks.slice(0, 4), header.includes('Remove Admin Roles')]).toEqual([
      ['suspend', 'clear_sessions', 'remove_admin_roles', 'revoke_grants'],
      true,
    ]);
  });

  it('changes nothing the second time', () => {
    const w = emptyWorld();
    app.setup(() => w.services);
    const secret = w.services.properties.values.BUTTON_SIGNING_SECRET;
    w.sheet.resetCounts();
    expect(app.setup(() => w.services)).toBe('Everything was already set up; nothing changed.');
    expect(w.sheet.writeCalls()).toBe(0);
    expect(w.services.triggers.triggers).toHaveLength(2);
    expect(w.services.properties.values.BUTTON_SIGNING_SECRET).toBe(secret);
  });

  it('removes a duplicate worker trigger', () => {
    const w = emptyWorld();
    w.services.triggers.everyMinutes('runWorker');
    w.services.triggers.everyMinutes('runWorker');
    app.setup(() => w.services);
    expect(w.services.triggers.triggers.filter((t) => t.handler === 'runWorker')).toHaveLength(1);
  });
});

describe('checkConfiguration', () => {
  it('lists every missing property', () => {
    const w = emptyWorld();
    app.setup(() => w.services);
    const report = app.checkConfiguration(() => w.services);
    for (const name of [
      'SLACK_VERIFICATION_TOKEN',
      'SLACK_BOT_TOKEN',
      'SLACK_REPORT_CHANNEL',
      'OKTA_ORG_URL',
    ]) {
      expect(report).toContain(`Missing: ${name}`);
    }
    expect(report).toContain('Missing: an Okta credential');
  });

  it('says a channel name is not a channel ID', () => {
    const w = emptyWorld({ ...GOOD, SLACK_REPORT_CHANNEL: '#offboarding' });
    expect(app.checkConfiguration(() => w.services)).toContain('SLACK_REPORT_CHANNEL should be a channel ID');
  });

  it('says an admin-console Okta URL is wrong', () => {
    const w = emptyWorld({ ...GOOD, OKTA_ORG_URL: 'https://acme-admin.okta.com' });
    expect(app.checkConfiguration(() => w.services)).toContain('OKTA_ORG_URL');
  });

  it('checks both tokens with one call each and reports them working', () => {
    const w = emptyWorld(GOOD);
    app.setup(() => w.services);
    const report = app.checkConfiguration(() => w.services);
    expect(report).toContain('OK: Slack bot token works');
    expect(report).toContain('OK: Okta API token works');
    expect(w.slack.callsOf('auth.test')).toHaveLength(1);
    expect(w.okta.requests.filter((r) => r.operation === 'getUser')).toHaveLength(1);
  });

  it('reports a dead Okta token without printing it', () => {
    const w = emptyWorld({ ...GOOD, OKTA_API_TOKEN: 'wrong-secret-token' });
    app.setup(() => w.services);
    const report = app.checkConfiguration(() => w.services);
    expect(report).toContain('Okta: the API token does not work');
    expect(report).not.toContain('wrong-secret-token');
  });

  it("reports an active run whose row's Run Data was edited into nonsense, and that its record is intact", () => {
    const w = emptyWorld(GOOD);
    app.setup(() => w.services);
    const run = aRun({ status: 'queued' });
    storeOf(w.services).save(run);
    const header = w.sheet.sheet('Offboarding').rows()[0]!;
    w.sheet
      .sheet('Offboarding')
      .getRange(2, header.indexOf('Run Data') + 1, 1, 1)
      .setValues([['{oops']]);
    expect(app.checkConfiguration(() => w.services)).toContain(
      `Run ${run.runId} (${run.target}, queued): row 2's Run Data is unreadable. Offboard's own record is intact`,
    );
  });

  it('reports a Tasks row naming a task Offboard does not know', () => {
    const w = emptyWorld(GOOD);
    app.setup(() => w.services);
    w.sheet.sheet('Tasks').appendRow(['wipe_laptop', true, 99, 'pause', 'not ours']);
    expect(app.checkConfiguration(() => w.services)).toContain('"wipe_laptop"');
  });

  describe('a webhook row', () => {
    /** A set-up world with one webhook row (Task, Enabled, Order, On Failure, Description, Kind, URL, Secret Property, Timeout Policy). */
    function withHook(url: string, properties: Record<string, string> = {}) {
      const w = emptyWorld({ ...GOOD, HOOK_SECRET: 's3cret', ...properties });
      app.setup(() => w.services);
      w.sheet
        .sheet('Tasks')
        .appendRow(['Notify Payroll', true, 50, 'pause', '', 'webhook', url, 'HOOK_SECRET', 'retry']);
      return app.checkConfiguration(() => w.services);
    }

    it('is not reported as a task Offboard does not know', () => {
      const text = withHook('https://hooks.example.com/x', { WEBHOOK_ALLOWED_HOSTS: 'hooks.example.com' });
      expect(text).not.toContain('a task Offboard does not know');
    });

    it('says it works when https, allowed and its secret is set', () => {
      const text = withHook('https://hooks.example.com/x', { WEBHOOK_ALLOWED_HOSTS: 'hooks.example.com' });
      // Setup wrote a header and one row per task: the webhook row comes after them.
      expect(text).toContain(
        `OK: Tasks tab: row ${TASKS.length + 2}, webhook "Notify Payroll" posts to hooks.example.com`,
      );
    });

    it('says an http:// URL will not be sent', () => {
      const text = withHook('http://hooks.example.com/x', { WEBHOOK_ALLOWED_HOSTS: 'hooks.example.com' });
      expect(text).toContain('webhooks are sent over https only');
    });

    it('says a host missing from WEBHOOK_ALLOWED_HOSTS will not be sent, naming it', () => {
      const text = withHook('https://evil.example.net/x', { WEBHOOK_ALLOWED_HOSTS: 'hooks.example.com' });
      expect(text).toContain('will not be sent: evil.example.net is not in WEBHOOK_ALLOWED_HOSTS');
    });

    it('never names one of Offboard’s own properties as usable for signing', () => {
      const w = emptyWorld({ ...GOOD, WEBHOOK_ALLOWED_HOSTS: 'a.example.com' });
      app.setup(() => w.services);
      w.sheet
        .sheet('Tasks')
        .appendRow([
          'Leak',
          true,
          50,
          'pause',
          '',
          'webhook',
          'https://a.example.com/',
          'OKTA_API_TOKEN',
          '',
        ]);
      expect(app.checkConfiguration(() => w.services)).toContain(
        '"OKTA_API_TOKEN" is not set in Script Properties (or is one of Offboard\'s own)',
      );
    });
  });
});

describe('checkConfiguration and the Google Workspace tasks', () => {
  /** After setup, with the Google tasks named ticked in the Tasks tab. */
  function withGoogleTasks(ticked: string[], google: ReturnType<typeof directoryOver> | undefined) {
    const w = emptyWorld({ ...GOOD });
    app.setup(() => w.services);
    const tab = w.sheet.sheet('Tasks');
    tab.rows().forEach((row, i) => {
      if (ticked.includes(String(row[0]))) tab.getRange(i + 1, 2, 1, 1).setValues([[true]]);
    });
    if (google) w.services.google = google;
    return app.checkConfiguration(() => w.services);
  }

  it('says the Google tasks are off after setup, which leaves them unticked', () => {
    expect(withGoogleTasks([], undefined)).toContain('OK: Google Workspace tasks are off (Tasks tab)');
  });

  it('names the fix when a Google task is on and the Admin SDK advanced service is not enabled', () => {
    const text = withGoogleTasks(['google_suspend'], directoryOver(new FakeGoogle(), undefined));
    expect(text).toContain(
      'Google Workspace: Google Workspace tasks are on (Suspend Google Account), but they will fail: The Admin SDK API advanced service is not enabled',
    );
  });

  it('says it works when Google answers a read of the deployer', () => {
    const google = new FakeGoogle();
    google.addUser({ primaryEmail: 'admin@corp.example' });
    const text = withGoogleTasks(['google_suspend', 'google_hide'], directoryOver(google, google));
    expect(text).toContain(
      'OK: Google Workspace tasks are on (Suspend Google Account, Hide from Directory); the Admin SDK advanced service is enabled and Google answers users.get',
    );
  });
});
