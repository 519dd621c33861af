// UrlFetchApp: real synchronous HTTP through the synckit worker, routed away from the internet.

import net from 'node:net';
import { Worker } from 'node:worker_threads';
import { RuntimeLog } from '../../runtime/log';
import { RealmRef } from '../../runtime/realm';
import { createUrlFetchApp, type FetchRoutes, type LocalRequest } from '../../runtime/urlFetch';
import type { Loose } from './helpers';

const OKTA = 'https://fake.okta.example';

// The server runs in its own thread: UrlFetchApp blocks this one while it waits, as Apps Script does.
const SERVER = `
const http = require('node:http');
const { parentPort } = require('node:worker_threads');
const server = http.createServer((req, res) => {
  const url = new URL(req.url, 'http://x');
  let body = '';
  req.on('data', (c) => (body += c));
  req.on('end', () => {
    if (url.pathname === '/ok') {
      res.setHeader('X-Rate-Limit-Remaining', '5');
      res.setHeader('Set-Cookie', ['a=1', 'b=2']);
      return res.end('{"ok":true}');
    }
    if (url.pathname === '/missing') { res.statusCode = 404; return res.end('{"errorCode":"E0000007"}'); }
    if (url.pathname === '/slow') {
      return setTimeout(() => res.end(url.searchParams.get('n')), Number(url.searchParams.get('ms')));
    }
    if (url.pathname === '/echo') {
      return res.end(JSON.stringify({ method: req.method, type: req.headers['content-type'], auth: req.headers.authorization, body }));
    }
    if (url.pathname === '/redirect') { res.statusCode = 302; res.setHeader('Location', '/ok'); return res.end(); }
    res.statusCode = 500; res.end();
  });
});
server.listen(0, '127.0.0.1', () => parentPort.postMessage(server.address().port));
`;

let worker: Worker;
let port: number;

beforeAll(async () => {
  worker = new Worker(SERVER, { eval: true });
  port = await new Promise<number>((resolve) => worker.once('message', resolve));
});
afterAll(() => worker.terminate());

function fetchApp(routes: FetchRoutes = {}): Loose {
  return createUrlFetchApp(
    { origins: { [OKTA]: `http://127.0.0.1:${port}` }, ...routes },
    new RealmRef(),
    new RuntimeLog(),
  );
}

async function closedPort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port: free } = server.address() as net.AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return free;
}

it('fetches synchronously through a routed origin', () => {
  const response = fetchApp().fetch(`${OKTA}/ok`);
  expect([response.getResponseCode(), response.getContentText()]).toEqual([200, '{"ok":true}']);
});

it('without muteHttpExceptions a 404 throws Apps Script’s message', () => {
  expect(() => fetchApp().fetch(`${OKTA}/missing`)).toThrow(
    `Request failed for ${OKTA} returned code 404. Truncated server response: {"errorCode":"E0000007"}`,
  );
});

it('with muteHttpExceptions a 404 is an answer', () => {
  const response = fetchApp().fetch(`${OKTA}/missing`, { muteHttpExceptions: true });
  expect(response.getResponseCode()).toBe(404);
});

it('getAllHeaders keeps the server’s casing and gives repeated headers as arrays', () => {
  const headers = fetchApp().fetch(`${OKTA}/ok`).getAllHeaders();
  expect([headers['X-Rate-Limit-Remaining'], headers['Set-Cookie']]).toEqual(['5', ['a=1', 'b=2']]);
});

it('sends method, payload, contentType and headers', () => {
  const response = fetchApp().fetch(`${OKTA}/echo`, {
    method: 'post',
    payload: '{"a":1}',
    contentType: 'application/json',
    headers: { Authorization: 'SSWS token' },
  });
  expect(JSON.parse(response.getContentText())).toEqual({
    method: 'POST',
    type: 'application/json',
    auth: 'SSWS token',
    body: '{"a":1}',
  });
});

it('follows redirects unless told not to', () => {
  const app = fetchApp();
  expect([
    app.fetch(`${OKTA}/redirect`).getResponseCode(),
    app.fetch(`${OKTA}/redirect`, { followRedirects: false }).getResponseCode(),
  ]).toEqual([200, 302]);
});

it('fetchAll answers in request order, whatever order the answers come in', () => {
  const responses = fetchApp().fetchAll([
    { url: `${OKTA}/slow?ms=150&n=first` },
    { url: `${OKTA}/slow?ms=0&n=second` },
    { url: `${OKTA}/slow?ms=60&n=third` },
  ]);
  expect(responses.map((r: Loose) => r.getContentText())).toEqual(['first', 'second', 'third']);
});

it('fetchAll sends its requests in parallel', () => {
  const started = Date.now();
  fetchApp().fetchAll([200, 200, 200].map((ms) => ({ url: `${OKTA}/slow?ms=${ms}&n=x` })));
  expect(Date.now() - started).toBeLessThan(550);
});

it('an in-process handler answers without HTTP (Slack’s Web API)', () => {
  const seen: LocalRequest[] = [];
  const app = fetchApp({
    handlers: {
      'https://slack.com/api/': (request) => {
        seen.push(request);
        return { status: 200, body: '{"ok":true,"ts":"1.2"}' };
      },
    },
  });
  const response = app.fetch('https://slack.com/api/chat.postMessage', {
    method: 'post',
    payload: '{"text":"hi"}',
    contentType: 'application/json',
  });
  expect([response.getContentText(), seen[0]?.body, seen[0]?.headers['content-type']]).toEqual([
    '{"ok":true,"ts":"1.2"}',
    '{"text":"hi"}',
    'application/json',
  ]);
});

it('a host with no route throws instead of reaching the internet', () => {
  expect(() => fetchApp().fetch('https://example.com/')).toThrow(
    'Offboard local runtime: no route for https://example.com',
  );
});

it('a refused connection throws "Address unavailable"', async () => {
  const app = fetchApp({ origins: { [OKTA]: `http://127.0.0.1:${await closedPort()}` } });
  expect(() => app.fetch(`${OKTA}/ok`, { muteHttpExceptions: true })).toThrow('Address unavailable');
});
