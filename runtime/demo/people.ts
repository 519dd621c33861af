// The demo workspace: who you can be on the demo page, their Slack ids and emails (matching the fake Okta
// directory), and the Approved Users rows seeded for them. Everything here is fictional and public.

import { FIELD_SALES_LOGINS } from '../../fakes/okta';

/** The role a demo person has in Approved Users, or null when they are not listed at all. */
export type DemoRole = 'admin' | 'approver' | 'requester' | null;

export interface DemoSlackUser {
  /** Slack member id, e.g. U0DEMOSAM. */
  id: string;
  /** Slack handle (user_name in a slash command). */
  username: string;
  name: string;
  email: string;
  role: DemoRole;
  /** The Active cell of their Approved Users row (ignored when role is null). */
  active: boolean;
  /** One line for the page's "who are you" list. */
  about: string;
}

export const DEMO_TEAM_ID = 'T0DEMO';
export const DEMO_TEAM_DOMAIN = 'offboard-demo';
export const DEMO_APP_ID = 'A0DEMO';
export const DEMO_BOT_USER_ID = 'U0OFFBOARDBOT';
export const DEMO_BOT_ID = 'B0OFFBOARD';
export const DEMO_CHANNEL_ID = 'C0OFFBOARD';
export const DEMO_CHANNEL_NAME = 'offboarding';
/** Demo-only secrets: they protect nothing, since the demo reaches no real service. */
export const DEMO_VERIFICATION_TOKEN = 'demo-verification-token';
export const DEMO_BOT_TOKEN = 'xoxb-demo-offboard-bot';
export const DEMO_OKTA_ORG_URL = 'https://fake.okta.example';

export const DEMO_PEOPLE: readonly DemoSlackUser[] = [
  {
    id: 'U0DEMOSAM',
    username: 'sam.rivera',
    name: 'Sam Rivera',
    email: 'sam.rivera@example.com',
    role: 'admin',
    active: true,
    about:
      'IT manager, Offboard admin; an Okta Super Administrator, so protected: a requester asking to offboard him is refused',
  },
  {
    id: 'U0DEMOMEI',
    username: 'mei.chen',
    name: 'Mei Chen',
    email: 'mei.chen@example.com',
    role: 'approver',
    active: true,
    about: 'approver: may Approve or Deny others’ runs (two-person rule), Retry, Skip or Abort anyone’s run',
  },
  {
    id: 'U0DEMOCARLOS',
    username: 'carlos.garcia',
    name: 'Carlos Garcia',
    email: 'carlos.garcia@example.com',
    role: 'requester',
    active: true,
    about: 'requester: may offboard people and steer his own runs',
  },
  {
    id: 'U0DEMOPRIYA',
    username: 'priya.patel',
    name: 'Priya Patel',
    email: 'priya.patel@example.com',
    role: 'requester',
    active: false,
    about: 'listed but inactive: refused',
  },
  {
    id: 'U0DEMOJOHN',
    username: 'john.smith',
    name: 'John Smith',
    email: 'john.smith@example.com',
    role: null,
    active: false,
    about: 'not in Approved Users: refused',
  },
  {
    id: 'U0DEMOJANE',
    username: 'jane.doe',
    name: 'Jane Doe',
    email: 'jane.doe@example.com',
    role: null,
    active: false,
    about:
      'leaving the company; not in Approved Users; holds Okta admin roles, so only an admin may ask, and a second person must Approve',
  },
];

/** The demo's bulk example: the Field Sales team of the fake Okta (fakes/okta/seed.ts) in one command. */
export const TEAM_COMMAND = `/offboard ${FIELD_SALES_LOGINS.join(', ')}`;

/** Who the page starts as, and what `npm start` suggests trying first. */
export const FIRST_PERSON = DEMO_PEOPLE[0]!;
export const FIRST_TARGET = 'jane.doe@example.com';

export function demoPerson(id: string): DemoSlackUser | undefined {
  return DEMO_PEOPLE.find((p) => p.id === id);
}
