// Prices every outside call the app makes with the cost table and moves the fake clock by that much, so
// budgets and deadlines in the engine see modeled time. Counting itself stays with the test fakes.

import type { HttpClient, HttpRequest, HttpResponse, SpreadsheetLike } from '../src/ports';
import { COUNTED_METHODS, type FakeSpreadsheet } from '../test/fakes/spreadsheet';
import type { TestServices } from '../test/fakes/services';
import type { CostKey, CostTable } from './costs';

/** Where a request went, as the cost table prices it. */
export type Host = 'okta' | 'slack' | 'other';

export interface FetchEvent {
  kind: 'fetch' | 'fetchAll';
  requests: { host: Host; method: string; url: string }[];
}

/** Where modeled time goes: the Sheet, HTTP, the other Apps Script services, fixed execution start costs. */
export type Area = 'sheet' | 'http' | 'services' | 'start';

/** Modeled milliseconds charged so far; the fake clock moves with it. */
export class Meter {
  ms = 0;
  readonly byArea: Record<Area, number> = { sheet: 0, http: 0, services: 0, start: 0 };
  constructor(
    private readonly services: TestServices,
    readonly costs: CostTable,
  ) {}

  charge(key: CostKey): void {
    this.chargeMs(this.costs[key].ms, key.startsWith('sheet.') ? 'sheet' : 'services');
  }

  chargeMs(ms: number, area: Area): void {
    this.ms += ms;
    this.byArea[area] += ms;
    this.services.clock.advance(ms);
  }
}

/** Records each fetch and fetchAll (with the hosts inside) and charges it: a fetchAll costs its slowest request. */
export class MeteredHttp implements HttpClient {
  readonly events: FetchEvent[] = [];
  constructor(
    private readonly inner: HttpClient,
    private readonly meter: Meter,
    private readonly oktaOrigin: string,
  ) {}

  fetch(request: HttpRequest): HttpResponse {
    this.record('fetch', [request]);
    return this.inner.fetch(request);
  }

  fetchAll(requests: HttpRequest[]): HttpResponse[] {
    this.record('fetchAll', requests);
    return this.inner.fetchAll(requests);
  }

  private record(kind: FetchEvent['kind'], requests: HttpRequest[]): void {
    const event: FetchEvent = {
      kind,
      requests: requests.map((r) => ({
        host: this.hostOf(r.url),
        method: (r.method ?? 'get').toUpperCase(),
        url: r.url,
      })),
    };
    this.events.push(event);
    const slowest = Math.max(0, ...event.requests.map((r) => this.meter.costs[hostCost(r.host)].ms));
    this.meter.chargeMs(slowest + (kind === 'fetchAll' ? this.meter.costs['http.fetchAll'].ms : 0), 'http');
  }

  private hostOf(url: string): Host {
    if (url.startsWith(this.oktaOrigin)) return 'okta';
    if (url.startsWith('https://slack.com/') || url.startsWith('https://hooks.slack.com/')) return 'slack';
    return 'other';
  }
}

function hostCost(host: Host): CostKey {
  // Unknown hosts are priced like Slack: some outside HTTPS service.
  return host === 'okta' ? 'http.okta' : 'http.slack';
}

function sheetCost(method: string): CostKey {
  if (method === 'getValues') return 'sheet.getValues';
  if (method === 'setValues') return 'sheet.setValues';
  if (method === 'appendRow') return 'sheet.appendRow';
  if (method === 'readTabs') return 'sheet.batchGet';
  return 'sheet.other';
}

const COUNTED = new Set<string>(COUNTED_METHODS);

/**
 * The spreadsheet as the app sees it: the same FakeSpreadsheet (which keeps counting), behind a proxy that
 * charges each counted call. Sheets, ranges and protections it hands out are wrapped the same way.
 */
export function meteredSpreadsheet(sheet: FakeSpreadsheet, meter: Meter): SpreadsheetLike {
  return wrap(sheet, meter);
}

function wrap<T extends object>(target: T, meter: Meter): T {
  return new Proxy(target, {
    get(obj, key, receiver) {
      const value: unknown = Reflect.get(obj, key, receiver);
      if (typeof value !== 'function' || typeof key !== 'string' || !COUNTED.has(key)) return value;
      return (...args: unknown[]) => {
        // Without the Sheets advanced service there is no call to price (the adapter answers null).
        const noCall = key === 'readTabs' && (obj as { sheetsApi?: boolean }).sheetsApi === false;
        if (!noCall) meter.charge(sheetCost(key));
        const result: unknown = (value as (...a: unknown[]) => unknown).apply(obj, args);
        const isHandle =
          typeof result === 'object' &&
          result !== null &&
          !Array.isArray(result) &&
          !(result instanceof Date);
        return isHandle ? wrap(result, meter) : result;
      };
    },
  });
}

/** Charges every Properties, Cache, Lock and Triggers call the counting fakes see, and time slept. */
export function meterServices(services: TestServices, meter: Meter): void {
  const count = services.calls.add.bind(services.calls);
  services.calls.add = (name: string): void => {
    count(name);
    if (name in meter.costs) meter.charge(name as CostKey);
  };
  const sleep = services.clock.sleep.bind(services.clock);
  services.clock.sleep = (ms: number): void => {
    // The fake clock's own sleep moves the clock; only the books are kept here.
    meter.ms += ms;
    meter.byArea.services += ms;
    sleep(ms);
  };
}
