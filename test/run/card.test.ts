// The confirmation card shows what is at stake: admin roles, apps, groups and where the profile is mastered.

import type { AccessAtStake } from '../../src/okta/access';
import type { OktaUser } from '../../src/okta/types';
import { confirmationCard } from '../../src/run/present';
import { nodeCrypto } from '../fakes/services';
import { aRun } from '../fixtures/runs';

const signer = { crypto: nodeCrypto, secret: 'test-signing-secret' };

function jane(provider?: { type: string; name: string }): OktaUser {
  return {
    id: '00u1janedoe',
    status: 'ACTIVE',
    profile: { login: 'jane.doe@example.com', email: 'jane.doe@example.com' },
    ...(provider ? { credentials: { provider } } : {}),
  };
}

const helpDesk = { id: '00gHELP', type: 'OKTA_GROUP' as const, profile: { name: 'Okta Help Desk Admins' } };
const eng = { id: '00gENG', type: 'OKTA_GROUP' as const, profile: { name: 'Engineering' } };

const ACCESS: AccessAtStake = {
  roles: [
    { id: 'ra1', name: 'Organization Administrator', type: 'ORG_ADMIN', assignmentType: 'USER' },
    {
      id: 'ra2',
      name: 'Help Desk Administrator',
      type: 'HELP_DESK_ADMIN',
      assignmentType: 'GROUP',
      groupId: '00gHELP',
    },
  ],
  apps: [
    { id: '0oa1', name: 'Salesforce' },
    { id: '0oa2', name: 'GitHub' },
    { id: '0oa3', name: 'Slack' },
  ],
  groups: [helpDesk, eng],
};

/** Every mrkdwn text of the card, joined. */
function cardText(user: OktaUser, access: AccessAtStake = ACCESS): string {
  return JSON.stringify(confirmationCard(aRun(), { user, access }, signer));
}

describe('the confirmation card', () => {
  it('names the admin roles, with the group a role comes through', () => {
    expect(cardText(jane())).toContain(
      '*Admin roles*\\nOrganization Administrator, Help Desk Administrator (through Okta Help Desk Admins)',
    );
  });

  it('counts the apps and the groups', () => {
    const text = cardText(jane());
    expect([text.includes('*Apps*\\n3'), text.includes('*Groups*\\n2')]).toEqual([true, true]);
  });

  it('says none when the person holds no admin role', () => {
    expect(cardText(jane(), { ...ACCESS, roles: [] })).toContain('*Admin roles*\\nnone');
  });

  it('says what could not be read instead of guessing', () => {
    expect(cardText(jane(), { roles: null, apps: null, groups: null })).toContain(
      '*Apps*\\n_could not read_',
    );
  });

  it('shows the profile source, OKTA when Okta says nothing', () => {
    expect(cardText(jane())).toContain('*Profile source*\\nOKTA');
  });

  it('warns that a directory-mastered account must be disabled at its source too', () => {
    const text = cardText(jane({ type: 'ACTIVE_DIRECTORY', name: 'corp.example.com' }));
    expect(text).toContain('*Profile source*\\nACTIVE_DIRECTORY (corp.example.com)');
    expect(text).toMatch(/Disable it there too, or the next import may reactivate it/);
  });

  it('gives no source warning for an Okta-mastered account', () => {
    expect(cardText(jane({ type: 'OKTA', name: 'OKTA' }))).not.toMatch(/next import/);
  });

  it('escapes role and group names that carry Slack markup', () => {
    const text = cardText(jane(), {
      ...ACCESS,
      roles: [{ id: 'r', name: '<!channel> Admin', type: 'CUSTOM', assignmentType: 'USER' }],
    });
    expect([text.includes('<!channel>'), text.includes('&lt;!channel&gt; Admin')]).toEqual([false, true]);
  });
});
