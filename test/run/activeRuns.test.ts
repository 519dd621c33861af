// Batch members' compact index entries (issue 10: 500 people in one batch): what every member shares is kept
// once, in the batch's member record, and an entry reads back as the whole run; entries written before
// (version 1) still read.

import { activeRunIndex } from '../../src/run/activeRuns';
import { saveBatch } from '../../src/run/batchStore';
import type { Batch, Run } from '../../src/run/types';
import { FakeProperties } from '../fakes/services';
import { aRun, FULL_PLAN, NOW } from '../fixtures/runs';

const BATCH = 'BAT-20261129-WPPG9';
const SUSPENDED = 'Suspended; Okta shows SUSPENDED (read back).';
const CLEARED =
  "Okta sessions ended, Okta-issued OAuth tokens revoked, remembered devices forgotten; proof: Okta's 2xx (Okta offers no read-back of sessions).";

function storeWithBatch(): FakeProperties {
  const properties = new FakeProperties();
  const batch: Batch = {
    batchId: BATCH,
    status: 'started',
    requestedAt: NOW,
    requester: { slackUserId: 'U0APPROVED', name: 'Alex Admin', role: 'admin', email: null },
    targets: [],
    plan: FULL_PLAN,
    runIds: [],
    people: [],
    leftOut: [],
    confirmBy: NOW + 15 * 60_000,
    confirmedBy: 'Alex Admin (U0APPROVED)',
    finished: {},
  };
  saveBatch(properties, batch);
  return properties;
}

/** Member `i` of the batch, confirmed and contained (Suspend and Clear Sessions done). */
function containedMember(i: number): Run {
  const login = `leaver${String(i).padStart(3, '0')}@example.com`;
  return aRun(
    {
      runId: `OFF-20261129-AAA${String(i).padStart(2, '0')}`,
      target: login,
      oktaUserId: `00uLEAVER${i}`,
      status: 'queued',
      confirmedBy: 'Alex Admin (U0APPROVED)',
      rowNumber: 10 + i,
      updatedAt: new Date(NOW + 70_000),
    },
    {
      batch: BATCH,
      target: { input: login, login, email: login, displayName: `Leaver ${i}`, statusAtRequest: 'ACTIVE' },
      clicks: [{ action: 'confirm', by: 'Alex Admin (U0APPROVED)', at: NOW + 60_000 }],
      tasks: {
        suspend: { state: 'done', text: SUSPENDED, attempts: 1, at: NOW + 65_000 },
        clear_sessions: { state: 'done', text: CLEARED, attempts: 1, at: NOW + 65_000 },
      },
    },
  );
}

function entryOf(properties: FakeProperties, runId: string): string {
  return properties.values[`offboard.run.${runId}`] ?? '';
}

describe('a batch member’s compact index entry', () => {
  it('reads back as the same run as was put, shared fields and texts included', () => {
    const properties = storeWithBatch();
    const members = [containedMember(1), containedMember(2), containedMember(3)];
    activeRunIndex(properties).putAll(members);
    const read = activeRunIndex(properties)
      .all()
      .sort((a, b) => a.runId.localeCompare(b.runId));
    expect(read).toEqual(members);
  });

  it('stays under 350 bytes (key included) once the member is contained', () => {
    const properties = storeWithBatch();
    const members = [containedMember(1), containedMember(2)];
    activeRunIndex(properties).putAll(members);
    const bytes =
      Buffer.byteLength(`offboard.run.${members[0]!.runId}`) +
      Buffer.byteLength(entryOf(properties, members[0]!.runId));
    expect(bytes).toBeLessThan(350);
  });

  it('keeps a task text two members share once, in the member record, not in each entry', () => {
    const properties = storeWithBatch();
    activeRunIndex(properties).putAll([containedMember(1), containedMember(2)]);
    const where = Object.entries(properties.values)
      .filter(([, v]) => v.includes(SUSPENDED))
      .map(([k]) => k);
    expect(where).toEqual([`offboard.batch.${BATCH}#members`]);
  });

  it('keeps a message several members share once, and reads it back for each', () => {
    const properties = storeWithBatch();
    const waiting = 'Clear Sessions failed (held back before Okta’s rate limit); retrying automatically.';
    const members = [containedMember(1), containedMember(2)].map((r) => ({ ...r, message: waiting }));
    activeRunIndex(properties).putAll(members);
    expect({
      inEntries: members.filter((r) => entryOf(properties, r.runId).includes(waiting)).length,
      read: activeRunIndex(properties)
        .all()
        .map((r) => r.message),
    }).toEqual({ inEntries: 0, read: [waiting, waiting] });
  });

  it('reads back the approval and the Approve click several members share, kept once', () => {
    const properties = storeWithBatch();
    const approved = (i: number): Run => {
      const run = containedMember(i);
      run.data.approval = { reason: 'the two-person rule is on', until: NOW + 86_400_000, by: 'Sam (U0SAM)' };
      run.data.clicks.push({ action: 'approve', by: 'Sam (U0SAM)', at: NOW + 90_000 });
      return run;
    };
    const members = [approved(1), approved(2)];
    activeRunIndex(properties).putAll(members);
    expect({
      inEntries: members.filter((r) => entryOf(properties, r.runId).includes('U0SAM')).length,
      read: activeRunIndex(properties)
        .all()
        .sort((a, b) => a.runId.localeCompare(b.runId)),
    }).toEqual({ inEntries: 0, read: members });
  });

  it('keeps a text only one member has in its own entry', () => {
    const properties = storeWithBatch();
    const odd = containedMember(2);
    odd.data.tasks.suspend!.text = 'Already suspended: Okta shows SUSPENDED (read back).';
    activeRunIndex(properties).putAll([containedMember(1), odd]);
    expect(entryOf(properties, odd.runId)).toContain('Already suspended');
  });

  it('reads back a run another execution put after the member record grew, when this one adds texts too', () => {
    const properties = storeWithBatch();
    const first = activeRunIndex(properties);
    first.putAll([containedMember(1), containedMember(2)]);
    const withText = (i: number, id: 'revoke_grants' | 'reset_factors', text: string): Run => {
      const run = containedMember(i);
      run.data.tasks[id] = { state: 'done', text, attempts: 1, at: NOW };
      return run;
    };
    const later = withText(3, 'revoke_grants', 'OAuth grants revoked.');
    activeRunIndex(properties).putAll([later, withText(4, 'revoke_grants', 'OAuth grants revoked.')]);
    first.putAll([
      withText(5, 'reset_factors', 'Factors reset.'),
      withText(6, 'reset_factors', 'Factors reset.'),
    ]);
    expect(activeRunIndex(properties).get(later.runId)).toEqual(later);
  });

  it('still reads a version 1 member entry (written before compact entries)', () => {
    const properties = storeWithBatch();
    properties.values['offboard.run.OFF-20261129-7BSLG'] = JSON.stringify({
      v: 1,
      runId: 'OFF-20261129-7BSLG',
      requestedAt: NOW,
      requestedBy: 'Alex Admin (U0APPROVED)',
      target: 'leaver100@example.com',
      oktaUserId: '00uOOKsIEeDrVozbKy4J',
      status: 'queued',
      updatedAt: NOW,
      message: '',
      confirmedBy: 'Alex Admin (U0APPROVED)',
      data: {
        tasks: { suspend: { state: 'done', text: SUSPENDED, attempts: 1, at: NOW } },
        target: {
          input: 'leaver100@example.com',
          login: 'leaver100@example.com',
          email: 'leaver100@example.com',
          displayName: 'Leaver 100',
          statusAtRequest: 'ACTIVE',
        },
        requester: { slackUserId: 'U0APPROVED', name: 'Alex Admin' },
        confirmBy: NOW + 900_000,
        pauseSeq: 0,
        facts: {},
        clicks: [{ action: 'confirm', by: 'Alex Admin (U0APPROVED)', at: NOW }],
        batch: BATCH,
      },
    });
    const run = activeRunIndex(properties).get('OFF-20261129-7BSLG');
    expect({
      plan: run?.data.plan.map((p) => p.id),
      suspend: run?.data.tasks.suspend?.text,
      confirmedBy: run?.confirmedBy,
    }).toEqual({
      plan: FULL_PLAN.map((p) => p.id),
      suspend: SUSPENDED,
      confirmedBy: 'Alex Admin (U0APPROVED)',
    });
  });

  it('keeps a run outside any batch as a whole version 1 entry', () => {
    const properties = new FakeProperties();
    const run = aRun({ status: 'queued' });
    activeRunIndex(properties).put(run);
    expect(JSON.parse(entryOf(properties, run.runId)) as unknown).toMatchObject({ v: 1, runId: run.runId });
  });
});
