// Deactivate against a fake Okta org: the last task, never a delete, never an email.

import { deactivateTask } from '../../src/tasks/deactivate';
import { driveTasks } from '../../src/tasks/drive';
import { fakeOrg, oktaUser } from '../okta/helpers';
import { runTask } from './helpers';

describe('deactivate', () => {
  it('deactivates an active user', () => {
    const { okta, client } = fakeOrg();
    const jane = okta.addUser();
    expect(runTask(client, deactivateTask, jane)).toMatchObject({
      kind: 'done',
      data: { statusBeforeDeactivate: 'ACTIVE' },
    });
    expect(okta.user(jane.id)!.status).toBe('DEPROVISIONED');
  });

  it('deactivates a suspended user', () => {
    const { okta, client } = fakeOrg();
    const jane = okta.addUser({ status: 'SUSPENDED' });
    expect(runTask(client, deactivateTask, jane)).toMatchObject({ kind: 'done' });
  });

  it('asks Okta for no deactivation email (sendEmail=false: the admin notification)', () => {
    const { okta, client } = fakeOrg();
    runTask(client, deactivateTask, okta.addUser());
    expect(okta.deactivationEmailsSent).toBe(0);
  });

  it('reports already done when run a second time', () => {
    const { okta, client } = fakeOrg();
    const jane = okta.addUser();
    runTask(client, deactivateTask, jane);
    expect(runTask(client, deactivateTask, jane)).toMatchObject({ kind: 'already_done' });
  });

  it('never deletes the user', () => {
    const { okta, client } = fakeOrg();
    const jane = okta.addUser();
    runTask(client, deactivateTask, jane);
    runTask(client, deactivateTask, jane);
    expect(okta.requests.filter((r) => r.method.toUpperCase() === 'DELETE')).toEqual([]);
    expect(okta.user(jane.id)).toBeDefined();
  });

  it('fails permanently when the Okta user no longer exists', () => {
    const { client } = fakeOrg();
    const outcome = runTask(client, deactivateTask, oktaUser({ id: '00uGONE' }));
    expect(outcome).toMatchObject({
      kind: 'failed',
      transient: false,
      code: 'TARGET_NOT_FOUND',
      message: expect.stringMatching(/no longer exists/),
    });
  });

  it('fails transiently when the network drops every attempt', () => {
    const { okta, client } = fakeOrg();
    const jane = okta.addUser();
    okta.networkFailNext({ operation: 'deactivateUser' }, { times: 3 });
    expect(runTask(client, deactivateTask, jane)).toMatchObject({
      kind: 'failed',
      transient: true,
      code: 'OKTA_NETWORK',
    });
    expect(okta.user(jane.id)!.status).toBe('ACTIVE');
  });
});

describe('deactivate, when the answer is uncertain', () => {
  it('ends done, confirmed DEPROVISIONED, when the answer to the deactivation is lost', () => {
    const { okta, client } = fakeOrg();
    const jane = okta.addUser();
    okta.loseAnswerNext({ operation: 'deactivateUser' });
    expect(runTask(client, deactivateTask, jane, { accessBefore: {} })).toMatchObject({
      kind: 'done',
      detail: expect.stringContaining('a re-read confirms DEPROVISIONED'),
    });
  });

  it('fails permanently, saying what Okta still shows, when Okta refuses the deactivation', () => {
    const { okta, client } = fakeOrg();
    const jane = okta.addUser();
    okta.failNext({ operation: 'deactivateUser' }, { status: 403 });
    expect(runTask(client, deactivateTask, jane)).toMatchObject({
      kind: 'failed',
      transient: false,
      message: expect.stringContaining('Okta still shows ACTIVE'),
    });
  });
});

describe('deactivate, whose deactivation is this run', () => {
  it('says a DEPROVISIONED user was deactivated by this run when it marked the call as sent', () => {
    const { okta, client } = fakeOrg();
    const jane = okta.addUser({ status: 'DEPROVISIONED' });
    expect(runTask(client, deactivateTask, jane, { accessBefore: {}, deactivateSent: true })).toMatchObject({
      kind: 'done',
      detail: expect.stringContaining('Deactivated by this run'),
    });
  });

  it('clears the mark when Okta refused, so a later deactivation by someone else is not claimed', () => {
    const { okta, client } = fakeOrg();
    const jane = okta.addUser();
    okta.failNext({ operation: 'deactivateUser' }, { status: 403 });
    const runData: Record<string, unknown> = { accessBefore: {} };
    const record = (data: Record<string, unknown>): void => void Object.assign(runData, data);
    const [outcome] = driveTasks(client, [{ task: deactivateTask, ctx: { user: jane, runData, record } }]);
    Object.assign(runData, outcome!.data);
    expect(runData['deactivateSent']).toBe(false);
  });
});
