// Test doubles for the Okta client: a scripted, counting HttpClient, a fake clock, and Okta answer factories
// shaped like the Management API spec (components.examples.Error*, rate-limit headers, Link pagination).

import type { Clock, HttpClient, HttpRequest, HttpResponse } from '../../src/ports';
import { OktaClient, type OktaClientOptions } from '../../src/okta/client';
import type { OktaUser } from '../../src/okta/types';
import { FakeOkta } from '../../fakes/okta/fakeOkta';
import { FakeClock as SharedFakeClock } from '../fakes/services';

export const ORG = 'https://acme.okta.com';
export const TOKEN = '00aTESTtokenSECRETvalue-do-not-log';

export const T0 = Date.UTC(2026, 0, 15, 9, 0, 0);

/** Answers each request with `answer`, counting fetch and fetchAll calls and keeping every request. */
export class ScriptedHttp implements HttpClient {
  readonly requests: HttpRequest[] = [];
  /** The batches fetchAll was given, one entry per call. */
  readonly batches: HttpRequest[][] = [];
  fetchCalls = 0;
  /** Simulated time each request was sent, if a clock is attached. */
  readonly sentAt: number[] = [];

  constructor(
    private readonly answer: (request: HttpRequest, index: number) => HttpResponse,
    private readonly clock?: Clock,
  ) {}

  fetch(request: HttpRequest): HttpResponse {
    this.fetchCalls += 1;
    return this.respond(request);
  }

  fetchAll(requests: HttpRequest[]): HttpResponse[] {
    this.batches.push(requests);
    return requests.map((r) => this.respond(r));
  }

  get fetchAllCalls(): number {
    return this.batches.length;
  }

  private respond(request: HttpRequest): HttpResponse {
    this.requests.push(request);
    if (this.clock) this.sentAt.push(this.clock.now());
    return this.answer(request, this.requests.length - 1);
  }
}

/** Answers in order; a request past the end of the script fails the test loudly. */
export function inOrder(...responses: HttpResponse[]): (request: HttpRequest, index: number) => HttpResponse {
  return (request, index) => {
    const r = responses[index];
    if (!r) throw new Error(`unexpected request #${index + 1}: ${request.method} ${request.url}`);
    return r;
  };
}

/** Time stands still unless slept; every sleep is recorded. */
/** The shared fake clock, starting at T0 for the Okta tests. */
export class FakeClock extends SharedFakeClock {
  constructor(time = T0) {
    super(time);
  }
}

export function json(status: number, body: unknown, headers: Record<string, string> = {}): HttpResponse {
  return { status, headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) };
}

export function noContent(headers: Record<string, string> = {}): HttpResponse {
  return { status: 204, headers, body: '' };
}

export function oktaErrorResponse(
  status: number,
  errorCode: string,
  errorSummary: string,
  causes: string[] = [],
  headers: Record<string, string> = {},
): HttpResponse {
  return json(
    status,
    {
      errorCode,
      errorSummary,
      errorLink: errorCode,
      errorId: 'sampleErrId123',
      errorCauses: causes.map((c) => ({ errorSummary: c })),
    },
    headers,
  );
}

export function networkDown(why = 'Address unavailable'): HttpResponse {
  return { status: 0, headers: {}, body: '', networkError: why };
}

export function rateHeaders(
  limit: number,
  remaining: number,
  resetEpochSeconds: number,
): Record<string, string> {
  return {
    'x-rate-limit-limit': String(limit),
    'x-rate-limit-remaining': String(remaining),
    'x-rate-limit-reset': String(resetEpochSeconds),
  };
}

export function makeClient(
  http: HttpClient,
  clock: Clock,
  extra: Partial<OktaClientOptions> = {},
): OktaClient {
  return new OktaClient({ http, clock, orgUrl: ORG, apiToken: TOKEN, ...extra });
}

let nextId = 1;

export function oktaUser(
  overrides: { status?: OktaUser['status']; login?: string; email?: string; id?: string } = {},
): OktaUser {
  const login = overrides.login ?? 'jane@corp.com';
  return {
    id: overrides.id ?? `00u${String(nextId++).padStart(17, '0')}`,
    status: overrides.status ?? 'ACTIVE',
    profile: { login, email: overrides.email ?? login, firstName: 'Jane', lastName: 'Doe' },
  };
}

/** Counts like ScriptedHttp, but hands each fetchAll to the fake whole, so its requests are in flight together. */
class FakeOrgHttp extends ScriptedHttp {
  constructor(
    private readonly okta: FakeOkta,
    private readonly orgClock: Clock,
  ) {
    super((request) => okta.fetch(request), orgClock);
  }

  override fetchAll(requests: HttpRequest[]): HttpResponse[] {
    this.batches.push(requests);
    for (const r of requests) {
      this.requests.push(r);
      this.sentAt.push(this.orgClock.now());
    }
    return this.okta.fetchAll(requests);
  }
}

/**
 * A stateful fake Okta org behind a counting HttpClient, on a fake clock, with a client wired to it.
 * `http.batches` shows each fetchAll; `okta` is the org to seed and inspect.
 */
export function fakeOrg(options: { deadline?: number } = {}): {
  okta: FakeOkta;
  http: ScriptedHttp;
  clock: FakeClock;
  client: OktaClient;
} {
  const clock = new FakeClock();
  const okta = new FakeOkta({ now: () => clock.now() });
  const http = new FakeOrgHttp(okta, clock);
  const client = new OktaClient({ http, clock, orgUrl: okta.orgUrl, apiToken: okta.apiToken, ...options });
  return { okta, http, clock, client };
}
