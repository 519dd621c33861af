// Remove Admin Roles against a fake Okta org: direct roles go, group roles are reported, the re-list decides.

import { driveTasks } from '../../src/tasks/drive';
import { removeAdminRolesTask } from '../../src/tasks/removeAdminRoles';
import { fakeOrg, oktaUser } from '../okta/helpers';
import { runTask } from './helpers';

function admin() {
  const org = fakeOrg();
  const jane = org.okta.addUser({ login: 'jane@corp.com' });
  const helpDesk = org.okta.addGroup({ name: 'Okta Help Desk Admins' });
  org.okta.assignGroupRole(helpDesk.id, 'HELP_DESK_ADMIN');
  org.okta.addToGroup(helpDesk.id, jane.id);
  return { ...org, jane, helpDesk };
}

const NO_CAPTURE = { accessBefore: {} };

describe('remove admin roles', () => {
  it('unassigns every directly assigned role and verifies by re-listing', () => {
    const { okta, client, jane } = admin();
    okta.assignRole(jane.id, 'ORG_ADMIN');
    okta.assignRole(jane.id, 'APP_ADMIN');
    const outcome = runTask(client, removeAdminRolesTask, jane, NO_CAPTURE);
    expect(outcome).toMatchObject({
      kind: 'done',
      detail: expect.stringMatching(/^Removed 2 admin roles .*re-listed/),
    });
    expect(okta.rolesOf(jane.id).filter((r) => r.assignmentType === 'USER')).toEqual([]);
    expect(okta.requests.map((r) => r.operation).at(-1)).toBe('listAssignedRolesForUser');
  });

  it('leaves a role held through a group and names the group', () => {
    const { okta, client, jane } = admin();
    okta.assignRole(jane.id, 'ORG_ADMIN');
    const outcome = runTask(client, removeAdminRolesTask, jane, NO_CAPTURE);
    expect(outcome).toMatchObject({
      kind: 'done',
      detail: expect.stringContaining(
        'held through a group: Help Desk administrator (Okta Help Desk Admins)',
      ),
    });
    expect(outcome.details).toContainEqual(
      expect.objectContaining({ kind: 'role kept', note: expect.stringContaining('Okta Help Desk Admins') }),
    );
  });

  it('reports done by this run when an earlier attempt removed the roles', () => {
    const { okta, client, jane } = admin();
    okta.assignRole(jane.id, 'ORG_ADMIN');
    const runData: Record<string, unknown> = { accessBefore: {} };
    const saved = (data: Record<string, unknown>): void => void Object.assign(runData, data);
    // The first attempt dies after the removal round: only what it saved mid-task survives.
    driveTasks(client, [
      { task: removeAdminRolesTask, ctx: { user: jane, runData: { accessBefore: {} }, record: saved } },
    ]);
    expect(runTask(client, removeAdminRolesTask, jane, runData)).toMatchObject({
      kind: 'done',
      detail: expect.stringContaining('Removed 1 admin role earlier in this run'),
    });
  });

  it('reports already done when no role is assigned directly', () => {
    const { client, jane } = admin();
    expect(runTask(client, removeAdminRolesTask, jane, NO_CAPTURE)).toMatchObject({ kind: 'already_done' });
  });

  it('fails permanently, naming the role, when removing Super Administrator needs a Super Administrator token', () => {
    const { okta, client, jane } = admin();
    okta.assignRole(jane.id, 'SUPER_ADMIN');
    okta.setCallerSuperAdmin(false);
    expect(runTask(client, removeAdminRolesTask, jane, NO_CAPTURE)).toMatchObject({
      kind: 'failed',
      transient: false,
      code: 'OKTA_FORBIDDEN',
      message: expect.stringMatching(
        /^Still holds Super Organization administrator: .*Super Administrator token/,
      ),
    });
  });

  it('ends done when the answer to the removal is lost but the re-list shows it gone', () => {
    const { okta, client, jane } = admin();
    okta.assignRole(jane.id, 'ORG_ADMIN');
    okta.loseAnswerNext({ operation: 'unassignRoleFromUser' });
    expect(runTask(client, removeAdminRolesTask, jane, NO_CAPTURE)).toMatchObject({ kind: 'done' });
  });

  it('fails transiently when Okta answers 500 and still lists the role', () => {
    const { okta, client, jane } = admin();
    okta.assignRole(jane.id, 'ORG_ADMIN');
    okta.failNext({ operation: 'unassignRoleFromUser' }, { status: 500, times: 5 });
    expect(runTask(client, removeAdminRolesTask, jane, NO_CAPTURE)).toMatchObject({
      kind: 'failed',
      transient: true,
    });
  });

  it('fails permanently when the Okta user no longer exists', () => {
    const { client } = fakeOrg();
    expect(runTask(client, removeAdminRolesTask, oktaUser({ id: '00uGONE' }))).toMatchObject({
      kind: 'failed',
      code: 'TARGET_NOT_FOUND',
    });
  });
});

describe('the record of access before removal', () => {
  it('is read once, in one round, by the first revoke task, as apps, groups and roles', () => {
    const { okta, http, client, jane } = admin();
    okta.assignRole(jane.id, 'ORG_ADMIN');
    const outcome = runTask(client, removeAdminRolesTask, jane);
    expect(http.batches[0]!.map((r) => new URL(r.url).pathname.split('/').pop()).sort()).toEqual([
      'appLinks',
      'groups',
      'roles',
    ]);
    expect(
      outcome.details!.filter((d) => ['app', 'group', 'role'].includes(d.kind)).map((d) => d.kind),
    ).toEqual(['group', 'group', 'role', 'role']);
  });

  it('is not read again once the run has it', () => {
    const { http, client, jane } = admin();
    runTask(client, removeAdminRolesTask, jane, NO_CAPTURE);
    expect(http.batches[0]!.some((r) => r.url.endsWith('/appLinks'))).toBe(false);
  });
});

describe('remove admin roles, when the token may not see administrators', () => {
  it('fails permanently, saying any admin role is still there and what token is needed', () => {
    const { okta, client, jane } = admin();
    okta.failNext({ operation: 'listAssignedRolesForUser' }, { status: 403, times: 5 });
    expect(runTask(client, removeAdminRolesTask, jane, NO_CAPTURE)).toMatchObject({
      kind: 'failed',
      transient: false,
      code: 'OKTA_FORBIDDEN',
      message: expect.stringMatching(
        /needs a Super Administrator token, so any admin role .* is still there/,
      ),
    });
  });
});
