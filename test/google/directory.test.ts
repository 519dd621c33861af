// The Google client: what Apps Script's advanced service throws, and the Data Transfer API's JSON errors,
// become GoogleFailures with Google's status; the OAuth token goes only into the Authorization header.

import { FAKE_OAUTH_TOKEN, FakeGoogle } from '../../fakes/google';
import { googleCall } from '../../src/google/call';
import { failureFromThrown, googleDirectory, SERVICE_OFF_MESSAGE } from '../../src/google/directory';
import type { HttpRequest } from '../../src/ports';
import { ScriptedHttp } from '../okta/helpers';
import { directoryOver } from './helpers';

describe('failureFromThrown', () => {
  it('reads 404 from the words when Apps Script gives no details', () => {
    const e = new Error('API call to directory.users.get failed with error: Resource Not Found: userKey');
    expect(failureFromThrown(e)).toEqual({
      status: 404,
      reason: 'notFound',
      message: 'Resource Not Found: userKey',
      transient: false,
    });
  });

  it("prefers the status in the error's details", () => {
    const e = Object.assign(new Error('API call to directory.users.update failed with error: Precondition'), {
      details: { code: 412, errors: [{ reason: 'conditionNotMet' }] },
    });
    expect([failureFromThrown(e).status, failureFromThrown(e).reason]).toEqual([412, 'conditionNotMet']);
  });

  it('treats a backend error as transient', () => {
    const e = new Error('API call to directory.users.signOut failed with error: Backend Error');
    expect([failureFromThrown(e).status, failureFromThrown(e).transient]).toEqual([503, true]);
  });

  it("turns Apps Script's missing authorization into a 403 that is not retried", () => {
    const e = new Error(
      'You do not have permission to call AdminDirectory.Users.get. Required permissions: https://www.googleapis.com/auth/admin.directory.user',
    );
    expect(failureFromThrown(e)).toMatchObject({
      status: 403,
      reason: 'insufficientScopes',
      transient: false,
    });
  });
});

describe('googleDirectory', () => {
  it('answers every call with serviceOff and the fix when the advanced service is absent', () => {
    const directory = directoryOver(new FakeGoogle(), undefined);
    const [result] = directory.sendAll([googleCall({ method: 'users.get', userKey: 'a@b.example' })]);
    expect([directory.serviceEnabled, result]).toEqual([
      false,
      {
        system: 'google',
        ok: false,
        error: {
          status: 0,
          reason: 'serviceOff',
          message: SERVICE_OFF_MESSAGE,
          serviceOff: true,
          transient: false,
        },
      },
    ]);
  });

  it("reads the Data Transfer API's JSON error: status, reason and message", () => {
    const google = new FakeGoogle();
    const [result] = directoryOver(google, google).sendAll([
      googleCall({ method: 'transfers.get', transferId: 'nope' }),
    ]);
    expect(result).toEqual({
      system: 'google',
      ok: false,
      error: {
        status: 404,
        reason: 'notFound',
        message: 'Resource Not Found: dataTransferId',
        transient: false,
      },
    });
  });

  it('sends the OAuth token only in the Authorization header of Data Transfer calls', () => {
    const http = new ScriptedHttp(() => ({
      status: 200,
      headers: {},
      body: '{"id":"T1","overallTransferStatusCode":"new"}',
    }));
    const directory = googleDirectory({ admin: new FakeGoogle(), http, oauthToken: () => FAKE_OAUTH_TOKEN });
    directory.sendAll([
      googleCall({
        method: 'transfers.insert',
        oldOwnerUserId: '1',
        newOwnerUserId: '2',
        applications: ['drive'],
      }),
    ]);
    const sent = http.requests[0] as HttpRequest;
    expect([
      sent.headers?.['Authorization'],
      sent.url.includes(FAKE_OAUTH_TOKEN),
      sent.payload?.includes(FAKE_OAUTH_TOKEN),
    ]).toEqual([`Bearer ${FAKE_OAUTH_TOKEN}`, false, false]);
  });

  it('asks for no token when it sends only Directory calls', () => {
    let asked = 0;
    const google = new FakeGoogle();
    google.addUser({ primaryEmail: 'a@b.example' });
    const directory = googleDirectory({
      admin: google,
      http: google.transfers(),
      oauthToken: () => (asked++, FAKE_OAUTH_TOKEN),
    });
    directory.sendAll([googleCall({ method: 'users.get', userKey: 'a@b.example' })]);
    expect(asked).toBe(0);
  });
});
