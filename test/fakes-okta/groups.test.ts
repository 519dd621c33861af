// Group membership rules in the fake: only OKTA_GROUP memberships can be removed, as in Okta.

import { FakeOkta, type GroupType } from '../../fakes/okta/fakeOkta';
import { json, send, type ErrorBody } from './helpers';

function memberOf(type: GroupType): { okta: FakeOkta; userId: string; groupId: string } {
  const okta = new FakeOkta();
  const userId = okta.addUser({ login: 'jane@example.com' }).id;
  const groupId = type === 'BUILT_IN' ? okta.everyoneGroupId : okta.addGroup({ name: 'G', type }).id;
  if (type !== 'BUILT_IN') okta.addToGroup(groupId, userId);
  return { okta, userId, groupId };
}

describe('DELETE /api/v1/groups/{groupId}/users/{userId}', () => {
  it('removes an OKTA_GROUP membership with 204', () => {
    const { okta, userId, groupId } = memberOf('OKTA_GROUP');
    const response = send(okta, 'delete', `/api/v1/groups/${groupId}/users/${userId}`);
    expect([response.status, response.body]).toEqual([204, '']);
    expect(okta.groupsOf(userId).map((g) => g.id)).not.toContain(groupId);
  });

  it.each<GroupType>(['BUILT_IN', 'APP_GROUP'])(
    'refuses a %s group with 403 E0000006 and keeps the member',
    (type) => {
      const { okta, userId, groupId } = memberOf(type);
      const response = send(okta, 'delete', `/api/v1/groups/${groupId}/users/${userId}`);
      const body = json<ErrorBody>(response);
      expect(response.status).toBe(403);
      expect(body.errorCode).toBe('E0000006');
      expect(body.errorSummary).toBe('You do not have permission to perform the requested action');
      expect(okta.groupsOf(userId).map((g) => g.id)).toContain(groupId);
    },
  );

  it('answers 204 again when the person already left the group', () => {
    const { okta, userId, groupId } = memberOf('OKTA_GROUP');
    send(okta, 'delete', `/api/v1/groups/${groupId}/users/${userId}`);
    expect(send(okta, 'delete', `/api/v1/groups/${groupId}/users/${userId}`).status).toBe(204);
  });

  it('answers 404 for an unknown group', () => {
    const { okta, userId } = memberOf('OKTA_GROUP');
    const response = send(okta, 'delete', `/api/v1/groups/00gNothing/users/${userId}`);
    expect(response.status).toBe(404);
    expect(json<ErrorBody>(response).errorSummary).toContain('00gNothing');
  });
});

describe('GET /api/v1/users/{id}/groups', () => {
  it('lists Everyone for every person, with each group type', () => {
    const { okta, userId } = memberOf('APP_GROUP');
    const groups = json<{ type: string; profile: { name: string } }[]>(
      send(okta, 'get', `/api/v1/users/${userId}/groups`),
    );
    expect(groups.map((g) => [g.profile.name, g.type])).toEqual([
      ['Everyone', 'BUILT_IN'],
      ['G', 'APP_GROUP'],
    ]);
  });
});

describe('apps', () => {
  it('lists direct and group-granted apps as appLinks', () => {
    const okta = new FakeOkta();
    const userId = okta.addUser({ login: 'jane@example.com' }).id;
    const sales = okta.addGroup({ name: 'Salesforce Users', type: 'APP_GROUP' });
    okta.addToGroup(sales.id, userId);
    const salesforce = okta.addApp({ label: 'Salesforce' });
    okta.assignGroup(salesforce.id, sales.id);
    const zoom = okta.addApp({ label: 'Zoom' });
    okta.assign(zoom.id, userId);
    const links = json<{ label: string; appInstanceId: string }[]>(
      send(okta, 'get', `/api/v1/users/${userId}/appLinks`),
    );
    expect(links.map((l) => l.label)).toEqual(['Salesforce', 'Zoom']);
  });

  it('refuses to unassign an app a group grants, with 403', () => {
    const okta = new FakeOkta();
    const userId = okta.addUser({ login: 'jane@example.com' }).id;
    const group = okta.addGroup({ name: 'Engineering' });
    okta.addToGroup(group.id, userId);
    const app = okta.addApp({ label: 'GitHub' });
    okta.assignGroup(app.id, group.id);
    expect(send(okta, 'delete', `/api/v1/apps/${app.id}/users/${userId}`).status).toBe(403);
    expect(okta.appsOf(userId)).toHaveLength(1);
  });
});
