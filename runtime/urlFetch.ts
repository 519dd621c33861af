// UrlFetchApp.fetch/fetchAll as real synchronous HTTP: a synckit worker does the async request while the
// execution waits, as it does in Apps Script. A route table keeps the runtime off the internet: an
// origin can map to a local server, a URL prefix can map to a synchronous in-process handler (Slack's
// Web API and response_url hosts for a page in this process: going through HTTP to our own blocked
// main thread would deadlock), and anything else throws unless the config allows that host.

import path from 'node:path';
import { createSyncFn } from 'synckit';
import type { RealmRef } from './realm';
import { strict } from './strict';
import type { RuntimeLog } from './log';

/** What an in-process handler receives. Header names are lower-cased. */
export interface LocalRequest {
  url: string;
  method: string;
  headers: Record<string, string>;
  body: string;
}

export interface LocalResponse {
  status: number;
  headers?: Record<string, string | string[]>;
  body: string;
}

export type LocalHandler = (request: LocalRequest) => LocalResponse;

export interface FetchRoutes {
  /** `https://fake.okta.example` → `http://127.0.0.1:9001`: requests to the origin go to the target instead. */
  origins?: Record<string, string>;
  /** URL prefix → synchronous handler, e.g. `https://slack.com/api/`. Longest prefix wins. */
  handlers?: Record<string, LocalHandler>;
  /** Real hosts this runtime may reach (real mode), e.g. `acme.okta.com`. `*` allows every host. */
  allowHosts?: string[];
}

interface WireRequest {
  url: string;
  method: string;
  headers: Record<string, string>;
  payloadBase64?: string;
  followRedirects: boolean;
  timeoutMs: number;
}

type WireResult =
  | { ok: true; status: number; rawHeaders: string[]; bodyBase64: string }
  | { ok: false; code: string; message: string; url: string };

/** Apps Script gives up on a fetch after about 60 s. */
const FETCH_TIMEOUT_MS = 60_000;

let workerFetch: ((requests: WireRequest[]) => WireResult[]) | undefined;

function sendThroughWorker(requests: WireRequest[]): WireResult[] {
  workerFetch ??= createSyncFn(path.join(__dirname, 'fetchWorker.mjs'), {
    timeout: FETCH_TIMEOUT_MS + 5_000,
  });
  return workerFetch(requests);
}

export interface FetchOptions {
  method?: string;
  headers?: Record<string, unknown>;
  payload?: unknown;
  contentType?: string;
  muteHttpExceptions?: boolean;
  followRedirects?: boolean;
  validateHttpsCertificates?: boolean;
  escaping?: boolean;
}

interface Planned {
  original: string;
  mute: boolean;
  local?: { handler: LocalHandler; request: LocalRequest };
  wire?: WireRequest;
  refused?: string;
}

export function createUrlFetchApp(routes: FetchRoutes, realm: RealmRef, log: RuntimeLog): object {
  const makeError = (m: string) => realm.error(m);

  const plan = (url: string, options: FetchOptions = {}): Planned => {
    if (typeof url !== 'string' || !/^https?:\/\//i.test(url)) throw makeError(`Invalid argument: url`);
    const method = String(options.method ?? 'get').toUpperCase();
    const headers: Record<string, string> = {};
    for (const [k, v] of Object.entries(options.headers ?? {})) headers[k] = String(v);
    let body: string | undefined;
    if (options.payload !== undefined && options.payload !== null) {
      if (typeof options.payload === 'string') body = options.payload;
      else if (typeof options.payload === 'object' && !Array.isArray(options.payload)) {
        // An object payload is sent as a form, as Apps Script does.
        body = new URLSearchParams(
          Object.entries(options.payload as Record<string, unknown>).map(([k, v]): [string, string] => [
            k,
            String(v),
          ]),
        ).toString();
      } else body = String(options.payload);
      const hasType = Object.keys(headers).some((h) => h.toLowerCase() === 'content-type');
      if (!hasType) headers['Content-Type'] = options.contentType ?? 'application/x-www-form-urlencoded';
    } else if (options.contentType) headers['Content-Type'] = options.contentType;
    const mute = options.muteHttpExceptions === true;

    const handlers = Object.entries(routes.handlers ?? {}).sort((a, b) => b[0].length - a[0].length);
    const handled = handlers.find(([prefix]) => url.startsWith(prefix));
    if (handled) {
      const lower = Object.fromEntries(Object.entries(headers).map(([k, v]) => [k.toLowerCase(), v]));
      return {
        original: url,
        mute,
        local: { handler: handled[1], request: { url, method, headers: lower, body: body ?? '' } },
      };
    }
    const parsed = new URL(url);
    const target = routes.origins?.[parsed.origin];
    const allowed = routes.allowHosts?.includes('*') || routes.allowHosts?.includes(parsed.hostname);
    if (target === undefined && !allowed) {
      return {
        original: url,
        mute,
        refused: `Offboard local runtime: no route for ${parsed.origin} (the runtime reaches no real host unless runtime config allows it)`,
      };
    }
    const wireUrl = target === undefined ? url : target.replace(/\/$/, '') + url.slice(parsed.origin.length);
    return {
      original: url,
      mute,
      wire: {
        url: wireUrl,
        method,
        headers,
        ...(body === undefined ? {} : { payloadBase64: Buffer.from(body).toString('base64') }),
        followRedirects: options.followRedirects !== false,
        timeoutMs: FETCH_TIMEOUT_MS,
      },
    };
  };

  const respond = (p: Planned, status: number, headerPairs: [string, string][], body: Buffer): object => {
    if (!p.mute && status >= 400) {
      const text = body.toString('utf8');
      const shown = text.length > 100 ? `${text.slice(0, 100)}...` : text;
      throw makeError(
        `Request failed for ${new URL(p.original).origin} returned code ${status}. Truncated server response: ${shown} (use muteHttpExceptions option to examine full response)`,
      );
    }
    return makeResponse(status, headerPairs, body);
  };

  const makeResponse = (status: number, headerPairs: [string, string][], body: Buffer): object => {
    const all = (): Record<string, string | string[]> => {
      const out: Record<string, string | string[]> = {};
      for (const [name, value] of headerPairs) {
        const existing = Object.keys(out).find((k) => k.toLowerCase() === name.toLowerCase());
        if (existing === undefined) out[name] = value;
        else {
          const prior = out[existing];
          out[existing] = Array.isArray(prior)
            ? realm.array([...prior, value])
            : realm.array([prior ?? '', value]);
        }
      }
      return realm.object(out);
    };
    return strict(
      'HTTPResponse',
      {
        getResponseCode: () => status,
        getContentText: (charset?: string) =>
          body.toString(charset && /latin|8859/i.test(charset) ? 'latin1' : 'utf8'),
        getContent: () => realm.array(Array.from(body, (b) => (b > 127 ? b - 256 : b))),
        getAllHeaders: all,
        getHeaders: () => {
          const out: Record<string, string> = {};
          for (const [name, value] of Object.entries(all()))
            out[name] = Array.isArray(value) ? value.join(', ') : value;
          return realm.object(out);
        },
      },
      makeError,
    );
  };

  const networkError = (r: { code: string; url: string; message: string }): Error => {
    if (r.code === 'ENOTFOUND' || r.code === 'EAI_AGAIN') return makeError(`DNS error: ${r.url}`);
    if (r.code === 'ETIMEDOUT') return makeError(`Timeout: ${r.url}`);
    if (r.code === 'ECONNREFUSED' || r.code === 'EADDRNOTAVAIL' || r.code === 'ECONNRESET') {
      return makeError(`Address unavailable: ${r.url}`);
    }
    return makeError(`Exception: ${r.message}: ${r.url}`);
  };

  const runLocal = (p: Planned): object => {
    const { handler, request } = p.local!;
    let answer: LocalResponse;
    try {
      answer = handler(request);
    } catch (e) {
      // A broken in-process handler looks like a server error to the script, not a crash of the runtime.
      log.error('urlfetch', `handler for ${p.original} threw: ${(e as Error).message}`);
      answer = { status: 500, body: 'in-process handler failed' };
    }
    const pairs: [string, string][] = [];
    for (const [name, value] of Object.entries(answer.headers ?? {})) {
      for (const v of Array.isArray(value) ? value : [value]) pairs.push([name, v]);
    }
    return respond(p, answer.status, pairs, Buffer.from(answer.body));
  };

  const pairsOf = (raw: string[]): [string, string][] => {
    const pairs: [string, string][] = [];
    for (let i = 0; i + 1 < raw.length; i += 2) pairs.push([raw[i] ?? '', raw[i + 1] ?? '']);
    return pairs;
  };

  /** Runs planned requests: local ones here, wire ones together in the worker; answers in order. */
  const execute = (planned: Planned[]): object[] => {
    const refused = planned.find((p) => p.refused !== undefined);
    if (refused) {
      log.warn('urlfetch', refused.refused!);
      throw makeError(refused.refused!);
    }
    const wire = planned.filter((p) => p.wire !== undefined);
    const results = wire.length > 0 ? sendThroughWorker(wire.map((p) => p.wire!)) : [];
    let next = 0;
    return planned.map((p) => {
      if (p.local) {
        log.info('urlfetch', `${p.local.request.method} ${p.original} (in process)`);
        return runLocal(p);
      }
      const r = results[next++];
      if (!r) throw makeError(`No answer for ${p.original}`); // the worker answers one result per request
      log.info(
        'urlfetch',
        `${p.wire!.method} ${p.original}${p.wire!.url !== p.original ? ` → ${p.wire!.url}` : ''} ${r.ok ? r.status : r.code}`,
      );
      if (!r.ok) throw networkError(r);
      return respond(p, r.status, pairsOf(r.rawHeaders), Buffer.from(r.bodyBase64, 'base64'));
    });
  };

  return strict(
    'UrlFetchApp',
    {
      fetch: (url: string, options?: FetchOptions) => execute([plan(url, options)])[0],
      fetchAll: (requests: (string | (FetchOptions & { url: string }))[]) =>
        realm.array(
          execute(
            Array.from(requests, (r) => {
              if (typeof r === 'string') return plan(r);
              const { url, ...options } = r;
              return plan(url, options);
            }),
          ),
        ),
      getRequest: (url: string, options?: FetchOptions) => {
        const p = plan(url, options);
        return realm.object({
          url,
          method: p.wire?.method ?? p.local?.request.method ?? 'GET',
          headers: realm.object(p.wire?.headers ?? {}),
        });
      },
    },
    makeError,
  );
}
