// The cases issue 7 reproduced, each as a whole run through the engine on the fake Okta. Each failed on
// the code before the issue: the run's record said something Okta's state did not.

import { adminWorld, offboard } from './world';

describe('what issue 7 reproduced', () => {
  it('1. a refused group removal fails Remove Groups, naming the group and the Super Administrator need', () => {
    const w = adminWorld();
    w.okta.setCallerSuperAdmin(false);
    const { run } = offboard(w);
    expect(run.data.tasks.remove_groups).toMatchObject({
      state: 'failed',
      text: expect.stringMatching(
        /still in Okta Help Desk Admins: removing groups with admin roles needs a Super Administrator token/,
      ),
    });
    expect(w.okta.groupsOf(w.target.id).map((g) => g.profile.name)).toContain('Okta Help Desk Admins');
  });

  it('2. Reset Factors resets factors that listFactors does not show, when it lists none', () => {
    const w = adminWorld();
    // Only hidden factors are left: listFactors answers an empty list.
    for (const f of w.okta.factorsOf(w.target.id).filter((f) => !f.hiddenFromList)) {
      w.okta.fetch({
        url: `${w.okta.orgUrl}/api/v1/users/${w.target.id}/factors/${f.id}`,
        method: 'delete',
        headers: { Authorization: `SSWS ${w.okta.apiToken}` },
      });
    }
    w.okta.enrollFactor(w.target.id, 'push', { hiddenFromList: true });
    const { run } = offboard(w);
    expect([run.data.tasks.reset_factors?.state, w.okta.factorsOf(w.target.id)]).toEqual(['done', []]);
  });

  it('3a. a lost Deactivate answer ends done, confirmed DEPROVISIONED, never "no longer exists"', () => {
    const w = adminWorld();
    w.okta.loseAnswerNext({ operation: 'deactivateUser' }, { times: 1 });
    const { run, paused } = offboard(w);
    expect({ paused, deactivate: run.data.tasks.deactivate }).toEqual({
      paused: false,
      deactivate: expect.objectContaining({
        state: 'done',
        text: expect.stringContaining('confirms DEPROVISIONED'),
      }),
    });
  });

  it('3b. a lost Suspend answer is recorded as this run\'s work, not "already suspended"', () => {
    const w = adminWorld();
    w.okta.loseAnswerNext({ operation: 'suspendUser' }, { times: 1 });
    const { run } = offboard(w);
    expect(run.data.tasks.suspend).toMatchObject({
      state: 'done',
      text: expect.stringContaining('re-read confirms SUSPENDED'),
    });
  });

  it('5. Clear Sessions says what it ends and what it does not reach', () => {
    const { run } = offboard(adminWorld());
    expect(run.data.tasks.clear_sessions?.text).toMatch(
      /remembered devices forgotten.*Okta offers no read-back.*not ended/,
    );
  });

  it('a departing admin loses the directly assigned admin role, and the group role goes with its group', () => {
    const w = adminWorld();
    const { run } = offboard(w);
    expect({
      roles: run.data.tasks.remove_admin_roles?.text,
      left: w.okta.rolesOf(w.target.id).map((r) => `${r.type} ${r.assignmentType}`),
    }).toEqual({
      roles: expect.stringMatching(
        /Removed 1 admin role .*held through a group: Help Desk administrator \(Okta Help Desk Admins\)/,
      ),
      left: [],
    });
  });

  it('the record of access before removal keeps apps, groups and roles, bounded', () => {
    const { run } = offboard(adminWorld());
    expect(run.data.facts['accessBefore']).toMatchObject({
      groups: { count: 5, names: expect.arrayContaining(['Okta Help Desk Admins', 'Everyone']) },
      roles: { count: 2 },
      apps: { count: expect.any(Number) },
    });
  });
});
