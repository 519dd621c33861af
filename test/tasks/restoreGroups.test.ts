// `/offboard restore`'s Okta part against the stateful fake Okta: one result per group, verified by a
// re-list, rounds within the client's in-flight cap, a time budget that leaves the rest for the next run,
// and nothing sent for a deactivated person or for groups the person is already in.

import { MAX_IN_FLIGHT } from '../../src/okta/client';
import { oktaCalls } from '../../src/okta/requests';
import { restoreGroups, type GroupToRestore } from '../../src/tasks/restoreGroups';
import { fakeOrg } from '../okta/helpers';

function org(groupCount = 2) {
  const o = fakeOrg();
  const user = o.okta.addUser({ login: 'jane@corp.com' });
  const groups: GroupToRestore[] = Array.from({ length: groupCount }, (_, i) => {
    const g = o.okta.addGroup({ name: `Group ${i + 1}` });
    return { id: g.id, name: g.profile.name };
  });
  return { ...o, user, groups };
}

const forever = { now: () => 0, stopAt: Infinity };

/** The person's groups in Okta, Everyone (BUILT_IN) left out. */
function memberOf(o: ReturnType<typeof org>): string[] {
  return o.okta
    .groupsOf(o.user.id)
    .filter((g) => g.type !== 'BUILT_IN')
    .map((g) => g.profile.name)
    .sort();
}

function writes(o: ReturnType<typeof org>): string[] {
  return o.okta.requests.filter((r) => r.method !== 'GET').map((r) => `${r.method} ${r.path}`);
}

describe('restoreGroups', () => {
  it('puts the person back in every group and says so per group', () => {
    const o = org();
    const out = restoreGroups(o.client, o.user.id, o.groups, forever);
    expect(out.kind === 'done' && out.results.map((r) => [r.group.name, r.result])).toEqual([
      ['Group 1', 'restored'],
      ['Group 2', 'restored'],
    ]);
  });

  it('leaves Okta showing the memberships', () => {
    const o = org();
    restoreGroups(o.client, o.user.id, o.groups, forever);
    expect(memberOf(o)).toEqual(['Group 1', 'Group 2']);
  });

  it('sends nothing for a group the person is already in, and says already in', () => {
    const o = org();
    o.okta.addToGroup(o.groups[0]!.id, o.user.id);
    const out = restoreGroups(o.client, o.user.id, o.groups, forever);
    expect([writes(o).length, out.kind === 'done' && out.results[0]!.result]).toEqual([1, 'already in']);
  });

  it('run twice, sends no write the second time (idempotent)', () => {
    const o = org();
    restoreGroups(o.client, o.user.id, o.groups, forever);
    o.okta.clearRequests();
    restoreGroups(o.client, o.user.id, o.groups, forever);
    expect(writes(o)).toEqual([]);
  });

  it('changes nothing for a DEPROVISIONED person and says so', () => {
    const o = org();
    o.client.send(oktaCalls.deactivate(o.user.id));
    o.okta.clearRequests();
    const out = restoreGroups(o.client, o.user.id, o.groups, forever);
    expect([out.kind, writes(o)]).toEqual(['deprovisioned', []]);
  });

  it('reports a group Okta refuses (admin roles, 403 E0000006) as failed, the others restored', () => {
    const o = org();
    o.okta.assignGroupRole(o.groups[1]!.id, 'HELP_DESK_ADMIN');
    o.okta.setCallerSuperAdmin(false);
    const out = restoreGroups(o.client, o.user.id, o.groups, forever);
    expect(out.kind === 'done' && out.results.map((r) => r.result)).toEqual(['restored', 'failed']);
  });

  it('sends 45 groups in rounds of at most the in-flight cap', () => {
    const o = org(45);
    restoreGroups(o.client, o.user.id, o.groups, forever);
    const puts = o.http.batches.map((b) => b.filter((r) => r.method === 'put').length).filter((n) => n > 0);
    expect([Math.max(...puts), puts.reduce((a, b) => a + b, 0)]).toEqual([MAX_IN_FLIGHT, 45]);
  });

  it('past its time budget starts no new round and reports the rest as left', () => {
    const o = org(45);
    let rounds = 0;
    // Each check of the clock after the first two rounds says the budget is spent.
    const out = restoreGroups(o.client, o.user.id, o.groups, {
      now: () => (rounds++ < 2 ? 0 : 10),
      stopAt: 10,
    });
    const left = out.kind === 'done' ? out.results.filter((r) => r.result === 'left').length : -1;
    expect([memberOf(o).length, left]).toEqual([20, 25]);
  });

  it('run again after a cut-short restore, finishes the rest', () => {
    const o = org(45);
    let rounds = 0;
    restoreGroups(o.client, o.user.id, o.groups, { now: () => (rounds++ < 2 ? 0 : 10), stopAt: 10 });
    const out = restoreGroups(o.client, o.user.id, o.groups, forever);
    const counts =
      out.kind === 'done'
        ? [
            out.results.filter((r) => r.result === 'already in').length,
            out.results.filter((r) => r.result === 'restored').length,
          ]
        : [];
    expect([memberOf(o).length, counts]).toEqual([45, [20, 25]]);
  });
});

describe('the rate of a big restore', () => {
  it('restores 100 groups in 12 Okta round trips: the person and groups, 10 rounds of 10, the re-list', () => {
    const o = org(100);
    restoreGroups(o.client, o.user.id, o.groups, forever);
    expect(o.http.batches.length).toBe(12);
  });
});
