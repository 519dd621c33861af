// Webhook tasks: URL checks, signing (verified by receivers taken from the README), answers, retries.

import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { HttpRequest, HttpResponse } from '../../src/ports';
import { driveTasks } from '../../src/tasks/drive';
import type { TaskContext, TaskOutcome } from '../../src/tasks/types';
import { webhookTask, type WebhookSpec } from '../../src/tasks/webhook';
import { httpWebhookSender } from '../../src/webhook/sender';
import { checkWebhookUrl, parseAllowedHosts } from '../../src/webhook/target';
import { FakeClock, nodeCrypto } from '../fakes/services';
import { fakeOrg, ScriptedHttp } from '../okta/helpers';

const SECRET = 'whsec-test-ünïcode-secret';
const SPEC: WebhookSpec = {
  url: 'https://hooks.example.com/offboard',
  secretProperty: 'PAYROLL_HOOK_SECRET',
  timeoutPolicy: 'retry',
};

function context(): TaskContext {
  return {
    user: {
      id: '00u1',
      status: 'ACTIVE',
      profile: { login: 'jane@corp.com', email: 'jane@corp.com', displayName: 'Jane Dœ' },
    } as TaskContext['user'],
    runData: {},
    run: { runId: 'OFF-20261201-ABCD', requestedBy: 'Ann (U1)', confirmedBy: 'Bob (U2)', at: Date.now() },
  };
}

/** Runs the webhook task once against a receiver answering `answer`; returns what was sent and the outcome. */
function runOnce(
  answer: (request: HttpRequest) => HttpResponse,
  spec: WebhookSpec = SPEC,
  allowed = 'hooks.example.com',
): { outcome: TaskOutcome; http: ScriptedHttp } {
  const http = new ScriptedHttp(answer);
  const sender = httpWebhookSender({
    http,
    clock: new FakeClock(Date.now()),
    crypto: nodeCrypto,
    allowedHosts: parseAllowedHosts(allowed),
    secret: (name) => (name === 'PAYROLL_HOOK_SECRET' ? SECRET : null),
  });
  const { client } = fakeOrg();
  const [outcome] = driveTasks(client, [{ task: webhookTask('Notify Payroll', spec), ctx: context() }], {
    webhook: sender,
  });
  return { outcome: outcome!, http };
}

const reply =
  (status: number, body = ''): ((r: HttpRequest) => HttpResponse) =>
  () => ({ status, headers: {}, body });

/** The fenced code after `<!-- receiver:NAME -->` in the README. */
function readmeSnippet(name: string): string {
  const readme = readFileSync(join(__dirname, '../../README.md'), 'utf8');
  const match = new RegExp(`<!-- receiver:${name} -->\\s*\`\`\`\\w+\\n([\\s\\S]*?)\`\`\``).exec(readme);
  if (!match) throw new Error(`README has no receiver:${name} snippet`);
  return match[1]!;
}

/** Header names as a Node server sees them (lower case). */
function lowerCased(headers: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(headers).map(([k, v]) => [k.toLowerCase(), v]));
}

describe('the README’s receivers', () => {
  it('accept the message Offboard sends (Node snippet)', () => {
    const { http } = runOnce(reply(200, 'ok'));
    const sent = http.requests[0]!;
    const verify = new Function('require', `${readmeSnippet('node')}\nreturn verifyOffboard;`)(require) as (
      body: string,
      headers: Record<string, string>,
      secret: string,
    ) => boolean;
    expect(verify(sent.payload!, lowerCased(sent.headers!), SECRET)).toBe(true);
  });

  it('refuse the message with one character of the body changed (Node snippet)', () => {
    const { http } = runOnce(reply(200, 'ok'));
    const sent = http.requests[0]!;
    const verify = new Function('require', `${readmeSnippet('node')}\nreturn verifyOffboard;`)(require) as (
      body: string,
      headers: Record<string, string>,
      secret: string,
    ) => boolean;
    const tampered = sent.payload!.replace('jane@corp.com', 'jane@corp.con');
    expect(verify(tampered, lowerCased(sent.headers!), SECRET)).toBe(false);
  });

  const python = spawnSync('python3', ['--version']).status === 0;
  (python ? it : it.skip)(
    'accept the message Offboard sends, and refuse another secret (Python snippet)',
    () => {
      const { http } = runOnce(reply(200, 'ok'));
      const sent = http.requests[0]!;
      const program = `${readmeSnippet('python')}
import json, sys
m = json.load(sys.stdin)
print(json.dumps([verify_offboard(m["body"].encode(), m["headers"], m["secret"]) for m["secret"] in [m["secret"], "other"]]))
`;
      const run = spawnSync('python3', ['-c', program], {
        input: JSON.stringify({ body: sent.payload, headers: sent.headers, secret: SECRET }),
        encoding: 'utf8',
      });
      expect(run.stderr).toBe('');
      expect(JSON.parse(run.stdout)).toEqual([true, false]);
    },
  );
});

describe('what a webhook task sends', () => {
  it('POSTs the run, the task and the person as JSON', () => {
    const { http } = runOnce(reply(200));
    const sent = http.requests[0]!;
    expect(sent.method).toBe('post');
    expect(JSON.parse(sent.payload!)).toEqual({
      runId: 'OFF-20261201-ABCD',
      task: 'Notify Payroll',
      oktaUserId: '00u1',
      login: 'jane@corp.com',
      email: 'jane@corp.com',
      displayName: 'Jane Dœ',
      requestedBy: 'Ann (U1)',
      confirmedBy: 'Bob (U2)',
      time: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
    });
  });

  it('sends the run id and task as the Idempotency-Key', () => {
    const { http } = runOnce(reply(200));
    expect(http.requests[0]!.headers!['Idempotency-Key']).toBe('OFF-20261201-ABCD:webhook:notify_payroll');
  });

  it('never puts the secret in the request', () => {
    const { http } = runOnce(reply(200));
    expect(JSON.stringify(http.requests)).not.toContain(SECRET);
  });
});

describe('a webhook task’s outcome', () => {
  it('is done on 2xx, with the status and the start of the answer', () => {
    const { outcome } = runOnce(reply(201, '{"ticket":"IT-42"}'));
    expect(outcome).toMatchObject({
      kind: 'done',
      detail: 'The receiver answered HTTP 201: {"ticket":"IT-42"}',
    });
  });

  it('records the answer as a Run Details item', () => {
    const { outcome } = runOnce(reply(200, 'queued'));
    expect(outcome.details).toEqual([
      { kind: 'webhook answer', oktaId: '', name: SPEC.url, note: 'HTTP 200: queued' },
    ]);
  });

  it('keeps only 200 characters of a long answer', () => {
    const { outcome } = runOnce(reply(200, 'x'.repeat(5_000)));
    expect(outcome.kind === 'done' && outcome.detail.length).toBeLessThan(260);
  });

  it('fails for good on 4xx, with the answer’s text', () => {
    const { outcome } = runOnce(reply(422, 'unknown employee jane@corp.com'));
    expect(outcome).toMatchObject({
      kind: 'failed',
      transient: false,
      code: 'WEBHOOK_REFUSED',
      message: 'The receiver refused it with HTTP 422: unknown employee jane@corp.com',
    });
  });

  it('fails for good on a redirect, which is not followed', () => {
    const { outcome } = runOnce(reply(302));
    expect(outcome).toMatchObject({ kind: 'failed', transient: false, code: 'WEBHOOK_REFUSED' });
  });

  it('fails transiently on 5xx, so the run retries it', () => {
    const { outcome } = runOnce(reply(503, 'maintenance'));
    expect(outcome).toMatchObject({ kind: 'failed', transient: true, code: 'WEBHOOK_FAILED' });
  });

  it('fails transiently on no answer when the timeout policy is retry', () => {
    const { outcome } = runOnce(() => ({ status: 0, headers: {}, body: '', networkError: 'Timeout' }));
    expect(outcome).toMatchObject({ kind: 'failed', transient: true, code: 'WEBHOOK_FAILED' });
  });

  it('fails for good on no answer when the timeout policy is fail', () => {
    const { outcome } = runOnce(() => ({ status: 0, headers: {}, body: '', networkError: 'Timeout' }), {
      ...SPEC,
      timeoutPolicy: 'fail',
    });
    expect(outcome).toMatchObject({ kind: 'failed', transient: false, code: 'WEBHOOK_FAILED' });
  });
});

describe('retries', () => {
  it('send the same Idempotency-Key as the first attempt', () => {
    const first = runOnce(reply(503)).http.requests[0]!;
    const second = runOnce(reply(200)).http.requests[0]!;
    expect([second.headers!['Idempotency-Key'], JSON.parse(second.payload!).runId]).toEqual([
      first.headers!['Idempotency-Key'],
      JSON.parse(first.payload!).runId,
    ]);
  });
});

describe('refused before sending', () => {
  it('an http:// URL, saying webhooks go over https only', () => {
    const { outcome, http } = runOnce(reply(200), { ...SPEC, url: 'http://hooks.example.com/offboard' });
    expect([outcome.kind === 'failed' && outcome.message, http.requests.length]).toEqual([
      'Not sent: "http://hooks.example.com/offboard" is not an https:// URL: webhooks are sent over https only.',
      0,
    ]);
  });

  it('a host not in WEBHOOK_ALLOWED_HOSTS, naming the host and the property', () => {
    const { outcome, http } = runOnce(reply(200), { ...SPEC, url: 'https://evil.example.net/x' });
    expect([outcome.kind === 'failed' && outcome.message, http.requests.length]).toEqual([
      'Not sent: evil.example.net is not in WEBHOOK_ALLOWED_HOSTS (hooks.example.com); add it there to allow it.',
      0,
    ]);
  });

  it('a secret property that is not set, naming it', () => {
    const { outcome, http } = runOnce(reply(200), { ...SPEC, secretProperty: 'NOPE' });
    expect([outcome.kind === 'failed' && outcome.message, http.requests.length]).toEqual([
      'Not sent: The Script Property NOPE holds no webhook secret.',
      0,
    ]);
  });
});

describe('checkWebhookUrl', () => {
  it('refuses a host that only ends with an allowed one', () => {
    expect(checkWebhookUrl('https://evilhooks.example.com/', ['hooks.example.com']).ok).toBe(false);
  });

  it('refuses a URL carrying a user name before an allowed host', () => {
    expect(checkWebhookUrl('https://hooks.example.com@evil.net/', ['hooks.example.com']).ok).toBe(false);
  });

  it('accepts an allowed host whatever its case, with a port', () => {
    expect(checkWebhookUrl('https://Hooks.Example.com:8443/x', ['hooks.example.com']).ok).toBe(true);
  });

  it('says the allow-list is empty when it is', () => {
    const check = checkWebhookUrl('https://hooks.example.com/', parseAllowedHosts(null));
    expect(!check.ok && check.reason).toMatch(/WEBHOOK_ALLOWED_HOSTS is empty/);
  });
});
