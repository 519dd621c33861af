// Request factories for talking to the fake Okta the way the client does (SSWS token, org URL).

import type { HttpRequest, HttpResponse } from '../../src/ports';
import { DEFAULT_API_TOKEN, DEFAULT_ORG_URL, FakeOkta } from '../../fakes/okta/fakeOkta';

export type Method = NonNullable<HttpRequest['method']>;

/** A request to the fake's org, signed with its token unless `headers` says otherwise. */
export function oktaRequest(
  method: Method,
  path: string,
  options: { query?: Record<string, string>; headers?: Record<string, string>; orgUrl?: string } = {},
): HttpRequest {
  const qs = options.query ? `?${new URLSearchParams(options.query).toString()}` : '';
  return {
    url: `${options.orgUrl ?? DEFAULT_ORG_URL}${path}${qs}`,
    method,
    headers: options.headers ?? { Authorization: `SSWS ${DEFAULT_API_TOKEN}`, Accept: 'application/json' },
  };
}

/** A fake with a hand-settable clock, starting at 2026-06-01T12:00:00Z. */
export function fakeWithClock(start = Date.UTC(2026, 5, 1, 12)): { okta: FakeOkta; clock: { now: number } } {
  const clock = { now: start };
  return { okta: new FakeOkta({ now: () => clock.now }), clock };
}

export function send(
  okta: FakeOkta,
  method: Method,
  path: string,
  query?: Record<string, string>,
): HttpResponse {
  return okta.fetch(oktaRequest(method, path, query ? { query } : {}));
}

export function json<T = unknown>(response: HttpResponse): T {
  return JSON.parse(response.body) as T;
}

export interface ErrorBody {
  errorCode: string;
  errorSummary: string;
  errorLink: string;
  errorId: string;
  errorCauses: { errorSummary: string }[];
}
