// The fake Okta's public face: the in-process fake, its HTTP server and the demo directory.

export * from './fakeOkta';
export { startFakeOktaServer, type FakeOktaServer, type FailNextBody } from './server';
export { FIELD_SALES_LOGINS, seedDemoDirectory, type DemoDirectory } from './seed';
