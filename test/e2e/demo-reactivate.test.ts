// The demo page's Reactivate (POST /demo/api/reactivate): a deactivated person comes back in the fake Okta
// through Okta's activateUser, as an Okta admin would for a rehire, so `/offboard restore` can be tried to
// the end; Okta's refusals come back with its own words.

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startDemo, type RunningDemo } from '../../runtime/demo/start';
import { DEMO_OKTA_TOKEN } from '../../runtime/demo/world';

const JOHN = 'john.smith@example.com';

let demo: RunningDemo;
let dataDir = '';

beforeAll(async () => {
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'offboard-demo-reactivate-'));
  demo = await startDemo({ port: 0, dataDir, echo: false, triggerSpeed: 1 });
}, 60_000);

afterAll(async () => {
  await demo?.stop();
  if (dataDir) fs.rmSync(dataDir, { recursive: true, force: true });
});

async function oktaUser(login: string) {
  const user = (await demo.okta.state()).users.find((u) => u.login === login);
  if (!user) throw new Error(`the fake Okta has no ${login}`);
  return user;
}

/** What an offboarding run ends with: the person deactivated in Okta. */
async function deactivate(login: string): Promise<string> {
  const { id } = await oktaUser(login);
  const answer = await fetch(`${demo.okta.url}/api/v1/users/${id}/lifecycle/deactivate`, {
    method: 'POST',
    headers: { Authorization: `SSWS ${DEMO_OKTA_TOKEN}`, Accept: 'application/json' },
  });
  if (answer.status !== 200) throw new Error(`deactivate answered ${answer.status}`);
  return id;
}

function reactivate(body: unknown): Promise<Response> {
  return fetch(new URL('/demo/api/reactivate', demo.pageUrl), {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify(body),
  });
}

test('makes a deactivated person active again in the fake Okta', async () => {
  const id = await deactivate(JOHN);
  const answer = await reactivate({ oktaUserId: id });
  expect([answer.status, (await oktaUser(JOHN)).status]).toEqual([200, 'ACTIVE']);
});

test('answers with Okta’s refusal for a person who is already active', async () => {
  const { id } = await oktaUser('janet.lee@example.com');
  const answer = await reactivate({ oktaUserId: id });
  expect([answer.status, ((await answer.json()) as { error: string }).error]).toEqual([
    403,
    'Okta answered 403: Activation failed because the user is already active',
  ]);
});

test('asks for the Okta user id when none is sent', async () => {
  const answer = await reactivate({});
  expect([answer.status, ((await answer.json()) as { error: string }).error]).toEqual([
    400,
    'oktaUserId is required',
  ]);
});
