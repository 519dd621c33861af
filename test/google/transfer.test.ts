// Transfer Drive to Manager on the fake Okta (the manager in the profile) and the fake Google (the Data
// Transfer API over HTTP): asked once, then followed until Google says completed.

import { FakeGoogle } from '../../fakes/google';
import type { OktaUser } from '../../src/okta/types';
import {
  googleTransferDriveTask,
  TRANSFER_PATIENCE_MS,
  TRANSFER_POLL_MS,
} from '../../src/tasks/google/transferDrive';
import { fakeOrg } from '../okta/helpers';
import { FAKE_OAUTH_TOKEN } from '../../fakes/google';
import { googleDirectory } from '../../src/google/directory';
import type { HttpRequest } from '../../src/ports';
import { driveTasks } from '../../src/tasks/drive';
import { runGoogleTask } from './helpers';

/** Jane (managed by Mei, named by Okta login in managerId) in Okta and Google. */
function world(profile: { managerId?: string; manager?: string } = { managerId: 'mei@corp.example' }) {
  const { okta, client } = fakeOrg();
  okta.addUser({ login: 'mei@corp.example', firstName: 'Mei', lastName: 'Chen' });
  const jane = okta.addUser({ login: 'jane@corp.example', firstName: 'Jane', lastName: 'Roe', ...profile });
  const google = new FakeGoogle({ transferReads: 2 });
  const gJane = google.addUser({ primaryEmail: 'jane@corp.example' });
  const gMei = google.addUser({ primaryEmail: 'mei@corp.example' });
  const user = {
    id: jane.id,
    status: 'ACTIVE',
    profile: { login: jane.profile.login, email: jane.profile.email },
  };
  return { okta, client, google, gJane, gMei, user: user as OktaUser };
}

const at = Date.UTC(2026, 11, 1, 9, 0, 0);
const ctxRun = { runId: 'OFF-1', requestedBy: 'a', confirmedBy: 'a', at };

describe('Transfer Drive to Manager', () => {
  it('asks Google for a Drive and Calendar transfer from the person to the manager named by the Okta profile', () => {
    const w = world();
    runGoogleTask(w.google, googleTransferDriveTask, w.user, {}, { okta: w.client });
    const [transfer] = [...w.google.transfersById.values()];
    expect([transfer?.oldOwnerUserId, transfer?.newOwnerUserId, transfer?.applicationIds]).toEqual([
      w.gJane.id,
      w.gMei.id,
      ['55656082996', '435070579839'],
    ]);
  });

  it('waits, counting no failure, while Google says the transfer is in progress', () => {
    const w = world();
    const outcome = runGoogleTask(w.google, googleTransferDriveTask, w.user, {}, { okta: w.client });
    expect(outcome).toMatchObject({ kind: 'failed', waiting: true, transient: true });
    expect(outcome.kind === 'failed' && outcome.message).toMatch(
      /Waiting for Google: transfer \S+ to mei@corp.example is inProgress/,
    );
  });

  it('looks again at the run’s time plus the poll interval', () => {
    const w = world();
    const outcome = runGoogleTaskAt(w);
    expect(outcome.kind === 'failed' && outcome.retryAt).toBe(at + TRANSFER_POLL_MS);
  });

  it('follows the same transfer on later attempts, asking for no second one, until done', () => {
    const w = world();
    const runData: Record<string, unknown> = {};
    const outcomes = [1, 2, 3].map(
      () => runGoogleTask(w.google, googleTransferDriveTask, w.user, runData, { okta: w.client }).kind,
    );
    expect([outcomes, w.google.transfersById.size]).toEqual([['failed', 'failed', 'done'], 1]);
  });

  it('is done reading Google’s completed status back, naming the manager', () => {
    const w = world();
    const runData: Record<string, unknown> = {};
    runGoogleTask(w.google, googleTransferDriveTask, w.user, runData, { okta: w.client });
    w.google.completeTransfer(String(runData['googleTransferId']));
    const outcome = runGoogleTask(w.google, googleTransferDriveTask, w.user, runData, { okta: w.client });
    expect(outcome).toMatchObject({
      kind: 'done',
      detail: expect.stringMatching(
        /transferred to mei@corp.example; Google shows transfer \S+ completed \(read back\)/,
      ),
    });
  });

  it('finds the manager by an address in manager when managerId is empty', () => {
    const w = world({ manager: 'mei@corp.example' });
    runGoogleTask(w.google, googleTransferDriveTask, w.user, {}, { okta: w.client });
    expect([...w.google.transfersById.values()][0]?.newOwnerUserId).toBe(w.gMei.id);
  });

  it('fails, not retried, when the Okta profile names no manager, and asks Google for nothing', () => {
    const w = world({});
    const outcome = runGoogleTask(w.google, googleTransferDriveTask, w.user, {}, { okta: w.client });
    expect(outcome).toMatchObject({ kind: 'failed', transient: false });
    expect(outcome.kind === 'failed' && outcome.message).toMatch(/names no manager/);
    expect(w.google.transfersById.size).toBe(0);
  });

  it('fails naming the manager when the manager has no Google account', () => {
    const w = world({ managerId: 'mei@corp.example' });
    w.google.users.delete(w.gMei.id);
    const outcome = runGoogleTask(w.google, googleTransferDriveTask, w.user, {}, { okta: w.client });
    expect(outcome.kind === 'failed' && outcome.message).toBe(
      'The manager mei@corp.example has no Google account to transfer to.',
    );
  });

  it('is skipped when the person has no Google account', () => {
    const w = world();
    w.google.users.delete(w.gJane.id);
    const outcome = runGoogleTask(w.google, googleTransferDriveTask, w.user, {}, { okta: w.client });
    expect(outcome).toEqual({
      kind: 'skipped',
      reason: 'skipped: no Google account (tried jane@corp.example).',
    });
  });

  it('after an ask whose answer was lost, follows the transfer Google made instead of asking again', () => {
    const w = world();
    const http = w.google.transfers();
    let lost = false;
    // The first insert reaches Google, which makes the transfer, but no answer comes back.
    const losing = {
      fetch: (r: HttpRequest) => {
        const answer = http.fetch(r);
        if (r.method === 'post' && !lost) {
          lost = true;
          return { status: 0, headers: {}, body: '', networkError: 'Timeout' };
        }
        return answer;
      },
      fetchAll: (rs: HttpRequest[]) => rs.map((r) => losing.fetch(r)),
    };
    const directory = googleDirectory({ admin: w.google, http: losing, oauthToken: () => FAKE_OAUTH_TOKEN });
    const runData: Record<string, unknown> = {};
    const attempt = () => {
      const [o] = driveTasks(w.client, [{ task: googleTransferDriveTask, ctx: { user: w.user, runData } }], {
        google: directory,
      });
      if (o!.data) Object.assign(runData, o!.data);
      return o!;
    };
    const first = attempt();
    const second = attempt();
    expect([
      first.kind,
      first.kind === 'failed' && first.transient,
      second.kind,
      w.google.transfersById.size,
    ]).toEqual(['failed', true, 'failed', 1]);
    expect(second.kind === 'failed' && second.waiting).toBe(true);
  });

  it("does not take a transfer to the manager from before the run for this run's", () => {
    const w = world();
    runGoogleTask(w.google, googleTransferDriveTask, w.user, {}, { okta: w.client });
    const [old] = [...w.google.transfersById.values()];
    w.google.completeTransfer(old!.id);
    runGoogleTask(w.google, googleTransferDriveTask, w.user, {}, { okta: w.client });
    expect(w.google.transfersById.size).toBe(2);
  });

  it('fails with GOOGLE_FORBIDDEN when the Data Transfer scope was not granted', () => {
    const google = new FakeGoogle({ scopes: ['https://www.googleapis.com/auth/admin.directory.user'] });
    const w = { ...world(), google };
    google.addUser({ primaryEmail: 'jane@corp.example' });
    google.addUser({ primaryEmail: 'mei@corp.example' });
    const outcome = runGoogleTask(google, googleTransferDriveTask, w.user, {}, { okta: w.client });
    expect(outcome).toMatchObject({ kind: 'failed', code: 'GOOGLE_FORBIDDEN', transient: false });
  });
});

/** The task run inside a run (its context carries the run's time). */
function runGoogleTaskAt(w: ReturnType<typeof world>) {
  return runGoogleTask(w.google, googleTransferDriveTask, w.user, {}, { okta: w.client, run: ctxRun });
}

describe('a transfer Google never finishes', () => {
  /** Attempts at the given times (ms after `at`), following one transfer that stays in progress. */
  function attempts(...after: number[]) {
    const w = world();
    w.google.transferReads = Infinity;
    const runData: Record<string, unknown> = {};
    const outcomes = after.map((ms) =>
      runGoogleTask(w.google, googleTransferDriveTask, w.user, runData, {
        okta: w.client,
        run: { ...ctxRun, at: at + ms },
      }),
    );
    return { w, outcomes };
  }

  it('keeps waiting, no failure counted, until the patience runs out', () => {
    const { outcomes } = attempts(0, TRANSFER_POLL_MS, TRANSFER_PATIENCE_MS - 1);
    expect(outcomes.map((o) => o.kind === 'failed' && o.waiting === true)).toEqual([true, true, true]);
  });

  it('pauses the run after 48 hours, naming the transfer and what Retry and Skip do', () => {
    const { outcomes } = attempts(0, TRANSFER_PATIENCE_MS);
    expect(outcomes[1]).toMatchObject({
      kind: 'failed',
      transient: false,
      message: expect.stringMatching(
        /transfer \S+ to mei@corp.example for 48 hours and still says inProgress\. Check it in the Admin console.*Retry follows the same transfer/,
      ),
    });
  });

  it('after the pause, a Retry follows the same transfer and waits another 48 hours', () => {
    const { w, outcomes } = attempts(0, TRANSFER_PATIENCE_MS, TRANSFER_PATIENCE_MS + 60_000);
    expect([outcomes[2]?.kind === 'failed' && outcomes[2].waiting, w.google.transfersById.size]).toEqual([
      true,
      1,
    ]);
  });
});
