// Demo mode with the OAuth service app and DPoP: the real bundle, in the local runtime, signs its client
// assertion and DPoP proofs with Utilities.computeRsaSha256Signature (Node's crypto here) and the fake
// Okta's token endpoint accepts them.

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startDemo, type RunningDemo } from '../../runtime/demo/start';
import {
  DEMO_APP_ID,
  DEMO_CHANNEL_ID,
  DEMO_TEAM_ID,
  DEMO_VERIFICATION_TOKEN,
  FIRST_PERSON,
  FIRST_TARGET,
} from '../../runtime/demo/people';
import { webAppEvent } from '../../runtime/server';
import type { TextOutputLike } from '../../runtime/utilities';

let demo: RunningDemo | undefined;
let dataDir = '';

beforeAll(async () => {
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'offboard-demo-oauth-'));
  demo = await startDemo({ port: 0, dataDir, oktaAuth: 'oauth-dpop', echo: false, triggerSpeed: 1 });
}, 60_000);

afterAll(async () => {
  await demo?.stop();
  if (dataDir) fs.rmSync(dataDir, { recursive: true, force: true });
});

it('finds the person to offboard in Okta through the OAuth service app with DPoP', async () => {
  const form = new URLSearchParams({
    token: DEMO_VERIFICATION_TOKEN,
    team_id: DEMO_TEAM_ID,
    api_app_id: DEMO_APP_ID,
    channel_id: DEMO_CHANNEL_ID,
    user_id: FIRST_PERSON.id,
    user_name: FIRST_PERSON.username,
    command: '/offboard',
    text: FIRST_TARGET,
    response_url: 'https://hooks.slack.com/commands/T0DEMO/1/abc',
    trigger_id: '1.2.3',
  }).toString();
  const output = (await demo!.runtime.call(
    'doPost',
    webAppEvent('/exec', form, 'application/x-www-form-urlencoded'),
  )) as TextOutputLike;
  const reply = output.getContent();
  expect(reply).toContain('Jane');
  expect(reply).toContain('Confirm');
}, 60_000);

it('keeps no SSWS token in the demo Script Properties', () => {
  const config = JSON.parse(fs.readFileSync(demo!.configPath, 'utf8')) as Record<string, string>;
  expect([config['OKTA_API_TOKEN'], config['OKTA_DPOP']]).toEqual(['', 'true']);
});
