// A stateful fake Google Workspace directory (Admin SDK Directory advanced service and Data Transfer API).

export * from './fakeGoogle';
export { seedDemoGoogle } from './seed';
