// The demo directory: the cases the demo relies on are present, and seeding is repeatable.

import { FakeOkta, FIELD_SALES_LOGINS, seedDemoDirectory } from '../../fakes/okta';
import { json, send } from './helpers';

it('has a dozen people in each status the demo shows', () => {
  const okta = new FakeOkta();
  const { people } = seedDemoDirectory(okta);
  expect(Object.keys(people).length).toBeGreaterThanOrEqual(12);
  const statuses = Object.values(people).map((p) => okta.user(p.id)?.status);
  expect(new Set(statuses)).toEqual(
    new Set(['ACTIVE', 'SUSPENDED', 'DEPROVISIONED', 'LOCKED_OUT', 'STAGED']),
  );
});

it('has one email shared by two people, so a lookup by email is ambiguous', () => {
  const okta = new FakeOkta();
  seedDemoDirectory(okta);
  const found = json<unknown[]>(
    send(okta, 'get', '/api/v1/users', { filter: 'profile.email eq "alex.morgan@example.com"' }),
  );
  expect(found).toHaveLength(2);
});

it('has every group type, with Jane in an editable group and an app granted through a group', () => {
  const okta = new FakeOkta();
  const { people, groups } = seedDemoDirectory(okta);
  expect(new Set(Object.values(groups).map((g) => g.type))).toEqual(
    new Set(['BUILT_IN', 'APP_GROUP', 'OKTA_GROUP']),
  );
  expect(okta.groupsOf(people.jane.id).map((g) => g.profile.name)).toEqual([
    'Everyone',
    'Engineering',
    'VPN',
    'Okta Help Desk Admins',
  ]);
  expect(okta.appsOf(people.jane.id).map((a) => a.label)).toContain('GitHub Enterprise');
});

it('gives Jane sessions, grants and factors to clear', () => {
  const okta = new FakeOkta();
  const { people } = seedDemoDirectory(okta);
  expect(okta.sessionsOf(people.jane.id)).toBeGreaterThan(0);
  expect(okta.grantsOf(people.jane.id).length).toBeGreaterThan(0);
  expect(okta.factorsOf(people.jane.id).map((f) => f.factorType)).toEqual(['sms', 'push', 'webauthn']);
});

it('makes the same ids every time', () => {
  const a = seedDemoDirectory(new FakeOkta());
  const b = seedDemoDirectory(new FakeOkta());
  expect(a.people.jane.id).toBe(b.people.jane.id);
  expect(a.groups.vpn.id).toBe(b.groups.vpn.id);
});

it('can seed again after a reset', () => {
  const okta = new FakeOkta();
  const first = seedDemoDirectory(okta);
  okta.reset();
  expect(seedDemoDirectory(okta).people.jane.id).toBe(first.people.jane.id);
});

it('has a Field Sales team of seven active people sharing a group, and Ben, already deactivated', () => {
  const okta = new FakeOkta();
  const { team, groups } = seedDemoDirectory(okta);
  const members = Object.values(team).filter((p) =>
    okta.groupsOf(p.id).some((g) => g.id === groups.fieldSales.id),
  );
  expect([
    FIELD_SALES_LOGINS,
    members.length,
    Object.values(team).map((p) => okta.user(p.id)?.status),
  ]).toEqual([
    Object.values(team).map((p) => p.profile.login),
    8,
    ['ACTIVE', 'ACTIVE', 'ACTIVE', 'ACTIVE', 'ACTIVE', 'ACTIVE', 'ACTIVE', 'DEPROVISIONED'],
  ]);
});

it('gives every active Field Sales member factors, apps and groups to remove', () => {
  const okta = new FakeOkta();
  const { team } = seedDemoDirectory(okta);
  const active = Object.values(team).filter((p) => okta.user(p.id)?.status === 'ACTIVE');
  expect(
    active.every(
      (p) =>
        okta.factorsOf(p.id).length > 0 && okta.appsOf(p.id).length >= 4 && okta.groupsOf(p.id).length >= 4,
    ),
  ).toBe(true);
});
