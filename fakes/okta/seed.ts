// A small fictional company for demos and end-to-end tests: people in every status, every group type, apps,
// sessions, grants, factors (one hidden from the list), admin roles (direct and through a group) and a
// directory-mastered profile. Deterministic: the fake's seeded ids, no Math.random.

import type { FakeApp, FakeGroup, FakeOkta, FakeUser, UserSeed } from './fakeOkta';

export interface DemoDirectory {
  /** People by short name, e.g. people.jane. */
  people: Record<DemoPerson, FakeUser>;
  /** The Field Sales team, offboarded together in the demo's bulk example (issue 10). */
  team: Record<TeamMember, FakeUser>;
  groups: Record<
    | 'everyone'
    | 'salesforceUsers'
    | 'contractors'
    | 'engineering'
    | 'vpn'
    | 'finance'
    | 'helpDeskAdmins'
    | 'fieldSales',
    FakeGroup
  >;
  apps: Record<DemoApp, FakeApp>;
}

export type DemoApp =
  | 'salesforce'
  | 'slack'
  | 'zoom'
  | 'github'
  | 'workday'
  | 'googleWorkspace'
  | 'jira'
  | 'confluence'
  | 'aws'
  | 'figma'
  | 'datadog'
  | 'pagerduty'
  | 'expensify';

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
    // Okta's base profile names her manager: Transfer Drive to Manager moves her files to Sam.
    managerId: 'sam.rivera@example.com',
    manager: 'Sam Rivera',
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
    // Mastered by Active Directory: deactivating him in Okta alone, the next import may bring him back.
    provider: { type: 'ACTIVE_DIRECTORY', name: 'corp.example.com' },
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

export type TeamMember = 'nina' | 'omar' | 'hana' | 'diego' | 'emma' | 'lucas' | 'ruth' | 'ben';

/** The Field Sales team: seven active people sharing groups and apps, and Ben, who left last month. */
const TEAM: Record<TeamMember, UserSeed> = {
  nina: {
    login: 'nina.kowalski@example.com',
    firstName: 'Nina',
    lastName: 'Kowalski',
    title: 'Account Executive',
  },
  omar: {
    login: 'omar.farouk@example.com',
    firstName: 'Omar',
    lastName: 'Farouk',
    title: 'Account Executive',
  },
  hana: { login: 'hana.sato@example.com', firstName: 'Hana', lastName: 'Sato', title: 'Sales Engineer' },
  diego: {
    login: 'diego.alvarez@example.com',
    firstName: 'Diego',
    lastName: 'Alvarez',
    title: 'Sales Engineer',
  },
  emma: {
    login: 'emma.johansson@example.com',
    firstName: 'Emma',
    lastName: 'Johansson',
    title: 'Sales Development Rep',
  },
  lucas: {
    login: 'lucas.martin@example.com',
    firstName: 'Lucas',
    lastName: 'Martin',
    title: 'Sales Development Rep',
  },
  ruth: {
    login: 'ruth.okafor@example.com',
    firstName: 'Ruth',
    lastName: 'Okafor',
    title: 'Field Sales Director',
  },
  // Deactivated already: a list naming him leaves him out, saying why.
  ben: {
    login: 'ben.carter@example.com',
    firstName: 'Ben',
    lastName: 'Carter',
    title: 'Account Executive',
    status: 'DEPROVISIONED',
  },
};

/** The team's logins in the order the demo's command lists them. */
export const FIELD_SALES_LOGINS: readonly string[] = Object.values(TEAM).map((p) => p.login!);

/** Fills an empty fake (fresh or just reset) with the demo company and returns handles to its parts. */
export function seedDemoDirectory(okta: FakeOkta): DemoDirectory {
  const people = {} as Record<DemoPerson, FakeUser>;
  for (const [key, seed] of Object.entries(PEOPLE) as [DemoPerson, UserSeed][]) {
    people[key] = okta.addUser(seed);
  }

  const everyone = okta.groupsOf(okta.adminUserId).find((g) => g.id === okta.everyoneGroupId);
  if (!everyone) throw new Error('the fake has no Everyone group');
  const groups: Omit<DemoDirectory['groups'], 'helpDeskAdmins' | 'fieldSales'> = {
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
  const apps = {
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

  // Added after everything above, so the ids the e2e tests and demos know stay the same.
  // An admin group: Help Desk administrators through a group; only a Super Administrator may change it.
  const helpDeskAdmins = okta.addGroup({
    name: 'Okta Help Desk Admins',
    description: 'Help desk administrators (admin role through the group)',
  });
  okta.assignGroupRole(helpDeskAdmins.id, 'HELP_DESK_ADMIN');
  okta.addToGroup(helpDeskAdmins.id, people.jane.id);
  okta.addToGroup(helpDeskAdmins.id, people.sam.id);
  okta.assignRole(people.jane.id, 'APP_ADMIN');
  okta.assignRole(people.sam.id, 'SUPER_ADMIN');
  okta.assignRole(people.priya.id, 'READ_ONLY_ADMIN');

  const more = {
    googleWorkspace: okta.addApp({ label: 'Google Workspace', name: 'google' }),
    jira: okta.addApp({ label: 'Jira', name: 'atlassian_jira' }),
    confluence: okta.addApp({ label: 'Confluence', name: 'atlassian_confluence' }),
    aws: okta.addApp({ label: 'AWS IAM Identity Center', name: 'amazon_aws_sso' }),
    figma: okta.addApp({ label: 'Figma', name: 'figma' }),
    datadog: okta.addApp({ label: 'Datadog', name: 'datadog' }),
    pagerduty: okta.addApp({ label: 'PagerDuty', name: 'pagerduty' }),
    expensify: okta.addApp({ label: 'Expense Reports', name: 'expensify' }),
  };
  okta.assignGroup(more.aws.id, groups.engineering.id);
  okta.assignGroup(more.datadog.id, groups.engineering.id);
  const alsoAssign = (app: FakeApp, ...who: DemoPerson[]): void =>
    who.forEach((p) => okta.assign(app.id, people[p].id));
  alsoAssign(more.googleWorkspace, 'jane', 'janet', 'john', 'priya', 'carlos', 'mei', 'sam', 'alex');
  alsoAssign(more.jira, 'jane', 'priya', 'sam');
  alsoAssign(more.confluence, 'jane', 'janet', 'priya', 'sam');
  alsoAssign(more.figma, 'jane', 'janet');
  alsoAssign(more.pagerduty, 'jane', 'sam');
  alsoAssign(more.expensify, 'jane', 'john', 'mei', 'carlos');

  // Enrolled under another enrollment policy: GET …/factors lists nothing for Mei, yet she has a key.
  okta.enrollFactor(people.mei.id, 'webauthn', { hiddenFromList: true });

  // The Field Sales team, added last for the same reason.
  const team = {} as Record<TeamMember, FakeUser>;
  for (const [key, seed] of Object.entries(TEAM) as [TeamMember, UserSeed][]) {
    const manager = key === 'ruth' ? PEOPLE.sam : TEAM.ruth;
    team[key] = okta.addUser({
      ...seed,
      department: 'Field Sales',
      managerId: manager.login!,
      manager: `${manager.firstName} ${manager.lastName}`,
    });
  }
  const active = (Object.keys(TEAM) as TeamMember[]).filter((m) => m !== 'ben');
  const fieldSales = okta.addGroup({ name: 'Field Sales', description: 'Field sales team' });
  for (const m of active) {
    okta.addToGroup(fieldSales.id, team[m].id);
    okta.addToGroup(groups.salesforceUsers.id, team[m].id);
    okta.addToGroup(groups.vpn.id, team[m].id);
    for (const app of [apps.slack, apps.zoom, more.googleWorkspace, more.expensify])
      okta.assign(app.id, team[m].id);
    okta.enrollFactor(team[m].id, 'push');
  }
  okta.addToGroup(fieldSales.id, team.ben.id);
  okta.addSession(team.nina.id, 2);
  okta.addSession(team.omar.id, 1);
  okta.addSession(team.diego.id, 1);
  okta.addSession(team.ruth.id, 3);
  okta.enrollFactor(team.ruth.id, 'webauthn');
  okta.enrollFactor(team.hana.id, 'sms');
  okta.addGrant(team.hana.id, { clientId: '0oaDemoCliTool00001', scopeId: 'okta.users.read.self' });
  okta.addGrant(team.ruth.id, { clientId: '0oaDemoMobileApp001', scopeId: 'openid' });

  return {
    people,
    team,
    groups: { ...groups, helpDeskAdmins, fieldSales },
    apps: { ...apps, ...more },
  };
}
