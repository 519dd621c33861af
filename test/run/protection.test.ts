// Protected accounts, decided from the card's one Okta round: the credential's own user, Protected Okta
// Groups, Okta admins (an Offboard admin may go on, with approval), and refusal when Okta did not answer.

import type { AccessAtStake, RoleHeld } from '../../src/okta/access';
import type { OktaGroup, OktaUser } from '../../src/okta/types';
import { checkProtection, type ProtectionFacts } from '../../src/run/protection';

const JANE: OktaUser = {
  id: '00ujane',
  status: 'ACTIVE',
  profile: { login: 'jane.doe@example.com', email: 'jane.doe@example.com' },
};

const group = (name: string): OktaGroup =>
  ({ id: `00g${name}`, type: 'OKTA_GROUP', profile: { name } }) as OktaGroup;
const role = (name: string): RoleHeld => ({ id: 'ra1', name, type: 'ORG_ADMIN', assignmentType: 'USER' });

function facts(over: Partial<ProtectionFacts> = {}, access: Partial<AccessAtStake> = {}): ProtectionFacts {
  return {
    user: JANE,
    access: { roles: [], apps: [], groups: [group('Engineering')], ...access },
    self: { id: '00uadmin', login: 'okta.admin@example.com' },
    protectedGroups: [],
    requesterRole: 'requester',
    ...over,
  };
}

describe('checkProtection', () => {
  it('allows a person with no admin role and no protected group', () => {
    expect(checkProtection(facts())).toEqual({ kind: 'allowed' });
  });

  it('protects the Okta user the API token acts as, by id', () => {
    expect(checkProtection(facts({ self: { id: '00ujane', login: 'x' } }))).toMatchObject({
      kind: 'protected',
      reason: 'api-account',
    });
  });

  it('protects the Okta user the API token acts as, by login in any case', () => {
    expect(checkProtection(facts({ self: { id: 'other', login: 'JANE.DOE@example.com' } }))).toMatchObject({
      reason: 'api-account',
    });
  });

  it('protects the API account even from an Offboard admin', () => {
    const f = facts({ self: { id: '00ujane', login: 'x' }, requesterRole: 'admin' });
    expect(checkProtection(f).kind).toBe('protected');
  });

  it('has no API account to protect in OAuth mode and allows the person', () => {
    expect(checkProtection(facts({ self: undefined }))).toEqual({ kind: 'allowed' });
  });

  it('refuses as unchecked when GET /users/me failed', () => {
    expect(checkProtection(facts({ self: null }))).toMatchObject({ kind: 'unchecked' });
  });

  it('protects a member of a Protected Okta Group, naming the group', () => {
    const p = checkProtection(facts({ protectedGroups: ['engineering'] }));
    expect(p).toMatchObject({ kind: 'protected', reason: 'protected-group' });
    expect(p.kind === 'protected' && p.why).toContain('Engineering');
  });

  it('protects a Protected Okta Group member even from an Offboard admin', () => {
    expect(checkProtection(facts({ protectedGroups: ['Engineering'], requesterRole: 'admin' })).kind).toBe(
      'protected',
    );
  });

  it('refuses as unchecked when the groups could not be read and protected groups are set', () => {
    expect(checkProtection(facts({ protectedGroups: ['VIP'] }, { groups: null }))).toEqual({
      kind: 'unchecked',
      missing: 'their Okta groups',
    });
  });

  it('does not need the groups when no protected group is set', () => {
    expect(checkProtection(facts({}, { groups: null })).kind).toBe('allowed');
  });

  it('protects an Okta admin from a requester, naming the role', () => {
    const p = checkProtection(facts({}, { roles: [role('Super Administrator')] }));
    expect(p).toMatchObject({ kind: 'protected', reason: 'admin-role' });
    expect(p.kind === 'protected' && p.why).toContain('Super Administrator');
  });

  it('protects an Okta admin from an approver', () => {
    const p = checkProtection(facts({ requesterRole: 'approver' }, { roles: [role('Org Administrator')] }));
    expect(p.kind).toBe('protected');
  });

  it('lets an Offboard admin go on with an Okta admin, needing approval', () => {
    const p = checkProtection(facts({ requesterRole: 'admin' }, { roles: [role('Org Administrator')] }));
    expect(p).toEqual({ kind: 'allowed', needsApproval: 'admin-target' });
  });

  it('refuses as unchecked when the roles could not be read', () => {
    expect(checkProtection(facts({}, { roles: null }))).toEqual({
      kind: 'unchecked',
      missing: 'their Okta admin roles',
    });
  });
});
