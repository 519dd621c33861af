// The local /exec: an HTTP server on 127.0.0.1 that turns a request into Apps Script's doPost/doGet event,
// runs the bundle and answers with the TextOutput's content and MIME type. Apps Script answers a 302 to
// a one-time script.googleusercontent.com URL that then serves the content; locally we answer 200 with
// the content directly (Slack follows the redirect, so both look the same to it).

import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Runtime } from './loadBundle';
import type { TextOutputLike } from './utilities';

export const DEFAULT_PORT = 8787;

/** Apps Script's doGet/doPost event object. */
export interface WebAppEvent {
  parameter: Record<string, string>;
  parameters: Record<string, string[]>;
  queryString: string;
  contextPath: string;
  contentLength: number;
  pathInfo?: string;
  postData?: { contents: string; type: string; length: number; name: 'postData' };
}

/** Builds the event the way Apps Script does: query string and form body both land in parameter(s). */
export function webAppEvent(rawUrl: string, body: string | null, contentType: string): WebAppEvent {
  const url = new URL(rawUrl, 'http://127.0.0.1');
  const parameters: Record<string, string[]> = {};
  const add = (params: URLSearchParams): void => {
    for (const [key, value] of params) (parameters[key] ??= []).push(value);
  };
  add(url.searchParams);
  const type = (contentType.split(';')[0] ?? '').trim().toLowerCase();
  if (body !== null && type === 'application/x-www-form-urlencoded') add(new URLSearchParams(body));
  // Every list holds at least the value that created it.
  const parameter = Object.fromEntries(Object.entries(parameters).map(([k, v]) => [k, v[0] ?? '']));
  const event: WebAppEvent = {
    parameter,
    parameters,
    queryString: url.search.replace(/^\?/, ''),
    contextPath: '',
    contentLength: body === null ? -1 : Buffer.byteLength(body),
  };
  const pathInfo = url.pathname.replace(/^\/exec\/?/, '');
  if (pathInfo !== '' && pathInfo !== url.pathname) event.pathInfo = pathInfo;
  if (body !== null) {
    event.postData = {
      contents: body,
      type: type || 'application/octet-stream',
      length: Buffer.byteLength(body),
      name: 'postData',
    };
  }
  return event;
}

/** A hook for pages served next to /exec (the demo's Slack page): answer true when it handled the request. */
export type ExtraRoute = (
  req: http.IncomingMessage,
  res: http.ServerResponse,
  body: string,
) => boolean | Promise<boolean>;

export interface ServerOptions {
  runtime: Runtime;
  /** Default 8787, or the PORT environment variable; 0 picks a free port. */
  port?: number;
  host?: string;
  extraRoutes?: ExtraRoute[];
}

export interface RunningServer {
  url: string;
  port: number;
  server: http.Server;
  close(): Promise<void>;
}

function readBody(req: http.IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

async function handle(
  options: ServerOptions,
  req: http.IncomingMessage,
  res: http.ServerResponse,
): Promise<void> {
  const body = await readBody(req);
  for (const route of options.extraRoutes ?? []) {
    if (await route(req, res, body)) return;
  }
  const pathname = new URL(req.url ?? '/', 'http://127.0.0.1').pathname;
  if (pathname !== '/exec' && !pathname.startsWith('/exec/')) {
    res.writeHead(404, { 'Content-Type': 'text/plain' }).end('Not found: the web app is at /exec');
    return;
  }
  const isPost = req.method === 'POST';
  if (!isPost && req.method !== 'GET') {
    res.writeHead(405, { 'Content-Type': 'text/plain' }).end('Only GET and POST');
    return;
  }
  const event = webAppEvent(
    req.url ?? '/exec',
    isPost ? body : null,
    String(req.headers['content-type'] ?? ''),
  );
  try {
    const output = (await options.runtime.call(isPost ? 'doPost' : 'doGet', event)) as
      TextOutputLike | undefined;
    if (!output || typeof output.getContent !== 'function') {
      // Apps Script shows "The script completed but did not return anything." as a page.
      res
        .writeHead(200, { 'Content-Type': 'text/html' })
        .end('The script completed but did not return anything.');
      return;
    }
    res.writeHead(200, { 'Content-Type': `${output.getMimeType()}; charset=utf-8` }).end(output.getContent());
  } catch (e) {
    // Apps Script answers an HTML error page when the function throws; Slack shows the user a failure.
    const message =
      e instanceof Error || (typeof e === 'object' && e !== null && 'message' in e)
        ? (e as Error).message
        : String(e);
    res
      .writeHead(500, { 'Content-Type': 'text/html' })
      .end(`<html><body>Error: ${escapeHtml(message)}</body></html>`);
  }
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c] ?? c);
}

export function startServer(options: ServerOptions): Promise<RunningServer> {
  const port = options.port ?? (process.env.PORT ? Number(process.env.PORT) : DEFAULT_PORT);
  const host = options.host ?? '127.0.0.1';
  const server = http.createServer((req, res) => {
    handle(options, req, res).catch((e: unknown) => {
      if (!res.headersSent) res.writeHead(500, { 'Content-Type': 'text/plain' });
      res.end(`Offboard local runtime: ${String(e)}`);
    });
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      const actual = (server.address() as AddressInfo).port;
      resolve({
        url: `http://${host}:${actual}/exec`,
        port: actual,
        server,
        close: () => new Promise<void>((done) => server.close(() => done())),
      });
    });
  });
}
