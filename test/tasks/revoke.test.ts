// Revoke Grants, Reset Factors and Remove Groups against a fake Okta org.

import { removeGroupsTask } from '../../src/tasks/removeGroups';
import { resetFactorsTask } from '../../src/tasks/resetFactors';
import { revokeGrantsTask } from '../../src/tasks/revokeGrants';
import { driveTasks } from '../../src/tasks/drive';
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

  it('fails permanently, saying how many grants Okta still lists, when the token may not do it', () => {
    const { okta, client } = fakeOrg();
    const jane = okta.addUser();
    okta.addGrant(jane.id);
    okta.failNext({ operation: 'revokeUserGrants' }, { status: 403, errorCode: 'E0000006' });
    expect(runTask(client, revokeGrantsTask, jane)).toMatchObject({
      kind: 'failed',
      transient: false,
      code: 'OKTA_FORBIDDEN',
      message: expect.stringContaining('still lists 1 grant'),
    });
  });

  it('verifies by listing the grants after revoking, and says so', () => {
    const { okta, client } = fakeOrg();
    const jane = okta.addUser();
    okta.addGrant(jane.id);
    const outcome = runTask(client, revokeGrantsTask, jane, { accessBefore: {} });
    expect(okta.requests.map((r) => r.operation)).toEqual(['revokeUserGrants', 'listUserGrants']);
    expect(outcome).toMatchObject({
      kind: 'done',
      detail: expect.stringMatching(/lists none now \(read back\)/),
    });
  });

  it('never claims done when Okta keeps answering 500 and still lists a grant', () => {
    const { okta, client } = fakeOrg();
    const jane = okta.addUser();
    okta.addGrant(jane.id);
    okta.failNext({ operation: 'revokeUserGrants' }, { status: 500, times: 3 });
    const outcome = runTask(client, revokeGrantsTask, jane, { accessBefore: {} });
    expect(outcome).toMatchObject({ kind: 'failed', transient: true });
    expect(okta.grantsOf(jane.id)).toHaveLength(1);
  });
});

describe('reset factors', () => {
  it('resets enrolled factors and says Okta lists none now', () => {
    const { okta, client } = fakeOrg();
    const jane = okta.addUser();
    okta.enrollFactor(jane.id, 'push');
    okta.enrollFactor(jane.id, 'sms');
    expect(runTask(client, resetFactorsTask, jane)).toMatchObject({
      kind: 'done',
      detail: expect.stringMatching(/^Factors reset; Okta lists none now/),
    });
    expect(okta.factorsOf(jane.id)).toEqual([]);
  });

  it('sends reset_factors even when Okta lists no factor, then lists them to verify', () => {
    const { okta, client } = fakeOrg();
    const jane = okta.addUser();
    okta.clearRequests();
    expect(runTask(client, resetFactorsTask, jane, { accessBefore: {} })).toMatchObject({ kind: 'done' });
    expect(okta.requests.map((r) => r.operation)).toEqual(['resetFactors', 'listFactors']);
  });

  it('sends reset_factors again when its first answer is lost, and ends done', () => {
    const { okta, client } = fakeOrg();
    const jane = okta.addUser();
    okta.enrollFactor(jane.id, 'push');
    okta.loseAnswerNext({ operation: 'resetFactors' }, { times: 1 });
    expect(runTask(client, resetFactorsTask, jane, { accessBefore: {} })).toMatchObject({
      kind: 'done',
      detail: expect.stringContaining('sent again'),
    });
    expect(okta.factorsOf(jane.id)).toEqual([]);
  });

  it('fails, saying factors may remain, when Okta refuses the reset', () => {
    const { okta, client } = fakeOrg();
    const jane = okta.addUser();
    okta.enrollFactor(jane.id, 'push');
    okta.failNext({ operation: 'resetFactors' }, { status: 403 });
    expect(runTask(client, resetFactorsTask, jane)).toMatchObject({
      kind: 'failed',
      code: 'OKTA_FORBIDDEN',
      message: expect.stringContaining('may still be enrolled'),
    });
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

  it('records which groups were removed (bounded) and how many', () => {
    const { client, jane, engineering, vpn } = janeInGroups();
    const outcome = runTask(client, removeGroupsTask, jane);
    expect(outcome.data).toMatchObject({
      removedGroups: [
        { id: engineering.id, name: 'Engineering' },
        { id: vpn.id, name: 'VPN Users' },
      ],
      removedGroupCount: 2,
    });
  });

  it('keeps built-in and app-imported groups, with the reason, in its details', () => {
    const { okta, client, jane, ad } = janeInGroups();
    const kept = runTask(client, removeGroupsTask, jane).details!.filter((d) => d.kind === 'group kept');
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

  it('lists, removes in one round, then re-lists to verify', () => {
    const { http, client, jane } = janeInGroups();
    runTask(client, removeGroupsTask, jane, { accessBefore: {} });
    expect(http.batches.map((b) => b.map((r) => r.method))).toEqual([['get'], ['delete', 'delete'], ['get']]);
  });

  it('records the removals after each round of 10, so an execution that dies mid-task loses none', () => {
    const { okta, client } = fakeOrg();
    const jane = okta.addUser();
    for (let i = 0; i < 25; i++) okta.addToGroup(okta.addGroup({ name: `Team ${i}` }).id, jane.id);
    const saved: number[] = [];
    const record = (data: Record<string, unknown>): void => {
      if ('removedGroupCount' in data) saved.push(data['removedGroupCount'] as number);
    };
    driveTasks(client, [
      { task: removeGroupsTask, ctx: { user: jane, runData: { accessBefore: {} }, record } },
    ]);
    expect(saved).toEqual([10, 20, 25]);
  });

  it('keeps the run record bounded: 150 groups leave at most 20 names and the count', () => {
    const { okta, client } = fakeOrg();
    const jane = okta.addUser();
    for (let i = 0; i < 150; i++)
      okta.addToGroup(okta.addGroup({ name: `Team ${'x'.repeat(100)} ${i}` }).id, jane.id);
    const outcome = runTask(client, removeGroupsTask, jane);
    expect(outcome.kind).toBe('done');
    expect(JSON.stringify(outcome.data).length).toBeLessThan(8_000);
    expect(outcome.data!['removedGroupCount']).toBe(150);
    expect(outcome.details!.filter((d) => d.kind === 'group removed')).toHaveLength(150);
  });

  it('fails naming the group when Okta answers 404 for a membership it still lists', () => {
    const { okta, client, jane, vpn } = janeInGroups();
    okta.failNext({ operation: 'unassignUserFromGroup', path: new RegExp(vpn.id) }, { status: 404 });
    expect(runTask(client, removeGroupsTask, jane)).toMatchObject({
      kind: 'failed',
      transient: true,
      message: expect.stringContaining('still in VPN Users'),
    });
  });

  it('reads groups across several pages', () => {
    const { okta, client, jane } = janeInGroups();
    okta.setPageSize(1);
    runTask(client, removeGroupsTask, jane);
    expect(okta.groupsOf(jane.id).filter((g) => g.type === 'OKTA_GROUP')).toEqual([]);
  });

  it('fails, naming the group and the Super Administrator need, when Okta answers 403 (was reported done)', () => {
    const { okta, client, jane, vpn } = janeInGroups();
    okta.failNext(
      { operation: 'unassignUserFromGroup', path: new RegExp(vpn.id) },
      { status: 403, errorCode: 'E0000006' },
    );
    const outcome = runTask(client, removeGroupsTask, jane);
    expect(outcome).toMatchObject({
      kind: 'failed',
      transient: false,
      code: 'OKTA_FORBIDDEN',
      message: expect.stringMatching(/Removed from 1 group; still in VPN Users: .*Super Administrator/),
    });
    expect(outcome.details).toContainEqual(
      expect.objectContaining({ kind: 'group not removed', oktaId: vpn.id, name: 'VPN Users' }),
    );
  });

  it('reports done by this run, keeping the record, when run again after removing them', () => {
    const { client, jane, engineering, vpn } = janeInGroups();
    const runData: Record<string, unknown> = {};
    runAndRecord(client, removeGroupsTask, jane, runData);
    const again = runAndRecord(client, removeGroupsTask, jane, runData);
    expect(again).toMatchObject({ kind: 'done', detail: expect.stringContaining('earlier in this run') });
    expect(runData['removedGroups']).toEqual([
      { id: engineering.id, name: 'Engineering' },
      { id: vpn.id, name: 'VPN Users' },
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
    expect(outcome.data!['removedGroups']).toEqual([{ id: engineering.id, name: 'Engineering' }]);
  });

  it("on retry after a partial failure, records both attempts' removals", () => {
    const { okta, client, jane, engineering, vpn } = janeInGroups();
    okta.failNext(
      { operation: 'unassignUserFromGroup', path: new RegExp(vpn.id) },
      { status: 503, times: 3 },
    );
    const runData: Record<string, unknown> = {};
    runAndRecord(client, removeGroupsTask, jane, runData);
    expect(runAndRecord(client, removeGroupsTask, jane, runData)).toMatchObject({
      kind: 'done',
      detail: expect.stringMatching(/^Removed from 2 groups \(1 earlier in this run\)/),
    });
    expect(runData['removedGroups']).toEqual([
      { id: engineering.id, name: 'Engineering' },
      { id: vpn.id, name: 'VPN Users' },
    ]);
  });

  it('reports already done when only unchangeable groups are left', () => {
    const { okta, client } = fakeOrg();
    const jane = okta.addUser();
    expect(runTask(client, removeGroupsTask, jane)).toMatchObject({
      kind: 'already_done',
      data: { removedGroups: [], removedGroupCount: 0 },
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
