// The fake Okta's own process: the runtime's synchronous UrlFetchApp blocks the main thread while it
// waits, so a fake living there could never answer. Seeds the demo directory, serves it on a free
// loopback port, tells the parent the URL, and exits when the parent goes away.

import { FakeOkta, seedDemoDirectory, startFakeOktaServer } from '../../fakes/okta';
import type { FakeOAuthOptions } from '../../fakes/okta/oauthServer';

export interface OktaChildReady {
  type: 'ready';
  url: string;
}

async function main(): Promise<void> {
  const orgUrl = process.env.OFFBOARD_DEMO_OKTA_ORG_URL;
  const apiToken = process.env.OFFBOARD_DEMO_OKTA_TOKEN;
  const oauth = process.env.OFFBOARD_DEMO_OKTA_OAUTH;
  const okta = new FakeOkta({
    ...(orgUrl ? { orgUrl } : {}),
    ...(apiToken ? { apiToken } : {}),
    ...(oauth ? { oauth: JSON.parse(oauth) as FakeOAuthOptions } : {}),
  });
  seedDemoDirectory(okta);
  // POST /__fake/reset puts the demo company back, not an empty org.
  const server = await startFakeOktaServer({ okta, onReset: (o) => void seedDemoDirectory(o) });
  const ready: OktaChildReady = { type: 'ready', url: server.url };
  process.send?.(ready);
  process.on('disconnect', () => {
    void server.close().finally(() => process.exit(0));
  });
}

main().catch((e: unknown) => {
  console.error(`fake Okta failed to start: ${e instanceof Error ? e.message : String(e)}`);
  process.exit(1);
});
