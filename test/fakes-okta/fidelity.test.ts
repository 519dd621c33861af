// The fake Okta follows Okta's documented semantics where Offboard's truth depends on them: filter vs search
// case, deactivated people in lookups, hidden factors, admin roles, Super Administrator rights, lost answers,
// the concurrency limit, profile sources, rate-limit families and request ids.

import type { HttpResponse } from '../../src/ports';
import { FakeOkta, LOST_ANSWER_ERROR, seedDemoDirectory } from '../../fakes/okta';
import { fakeWithClock, json, oktaRequest, send, type ErrorBody } from './helpers';

interface UserBody {
  id: string;
  status: string;
  profile: { login: string; email: string };
  credentials: { provider: { type: string; name: string } };
}

interface RoleBody {
  id: string;
  type: string;
  label: string;
  status: string;
  created: string;
  lastUpdated: string;
  assignmentType: string;
  _links: { assignee: { href: string } };
}

const logins = (response: HttpResponse): string[] => json<UserBody[]>(response).map((u) => u.profile.login);

/** Jane, a rehire: her old account is deactivated, her new one carries the same address as its email. */
function rehire(): FakeOkta {
  const okta = new FakeOkta();
  okta.addUser({ login: 'jane.roe@corp.com', firstName: 'Jane', lastName: 'Roe', status: 'DEPROVISIONED' });
  okta.addUser({ login: 'jroe2@corp.com', email: 'jane.roe@corp.com', firstName: 'Jane', lastName: 'Roe' });
  return okta;
}

describe('listUsers: filter and search', () => {
  it('filter compares string values case-sensitively: a capitalised email finds no one', () => {
    const okta = rehire();
    const response = send(okta, 'get', '/api/v1/users', { filter: 'profile.email eq "Jane.Roe@Corp.com"' });
    expect(logins(response)).toEqual([]);
  });

  it('search compares string values case-insensitively: a capitalised email finds both accounts', () => {
    const okta = rehire();
    const response = send(okta, 'get', '/api/v1/users', { search: 'profile.email eq "Jane.Roe@Corp.com"' });
    expect(logins(response)).toEqual(['jane.roe@corp.com', 'jroe2@corp.com']);
  });

  it('search understands or: login or email', () => {
    const okta = rehire();
    okta.addUser({ login: 'someone.else@corp.com' });
    const search = 'profile.login eq "JANE.ROE@corp.com" or profile.email eq "JANE.ROE@corp.com"';
    expect(logins(send(okta, 'get', '/api/v1/users', { search }))).toEqual([
      'jane.roe@corp.com',
      'jroe2@corp.com',
    ]);
  });

  it('search understands and with parentheses', () => {
    const okta = rehire();
    const search =
      'status eq "ACTIVE" and (profile.login eq "jane.roe@corp.com" or profile.email eq "jane.roe@corp.com")';
    expect(logins(send(okta, 'get', '/api/v1/users', { search }))).toEqual(['jroe2@corp.com']);
  });

  it('filter returns DEPROVISIONED people that match', () => {
    const okta = rehire();
    const response = send(okta, 'get', '/api/v1/users', { filter: 'profile.login eq "jane.roe@corp.com"' });
    expect(json<UserBody[]>(response).map((u) => u.status)).toEqual(['DEPROVISIONED']);
  });

  it('search returns DEPROVISIONED people that match', () => {
    const okta = rehire();
    const response = send(okta, 'get', '/api/v1/users', { search: 'profile.login eq "jane.roe@corp.com"' });
    expect(json<UserBody[]>(response).map((u) => u.status)).toEqual(['DEPROVISIONED']);
  });

  it('a plain list leaves DEPROVISIONED people out', () => {
    const okta = rehire();
    expect(logins(send(okta, 'get', '/api/v1/users'))).not.toContain('jane.roe@corp.com');
  });

  it('q stays a prefix match', () => {
    const okta = rehire();
    okta.addUser({ login: 'janet@corp.com', firstName: 'Janet', lastName: 'Lee' });
    expect(logins(send(okta, 'get', '/api/v1/users', { q: 'jan' }))).toContain('janet@corp.com');
  });
});

describe('hidden factors', () => {
  it('GET factors leaves out a factor enrolled under another policy', () => {
    const okta = new FakeOkta();
    const user = okta.addUser();
    okta.enrollFactor(user.id, 'push');
    okta.enrollFactor(user.id, 'webauthn', { hiddenFromList: true });
    const listed = json<{ factorType: string }[]>(send(okta, 'get', `/api/v1/users/${user.id}/factors`));
    expect(listed.map((f) => f.factorType)).toEqual(['push']);
  });

  it('factorsOf shows hidden factors too', () => {
    const okta = new FakeOkta();
    const user = okta.addUser();
    okta.enrollFactor(user.id, 'webauthn', { hiddenFromList: true });
    expect(okta.factorsOf(user.id).map((f) => f.factorType)).toEqual(['webauthn']);
  });

  it('reset_factors clears hidden factors', () => {
    const okta = new FakeOkta();
    const user = okta.addUser();
    okta.enrollFactor(user.id, 'webauthn', { hiddenFromList: true });
    expect(send(okta, 'post', `/api/v1/users/${user.id}/lifecycle/reset_factors`).status).toBe(200);
    expect(okta.factorsOf(user.id)).toEqual([]);
  });

  it('factor bodies do not carry the fake-only hiddenFromList field', () => {
    const okta = new FakeOkta();
    const user = okta.addUser();
    okta.enrollFactor(user.id, 'push');
    const [factor] = json<Record<string, unknown>[]>(send(okta, 'get', `/api/v1/users/${user.id}/factors`));
    expect(factor).not.toHaveProperty('hiddenFromList');
  });
});

describe('admin roles', () => {
  function admins(): { okta: FakeOkta; userId: string; groupId: string } {
    const okta = new FakeOkta();
    const userId = okta.addUser().id;
    const groupId = okta.addGroup({ name: 'Help Desk Admins' }).id;
    okta.addToGroup(groupId, userId);
    okta.assignRole(userId, 'ORG_ADMIN');
    okta.assignGroupRole(groupId, 'HELP_DESK_ADMIN');
    return { okta, userId, groupId };
  }

  it('lists direct roles as USER and group roles as GROUP assignments', () => {
    const { okta, userId } = admins();
    const roles = json<RoleBody[]>(send(okta, 'get', `/api/v1/users/${userId}/roles`));
    expect(roles.map((r) => [r.type, r.assignmentType])).toEqual([
      ['ORG_ADMIN', 'USER'],
      ['HELP_DESK_ADMIN', 'GROUP'],
    ]);
  });

  it('shapes a role assignment as the spec does, with the assignee link', () => {
    const { okta, userId, groupId } = admins();
    const [direct, viaGroup] = json<RoleBody[]>(send(okta, 'get', `/api/v1/users/${userId}/roles`));
    expect(direct).toEqual({
      id: expect.stringMatching(/^ra1[0-9A-Za-z]{17}$/),
      type: 'ORG_ADMIN',
      label: 'Organization administrator',
      status: 'ACTIVE',
      created: expect.any(String),
      lastUpdated: expect.any(String),
      assignmentType: 'USER',
      _links: { assignee: { href: `${okta.orgUrl}/api/v1/users/${userId}` } },
    });
    expect(viaGroup?._links.assignee.href).toBe(`${okta.orgUrl}/api/v1/groups/${groupId}`);
  });

  it('unassigns a direct role with 204', () => {
    const { okta, userId } = admins();
    const roleId = okta.rolesOf(userId)[0]?.id ?? '';
    expect(send(okta, 'delete', `/api/v1/users/${userId}/roles/${roleId}`).status).toBe(204);
    expect(okta.rolesOf(userId).map((r) => r.type)).toEqual(['HELP_DESK_ADMIN']);
  });

  it('answers 404 E0000007 to unassigning a group-held role through the person, and keeps it', () => {
    const { okta, userId } = admins();
    const groupRole = okta.rolesOf(userId).find((r) => r.assignmentType === 'GROUP');
    const response = send(okta, 'delete', `/api/v1/users/${userId}/roles/${groupRole?.id ?? ''}`);
    expect(response.status).toBe(404);
    expect(json<ErrorBody>(response).errorCode).toBe('E0000007');
    expect(okta.rolesOf(userId).map((r) => r.type)).toContain('HELP_DESK_ADMIN');
  });

  it('a group role ends for the person when they leave the group', () => {
    const { okta, userId, groupId } = admins();
    expect(send(okta, 'delete', `/api/v1/groups/${groupId}/users/${userId}`).status).toBe(204);
    expect(okta.rolesOf(userId).map((r) => r.type)).toEqual(['ORG_ADMIN']);
  });

  it('lists a group’s roles', () => {
    const { okta, groupId } = admins();
    const roles = json<RoleBody[]>(send(okta, 'get', `/api/v1/groups/${groupId}/roles`));
    expect(roles.map((r) => r.type)).toEqual(['HELP_DESK_ADMIN']);
  });
});

describe('caller rights', () => {
  function adminGroup(callerSuperAdmin: boolean): { okta: FakeOkta; userId: string; groupId: string } {
    const okta = new FakeOkta({ callerSuperAdmin });
    const userId = okta.addUser().id;
    const groupId = okta.addGroup({ name: 'Help Desk Admins' }).id;
    okta.addToGroup(groupId, userId);
    okta.assignGroupRole(groupId, 'HELP_DESK_ADMIN');
    return { okta, userId, groupId };
  }

  it('refuses to remove a member of a group with an admin role with 403 E0000006 unless Super Administrator', () => {
    const { okta, userId, groupId } = adminGroup(false);
    const response = send(okta, 'delete', `/api/v1/groups/${groupId}/users/${userId}`);
    expect(response.status).toBe(403);
    expect(json<ErrorBody>(response)).toMatchObject({
      errorCode: 'E0000006',
      errorSummary: 'You do not have permission to perform the requested action',
    });
    expect(okta.groupsOf(userId).map((g) => g.id)).toContain(groupId);
  });

  it('lets a Super Administrator token remove that member (the default)', () => {
    const { okta, userId, groupId } = adminGroup(true);
    expect(send(okta, 'delete', `/api/v1/groups/${groupId}/users/${userId}`).status).toBe(204);
  });

  it('still removes members of groups without admin roles when not Super Administrator', () => {
    const okta = new FakeOkta({ callerSuperAdmin: false });
    const userId = okta.addUser().id;
    const groupId = okta.addGroup({ name: 'VPN' }).id;
    okta.addToGroup(groupId, userId);
    expect(send(okta, 'delete', `/api/v1/groups/${groupId}/users/${userId}`).status).toBe(204);
  });

  it('refuses to unassign SUPER_ADMIN with 403 unless Super Administrator, and setCallerSuperAdmin changes that', () => {
    const okta = new FakeOkta();
    okta.setCallerSuperAdmin(false);
    const userId = okta.addUser().id;
    const role = okta.assignRole(userId, 'SUPER_ADMIN');
    expect(send(okta, 'delete', `/api/v1/users/${userId}/roles/${role.id}`).status).toBe(403);
    okta.setCallerSuperAdmin(true);
    expect(send(okta, 'delete', `/api/v1/users/${userId}/roles/${role.id}`).status).toBe(204);
  });
});

describe('lost answers', () => {
  it('carries the request out, then answers status 0 with a network error', () => {
    const okta = new FakeOkta();
    const user = okta.addUser();
    okta.loseAnswerNext({ operation: 'deactivateUser' });
    const response = send(okta, 'post', `/api/v1/users/${user.id}/lifecycle/deactivate`);
    expect(response).toMatchObject({ status: 0, networkError: LOST_ANSWER_ERROR });
    expect(okta.user(user.id)?.status).toBe('DEPROVISIONED');
  });

  it('answers the retried deactivation 404, since the first one happened', () => {
    const okta = new FakeOkta();
    const user = okta.addUser();
    okta.loseAnswerNext({ operation: 'deactivateUser' });
    send(okta, 'post', `/api/v1/users/${user.id}/lifecycle/deactivate`);
    expect(send(okta, 'post', `/api/v1/users/${user.id}/lifecycle/deactivate`).status).toBe(404);
  });

  it('loses as many answers as asked, then answers again', () => {
    const okta = new FakeOkta();
    const user = okta.addUser();
    okta.loseAnswerNext({ operation: 'getUser' }, { times: 2 });
    const statuses = [1, 2, 3].map(() => send(okta, 'get', `/api/v1/users/${user.id}`).status);
    expect(statuses).toEqual([0, 0, 200]);
  });

  it('records what Okta did and that the answer was lost', () => {
    const okta = new FakeOkta();
    const user = okta.addUser();
    okta.clearRequests();
    okta.loseAnswerNext({ operation: 'suspendUser' });
    send(okta, 'post', `/api/v1/users/${user.id}/lifecycle/suspend`);
    expect(okta.requests[0]).toMatchObject({ operation: 'suspendUser', status: 200, answerLost: true });
  });
});

describe('concurrency limit', () => {
  function manyGets(okta: FakeOkta, n: number): ReturnType<typeof oktaRequest>[] {
    const id = okta.addUser().id;
    return Array.from({ length: n }, () => oktaRequest('get', `/api/v1/users/${id}`));
  }

  it('answers the requests past the limit in one fetchAll 429 E0000047 with Limit and Remaining 0', () => {
    const okta = new FakeOkta();
    okta.concurrencyLimit(3);
    const responses = okta.fetchAll(manyGets(okta, 5));
    expect(responses.map((r) => r.status)).toEqual([200, 200, 200, 429, 429]);
    const refused = responses[4] as HttpResponse;
    expect(json<ErrorBody>(refused).errorCode).toBe('E0000047');
    expect(refused.headers).toMatchObject({ 'x-rate-limit-limit': '0', 'x-rate-limit-remaining': '0' });
  });

  it('sends a reset (epoch seconds) a minute ahead on a concurrency 429', () => {
    const { okta, clock } = fakeWithClock();
    okta.concurrencyLimit(1);
    const refused = okta.fetchAll(manyGets(okta, 2))[1] as HttpResponse;
    expect(refused.headers['x-rate-limit-reset']).toBe(String(clock.now / 1000 + 60));
  });

  it('does not carry out the refused requests', () => {
    const okta = new FakeOkta();
    okta.concurrencyLimit(1);
    const a = okta.addUser().id;
    const b = okta.addUser().id;
    okta.fetchAll([a, b].map((id) => oktaRequest('post', `/api/v1/users/${id}/lifecycle/suspend`)));
    expect([okta.user(a)?.status, okta.user(b)?.status]).toEqual(['SUSPENDED', 'ACTIVE']);
  });

  it('allows 75 at once by default, as Okta orgs do', () => {
    const okta = new FakeOkta();
    const statuses = okta.fetchAll(manyGets(okta, 76)).map((r) => r.status);
    expect(statuses.filter((s) => s === 429)).toHaveLength(1);
  });

  it('records the peak number of requests in flight', () => {
    const okta = new FakeOkta();
    okta.fetchAll(manyGets(okta, 12));
    okta.fetchAll(manyGets(okta, 4));
    expect(okta.peakInFlight()).toBe(12);
  });
});

describe('user bodies', () => {
  it('say where the profile comes from in credentials.provider', () => {
    const okta = new FakeOkta();
    const id = okta.addUser({ provider: { type: 'ACTIVE_DIRECTORY', name: 'corp.example.com' } }).id;
    expect(json<UserBody>(send(okta, 'get', `/api/v1/users/${id}`)).credentials.provider).toEqual({
      type: 'ACTIVE_DIRECTORY',
      name: 'corp.example.com',
    });
  });

  it('default to a profile mastered by Okta', () => {
    const okta = new FakeOkta();
    const id = okta.addUser().id;
    expect(json<UserBody>(send(okta, 'get', `/api/v1/users/${id}`)).credentials.provider).toEqual({
      type: 'OKTA',
      name: 'OKTA',
    });
  });

  it('give appLinks every field of the spec’s AssignedAppLink', () => {
    const okta = new FakeOkta();
    const id = okta.addUser().id;
    okta.assign(okta.addApp({ label: 'Slack' }).id, id);
    const [link] = json<Record<string, unknown>[]>(send(okta, 'get', `/api/v1/users/${id}/appLinks`));
    expect(Object.keys(link ?? {}).sort()).toEqual(
      [
        'appAssignmentId',
        'appInstanceId',
        'appName',
        'credentialsSetup',
        'hidden',
        'id',
        'label',
        'linkUrl',
        'logoUrl',
        'sortOrder',
      ].sort(),
    );
  });
});

describe('rate-limit families and request ids', () => {
  it('counts getting a person apart from writes on their subresources', () => {
    const okta = new FakeOkta();
    const id = okta.addUser().id;
    okta.rateLimit({ limit: 1, windowSeconds: 60, family: 'user' });
    send(okta, 'get', `/api/v1/users/${id}`);
    expect(send(okta, 'get', `/api/v1/users/${id}`).status).toBe(429);
    expect(send(okta, 'post', `/api/v1/users/${id}/lifecycle/suspend`).status).toBe(200);
  });

  it('limits writes on a person’s subresources in their own family', () => {
    const okta = new FakeOkta();
    const id = okta.addUser().id;
    okta.rateLimit({ limit: 1, windowSeconds: 60, family: 'userResources' });
    send(okta, 'delete', `/api/v1/users/${id}/sessions`);
    expect(send(okta, 'post', `/api/v1/users/${id}/lifecycle/suspend`).status).toBe(429);
    expect(send(okta, 'get', `/api/v1/users/${id}`).status).toBe(200);
  });

  it('gives every answer its own X-Okta-Request-Id, errors included', () => {
    const okta = new FakeOkta();
    const answers = [
      send(okta, 'get', '/api/v1/users/me'),
      send(okta, 'get', '/api/v1/users/me'),
      send(okta, 'get', '/api/v1/users/nobody'),
    ];
    const ids = answers.map((r) => r.headers['x-okta-request-id']);
    expect(ids.every((i) => typeof i === 'string' && i.length >= 20)).toBe(true);
    expect(new Set(ids).size).toBe(3);
  });
});

describe('deactivated people', () => {
  it('answers 404 E0000007 to deactivating a DEPROVISIONED person', () => {
    const okta = new FakeOkta();
    const id = okta.addUser({ status: 'DEPROVISIONED' }).id;
    const response = send(okta, 'post', `/api/v1/users/${id}/lifecycle/deactivate`);
    expect([response.status, json<ErrorBody>(response).errorCode]).toEqual([404, 'E0000007']);
  });
});

describe('the demo directory', () => {
  it('gives Jane a direct admin role and one through an admin group', () => {
    const okta = new FakeOkta();
    const { people } = seedDemoDirectory(okta);
    expect(okta.rolesOf(people.jane.id).map((r) => [r.type, r.assignmentType])).toEqual([
      ['APP_ADMIN', 'USER'],
      ['HELP_DESK_ADMIN', 'GROUP'],
    ]);
  });

  it('has John mastered by Active Directory', () => {
    const okta = new FakeOkta();
    const { people } = seedDemoDirectory(okta);
    expect(okta.user(people.john.id)?.credentials.provider.type).toBe('ACTIVE_DIRECTORY');
  });

  it('has Mei with a factor that GET factors does not list', () => {
    const okta = new FakeOkta();
    const { people } = seedDemoDirectory(okta);
    const listed = json<unknown[]>(send(okta, 'get', `/api/v1/users/${people.mei.id}/factors`));
    expect([listed.length, okta.factorsOf(people.mei.id).length]).toEqual([0, 1]);
  });

  it('gives Jane more than ten apps', () => {
    const okta = new FakeOkta();
    const { people } = seedDemoDirectory(okta);
    expect(okta.appsOf(people.jane.id).length).toBeGreaterThan(10);
  });
});

describe('activateUser (a rehire’s deactivated account comes back)', () => {
  function deactivated() {
    const okta = new FakeOkta();
    const user = okta.addUser({ login: 'rehire@example.com' });
    send(okta, 'post', `/api/v1/users/${user.id}/lifecycle/deactivate`);
    return { okta, user };
  }

  it('makes a DEPROVISIONED user ACTIVE', () => {
    const { okta, user } = deactivated();
    const r = send(okta, 'post', `/api/v1/users/${user.id}/lifecycle/activate`, { sendEmail: 'false' });
    expect([r.status, okta.user(user.id)?.status]).toEqual([200, 'ACTIVE']);
  });

  it('answers sendEmail=false with the activation link', () => {
    const { okta, user } = deactivated();
    const r = send(okta, 'post', `/api/v1/users/${user.id}/lifecycle/activate`, { sendEmail: 'false' });
    expect(Object.keys(json<object>(r)).sort()).toEqual(['activationToken', 'activationUrl']);
  });

  it('refuses an ACTIVE user with 403 and an Okta error body', () => {
    const okta = new FakeOkta();
    const user = okta.addUser({ login: 'active@example.com' });
    const r = send(okta, 'post', `/api/v1/users/${user.id}/lifecycle/activate`);
    expect([r.status, json<ErrorBody>(r).errorCode]).toEqual([403, 'E0000016']);
  });
});
