// Runs a Google task against the fake Google directory, the way the engine does (through driveTasks and
// the same googleDirectory client the Apps Script adapter builds over `AdminDirectory`).

import { FAKE_OAUTH_TOKEN, FakeGoogle, type FakeGoogleUser } from '../../fakes/google';
import { googleDirectory, type AdminDirectoryLike } from '../../src/google/directory';
import type { OktaClient } from '../../src/okta/client';
import type { OktaUser } from '../../src/okta/types';
import { driveTasks } from '../../src/tasks/drive';
import type { TaskContext, TaskDefinition, TaskOutcome } from '../../src/tasks/types';

/** Google tasks that call no Okta: any Okta call is a test failure. */
export const noOkta = {
  sendAll: () => {
    throw new Error('This task should not call Okta.');
  },
} as unknown as OktaClient;

export function oktaUser(email: string, login = email): OktaUser {
  return {
    id: '00u' + email.split('@')[0]!.replace(/\W/g, ''),
    status: 'ACTIVE',
    profile: { login, email, displayName: email },
  } as OktaUser;
}

/**
 * `admin` undefined: the advanced service is not enabled. Typed as the client's AdminDirectoryLike, so
 * the compiler checks the fake has the advanced service's shape.
 */
export function directoryOver(google: FakeGoogle, admin: AdminDirectoryLike | undefined) {
  return googleDirectory({
    admin,
    http: google.transfers(),
    oauthToken: () => FAKE_OAUTH_TOKEN,
  });
}

export function runGoogleTask(
  google: FakeGoogle,
  task: TaskDefinition,
  user: OktaUser,
  runData: Record<string, unknown> = {},
  options: { okta?: OktaClient; admin?: AdminDirectoryLike | undefined; run?: TaskContext['run'] } = {},
): TaskOutcome {
  const directory = directoryOver(google, 'admin' in options ? options.admin : google);
  const ctx: TaskContext = { user, runData, ...(options.run ? { run: options.run } : {}) };
  const outcome = driveTasks(options.okta ?? noOkta, [{ task, ctx }], { google: directory })[0]!;
  if (outcome.data) Object.assign(runData, outcome.data);
  return outcome;
}

/** Jane in Google: two app tokens, one app password, backup codes, two groups. */
export function seedJane(google: FakeGoogle): { jane: FakeGoogleUser } {
  const jane = google.addUser({
    primaryEmail: 'jane@corp.example',
    fullName: 'Jane Roe',
    sessions: 3,
    tokens: [
      { clientId: 'slack.apps.googleusercontent.com', displayText: 'Slack', scopes: ['email'] },
      { clientId: 'zoom.apps.googleusercontent.com', displayText: 'Zoom', scopes: ['calendar'] },
    ],
    asps: [{ codeId: 7, name: 'Thunderbird' }],
    verificationCodes: ['11111111', '22222222'],
  });
  const eng = google.addGroup('eng@corp.example', 'Engineering');
  const all = google.addGroup('all@corp.example', 'Everyone at Corp');
  google.addMember(eng, jane);
  google.addMember(all, jane);
  return { jane };
}
