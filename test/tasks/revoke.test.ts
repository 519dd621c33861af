// Revoke Grants, Reset Factors and Remove Groups against a fake Okta org.

import { removeGroupsTask } from '../../src/tasks/removeGroups';
import { resetFactorsTask } from '../../src/tasks/resetFactors';
import { revokeGrantsTask } from '../../src/tasks/revokeGrants';
import { fakeOrg, oktaUser } from '../okta/helpers';
import { runAndRecord, runTask } from './helpers';

describe('revoke grants', () => {
  it('revokes every OAuth grant', () => {
    const { okta, client } = fakeOrg();
    const jane = okta.addUser();
    okta.addGrant(jane.id);
    okta.addGrant(jane.id);
    expect(runTask(client, revokeGrantsTask, jane)).toMatchObject({ kind: 'done' });
    expect(okta.grantsOf(jane.id)).toEqual([]);
  });

  it('is safe to run twice', () => {
    const { okta, client } = fakeOrg();
    const jane = okta.addUser();
    runTask(client, revokeGrantsTask, jane);
    expect(runTask(client, revokeGrantsTask, jane)).toMatchObject({ kind: 'done' });
  });

  it('fails permanently when the token may not do it', () => {
    const { okta, client } = fakeOrg();
    const jane = okta.addUser();
    okta.failNext({ operation: 'revokeUserGrants' }, { status: 403, errorCode: 'E0000006' });
    expect(runTask(client, revokeGrantsTask, jane)).toMatchObject({
      kind: 'failed',
      transient: false,
      code: 'OKTA_FORBIDDEN',
    });
  });
});

describe('reset factors', () => {
  it('resets enrolled factors and says how many', () => {
    const { okta, client } = fakeOrg();
    const jane = okta.addUser();
    okta.enrollFactor(jane.id, 'push');
    okta.enrollFactor(jane.id, 'sms');
    expect(runTask(client, resetFactorsTask, jane)).toMatchObject({
      kind: 'done',
      detail: 'Reset 2 MFA factors.',
      data: { factorsReset: 2 },
    });
    expect(okta.factorsOf(jane.id)).toEqual([]);
  });

  it('reports already done, without resetting, when no factor is enrolled', () => {
    const { okta, client } = fakeOrg();
    const jane = okta.addUser();
    okta.clearRequests();
    expect(runTask(client, resetFactorsTask, jane)).toMatchObject({ kind: 'already_done' });
    expect(okta.requests.map((r) => r.operation)).toEqual(['listFactors']);
  });

  it('reports already done when run a second time', () => {
    const { okta, client } = fakeOrg();
    const jane = okta.addUser();
    okta.enrollFactor(jane.id, 'push');
    runTask(client, resetFactorsTask, jane);
    expect(runTask(client, resetFactorsTask, jane)).toMatchObject({ kind: 'already_done' });
  });

  it('fails permanently when the Okta user no longer exists', () => {
    const { client } = fakeOrg();
    expect(runTask(client, resetFactorsTask, oktaUser({ id: '00uGONE' }))).toMatchObject({
      kind: 'failed',
      code: 'TARGET_NOT_FOUND',
    });
  });
});

describe('remove groups', () => {
  function janeInGroups() {
    const org = fakeOrg();
    const jane = org.okta.addUser({ login: 'jane@corp.com' });
    const engineering = org.okta.addGroup({ name: 'Engineering' });
    const vpn = org.okta.addGroup({ name: 'VPN Users' });
    const ad = org.okta.addGroup({ name: 'AD Staff', type: 'APP_GROUP' });
    for (const g of [engineering, vpn, ad]) org.okta.addToGroup(g.id, jane.id);
    return { ...org, jane, engineering, vpn, ad };
  }

  it('removes the person from every Okta group', () => {
    const { okta, client, jane } = janeInGroups();
    expect(runTask(client, removeGroupsTask, jane)).toMatchObject({
      kind: 'done',
      detail: expect.stringContaining('2 groups'),
    });
    expect(
      okta
        .groupsOf(jane.id)
        .map((g) => g.type)
        .sort(),
    ).toEqual(['APP_GROUP', 'BUILT_IN']);
  });

  it('records which groups were removed', () => {
    const { client, jane, engineering, vpn } = janeInGroups();
    const outcome = runTask(client, removeGroupsTask, jane);
    expect(outcome.details?.filter((d) => d.kind === 'group removed')).toEqual([
      { kind: 'group removed', oktaId: engineering.id, name: 'Engineering' },
      { kind: 'group removed', oktaId: vpn.id, name: 'VPN Users' },
    ]);
  });

  it('keeps built-in and app-imported groups, with the reason', () => {
    const { okta, client, jane, ad } = janeInGroups();
    const kept = runTask(client, removeGroupsTask, jane).details?.filter((d) => d.kind === 'group kept');
    expect(kept).toEqual([
      {
        kind: 'group kept',
        oktaId: okta.everyoneGroupId,
        name: 'Everyone',
        note: expect.stringMatching(/built-in/),
      },
      {
        kind: 'group kept',
        oktaId: ad.id,
        name: 'AD Staff',
        note: expect.stringMatching(/imported from an app/),
      },
    ]);
  });

  it('sends every removal in one round', () => {
    const { http, client, jane } = janeInGroups();
    runTask(client, removeGroupsTask, jane);
    expect(http.batches.map((b) => b.map((r) => r.method))).toEqual([['get'], ['delete', 'delete']]);
  });

  it('reads groups across several pages', () => {
    const { okta, client, jane } = janeInGroups();
    okta.setPageSize(1);
    runTask(client, removeGroupsTask, jane);
    expect(okta.groupsOf(jane.id).filter((g) => g.type === 'OKTA_GROUP')).toEqual([]);
  });

  it("keeps a group Okta refuses to change, with Okta's reason", () => {
    const { okta, client, jane, vpn } = janeInGroups();
    okta.failNext(
      { operation: 'unassignUserFromGroup', path: new RegExp(vpn.id) },
      { status: 403, errorCode: 'E0000006', errorSummary: 'Group rule owns this membership' },
    );
    const outcome = runTask(client, removeGroupsTask, jane);
    expect(outcome.kind).toBe('done');
    expect(outcome.details).toContainEqual({
      kind: 'group kept',
      oktaId: vpn.id,
      name: 'VPN Users',
      note: 'Okta refused: Group rule owns this membership',
    });
  });

  it('reports already done when run a second time, naming no group as removed again', () => {
    const { client, jane } = janeInGroups();
    const runData: Record<string, unknown> = {};
    runAndRecord(client, removeGroupsTask, jane, runData);
    const again = runAndRecord(client, removeGroupsTask, jane, runData);
    expect([again.kind, again.details?.filter((d) => d.kind === 'group removed')]).toEqual([
      'already_done',
      [],
    ]);
  });

  it('on a partial failure, fails with what it did remove', () => {
    const { okta, client, jane, engineering, vpn } = janeInGroups();
    okta.failNext(
      { operation: 'unassignUserFromGroup', path: new RegExp(vpn.id) },
      { status: 503, times: 3 },
    );
    const outcome = runTask(client, removeGroupsTask, jane);
    expect(outcome).toMatchObject({
      kind: 'failed',
      transient: true,
      code: 'OKTA_SERVER',
      message: expect.stringContaining('VPN Users'),
    });
    expect(outcome.details?.filter((d) => d.kind === 'group removed')).toEqual([
      { kind: 'group removed', oktaId: engineering.id, name: 'Engineering' },
    ]);
  });

  it('on retry after a partial failure, names only the group that attempt removed', () => {
    const { okta, client, jane, vpn } = janeInGroups();
    okta.failNext(
      { operation: 'unassignUserFromGroup', path: new RegExp(vpn.id) },
      { status: 503, times: 3 },
    );
    const runData: Record<string, unknown> = {};
    runAndRecord(client, removeGroupsTask, jane, runData);
    const retry = runAndRecord(client, removeGroupsTask, jane, runData);
    expect([retry.kind, retry.details?.filter((d) => d.kind === 'group removed')]).toEqual([
      'done',
      [{ kind: 'group removed', oktaId: vpn.id, name: 'VPN Users' }],
    ]);
  });

  it('reports already done when only unchangeable groups are left', () => {
    const { okta, client } = fakeOrg();
    const jane = okta.addUser();
    expect(runTask(client, removeGroupsTask, jane)).toMatchObject({
      kind: 'already_done',
      data: { groupsRemoved: 0 },
    });
  });

  it('fails permanently when the Okta user no longer exists', () => {
    const { client } = fakeOrg();
    expect(runTask(client, removeGroupsTask, oktaUser({ id: '00uGONE' }))).toMatchObject({
      kind: 'failed',
      code: 'TARGET_NOT_FOUND',
    });
  });
});
