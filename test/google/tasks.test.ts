// The Google Workspace tasks on the fake Google directory: each changes what it says, verifies by reading
// Google back, is idempotent, skips a person with no Google account and says what a refusal needs.

import { FakeGoogle, SCOPES } from '../../fakes/google';
import { googleHideTask } from '../../src/tasks/google/hide';
import { googleRemoveGroupsTask } from '../../src/tasks/google/removeGroups';
import { googleSignOutTask } from '../../src/tasks/google/signOut';
import { googleSuspendTask } from '../../src/tasks/google/suspend';
import { oktaUser, runGoogleTask, seedJane } from './helpers';

const JANE = oktaUser('jane@corp.example');

describe('Sign Out of Google', () => {
  it('ends every session and leaves no app token, app password or backup code, re-listed', () => {
    const google = new FakeGoogle();
    const { jane } = seedJane(google);
    const outcome = runGoogleTask(google, googleSignOutTask, JANE);
    expect(outcome.kind).toBe('done');
    expect([jane.sessions, jane.tokens.length, jane.asps.length, jane.verificationCodes.length]).toEqual([
      0, 0, 0, 0,
    ]);
    expect(google.calls.filter((c) => c.startsWith('tokens.list'))).toHaveLength(2);
  });

  it('records each revoked token and app password in Run Details', () => {
    const google = new FakeGoogle();
    seedJane(google);
    const outcome = runGoogleTask(google, googleSignOutTask, JANE);
    expect(outcome.details?.map((d) => `${d.kind}: ${d.name}`)).toEqual([
      'google token revoked: Slack',
      'google token revoked: Zoom',
      'google app password revoked: Thunderbird',
    ]);
  });

  it('says the 2xx to signOut is the proof, since Google offers no read-back of sessions', () => {
    const google = new FakeGoogle();
    seedJane(google);
    const outcome = runGoogleTask(google, googleSignOutTask, JANE);
    expect(outcome.kind === 'done' && outcome.detail).toMatch(/no read-back of sessions/);
  });

  it('run again, signs out again and revokes nothing more (idempotent)', () => {
    const google = new FakeGoogle();
    seedJane(google);
    runGoogleTask(google, googleSignOutTask, JANE);
    const again = runGoogleTask(google, googleSignOutTask, JANE);
    expect(again.kind === 'done' && again.detail).toMatch(/revoked 0 app tokens and 0 app passwords/);
  });

  it('fails, retrying, when Google still lists a token after the delete', () => {
    const google = new FakeGoogle();
    const { jane } = seedJane(google);
    const remove = google.Tokens.remove;
    // Google answers the delete but the token stays (a replica behind): only the re-list shows it.
    google.Tokens.remove = (userKey, clientId) => {
      if (clientId !== 'zoom.apps.googleusercontent.com') remove(userKey, clientId);
    };
    const outcome = runGoogleTask(google, googleSignOutTask, JANE);
    expect(outcome).toMatchObject({ kind: 'failed', transient: true });
    expect(outcome.kind === 'failed' && outcome.message).toMatch(/still lists 1 app token/);
    expect(jane.tokens.map((t) => t.displayText)).toEqual(['Zoom']);
  });

  it('fails, not retried, when Google refuses to delete a token with 403', () => {
    const google = new FakeGoogle();
    seedJane(google);
    google.Tokens.remove = () => {
      throw Object.assign(
        new Error(
          'API call to directory.tokens.delete failed with error: Not Authorized to access this resource/api',
        ),
        { details: { code: 403, message: 'Not Authorized to access this resource/api' } },
      );
    };
    const outcome = runGoogleTask(google, googleSignOutTask, JANE);
    expect(outcome).toMatchObject({ kind: 'failed', code: 'GOOGLE_FORBIDDEN', transient: false });
  });
});

describe('Suspend Google Account', () => {
  it('suspends the account and says Google shows it suspended, read back', () => {
    const google = new FakeGoogle();
    const { jane } = seedJane(google);
    const outcome = runGoogleTask(google, googleSuspendTask, JANE);
    expect(outcome).toMatchObject({
      kind: 'done',
      detail: expect.stringMatching(/suspended in Google \(read back\)/i),
    });
    expect(jane.suspended).toBe(true);
  });

  it('run again, is already done without another update', () => {
    const google = new FakeGoogle();
    seedJane(google);
    runGoogleTask(google, googleSuspendTask, JANE);
    google.calls.length = 0;
    const again = runGoogleTask(google, googleSuspendTask, JANE);
    expect(again.kind).toBe('already_done');
    expect(google.calls.some((c) => c.startsWith('users.update'))).toBe(false);
  });

  it('fails when Google accepts the update but the read-back still shows the account active', () => {
    const google = new FakeGoogle();
    const { jane } = seedJane(google);
    google.Users.update = () => ({ id: jane.id, primaryEmail: jane.primaryEmail, suspended: true });
    const outcome = runGoogleTask(google, googleSuspendTask, JANE);
    expect(outcome).toMatchObject({ kind: 'failed', code: 'GOOGLE_FAILED', transient: true });
    expect(jane.suspended).toBe(false);
  });

  it('is done when the update throws a backend error after Google acted, as the re-read shows', () => {
    const google = new FakeGoogle();
    const { jane } = seedJane(google);
    const update = google.Users.update;
    google.Users.update = (resource, userKey) => {
      update(resource, userKey);
      throw new Error('API call to directory.users.update failed with error: Backend Error');
    };
    const outcome = runGoogleTask(google, googleSuspendTask, JANE);
    expect(outcome).toMatchObject({ kind: 'done', detail: expect.stringMatching(/re-read confirms/) });
    expect(jane.suspended).toBe(true);
  });

  it("a delegated admin's 403 on a super admin fails, not retried, naming the privilege to check", () => {
    const google = new FakeGoogle({ callerSuperAdmin: false });
    const { jane } = seedJane(google);
    jane.isAdmin = true;
    const outcome = runGoogleTask(google, googleSuspendTask, JANE);
    expect(outcome).toMatchObject({ kind: 'failed', code: 'GOOGLE_FORBIDDEN', transient: false });
    expect(outcome.kind === 'failed' && outcome.message).toMatch(/403 forbidden: Not Authorized.*privilege/);
  });
});

describe('Hide from Directory', () => {
  it('sets includeInGlobalAddressList false and verifies it by reading the user back', () => {
    const google = new FakeGoogle();
    const { jane } = seedJane(google);
    const outcome = runGoogleTask(google, googleHideTask, JANE);
    expect(outcome).toMatchObject({
      kind: 'done',
      detail: expect.stringMatching(/hidden from the Google directory \(read back\)/i),
    });
    expect(jane.includeInGlobalAddressList).toBe(false);
  });

  it('run again, is already done', () => {
    const google = new FakeGoogle();
    seedJane(google);
    runGoogleTask(google, googleHideTask, JANE);
    expect(runGoogleTask(google, googleHideTask, JANE).kind).toBe('already_done');
  });

  it('leaves the suspension alone (the update carries only the one field)', () => {
    const google = new FakeGoogle();
    const { jane } = seedJane(google);
    jane.suspended = true;
    runGoogleTask(google, googleHideTask, JANE);
    expect(jane.suspended).toBe(true);
  });
});

describe('Remove from Google Groups', () => {
  it('removes every membership and records each group for restore', () => {
    const google = new FakeGoogle();
    const { jane } = seedJane(google);
    const outcome = runGoogleTask(google, googleRemoveGroupsTask, JANE);
    expect(outcome.kind).toBe('done');
    expect(google.groupsOf(jane)).toEqual([]);
    expect(outcome.details?.map((d) => `${d.kind}: ${d.name}`)).toEqual([
      'google group removed: eng@corp.example',
      'google group removed: all@corp.example',
    ]);
  });

  it('follows groups.list page by page: 205 groups, all removed', () => {
    const google = new FakeGoogle();
    const { jane } = seedJane(google);
    for (let i = 0; i < 203; i++) google.addMember(google.addGroup(`g${i}@corp.example`), jane);
    const outcome = runGoogleTask(google, googleRemoveGroupsTask, JANE);
    expect(outcome.kind === 'done' && outcome.detail).toMatch(/from 205 Google groups/);
    expect(google.groupsOf(jane)).toHaveLength(0);
  });

  it('run again, is already done and the record keeps the groups removed earlier', () => {
    const google = new FakeGoogle();
    seedJane(google);
    const runData: Record<string, unknown> = {};
    runGoogleTask(google, googleRemoveGroupsTask, JANE, runData);
    const again = runGoogleTask(google, googleRemoveGroupsTask, JANE, runData);
    expect(again.kind).toBe('done');
    expect(runData['googleRemovedGroupCount']).toBe(2);
  });

  it('a membership Google refuses to remove fails the task, named, with what was removed', () => {
    const google = new FakeGoogle();
    const { jane } = seedJane(google);
    const remove = google.Members.remove;
    google.Members.remove = (groupKey, memberKey) => {
      if (google.groups.get(groupKey)?.email === 'eng@corp.example') {
        throw Object.assign(
          new Error(
            'API call to directory.members.delete failed with error: Not Authorized to access this resource/api',
          ),
          {
            details: {
              code: 403,
              message: 'Not Authorized to access this resource/api',
              errors: [{ reason: 'forbidden' }],
            },
          },
        );
      }
      remove(groupKey, memberKey);
    };
    const outcome = runGoogleTask(google, googleRemoveGroupsTask, JANE);
    expect(outcome).toMatchObject({ kind: 'failed', code: 'GOOGLE_FORBIDDEN', transient: false });
    expect(outcome.kind === 'failed' && outcome.message).toMatch(
      /Removed from 1 Google group; still in eng@corp.example/,
    );
    expect(google.groupsOf(jane).map((g) => g.email)).toEqual(['eng@corp.example']);
  });
});

describe('a person without a Google account', () => {
  it.each([googleSignOutTask, googleSuspendTask, googleHideTask, googleRemoveGroupsTask])(
    '$label is skipped, naming the addresses tried',
    (task) => {
      const google = new FakeGoogle();
      seedJane(google);
      const outcome = runGoogleTask(
        google,
        task,
        oktaUser('contractor@other.example', 'c.login@corp.example'),
      );
      expect(outcome).toEqual({
        kind: 'skipped',
        reason: 'skipped: no Google account (tried contractor@other.example, c.login@corp.example).',
      });
    },
  );

  it('is found by the Okta login when the email is not a Google address', () => {
    const google = new FakeGoogle();
    const { jane } = seedJane(google);
    runGoogleTask(google, googleSuspendTask, oktaUser('jane.roe@personal.example', 'jane@corp.example'));
    expect(jane.suspended).toBe(true);
  });
});

describe('a missing scope', () => {
  it('fails Sign Out with GOOGLE_FORBIDDEN, not retried, and changes nothing', () => {
    const google = new FakeGoogle({ scopes: [SCOPES.user] });
    const { jane } = seedJane(google);
    const outcome = runGoogleTask(google, googleSignOutTask, JANE);
    expect(outcome).toMatchObject({ kind: 'failed', code: 'GOOGLE_FORBIDDEN', transient: false });
    expect(outcome.kind === 'failed' && outcome.message).toMatch(/insufficient authentication scopes/);
    expect(jane.sessions).toBe(3);
  });
});

describe('the Admin SDK advanced service not enabled', () => {
  it.each([googleSignOutTask, googleSuspendTask, googleHideTask, googleRemoveGroupsTask])(
    '$label fails with GOOGLE_SERVICE_OFF, naming the fix',
    (task) => {
      const google = new FakeGoogle();
      seedJane(google);
      const outcome = runGoogleTask(google, task, JANE, {}, { admin: undefined });
      expect(outcome).toMatchObject({ kind: 'failed', code: 'GOOGLE_SERVICE_OFF', transient: false });
      expect(outcome.kind === 'failed' && outcome.message).toMatch(/Services → Admin SDK API → Add/);
    },
  );
});
