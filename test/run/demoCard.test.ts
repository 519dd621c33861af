// The confirmation card over the seeded demo directory, read the way /offboard reads it (the lookup, then
// roles, apps and groups in one round): what is at stake shows for the seeded people.

import { seedDemoDirectory } from '../../fakes/okta/seed';
import { readAccess } from '../../src/okta/access';
import { findTarget } from '../../src/okta/findUser';
import { confirmationCard } from '../../src/run/present';
import { nodeCrypto } from '../fakes/services';
import { fakeOrg } from '../okta/helpers';
import { aRun } from '../fixtures/runs';

function demoCard(login: string): string {
  const { okta, client } = fakeOrg();
  seedDemoDirectory(okta);
  const found = findTarget(client, { kind: 'email', email: login });
  if (!found.ok) throw found.error;
  const access = readAccess(client, found.user.id);
  return JSON.stringify(
    confirmationCard(aRun(), { user: found.user, access }, { crypto: nodeCrypto, secret: 's' }),
  );
}

describe('the demo confirmation card', () => {
  it("shows Jane's direct and group admin roles", () => {
    expect(demoCard('jane.doe@example.com')).toMatch(
      /\*Admin roles\*\\nApplication administrator, Help Desk administrator \(through Okta Help Desk Admins\)/i,
    );
  });

  it("counts Jane's apps and groups", () => {
    expect(demoCard('jane.doe@example.com')).toMatch(/\*Apps\*\\n\d{2}".*\*Groups\*\\n\d"/);
  });

  it("shows John's profile source, Active Directory, and warns it must be disabled there too", () => {
    const card = demoCard('john.smith@example.com');
    expect(card).toContain('*Profile source*\\nACTIVE_DIRECTORY (corp.example.com)');
    expect(card).toContain('or the next import may reactivate it');
  });

  it('says none for a seeded person without admin roles', () => {
    expect(demoCard('janet.lee@example.com')).toContain('*Admin roles*\\nnone');
  });
});
