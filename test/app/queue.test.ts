// `/offboard queue` (issue 10): the Queue tab's pending rows become one batch through the same path as a
// list; what people paste is tolerated and nothing is lost; rows are marked so they are taken once, released
// when the card is cancelled or expires, and say each person's outcome when the batch finishes.

import * as app from '../../src/app';
import { activeRunIndex } from '../../src/run/activeRuns';
import { allBatches } from '../../src/run/batchStore';
import { createContext } from '../../src/handlers/context';
import { MAX_QUEUE_TARGETS } from '../../src/sheet/queue';
import { SETTING_ROWS } from '../../src/sheet/settings';
import type { CellValue } from '../../src/ports';
import { buttonsIn, post } from '../fixtures/app';
import { blockAction, blockActionsPost, slashCommandPost } from '../fixtures/slack';
import { allRuns, makeWorld, type World } from '../fixtures/world';
import { FakeSlack } from '../fakes/slackApi';

type W = World & { slack: FakeSlack };

const RESPONSE_URL = 'https://hooks.slack.com/commands/T0001/1111111111/AbCdEfGhIjKl';
const HEADER: CellValue[] = ['Target', 'Note', 'Added By', 'Batch', 'Status'];
const TEAM = ['ann@example.com', 'bob@example.com', 'cy@example.com'];

/** The Queue tab as HR pasted it: three people, a note each, and what people paste besides. */
const PASTED: CellValue[][] = [
  HEADER,
  ['ann@example.com', 'Contract ended', 'hr-dana', '', ''], // row 2
  ['', '', '', '', ''], // row 3: blank
  [' <mailto:bob@example.com|bob@example.com> ', 'Layoff wave 2', 'hr-dana', '', ''], // row 4
  [false, '', '', '', ''], // row 5: a checkbox-only row
  ['Cy@Example.com', '', '', '', ''], // row 6
  ['ann@example.com', 'again', '', '', ''], // row 7: a duplicate
  ['Jane Doe', 'who?', '', '', ''], // row 8: not an address
];

function world(rows: CellValue[][] = PASTED): W {
  const slack = new FakeSlack('xoxb-test-bot-token')
    .addUser({ id: 'U0REQUEST', name: 'riley', email: 'riley@example.com' })
    .addUser({ id: 'U0APPROVED', name: 'alex', email: 'alex.admin@example.com' })
    .addUser({ id: 'U0SAM', name: 'sam', email: 'sam.approver@example.com' })
    .addChannel('C0REPORTS', 'offboarding');
  const w = { ...makeWorld({ slack }), slack };
  for (const login of TEAM) {
    const u = w.okta.addUser({ login, email: login, firstName: login.split('@')[0]!, lastName: 'Team' });
    w.okta.addSession(u.id, 1);
  }
  w.sheet.removeTab('Queue');
  w.sheet.addTab(
    'Queue',
    rows.map((r) => [...r]),
  );
  return w;
}

/** `/offboard queue` by Alex, an admin. */
function takeQueue(w: W, userId = 'U0APPROVED'): Record<string, unknown> {
  return post(w, slashCommandPost({ text: 'queue', user_id: userId, response_url: RESPONSE_URL }));
}

function worker(w: W): void {
  app.runWorker(() => w.services, 'recurring');
}

function click(w: W, value: string, actionId: string, userId = 'U0APPROVED') {
  return post(
    w,
    blockActionsPost({
      user: { id: userId, username: userId.toLowerCase(), name: userId, team_id: 'T0001' },
      actions: [blockAction({ action_id: actionId, value })],
      response_url: 'https://hooks.slack.com/actions/T0001/222/card',
    }),
  );
}

function card(w: W): Record<string, unknown> {
  return w.slack.responsesTo(RESPONSE_URL).at(-1)!;
}

/** Batch and Status of each row, by row number (row 2 first). */
function marks(w: W): string[] {
  return w.sheet
    .sheet('Queue')
    .rows()
    .slice(1)
    .map((r, i) => `${i + 2}: ${String(r[3] ?? '')} | ${String(r[4] ?? '')}`);
}

function auditRows(w: W): CellValue[][] {
  createContext(w.services).flushAudit();
  return w.sheet.sheet('Audit Log').rows();
}

function twoPersonRule(w: W): void {
  const row = SETTING_ROWS.findIndex((r) => r.key === 'twoPersonRule') + 2;
  w.sheet
    .sheet('Settings')
    .getRange(row, 2, 1, 1)
    .setValues([[true]]);
}

describe('/offboard queue', () => {
  it('gives back a row marked for the batch whose person the batch did not ask for (the tab moved meanwhile)', () => {
    const w = world();
    takeQueue(w);
    // A sort between the command's read and its marks: row 2's mark now sits beside another person.
    w.sheet
      .sheet('Queue')
      .getRange(2, 1, 1, 1)
      .setValues([['dan@example.com']]);
    worker(w);
    expect(marks(w)[0]).toMatch(/^2:  \| waiting: the tab moved while BAT-\S+ took its rows/);
  });

  it('answers at once without asking Okta, saying how many rows and people it took', () => {
    const w = world();
    const reply = takeQueue(w);
    expect({ text: reply.text, okta: w.okta.requests.length }).toEqual({
      text: expect.stringMatching(
        /^Took 5 rows from the Queue tab \(batch BAT-[^)]+\): looking up 3 people in Okta/,
      ),
      okta: 0,
    });
  });

  it('marks the rows it took with the batch, leaving blank and checkbox-only rows alone', () => {
    const w = world();
    takeQueue(w);
    const batchId = allBatches(w.services.properties.values)[0]!.batchId;
    expect(marks(w)).toEqual([
      `2: ${batchId} | taken`,
      '3:  | ',
      `4: ${batchId} | taken`,
      '5:  | ',
      `6: ${batchId} | taken`,
      `7: ${batchId} | left out: the same address as row 2`,
      `8: ${batchId} | left out: the Target cell holds several words: give one email address per row`,
    ]);
  });

  it('lists apart on the card, with the reason, the rows that name nobody', () => {
    const w = world();
    takeQueue(w);
    worker(w);
    const text = JSON.stringify(card(w));
    expect({
      duplicate: text.includes('row 7 (ann@example.com): the same address as row 2'),
      junk: text.includes('row 8 (Jane Doe): the Target cell holds several words'),
    }).toEqual({ duplicate: true, junk: true });
  });

  it('shows everyone on one card with their Note', () => {
    const w = world();
    takeQueue(w);
    worker(w);
    const text = JSON.stringify(card(w));
    expect({
      people: TEAM.filter((login) => !text.includes(`(${login})`)),
      notes: ['_Contract ended_', '_Layoff wave 2_'].filter((n) => !text.includes(n)),
    }).toEqual({ people: [], notes: [] });
  });

  it("names each row's run in its Status once the worker has looked everyone up", () => {
    const w = world();
    takeQueue(w);
    worker(w);
    const runOf = new Map(
      activeRunIndex(w.services.properties)
        .all()
        .map((r) => [r.target, r.runId]),
    );
    const status = w.sheet
      .sheet('Queue')
      .rows()
      .map((r) => String(r[4]));
    expect([status[1], status[3], status[5]]).toEqual(TEAM.map((login) => `run ${runOf.get(login)}`));
  });

  it("keeps each person's whole Note in the Audit Log under their run", () => {
    const w = world();
    takeQueue(w);
    worker(w);
    const ann = activeRunIndex(w.services.properties)
      .all()
      .find((r) => r.target === 'ann@example.com')!;
    const rows = auditRows(w).filter((r) => r[2] === 'from the Queue tab' && r[3] === ann.runId);
    expect(rows.map((r) => String(r[4]))).toEqual([
      expect.stringMatching(/row 2, added by hr-dana: Contract ended$/),
    ]);
  });

  it('a second time takes none of the rows the first took', () => {
    const w = world();
    takeQueue(w);
    const reply = takeQueue(w);
    expect({ text: reply.text, batches: allBatches(w.services.properties.values).length }).toEqual({
      text: expect.stringContaining('Offboard took nothing from the Queue tab: it has no pending rows'),
      batches: 1,
    });
  });

  it('on an empty Queue tab answers that there is nothing to take and how to add people', () => {
    const w = world([HEADER]);
    expect(takeQueue(w).text).toBe(
      'Offboard took nothing from the Queue tab: it has no pending rows (a row is pending while its Batch cell is empty). Paste one email address per row in its Target column, then run `/offboard queue` again.',
    );
  });

  it('when no row names an address, says why per row and marks nothing', () => {
    const w = world([HEADER, ['Jane Doe', '', '', '', ''], ['@bob', '', '', '', '']]);
    const reply = takeQueue(w);
    expect({ text: reply.text, marks: marks(w) }).toEqual({
      text: expect.stringContaining('row 2 (Jane Doe): the Target cell holds several words'),
      marks: ['2:  | ', '3:  | '],
    });
  });

  it('in a Sheet made before the Queue tab existed answers to run setup', () => {
    const w = world();
    w.sheet.removeTab('Queue');
    expect(takeQueue(w).text).toBe(
      'The Sheet has no `Queue` tab. Ask an Offboard admin to run *Set up tabs and triggers* from the Offboarding menu.',
    );
  });

  it('is refused to a requester: only approvers and admins may take the queue', () => {
    const w = world();
    const reply = takeQueue(w, 'U0REQUEST');
    expect({
      text: reply.text,
      marks: marks(w).filter((m) => m.includes('BAT-')),
      batches: allBatches(w.services.properties.values),
    }).toEqual({ text: expect.stringContaining('not allowed'), marks: [], batches: [] });
  });

  it('with warm caches reads the Sheet once (the Queue tab) and writes it once (Batch and Status)', () => {
    const w = world();
    post(w, slashCommandPost({ text: 'status', user_id: 'U0APPROVED' })); // warms Approved Users
    takeQueue(w, 'U0APPROVED');
    w.sheet.resetCounts();
    w.sheet.sheet('Queue').appendRow(['dee@example.com', '', '', '', '']);
    w.sheet.resetCounts();
    takeQueue(w, 'U0APPROVED');
    expect({
      reads: w.sheet.calls.getValues,
      batchGets: w.sheet.calls.readTabs,
      writes: w.sheet.calls.setValues,
    }).toEqual({ reads: 1, batchGets: 0, writes: 1 });
  });

  it(`takes at most ${MAX_QUEUE_TARGETS} rows; the rest stay pending and the answer says so`, () => {
    const rows = Array.from({ length: MAX_QUEUE_TARGETS + 3 }, (_, i) => [
      `p${i}@example.com`,
      '',
      '',
      '',
      '',
    ]);
    const w = world([HEADER, ...rows]);
    const reply = takeQueue(w);
    const pending = marks(w).filter((m) => m.endsWith(':  | '));
    expect({ text: reply.text, pending }).toEqual({
      text: expect.stringContaining('3 more pending rows wait in the tab'),
      pending: [
        `${MAX_QUEUE_TARGETS + 2}:  | `,
        `${MAX_QUEUE_TARGETS + 3}:  | `,
        `${MAX_QUEUE_TARGETS + 4}:  | `,
      ],
    });
  });
});

describe('Queue rows of a batch that ends before starting', () => {
  it('are released when the card is cancelled: the next /offboard queue takes them again', () => {
    const w = world();
    takeQueue(w);
    worker(w);
    click(w, buttonsIn(card(w).blocks).cancel_batch!, 'cancel_batch');
    worker(w);
    expect(takeQueue(w).text).toMatch(/^Took 5 rows from the Queue tab/);
  });

  it('are released when the card expires unanswered', () => {
    const w = world();
    takeQueue(w);
    worker(w);
    w.services.clock.advance(16 * 60_000);
    worker(w);
    worker(w);
    expect(marks(w).filter((m) => !m.endsWith(':  | '))).toEqual([]);
  });

  it('say denied, by whom, when the two-person approval is denied', () => {
    const w = world();
    twoPersonRule(w);
    takeQueue(w);
    worker(w);
    click(w, buttonsIn(card(w).blocks).confirm_batch!, 'confirm_batch');
    const request = w.slack.messagesIn('C0REPORTS').find((m) => m.text.startsWith('Batch '))!;
    click(w, buttonsIn(request.blocks).deny_batch!, 'deny_batch', 'U0SAM');
    worker(w);
    const status = w.sheet
      .sheet('Queue')
      .rows()
      .map((r) => String(r[4]));
    expect([status[1], status[3], status[5]]).toEqual(
      TEAM.map(() => expect.stringMatching(/^denied by Sam Approver \(U0SAM\) · run OFF-/)),
    );
  });
});

describe('Queue rows of a batch that finishes with people not completed', () => {
  it('keep their row, saying their run was aborted', () => {
    const w = world();
    takeQueue(w);
    worker(w);
    click(w, buttonsIn(card(w).blocks).confirm_batch!, 'confirm_batch');
    const message = w.slack.messagesIn('C0REPORTS').find((m) => m.text.startsWith('Batch '))!;
    click(w, buttonsIn(message.blocks).abort_batch!, 'abort_batch');
    for (let i = 0; i < 3; i++) {
      w.services.clock.advance(60_000);
      worker(w);
    }
    const rows = w.sheet.sheet('Queue').rows();
    expect(
      TEAM.map((login) => String(rows.find((r) => String(r[0]).toLowerCase().includes(login))?.[4])),
    ).toEqual(TEAM.map(() => expect.stringMatching(/^aborted · run OFF-/)));
  });
});

describe('a Queue batch under the two-person rule, from the tab to the end', () => {
  function done(): W {
    const w = world();
    twoPersonRule(w);
    takeQueue(w);
    worker(w);
    click(w, buttonsIn(card(w).blocks).confirm_batch!, 'confirm_batch');
    const request = w.slack.messagesIn('C0REPORTS').find((m) => m.text.startsWith('Batch '))!;
    click(w, buttonsIn(request.blocks).approve_batch!, 'approve_batch', 'U0SAM');
    for (let i = 0; i < 6; i++) {
      w.services.clock.advance(60_000);
      worker(w);
    }
    return w;
  }

  it('ends with everyone deactivated in Okta and their Offboarding rows saying completed', () => {
    const w = done();
    const byLogin = new Map(allRuns(w).map((r) => [r.target, r.status]));
    expect({
      okta: TEAM.map((l) => w.okta.user(l)?.status),
      rows: TEAM.map((l) => byLogin.get(l)),
    }).toEqual({ okta: TEAM.map(() => 'DEPROVISIONED'), rows: TEAM.map(() => 'completed') });
  });

  it("removes the completed people's rows and keeps the others' with their reasons", () => {
    const w = done();
    expect(
      w.sheet
        .sheet('Queue')
        .rows()
        .slice(1)
        .map((r) => `${String(r[0])} | ${String(r[4])}`),
    ).toEqual([
      ' | ',
      'false | ',
      'ann@example.com | left out: the same address as row 2',
      'Jane Doe | left out: the Target cell holds several words: give one email address per row',
    ]);
  });

  it('leaves no batch behind in Script Properties', () => {
    const w = done();
    expect(allBatches(w.services.properties.values)).toEqual([]);
  });
});

describe('a Queue batch larger than Script Properties can hold', () => {
  /** 40 people queued while Script Properties are nearly full (330 KB of other values). */
  function crowded(): { w: W; people: string[] } {
    const people = Array.from({ length: 40 }, (_, i) => `p${String(i).padStart(3, '0')}@example.com`);
    const w = world([HEADER, ...people.map((p) => [p, '', '', '', ''])]);
    for (const login of people) w.okta.addUser({ login, email: login });
    for (let i = 0; i < 41; i++) w.services.properties.values[`OTHER_${i}`] = 'x'.repeat(8_000);
    takeQueue(w);
    worker(w);
    return { w, people };
  }

  function waitingRows(w: W): CellValue[][] {
    return w.sheet
      .sheet('Queue')
      .rows()
      .filter((r) =>
        String(r[4]).startsWith('waiting: Offboard held as many people as Script Properties allow'),
      );
  }

  it('leaves out the people that do not fit, saying so on the card', () => {
    const { w, people } = crowded();
    const runs = activeRunIndex(w.services.properties).all().length;
    const leftOut = (JSON.stringify(card(w)).match(/Script Properties allow/g) ?? []).length;
    expect({ runs: runs < people.length, both: runs + leftOut }).toEqual({ runs: true, both: people.length });
  });

  it('gives their rows back (Batch empty, Status saying why), so the next /offboard queue takes them', () => {
    const { w, people } = crowded();
    const runs = activeRunIndex(w.services.properties).all().length;
    const waiting = waitingRows(w);
    expect({
      count: waiting.length,
      batch: [...new Set(waiting.map((r) => String(r[3])))],
      next: takeQueue(w).text,
    }).toEqual({
      count: people.length - runs,
      batch: [''],
      next: expect.stringMatching(new RegExp(`^Took ${people.length - runs} rows from the Queue tab`)),
    });
  });
});

describe('the Queue tab off the hot paths', () => {
  it('is opened by no click, no other command and no worker round of a Queue batch under way', () => {
    const w = world();
    takeQueue(w);
    worker(w);
    const opened: string[] = [];
    const getSheetByName = w.sheet.getSheetByName.bind(w.sheet);
    w.sheet.getSheetByName = (name: string) => {
      opened.push(name);
      return getSheetByName(name);
    };
    click(w, buttonsIn(card(w).blocks).confirm_batch!, 'confirm_batch');
    post(w, slashCommandPost({ text: 'status', user_id: 'U0APPROVED' }));
    post(w, slashCommandPost({ text: 'jane.doe@example.com, riley@example.com', user_id: 'U0APPROVED' }));
    w.services.clock.advance(60_000);
    worker(w);
    expect({
      queueOpened: opened.filter((n) => n === 'Queue').length,
      // The spy sees the tabs the worker does open (its rounds write the Offboarding rows).
      spySeesOthers: opened.includes('Offboarding'),
      stillUnderWay: allBatches(w.services.properties.values).length > 0,
    }).toEqual({ queueOpened: 0, spySeesOthers: true, stillUnderWay: true });
  });
});
