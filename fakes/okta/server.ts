// The fake Okta over real HTTP (for the local runtime and demos), plus JSON control endpoints under /__fake/.

import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { FailureMatch, FakeOkta, InjectedFailure } from './fakeOkta';
import { RATE_FAMILIES } from './operations';

export interface FakeOktaServerOptions {
  okta: FakeOkta;
  /** 0 (default) picks a free port. */
  port?: number;
  /** Loopback only: the control endpoints need no token. */
  host?: '127.0.0.1';
  /** Called after POST /__fake/reset, e.g. to seed the demo directory again. */
  onReset?: (okta: FakeOkta) => void;
}

export interface FakeOktaServer {
  /** e.g. http://127.0.0.1:54321 (no trailing slash). */
  url: string;
  close(): Promise<void>;
}

/** A failure rule as JSON: the path pattern is a regular expression's source text. */
export interface FailNextBody {
  match?: { operation?: string; method?: string; path?: string };
  failure?: InjectedFailure;
}

export async function startFakeOktaServer(options: FakeOktaServerOptions): Promise<FakeOktaServer> {
  const { okta } = options;
  const host = options.host ?? '127.0.0.1';
  let url = '';

  const server = createServer((req, res) => {
    readBody(req)
      .then((body) => {
        const path = req.url ?? '/';
        if (path.startsWith('/__fake/')) return control(req, res, path, body);
        return serveOkta(req, res, path, body);
      })
      .catch((e: unknown) => sendJson(res, 500, { error: e instanceof Error ? e.message : String(e) }));
  });

  async function serveOkta(
    req: IncomingMessage,
    res: ServerResponse,
    path: string,
    body: string,
  ): Promise<void> {
    // Requests overlap for real here: each counts against the concurrency limit until it is answered.
    const admitted = okta.admit();
    try {
      const answer = admitted
        ? okta.handle(req.method ?? 'GET', path, flatHeaders(req), url, body)
        : okta.overConcurrency(req.method ?? 'GET', path);
      if (answer.latencyMs > 0) await new Promise((resolve) => setTimeout(resolve, answer.latencyMs));
      const { response } = answer;
      // No HTTP answer at all: drop the connection so the caller sees a network error.
      if (response.status === 0) {
        req.socket.destroy();
        return;
      }
      res.writeHead(response.status, response.headers);
      res.end(response.body);
    } finally {
      okta.release();
    }
  }

  function control(req: IncomingMessage, res: ServerResponse, path: string, body: string): void {
    if (!isLoopback(req.socket.remoteAddress)) {
      sendJson(res, 403, { error: 'control endpoints answer only on 127.0.0.1' });
      return;
    }
    const route = `${req.method ?? 'GET'} ${path.split('?')[0]}`;
    let input: Record<string, unknown>;
    try {
      input = body.trim() === '' ? {} : (JSON.parse(body) as Record<string, unknown>);
    } catch {
      sendJson(res, 400, { error: 'body must be JSON' });
      return;
    }
    switch (route) {
      case 'GET /__fake/state':
        sendJson(res, 200, okta.snapshot());
        return;
      case 'POST /__fake/reset':
        okta.reset();
        options.onReset?.(okta);
        sendJson(res, 200, okta.snapshot());
        return;
      case 'POST /__fake/fail-next': {
        const parsed = parseFailNext(input);
        if (typeof parsed === 'string') {
          sendJson(res, 400, { error: parsed });
          return;
        }
        okta.failNext(parsed.match, parsed.failure);
        sendJson(res, 200, { ok: true });
        return;
      }
      case 'POST /__fake/network-fail-next': {
        const match = parseMatch(input['match']);
        if (typeof match === 'string') {
          sendJson(res, 400, { error: match });
          return;
        }
        const times = typeof input['times'] === 'number' ? input['times'] : 1;
        okta.networkFailNext(match, { times });
        sendJson(res, 200, { ok: true });
        return;
      }
      case 'POST /__fake/lose-answer-next': {
        const match = parseMatch(input['match']);
        if (typeof match === 'string') {
          sendJson(res, 400, { error: match });
          return;
        }
        const times = typeof input['times'] === 'number' ? input['times'] : 1;
        okta.loseAnswerNext(match, { times });
        sendJson(res, 200, { ok: true });
        return;
      }
      case 'POST /__fake/concurrency-limit': {
        const limit = input['limit'];
        if (typeof limit !== 'number') {
          sendJson(res, 400, { error: 'limit must be a number' });
          return;
        }
        okta.concurrencyLimit(limit);
        sendJson(res, 200, { ok: true });
        return;
      }
      case 'POST /__fake/caller-super-admin':
        okta.setCallerSuperAdmin(input['superAdmin'] !== false);
        sendJson(res, 200, { ok: true });
        return;
      case 'POST /__fake/latency':
        okta.setLatency(typeof input['ms'] === 'number' ? input['ms'] : 0);
        sendJson(res, 200, { ok: true });
        return;
      case 'POST /__fake/rate-limit': {
        const limit = input['limit'];
        const windowSeconds = input['windowSeconds'];
        if (typeof limit !== 'number' || typeof windowSeconds !== 'number') {
          sendJson(res, 400, { error: 'limit and windowSeconds must be numbers' });
          return;
        }
        const family = RATE_FAMILIES.find((f) => f === input['family']);
        if (input['family'] !== undefined && family === undefined) {
          sendJson(res, 400, { error: `family must be one of ${RATE_FAMILIES.join(', ')}` });
          return;
        }
        okta.rateLimit(family ? { limit, windowSeconds, family } : { limit, windowSeconds });
        sendJson(res, 200, { ok: true });
        return;
      }
      default:
        sendJson(res, 404, { error: `no control endpoint ${route}` });
    }
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => resolve());
  });
  const address = server.address() as AddressInfo;
  url = `http://${host}:${address.port}`;
  return {
    url,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((e) => (e ? reject(e) : resolve()));
        server.closeAllConnections();
      }),
  };
}

function parseFailNext(
  input: Record<string, unknown>,
): { match: FailureMatch; failure: InjectedFailure } | string {
  const match = parseMatch(input['match']);
  if (typeof match === 'string') return match;
  const failure = input['failure'] as InjectedFailure | undefined;
  if (!failure || typeof failure.status !== 'number') return 'failure.status must be a number';
  return { match, failure };
}

function parseMatch(raw: unknown): FailureMatch | string {
  const m = (raw ?? {}) as { operation?: unknown; method?: unknown; path?: unknown };
  const match: FailureMatch = {};
  if (typeof m.operation === 'string') match.operation = m.operation;
  if (typeof m.method === 'string') match.method = m.method;
  if (typeof m.path === 'string') {
    try {
      match.path = new RegExp(m.path);
    } catch {
      return `match.path is not a regular expression: ${m.path}`;
    }
  }
  return match;
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

function flatHeaders(req: IncomingMessage): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(req.headers)) {
    if (v !== undefined) out[k] = Array.isArray(v) ? v.join(', ') : v;
  }
  return out;
}

function isLoopback(address: string | undefined): boolean {
  return address === '127.0.0.1' || address === '::1' || address === '::ffff:127.0.0.1';
}

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(body));
}
