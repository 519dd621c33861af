// The demo's front door (runtime/demo/frontDoor.mjs): it passes requests on to the runtime's server, and
// when that server is held up by an execution, it answers the page's state poll from the person's last
// state with the fake Slack's messages as they are now and the fake Okta read directly.

import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { startFrontDoor, type FrontDoor } from '../../runtime/demo/frontDoorHandle';
import type { DemoMessage } from '../../runtime/demo/slackWorkspace';
import { eventually } from './helpers';

const SAM = 'U0DEMOSAM';

/** A stand-in for the runtime's server: answers at once, or holds answers while `busy`. */
function backend() {
  let busy = false;
  const held: (() => void)[] = [];
  let states = 0;
  const server = http.createServer((req, res) => {
    const answer = (): void => {
      if (req.url?.startsWith('/demo/api/state')) {
        states++;
        res.writeHead(200, { 'Content-Type': 'application/json' });
        res.end(JSON.stringify({ me: SAM, version: 1, channel: [], ephemeral: [], tabs: { n: states } }));
      } else {
        res.writeHead(200, { 'Content-Type': 'text/plain' });
        res.end(`${req.method} ${req.url}`);
      }
    };
    if (busy) held.push(answer);
    else answer();
  });
  return {
    server,
    hold: () => void (busy = true),
    release: () => {
      busy = false;
      held.splice(0).forEach((f) => f());
    },
  };
}

/** A stand-in for the fake Okta's control endpoint. */
function okta(status: string) {
  return http.createServer((_req, res) => {
    res.writeHead(200, { 'Content-Type': 'application/json' });
    res.end(
      JSON.stringify({
        users: [
          { login: 'okta.admin@example.com', status: 'ACTIVE' },
          { login: 'nina.kowalski@example.com', status },
        ],
        pendingFailures: 0,
      }),
    );
  });
}

const listen = (server: http.Server): Promise<number> =>
  new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () => resolve((server.address() as AddressInfo).port)),
  );

const message = (ts: string, text: string, visibleTo?: string): DemoMessage => ({
  ts,
  channel: 'C0OFFBOARD',
  author: 'app',
  text,
  blocks: [],
  edited: false,
  ...(visibleTo ? { visibleTo } : {}),
});

describe('the demo front door', () => {
  const back = backend();
  const fakeOkta = okta('SUSPENDED');
  let front: FrontDoor;

  beforeAll(async () => {
    const backendPort = await listen(back.server);
    const oktaPort = await listen(fakeOkta);
    front = await startFrontDoor({
      backendPort,
      port: 0,
      oktaUrl: `http://127.0.0.1:${oktaPort}`,
      hiddenLogins: ['okta.admin@example.com'],
    });
  });

  afterAll(async () => {
    back.release();
    await front?.close();
    back.server.close();
    fakeOkta.close();
  });

  const state = async () => {
    const response = await fetch(`${front.origin}/demo/api/state?as=${SAM}`);
    return { body: (await response.json()) as Record<string, unknown> };
  };

  test('passes a request on to the runtime and answers with what it answered', async () => {
    const response = await fetch(`${front.origin}/exec`, { method: 'POST', body: 'token=x' });
    expect([response.status, await response.text()]).toEqual([200, 'POST /exec']);
  });

  test('a state poll the runtime answers in time is its answer', async () => {
    expect((await state()).body).toMatchObject({ me: SAM, tabs: { n: expect.any(Number) } });
  });

  test('while the runtime is held up, a state poll shows the Slack messages as they are now and Okta read directly', async () => {
    await state(); // remembered as Sam's last state
    back.hold();
    front.slackChanged(7, [
      message('1.000001', 'containment 7/7 · completed 0/7'),
      message('1.000002', 'Offboard 7 people?', SAM),
      message('1.000003', 'for Mei only', 'U0DEMOMEI'),
    ]);
    // The messages cross to the front door's thread: poll until they are there.
    const { body } = await eventually('the front door to have version 7', async () => {
      const answer = await state();
      return answer.body['version'] === 7 ? answer : undefined;
    });
    back.release();
    expect({
      busy: body['busy'],
      version: body['version'],
      channel: (body['channel'] as DemoMessage[]).map((m) => m.text),
      ephemeral: (body['ephemeral'] as DemoMessage[]).map((m) => m.text),
      okta: body['okta'],
    }).toEqual({
      busy: true,
      version: 7,
      channel: ['containment 7/7 · completed 0/7'],
      ephemeral: ['Offboard 7 people?'],
      okta: { users: [{ login: 'nina.kowalski@example.com', status: 'SUSPENDED' }], pendingFailures: 0 },
    });
  });
});
