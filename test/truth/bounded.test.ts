// The run's record stays bounded however much access a person had: no Run Data cell can approach Sheets'
// 50,000 characters, while counts stay exact.

import { ACTIVE_RUN_PREFIX, MAX_ENTRY_BYTES, utf8Bytes } from '../../src/run/activeRuns';
import { adminWorld, offboard } from './world';

describe('Run Data for a person with 150 groups and 120 apps', () => {
  const w = adminWorld();
  for (let i = 0; i < 150; i++) {
    const g = w.okta.addGroup({ name: `Project ${i} ${'—'.repeat(60)}` });
    w.okta.addToGroup(g.id, w.target.id);
  }
  for (let i = 0; i < 120; i++)
    w.okta.assign(w.okta.addApp({ label: `App ${i} ${'x'.repeat(60)}` }).id, w.target.id);
  let peakEntryBytes = 0;
  const properties = w.services.properties;
  for (const method of ['set', 'setMany'] as const) {
    const original = properties[method].bind(properties) as (...args: unknown[]) => void;
    (properties as unknown as Record<string, unknown>)[method] = (...args: unknown[]) => {
      original(...args);
      for (const [key, value] of Object.entries(properties.values))
        if (key.startsWith(ACTIVE_RUN_PREFIX)) peakEntryBytes = Math.max(peakEntryBytes, utf8Bytes(value));
    };
  }
  const { run } = offboard(w);

  it('completes with every group removed', () => {
    expect([run.status, run.data.tasks.remove_groups?.state]).toEqual(['completed', 'done']);
  });

  it('kept its active-run entry under 8 KB of UTF-8 at every save (the fake refuses a value over 9 KB)', () => {
    expect(peakEntryBytes).toBeGreaterThan(0);
    expect(peakEntryBytes).toBeLessThanOrEqual(MAX_ENTRY_BYTES);
  });

  it('stays under 10,000 characters of JSON', () => {
    expect(JSON.stringify(run.data).length).toBeLessThan(10_000);
  });

  it('keeps exact counts: apps, groups before removal, groups removed', () => {
    const facts = run.data.facts as {
      accessBefore: { apps: { count: number }; groups: { count: number } };
      removedGroupCount: number;
    };
    expect([facts.accessBefore.apps.count, facts.accessBefore.groups.count, facts.removedGroupCount]).toEqual(
      [120, 155, 153],
    );
  });
});
