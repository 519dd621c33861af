// checkConfiguration and the request path in each Okta auth mode: SSWS, the OAuth service app, a half-set
// OAuth (the missing property named), a key that cannot sign.

import * as app from '../../src/app';
import { createContext } from '../../src/handlers/context';
import { runHealthCheck } from '../../src/health/healthCheck';
import { oktaCalls } from '../../src/okta/requests';
import { FakeOkta } from '../../fakes/okta';
import { FakeFormatting, FakeSpreadsheet } from '../fakes/spreadsheet';
import { fakeServices } from '../fakes/services';
import { FakeSlack } from '../fakes/slackApi';
import { RoutedHttp } from '../fixtures/world';
import { CLIENT_ID, KEY_ID, KEYS } from '../okta/oauthHelpers';
import { FakeClock } from '../okta/helpers';

function world(properties: Record<string, string>, dpop = true) {
  const clock = new FakeClock();
  const okta = new FakeOkta({
    now: () => clock.now(),
    oauth: {
      clientId: CLIENT_ID,
      keys: [{ kid: KEY_ID, publicKey: KEYS.publicPem }],
      grantedScopes: [
        'okta.users.read',
        'okta.users.manage',
        'okta.groups.manage',
        'okta.roles.read',
        'okta.roles.manage',
      ],
      dpop,
    },
  });
  const slack = new FakeSlack('xoxb-test-bot-token');
  const http = new RoutedHttp([
    { prefix: okta.orgUrl, client: okta },
    { prefix: 'https://slack.com/api/', client: slack },
  ]);
  const sheet = new FakeSpreadsheet();
  const services = fakeServices({
    spreadsheet: sheet,
    formatting: new FakeFormatting(),
    http,
    clock,
    properties: { OKTA_ORG_URL: okta.orgUrl, ...properties },
  });
  return { okta, services, http, sheet };
}

const OAUTH = { OKTA_CLIENT_ID: CLIENT_ID, OKTA_PRIVATE_KEY: KEYS.privatePem, OKTA_KEY_ID: KEY_ID };

describe('checkConfiguration', () => {
  it('says the OAuth service app is in use, with DPoP, and that it works', () => {
    const w = world(OAUTH);
    const report = app.checkConfiguration(() => w.services);
    expect(report).toContain(`Okta: OAuth service app ${CLIENT_ID}, key ${KEY_ID}, DPoP on`);
    expect(report).toContain('OK: Okta OAuth service app works');
  });

  it('names the missing property of a half-set OAuth', () => {
    const w = world({ OKTA_CLIENT_ID: CLIENT_ID, OKTA_PRIVATE_KEY: KEYS.privatePem });
    expect(app.checkConfiguration(() => w.services)).toContain('Missing: OKTA_KEY_ID');
  });

  it('says a PKCS#1 key must be PKCS#8', () => {
    const w = world({
      ...OAUTH,
      OKTA_PRIVATE_KEY: '-----BEGIN RSA PRIVATE KEY-----\nAAAA\n-----END RSA PRIVATE KEY-----',
    });
    expect(app.checkConfiguration(() => w.services)).toContain('Malformed: OKTA_PRIVATE_KEY');
  });

  it('notes an API token left beside a working OAuth setup', () => {
    const w = world({ ...OAUTH, OKTA_API_TOKEN: 'old-token' });
    expect(app.checkConfiguration(() => w.services)).toContain('OKTA_API_TOKEN is set but not used');
  });

  it('says DPoP is off when OKTA_DPOP is false, and reports the refusal of an app that requires it', () => {
    const w = world({ ...OAUTH, OKTA_DPOP: 'false' });
    const report = app.checkConfiguration(() => w.services);
    expect(report).toContain('DPoP off');
    expect(report).toContain('DPoP proof JWT header is missing');
  });

  it('never prints the private key', () => {
    const w = world({ ...OAUTH, OKTA_DPOP: 'false' });
    const body = KEYS.privatePem.split('\n')[1]!;
    expect(app.checkConfiguration(() => w.services)).not.toContain(body);
  });
});

describe('the request path', () => {
  const scopeAsked = (w: ReturnType<typeof world>): string | null => {
    const post = w.http.sent.filter((r) => r.url.endsWith('/oauth2/v1/token')).at(-1);
    return post ? new URLSearchParams(post.payload).get('scope') : null;
  };

  it('asks Okta for okta.groups.manage while Remove Groups is enabled', () => {
    const w = world(OAUTH);
    app.setup(() => w.services);
    createContext(w.services)
      .okta(w.services.clock.now() + 10_000)
      .send(oktaCalls.getUser(w.okta.adminUserId));
    expect(scopeAsked(w)).toBe(
      'okta.groups.manage okta.roles.manage okta.roles.read okta.users.manage okta.users.read',
    );
  });

  it('leaves okta.groups.manage out once Remove Groups is disabled in the Tasks tab', () => {
    const w = world(OAUTH);
    app.setup(() => w.services);
    const tasks = w.sheet.getSheetByName('Tasks')!;
    const row = tasks.rows().findIndex((r) => r[0] === 'remove_groups') + 1;
    tasks.getRange(row, 2, 1, 1).setValues([[false]]);
    app.sheetEdited(() => w.services, 'Tasks');
    createContext(w.services)
      .okta(w.services.clock.now() + 10_000)
      .send(oktaCalls.getUser(w.okta.adminUserId));
    expect(scopeAsked(w)).toBe('okta.roles.manage okta.roles.read okta.users.manage okta.users.read');
  });

  it('refuses to build a client for a half-set OAuth, naming the missing property', () => {
    const w = world({ OKTA_CLIENT_ID: CLIENT_ID });
    expect(() => createContext(w.services).okta(0)).toThrow('OKTA_PRIVATE_KEY, OKTA_KEY_ID');
  });
});

describe('the health check', () => {
  it('says the OAuth service app works, with DPoP', () => {
    const w = world(OAUTH);
    const state = runHealthCheck(createContext(w.services), null);
    expect(state.findings.find((f) => f.check === 'okta credential')).toEqual({
      check: 'okta credential',
      ok: true,
      text: `the OAuth service app ${CLIENT_ID} works (DPoP)`,
    });
  });

  it('reports a revoked key as a problem', () => {
    const w = world(OAUTH);
    w.okta.oauth!.revokeKey(KEY_ID);
    const state = runHealthCheck(createContext(w.services), null);
    expect(state.findings.find((f) => f.check === 'okta credential')?.ok).toBe(false);
  });
});
