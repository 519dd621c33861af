// The demo company in Google Workspace: the Okta demo people who have a Google account (same addresses),
// with sessions, app tokens, an app password, backup codes and groups, so every Google task has something
// to do. The contractor account has none: its Google tasks are skipped, naming the address tried.

import type { FakeGoogle, FakeGoogleUser } from './fakeGoogle';

const PEOPLE: { email: string; name: string; admin?: boolean }[] = [
  { email: 'jane.doe@example.com', name: 'Jane Doe' },
  { email: 'john.smith@example.com', name: 'John Smith' },
  { email: 'priya.patel@example.com', name: 'Priya Patel' },
  { email: 'carlos.garcia@example.com', name: 'Carlos Garcia' },
  { email: 'mei.chen@example.com', name: 'Mei Chen' },
  { email: 'sam.rivera@example.com', name: 'Sam Rivera', admin: true },
  { email: 'liam.wilson@example.com', name: 'Liam Wilson' },
];

/** Fills an empty fake Google with the demo company; returns its people by address. */
export function seedDemoGoogle(google: FakeGoogle): Record<string, FakeGoogleUser> {
  const people: Record<string, FakeGoogleUser> = {};
  for (const p of PEOPLE) {
    people[p.email] = google.addUser({
      primaryEmail: p.email,
      fullName: p.name,
      isAdmin: p.admin === true,
      sessions: 2,
      tokens: [
        {
          clientId: '1234-slack.apps.googleusercontent.com',
          displayText: 'Slack',
          scopes: ['openid', 'email'],
        },
        { clientId: '5678-zoom.apps.googleusercontent.com', displayText: 'Zoom', scopes: ['calendar'] },
      ],
      asps: [{ codeId: 1, name: 'Mail on old laptop' }],
      verificationCodes: ['12345678', '23456789'],
    });
  }
  const groups = {
    all: google.addGroup('all@example.com', 'Everyone at Example'),
    eng: google.addGroup('eng@example.com', 'Engineering'),
    finance: google.addGroup('finance@example.com', 'Finance'),
  };
  for (const person of Object.values(people)) google.addMember(groups.all, person);
  for (const e of ['jane.doe@example.com', 'priya.patel@example.com', 'liam.wilson@example.com']) {
    google.addMember(groups.eng, people[e]!);
  }
  for (const e of ['john.smith@example.com', 'mei.chen@example.com'])
    google.addMember(groups.finance, people[e]!);
  return people;
}
