// Apps Script's missing-authorization exceptions are configuration problems naming the scope, not network
// errors or internal failures; a standalone script without SPREADSHEET_ID is told which property to set.

import { openRealSpreadsheet } from '../../src/adapters/spreadsheet';
import { asOffboardError, OffboardError } from '../../src/errors';
import { OktaClient } from '../../src/okta/client';
import { oktaCalls } from '../../src/okta/requests';
import { errorText } from '../../src/slack/messages';
import { fakeGlobals, removeFakeGlobals } from '../bundle/globals';
import { FakeClock, networkDown, ORG, ScriptedHttp, TOKEN } from '../okta/helpers';

const FETCH_DENIED =
  'Exception: You do not have permission to call UrlFetchApp.fetch. Required permissions: https://www.googleapis.com/auth/script.external_request';

afterEach(removeFakeGlobals);

describe('asOffboardError', () => {
  it('classifies a missing authorization as CONFIG_NOT_AUTHORIZED naming the scope', () => {
    const e = asOffboardError(new Error(FETCH_DENIED));
    expect([e.code, e.detail.scope]).toEqual([
      'CONFIG_NOT_AUTHORIZED',
      'https://www.googleapis.com/auth/script.external_request',
    ]);
  });

  it('names the scope from the service when the message names none', () => {
    const e = asOffboardError(new Error('You do not have permission to call SpreadsheetApp.openById'));
    expect(e.detail.scope).toBe('https://www.googleapis.com/auth/spreadsheets');
  });

  it('leaves other errors INTERNAL', () => {
    expect(asOffboardError(new Error('Cannot read properties of null')).code).toBe('INTERNAL');
  });

  it('tells the Slack user which permission is missing and who fixes it', () => {
    expect(errorText(asOffboardError(new Error(FETCH_DENIED)))).toContain('script.external_request');
  });
});

describe('the Okta client', () => {
  it('reports a fetch Apps Script is not authorized to make as CONFIG_NOT_AUTHORIZED, not a network error', () => {
    const http = new ScriptedHttp(() => networkDown(FETCH_DENIED));
    const r = new OktaClient({ http, clock: new FakeClock(), orgUrl: ORG, apiToken: TOKEN }).send(
      oktaCalls.getUser('x'),
    );
    expect(r.ok ? null : [r.error.code, r.error.transient]).toEqual(['CONFIG_NOT_AUTHORIZED', false]);
  });
});

describe('openRealSpreadsheet', () => {
  it('names SPREADSHEET_ID when a standalone script has no spreadsheet', () => {
    fakeGlobals({ SpreadsheetApp: { getActive: () => null } });
    let thrown: unknown;
    try {
      openRealSpreadsheet(null);
    } catch (e) {
      thrown = e;
    }
    expect(thrown instanceof OffboardError ? [thrown.code, thrown.detail.property] : thrown).toEqual([
      'CONFIG_MISSING',
      'SPREADSHEET_ID',
    ]);
  });
});
