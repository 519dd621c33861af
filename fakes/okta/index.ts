// The fake Okta's public face: the in-process fake, its HTTP server and the demo directory.

export * from './fakeOkta';
export {
  startFakeOktaServer,
  type FakeOktaServer,
  type FakeOktaServerOptions,
  type FailNextBody,
} from './server';
export { seedDemoDirectory, type DemoDirectory, type DemoPerson } from './seed';
export type { RateFamily } from './operations';
