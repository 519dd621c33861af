// A small fictional company for demos and end-to-end tests: people in every status, every group type, apps,
// sessions, grants and factors. Deterministic: the fake's seeded ids, no Math.random.

import type { FakeApp, FakeGroup, FakeOkta, FakeUser, UserSeed } from './fakeOkta';

export interface DemoDirectory {
  /** People by short name, e.g. people.jane. */
  people: Record<DemoPerson, FakeUser>;
  groups: Record<
    'everyone' | 'salesforceUsers' | 'contractors' | 'engineering' | 'vpn' | 'finance',
    FakeGroup
  >;
  apps: Record<'salesforce' | 'slack' | 'zoom' | 'github' | 'workday', FakeApp>;
}

export type DemoPerson =
  | 'jane'
  | 'janet'
  | 'john'
  | 'priya'
  | 'carlos'
  | 'mei'
  | 'ahmed'
  | 'olivia'
  | 'liam'
  | 'sofia'
  | 'sam'
  | 'alex'
  | 'alexContractor';

const PEOPLE: Record<DemoPerson, UserSeed> = {
  jane: {
    login: 'jane.doe@example.com',
    firstName: 'Jane',
    lastName: 'Doe',
    title: 'Staff Engineer',
    department: 'Engineering',
  },
  // Shares a prefix with Jane: why the client must not look people up with q=.
  janet: {
    login: 'janet.lee@example.com',
    firstName: 'Janet',
    lastName: 'Lee',
    title: 'Designer',
    department: 'Product',
  },
  john: {
    login: 'john.smith@example.com',
    firstName: 'John',
    lastName: 'Smith',
    title: 'Controller',
    department: 'Finance',
  },
  priya: {
    login: 'priya.patel@example.com',
    firstName: 'Priya',
    lastName: 'Patel',
    title: 'Engineer',
    department: 'Engineering',
  },
  carlos: {
    login: 'carlos.garcia@example.com',
    firstName: 'Carlos',
    lastName: 'Garcia',
    title: 'Account Executive',
    department: 'Sales',
  },
  mei: {
    login: 'mei.chen@example.com',
    firstName: 'Mei',
    lastName: 'Chen',
    title: 'Accountant',
    department: 'Finance',
  },
  ahmed: {
    login: 'ahmed.hassan@example.com',
    firstName: 'Ahmed',
    lastName: 'Hassan',
    title: 'Support Lead',
    department: 'Support',
    status: 'SUSPENDED',
  },
  olivia: {
    login: 'olivia.brown@example.com',
    firstName: 'Olivia',
    lastName: 'Brown',
    title: 'Recruiter',
    department: 'People',
    status: 'DEPROVISIONED',
  },
  liam: {
    login: 'liam.wilson@example.com',
    firstName: 'Liam',
    lastName: 'Wilson',
    title: 'Engineer',
    department: 'Engineering',
    status: 'LOCKED_OUT',
  },
  sofia: {
    login: 'sofia.rossi@example.com',
    firstName: 'Sofia',
    lastName: 'Rossi',
    title: 'Analyst',
    department: 'Finance',
    status: 'STAGED',
  },
  sam: {
    login: 'sam.rivera@example.com',
    firstName: 'Sam',
    lastName: 'Rivera',
    title: 'IT Manager',
    department: 'IT',
  },
  alex: {
    login: 'alex.morgan@example.com',
    firstName: 'Alex',
    lastName: 'Morgan',
    title: 'Sales Manager',
    department: 'Sales',
  },
  // A second account with the same email: looking Alex up by email is ambiguous and must be refused.
  alexContractor: {
    login: 'alex.morgan.contractor@example.com',
    email: 'alex.morgan@example.com',
    firstName: 'Alex',
    lastName: 'Morgan',
    title: 'Contractor',
    department: 'Sales',
  },
};

/** Fills an empty fake (fresh or just reset) with the demo company and returns handles to its parts. */
export function seedDemoDirectory(okta: FakeOkta): DemoDirectory {
  const people = {} as Record<DemoPerson, FakeUser>;
  for (const [key, seed] of Object.entries(PEOPLE) as [DemoPerson, UserSeed][]) {
    people[key] = okta.addUser(seed);
  }

  const everyone = okta.groupsOf(okta.adminUserId).find((g) => g.id === okta.everyoneGroupId);
  if (!everyone) throw new Error('the fake has no Everyone group');
  const groups: DemoDirectory['groups'] = {
    everyone,
    salesforceUsers: okta.addGroup({
      name: 'Salesforce Users',
      type: 'APP_GROUP',
      description: 'Imported from Salesforce',
    }),
    contractors: okta.addGroup({
      name: 'AD Contractors',
      type: 'APP_GROUP',
      description: 'Imported from Active Directory',
    }),
    engineering: okta.addGroup({ name: 'Engineering', description: 'Product engineering' }),
    vpn: okta.addGroup({ name: 'VPN', description: 'Remote network access' }),
    finance: okta.addGroup({ name: 'Finance', description: 'Finance team' }),
  };
  const apps: DemoDirectory['apps'] = {
    salesforce: okta.addApp({ label: 'Salesforce', name: 'salesforce' }),
    slack: okta.addApp({ label: 'Slack', name: 'slack' }),
    zoom: okta.addApp({ label: 'Zoom', name: 'zoomus' }),
    github: okta.addApp({ label: 'GitHub Enterprise', name: 'githubcloud' }),
    workday: okta.addApp({ label: 'Workday', name: 'workday' }),
  };
  okta.assignGroup(apps.salesforce.id, groups.salesforceUsers.id);
  okta.assignGroup(apps.github.id, groups.engineering.id);

  const join = (group: FakeGroup, ...who: DemoPerson[]): void =>
    who.forEach((p) => okta.addToGroup(group.id, people[p].id));
  join(groups.engineering, 'jane', 'priya', 'liam');
  join(groups.vpn, 'jane', 'john', 'priya', 'liam', 'sam');
  join(groups.finance, 'john', 'mei', 'sofia');
  join(groups.salesforceUsers, 'john', 'carlos', 'alex', 'alexContractor');
  join(groups.contractors, 'alexContractor');

  const assign = (app: FakeApp, ...who: DemoPerson[]): void =>
    who.forEach((p) => okta.assign(app.id, people[p].id));
  assign(apps.slack, 'jane', 'janet', 'john', 'priya', 'carlos', 'mei', 'ahmed', 'liam', 'sam', 'alex');
  assign(apps.zoom, 'jane', 'john', 'carlos', 'sam', 'alex');
  assign(apps.workday, 'jane', 'john', 'mei', 'sam');

  okta.addSession(people.jane.id, 2);
  okta.addSession(people.john.id, 1);
  okta.addSession(people.carlos.id, 3);
  okta.addSession(people.ahmed.id, 1);
  okta.addGrant(people.jane.id, { clientId: '0oaDemoCliTool00001', scopeId: 'okta.users.read.self' });
  okta.addGrant(people.jane.id, { clientId: '0oaDemoMobileApp001', scopeId: 'openid' });
  okta.addToken(people.jane.id, '0oaDemoSlackBot0001');
  okta.addGrant(people.carlos.id, { clientId: '0oaDemoCliTool00001', scopeId: 'okta.users.read.self' });

  for (const [person, factors] of [
    ['jane', ['sms', 'push', 'webauthn']],
    ['john', ['push']],
    ['priya', ['push', 'token:software:totp']],
    ['carlos', ['sms']],
    ['ahmed', ['push']],
    ['liam', ['sms']],
    ['sam', ['push', 'webauthn']],
    ['alex', ['push']],
  ] as [DemoPerson, string[]][]) {
    for (const factorType of factors) okta.enrollFactor(people[person].id, factorType);
  }

  return { people, groups, apps };
}
