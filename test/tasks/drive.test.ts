// driveTasks: tasks run in lockstep, one fetchAll per round, a crashing task fails alone.

import { oktaCalls } from '../../src/okta/requests';
import { TASKS, taskById } from '../../src/tasks/catalog';
import { driveTasks } from '../../src/tasks/drive';
import type { AnyTaskSteps, TaskDefinition, TaskSteps } from '../../src/tasks/types';
import type { OktaResult } from '../../src/okta/client';
import type { WebhookCall, WebhookResult, WebhookSender } from '../../src/webhook/call';
import { fakeOrg } from '../okta/helpers';

function task(id: TaskDefinition['id'], run: TaskDefinition['run']): TaskDefinition {
  return { ...taskById(id)!, run };
}

describe('driveTasks', () => {
  it('sends suspend and clear sessions together in one fetchAll, then the read-back', () => {
    const { okta, http, client } = fakeOrg();
    const jane = okta.addUser();
    const ctx = { user: jane, runData: {} };
    const outcomes = driveTasks(client, [
      { task: taskById('suspend')!, ctx },
      { task: taskById('clear_sessions')!, ctx },
    ]);
    expect(outcomes.map((o) => o.kind)).toEqual(['done', 'done']);
    expect(http.batches.map((b) => b.length)).toEqual([2, 1]);
  });

  it('uses one fetchAll per round, however many tasks are running', () => {
    const { okta, http, client } = fakeOrg();
    const jane = okta.addUser();
    okta.enrollFactor(jane.id, 'push');
    const g = okta.addGroup({ name: 'Sales' });
    okta.addToGroup(g.id, jane.id);
    const ctx = { user: jane, runData: { accessBefore: {} } };
    // Round 1: resetFactors + listUserGroups + revokeGrants; round 2: listFactors + one removal +
    // listUserGrants; round 3: the groups re-listed.
    driveTasks(
      client,
      ['reset_factors', 'remove_groups', 'revoke_grants'].map((id) => ({ task: taskById(id)!, ctx })),
    );
    expect(http.batches.map((b) => b.length)).toEqual([3, 3, 1]);
  });

  it('hands each task its own results', () => {
    const { okta, client } = fakeOrg();
    const active = okta.addUser({ login: 'a@corp.com' });
    const deprovisioned = okta.addUser({ login: 'd@corp.com', status: 'DEPROVISIONED' });
    const outcomes = driveTasks(client, [
      { task: taskById('deactivate')!, ctx: { user: deprovisioned, runData: {} } },
      { task: taskById('deactivate')!, ctx: { user: active, runData: {} } },
    ]);
    expect(outcomes.map((o) => o.kind)).toEqual(['already_done', 'done']);
  });

  it('fails a task that throws as INTERNAL, with its message, and finishes the others', () => {
    const { okta, client } = fakeOrg();
    const jane = okta.addUser();
    const broken = task('revoke_grants', function* (): TaskSteps {
      yield [oktaCalls.me()];
      throw new Error('bad shape');
    });
    const outcomes = driveTasks(client, [
      { task: broken, ctx: { user: jane, runData: {} } },
      { task: taskById('suspend')!, ctx: { user: jane, runData: {} } },
    ]);
    expect(outcomes[0]).toEqual({ kind: 'failed', transient: false, code: 'INTERNAL', message: 'bad shape' });
    expect(outcomes[1]!.kind).toBe('done');
  });

  it('fails a task that never finishes instead of looping', () => {
    const { okta, client } = fakeOrg();
    const endless = task('revoke_grants', function* (): TaskSteps {
      for (;;) yield [oktaCalls.me()];
    });
    const [outcome] = driveTasks(client, [{ task: endless, ctx: { user: okta.addUser(), runData: {} } }]);
    expect(outcome).toMatchObject({ kind: 'failed', code: 'INTERNAL' });
  });

  it('makes no request for a round where no task asks for anything', () => {
    const { okta, http, client } = fakeOrg();
    const idle = task('revoke_grants', function* (): TaskSteps {
      const none = yield [];
      return { kind: 'done', detail: `got ${none.length}` };
    });
    const [outcome] = driveTasks(client, [{ task: idle, ctx: { user: okta.addUser(), runData: {} } }]);
    expect(outcome).toEqual({ kind: 'done', detail: 'got 0' });
    expect(http.fetchAllCalls).toBe(0);
  });
});

describe('calls to other systems', () => {
  const hook = (key: string): WebhookCall => ({
    system: 'webhook',
    url: 'https://hooks.example.com/offboard',
    secretProperty: 'HOOK_SECRET',
    idempotencyKey: key,
    body: '{}',
  });

  /** Answers 200 with the idempotency key as the body, keeping every batch. */
  function countingSender(): WebhookSender & { batches: WebhookCall[][] } {
    const batches: WebhookCall[][] = [];
    return {
      batches,
      sendAll(calls) {
        batches.push(calls);
        return calls.map((c) => ({ system: 'webhook', status: 200, excerpt: c.idempotencyKey }));
      },
    };
  }

  it('go to their own sender while the round’s Okta calls still go to Okta in one fetchAll', () => {
    const { okta, http, client } = fakeOrg();
    const jane = okta.addUser();
    const sender = countingSender();
    const mixed = task('revoke_grants', function* (): AnyTaskSteps {
      yield [oktaCalls.me(), hook('a'), oktaCalls.getUser(jane.id)];
      return { kind: 'done', detail: '' };
    });
    driveTasks(
      client,
      [
        { task: mixed, ctx: { user: jane, runData: {} } },
        { task: taskById('suspend')!, ctx: { user: jane, runData: {} } },
      ],
      { webhook: sender },
    );
    expect(sender.batches.map((b) => b.map((c) => c.idempotencyKey))).toEqual([['a']]);
    expect(http.batches[0]!.length).toBe(3);
  });

  it('hand each call its own system’s answer, in the order the task asked', () => {
    const { okta, client } = fakeOrg();
    const jane = okta.addUser();
    let seen: unknown[] = [];
    const mixed = task('revoke_grants', function* (): AnyTaskSteps {
      seen = yield [hook('first'), oktaCalls.getUser(jane.id), hook('second')];
      return { kind: 'done', detail: '' };
    });
    driveTasks(client, [{ task: mixed, ctx: { user: jane, runData: {} } }], { webhook: countingSender() });
    const [first, user, second] = seen as [WebhookResult, OktaResult, WebhookResult];
    expect([first.excerpt, user.ok && (user.body as { id: string }).id, second.excerpt]).toEqual([
      'first',
      jane.id,
      'second',
    ]);
  });

  it('are answered as refused, and never sent, when no sender was given', () => {
    const { okta, http, client } = fakeOrg();
    let seen: unknown[] = [];
    const lonely = task('revoke_grants', function* (): AnyTaskSteps {
      seen = yield [hook('a')];
      return { kind: 'done', detail: '' };
    });
    driveTasks(client, [{ task: lonely, ctx: { user: okta.addUser(), runData: {} } }]);
    expect((seen[0] as WebhookResult).refused).toMatch(/cannot send webhooks/);
    expect(http.fetchAllCalls).toBe(0);
  });
});

describe('outcome texts', () => {
  it('are cut to 1,000 characters, however long Okta’s error text', () => {
    const { okta, client } = fakeOrg();
    const jane = okta.addUser();
    okta.failNext({ operation: 'suspendUser' }, { status: 403, errorSummary: 'x'.repeat(60_000) });
    const [outcome] = driveTasks(client, [{ task: taskById('suspend')!, ctx: { user: jane, runData: {} } }]);
    expect(outcome!.kind === 'failed' && outcome!.message.length).toBe(1_000);
  });
});

describe('the task catalog', () => {
  it('lists the twelve tasks in order: admin roles right after containment, Google after Okta, deactivate last', () => {
    expect(TASKS.map((t) => t.id)).toEqual([
      'suspend',
      'clear_sessions',
      'remove_admin_roles',
      'revoke_grants',
      'reset_factors',
      'remove_groups',
      'google_sign_out',
      'google_suspend',
      'google_remove_groups',
      'google_hide',
      'google_transfer_drive',
      'deactivate',
    ]);
  });

  it('labels each task as its Offboarding column', () => {
    expect(TASKS.map((t) => t.label)).toEqual([
      'Suspend',
      'Clear Sessions',
      'Remove Admin Roles',
      'Revoke Grants',
      'Reset Factors',
      'Remove Groups',
      'Sign Out of Google',
      'Suspend Google Account',
      'Remove from Google Groups',
      'Hide from Directory',
      'Transfer Drive to Manager',
      'Deactivate',
    ]);
  });

  it('contains before it revokes, and finishes last', () => {
    expect(TASKS.map((t) => t.stage)).toEqual([
      'contain',
      'contain',
      'revoke',
      'revoke',
      'revoke',
      'revoke',
      'revoke',
      'revoke',
      'revoke',
      'revoke',
      'revoke',
      'finish',
    ]);
  });

  it('has the Google Workspace tasks, and only them, off by default', () => {
    expect(TASKS.filter((t) => t.offByDefault).map((t) => t.id)).toEqual(
      TASKS.filter((t) => t.id.startsWith('google_')).map((t) => t.id),
    );
  });

  it('finds a task by id, and nothing for unknown text', () => {
    expect(taskById('remove_groups')!.label).toBe('Remove Groups');
    expect(taskById('delete_user')).toBeUndefined();
  });
});
