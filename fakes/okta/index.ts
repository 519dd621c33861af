// The fake Okta's public face: the in-process fake, its HTTP server and the demo directory.

export * from './fakeOkta';
export {
  startFakeOktaServer,
  type FakeOktaServer,
  type FakeOktaServerOptions,
  type FailNextBody,
} from './server';
export { seedDemoDirectory, type DemoApp, type DemoDirectory, type DemoPerson } from './seed';
export { RATE_FAMILIES, type RateFamily } from './operations';
