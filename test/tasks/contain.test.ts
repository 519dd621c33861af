// Suspend and Clear Sessions against a fake Okta org: every outcome, and running twice is safe.

import { clearSessionsTask } from '../../src/tasks/clearSessions';
import { suspendTask } from '../../src/tasks/suspend';
import { fakeOrg, oktaUser } from '../okta/helpers';
import { runTask } from './helpers';

describe('suspend', () => {
  it('suspends an active user', () => {
    const { okta, client } = fakeOrg();
    const jane = okta.addUser({ login: 'jane@corp.com' });
    expect(runTask(client, suspendTask, jane)).toMatchObject({ kind: 'done' });
    expect(okta.user(jane.id)!.status).toBe('SUSPENDED');
  });

  it('reports already done when run a second time', () => {
    const { okta, client } = fakeOrg();
    const jane = okta.addUser();
    runTask(client, suspendTask, jane);
    expect(runTask(client, suspendTask, jane)).toMatchObject({
      kind: 'already_done',
      detail: expect.stringMatching(/suspended/i),
    });
  });

  it('reports already done for a user deactivated by hand', () => {
    const { okta, client } = fakeOrg();
    const jane = okta.addUser({ status: 'DEPROVISIONED' });
    expect(runTask(client, suspendTask, jane)).toMatchObject({
      kind: 'already_done',
      detail: expect.stringMatching(/deactivated/i),
    });
  });

  it.each(['STAGED', 'PROVISIONED'] as const)('skips a %s user, who was never activated', (status) => {
    const { okta, client } = fakeOrg();
    const jane = okta.addUser({ status });
    const outcome = runTask(client, suspendTask, jane);
    expect(outcome).toMatchObject({ kind: 'skipped', reason: expect.stringContaining(status) });
    expect(okta.user(jane.id)!.status).toBe(status);
  });

  it.each(['LOCKED_OUT', 'PASSWORD_EXPIRED', 'RECOVERY'] as const)(
    'skips a %s user, saying Deactivate still cuts access',
    (status) => {
      const { okta, client } = fakeOrg();
      const jane = okta.addUser({ status });
      expect(runTask(client, suspendTask, jane)).toMatchObject({
        kind: 'skipped',
        reason: expect.stringMatching(/Deactivate/),
      });
    },
  );

  it('fails permanently when Okta refuses to suspend a user who is still active', () => {
    const { okta, client } = fakeOrg();
    const jane = okta.addUser();
    okta.failNext(
      { operation: 'suspendUser' },
      { status: 400, errorCode: 'E0000001', errorSummary: 'Api validation failed' },
    );
    expect(runTask(client, suspendTask, jane)).toMatchObject({
      kind: 'failed',
      transient: false,
      code: 'OKTA_INVALID',
    });
  });

  it('fails transiently when Okta keeps answering 5xx', () => {
    const { okta, client } = fakeOrg();
    const jane = okta.addUser();
    okta.failNext({ operation: 'suspendUser' }, { status: 503, times: 3 });
    expect(runTask(client, suspendTask, jane)).toMatchObject({
      kind: 'failed',
      transient: true,
      code: 'OKTA_SERVER',
    });
  });

  it('fails permanently, saying so, when the Okta user no longer exists', () => {
    const { client } = fakeOrg();
    const outcome = runTask(client, suspendTask, oktaUser({ id: '00uGONE' }));
    expect(outcome).toMatchObject({ kind: 'failed', transient: false, code: 'TARGET_NOT_FOUND' });
    if (outcome.kind === 'failed') expect(outcome.message).toMatch(/no longer exists/);
  });
});

describe('clear sessions', () => {
  it('ends sessions and revokes OAuth tokens', () => {
    const { okta, client } = fakeOrg();
    const jane = okta.addUser();
    okta.addSession(jane.id, 2);
    okta.addToken(jane.id, 'client-1');
    expect(runTask(client, clearSessionsTask, jane)).toMatchObject({
      kind: 'done',
      detail: expect.stringMatching(
        /^Okta sessions ended, Okta-issued OAuth tokens revoked, remembered devices forgotten; proof: Okta's 2xx/,
      ),
    });
    expect(okta.sessionsOf(jane.id)).toBe(0);
    expect(okta.tokensOf(jane.id)).toEqual([]);
  });

  it('is safe to run twice', () => {
    const { okta, client } = fakeOrg();
    const jane = okta.addUser();
    runTask(client, clearSessionsTask, jane);
    expect(runTask(client, clearSessionsTask, jane)).toMatchObject({ kind: 'done' });
  });

  it('fails permanently when the Okta user no longer exists', () => {
    const { client } = fakeOrg();
    expect(runTask(client, clearSessionsTask, oktaUser({ id: '00uGONE' }))).toMatchObject({
      kind: 'failed',
      transient: false,
      code: 'TARGET_NOT_FOUND',
    });
  });

  it('carries the rate-limit retry time when Okta stays busy', () => {
    const { okta, client, clock } = fakeOrg({ deadline: Date.UTC(2026, 0, 15, 9, 0, 10) });
    const jane = okta.addUser();
    const reset = String(Math.floor(clock.now() / 1000) + 60);
    okta.failNext(
      { operation: 'revokeUserSessions' },
      { status: 429, headers: { 'X-Rate-Limit-Reset': reset } },
    );
    const outcome = runTask(client, clearSessionsTask, jane);
    expect(outcome).toMatchObject({
      kind: 'failed',
      transient: true,
      code: 'OKTA_RATE_LIMITED',
      retryAt: Number(reset) * 1000 + 1000,
    });
  });
});

describe('uncertain answers to containment', () => {
  it('records a suspend whose answer was lost as done by this run, confirmed by a re-read', () => {
    const { okta, client } = fakeOrg();
    const jane = okta.addUser();
    okta.loseAnswerNext({ operation: 'suspendUser' });
    expect(runTask(client, suspendTask, jane)).toMatchObject({
      kind: 'done',
      detail: expect.stringContaining('a re-read confirms SUSPENDED'),
    });
  });

  it('verifies a suspend by reading the user back', () => {
    const { okta, client } = fakeOrg();
    const jane = okta.addUser();
    expect(runTask(client, suspendTask, jane)).toMatchObject({
      detail: 'Suspended; Okta shows SUSPENDED (read back).',
    });
    expect(okta.requests.map((r) => r.operation)).toEqual(['suspendUser', 'getUser']);
  });

  it('fails a suspend answered 404 for a user Okta still has as worth retrying, not as a deleted user', () => {
    const { okta, client } = fakeOrg();
    const jane = okta.addUser();
    okta.failNext({ operation: 'suspendUser' }, { status: 404 });
    expect(runTask(client, suspendTask, jane)).toMatchObject({
      kind: 'failed',
      transient: true,
      message: expect.stringContaining('Okta still shows ACTIVE'),
    });
  });

  it('sends Clear Sessions again when its answer is lost, and ends done', () => {
    const { okta, client } = fakeOrg();
    const jane = okta.addUser();
    okta.addSession(jane.id, 1);
    okta.loseAnswerNext({ operation: 'revokeUserSessions' });
    expect(runTask(client, clearSessionsTask, jane)).toMatchObject({
      kind: 'done',
      detail: expect.stringContaining('sent again'),
    });
    expect(okta.requests.filter((r) => r.operation === 'revokeUserSessions')).toHaveLength(2);
  });
});
