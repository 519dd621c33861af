// readAccess: the card's roles, apps and groups in one round; a failed read is "unknown", never a refusal.

import { readAccess, rolesOf } from '../../src/okta/access';
import { fakeOrg } from './helpers';

describe('readAccess', () => {
  it('reads roles, apps and groups in one fetchAll of three', () => {
    const { okta, http, client } = fakeOrg();
    const jane = okta.addUser();
    readAccess(client, jane.id);
    expect(http.batches.map((b) => b.length)).toEqual([3]);
  });

  it('marks only the list Okta refused as unknown', () => {
    const { okta, client } = fakeOrg();
    const jane = okta.addUser();
    okta.assign(okta.addApp({ label: 'GitHub' }).id, jane.id);
    okta.failNext({ operation: 'listAssignedRolesForUser' }, { status: 403 });
    const access = readAccess(client, jane.id);
    expect({
      roles: access.roles,
      apps: access.apps?.map((a) => a.name),
      groups: access.groups?.length,
    }).toEqual({
      roles: null,
      apps: ['GitHub'],
      groups: 1,
    });
  });
});

describe('rolesOf', () => {
  it('takes the group of a GROUP assignment from its assignee link', () => {
    expect(
      rolesOf([
        {
          id: 'ra1',
          type: 'HELP_DESK_ADMIN',
          label: 'Help Desk Administrator',
          assignmentType: 'GROUP',
          _links: { assignee: { href: 'https://acme.okta.com/api/v1/groups/00g123' } },
        },
      ]),
    ).toEqual([
      {
        id: 'ra1',
        name: 'Help Desk Administrator',
        type: 'HELP_DESK_ADMIN',
        assignmentType: 'GROUP',
        groupId: '00g123',
      },
    ]);
  });

  it('is null for an answer that is not a list', () => {
    expect(rolesOf({ errorCode: 'E0000006' })).toBeNull();
  });
});
