// A task whose Okta call lacks an OAuth scope fails naming the scope (the run pauses), rather than
// counting the group as one Okta "does not let us change".

import type { OktaUser } from '../../src/okta/types';
import { removeGroupsTask } from '../../src/tasks/removeGroups';
import { suspendTask } from '../../src/tasks/suspend';
import { oauthWorld } from '../okta/oauthHelpers';
import { runTask } from './helpers';

function setup() {
  const w = oauthWorld({ grantedScopes: ['okta.users.read', 'okta.users.manage'] });
  const person = w.okta.addUser({ login: 'jane@example.com' });
  const vpn = w.okta.addGroup({ name: 'VPN' });
  w.okta.addToGroup(vpn.id, person.id);
  const client = w.client({ scopes: () => ['okta.users.read', 'okta.users.manage'] });
  return { w, client, user: person as unknown as OktaUser };
}

describe('a missing OAuth scope', () => {
  it('fails Remove Groups with OKTA_MISSING_SCOPE and a message naming okta.groups.manage', () => {
    const { client, user } = setup();
    const outcome = runTask(client, removeGroupsTask, user);
    expect(outcome.kind === 'failed' ? [outcome.code, outcome.transient] : outcome.kind).toEqual([
      'OKTA_MISSING_SCOPE',
      false,
    ]);
    expect(outcome.kind === 'failed' ? outcome.message : '').toContain('okta.groups.manage');
  });

  it('does not stop a task whose scope was granted', () => {
    const { client, user } = setup();
    expect(runTask(client, suspendTask, user).kind).toBe('done');
  });
});
