// The demo's front door, on its own thread: it owns the page's port and passes every request on to the
// runtime's server on the main thread. While an execution runs, the main thread is blocked (UrlFetchApp
// waits synchronously), so a page polling during a long worker turn would see nothing move until the turn
// ends, and a batch's message would jump from its first count to its last. Here a state poll the main
// thread leaves unanswered for BUSY_MS is answered from that person's last state, with the Slack messages
// as the fake Slack holds them now (the main thread posts them here as they change, which it can do in the
// middle of an execution) and the fake Okta read directly (it lives in its own process). The Sheet tabs
// wait for the execution to end. Plain JavaScript so it loads the same under tsx, Jest and plain Node.

import http from 'node:http';
import { parentPort, workerData } from 'node:worker_threads';

const BUSY_MS = 300;
const STATE_PATH = '/demo/api/state';

/** @type {{ backendPort: number, port: number, oktaUrl: string, hiddenLogins: string[] }} */
const { backendPort, port, oktaUrl, hiddenLogins } = workerData;

/** The fake Slack's messages and version, as last posted by the main thread. */
let slack = null;
/** The last full state the main thread answered (and its headers), by the `as` of the request. */
const lastState = new Map();

parentPort.on('message', (message) => {
  if (message?.type === 'slack') slack = { version: message.version, messages: message.messages };
});

function readBody(req) {
  return new Promise((resolve, reject) => {
    const chunks = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

/** The request as the main thread's server answers it: {status, headers, body}. */
function forward(req, body) {
  return new Promise((resolve, reject) => {
    const headers = { ...req.headers, host: `127.0.0.1:${backendPort}` };
    const back = http.request(
      { host: '127.0.0.1', port: backendPort, method: req.method, path: req.url, headers },
      (res) => {
        const chunks = [];
        res.on('data', (c) => chunks.push(c));
        res.on('end', () =>
          resolve({ status: res.statusCode ?? 502, headers: res.headers, body: Buffer.concat(chunks) }),
        );
        res.on('error', reject);
      },
    );
    back.on('error', reject);
    back.end(body);
  });
}

function send(res, answer) {
  const headers = { ...answer.headers };
  delete headers['transfer-encoding'];
  delete headers['connection'];
  headers['content-length'] = String(answer.body.length);
  res.writeHead(answer.status, headers);
  res.end(answer.body);
}

/** The fake Okta's people as the page's state has them, or undefined when it does not answer. */
async function oktaNow() {
  try {
    const response = await fetch(`${oktaUrl}/__fake/state`, { signal: AbortSignal.timeout(1_000) });
    if (!response.ok) return undefined;
    const snapshot = await response.json();
    return {
      users: snapshot.users.filter((u) => !hiddenLogins.includes(u.login)),
      pendingFailures: snapshot.pendingFailures,
    };
  } catch {
    return undefined;
  }
}

/** The person's last state with what moved since: Slack as it is now, Okta as it is now. */
async function liveState(as) {
  const base = lastState.get(as)?.state;
  if (!base || !slack) return undefined;
  const okta = await oktaNow();
  return {
    ...base,
    version: slack.version,
    channel: slack.messages.filter((m) => m.visibleTo === undefined),
    ephemeral: slack.messages.filter((m) => m.visibleTo === base.me),
    ...(okta ? { okta } : {}),
    now: Date.now(),
    busy: true,
  };
}

async function handle(req, res) {
  const body = await readBody(req);
  const url = new URL(req.url ?? '/', 'http://127.0.0.1');
  const pending = forward(req, body);
  if (!(req.method === 'GET' && url.pathname === STATE_PATH)) return send(res, await pending);
  const as = url.searchParams.get('as') ?? '';
  const answered = await Promise.race([pending, new Promise((r) => setTimeout(() => r(null), BUSY_MS))]);
  if (answered) {
    remember(as, answered);
    return send(res, answered);
  }
  const live = await liveState(as);
  if (!live) return send(res, await pending);
  // The main thread's answer still comes once the execution ends: it refreshes the remembered state.
  pending.then((a) => remember(as, a)).catch(() => undefined);
  const { headers } = lastState.get(as);
  return send(res, { status: 200, headers, body: Buffer.from(JSON.stringify(live)) });
}

function remember(as, answer) {
  if (answer.status !== 200) return;
  try {
    lastState.set(as, { state: JSON.parse(answer.body.toString('utf8')), headers: answer.headers });
  } catch {
    // Not JSON: nothing to remember.
  }
}

const server = http.createServer((req, res) => {
  handle(req, res).catch((e) => {
    if (res.headersSent) return res.destroy();
    res.writeHead(502, { 'content-type': 'text/plain; charset=utf-8' });
    res.end(
      `The demo's front door could not reach the runtime: ${e instanceof Error ? e.message : String(e)}`,
    );
  });
});
server.listen(port, '127.0.0.1', () => {
  parentPort.postMessage({ type: 'listening', port: server.address().port });
});
parentPort.on('message', (message) => {
  if (message?.type !== 'close') return;
  server.close(() => parentPort.postMessage({ type: 'closed' }));
  server.closeAllConnections();
});
