// ScriptApp's project triggers and the local scheduler that fires them. Like Apps Script: at most 20
// triggers, a one-shot `after(ms)` fires once and stays listed until deleted, recurring ones fire every
// n minutes. `speed` shortens every interval for demos; `runDue(now)` fires deterministically in tests.

import fs from 'node:fs';
import { LOCAL_OAUTH_TOKEN } from './adminDirectory';
import { writeFileAtomic } from './files';
import type { RealmRef } from './realm';
import { strict } from './strict';

export const MAX_TRIGGERS = 20;
export const TOO_MANY_TRIGGERS =
  'This script has too many triggers. Triggers must be deleted from the script before more can be added.';
const EVERY_MINUTES = [1, 5, 10, 15, 30];

export type TriggerKind = 'everyMinutes' | 'everyHours' | 'after' | 'onChange' | 'onEdit' | 'onOpen';

export interface TriggerRecord {
  id: string;
  handler: string;
  kind: TriggerKind;
  /** Real milliseconds between firings (recurring) or before the firing (after), speed applied. */
  intervalMs: number;
  createdAt: number;
  /** When a clock trigger fires next; null once a one-shot has fired, and for spreadsheet triggers. */
  nextAt: number | null;
}

export interface TriggerStoreOptions {
  /** JSON file that keeps triggers across restarts, like Apps Script does; in memory when absent. */
  file?: string;
  now?: () => number;
  /** Divides every interval: 60 makes "every minute" fire every second. */
  speed?: number;
}

/** A handler the scheduler runs as its own execution, with the trigger's event object. */
export type TriggerRunner = (handler: string, event: Record<string, unknown>) => Promise<void> | void;

export class TriggerStore {
  private triggers: TriggerRecord[] = [];
  private readonly options: TriggerStoreOptions;
  private counter = 0;

  constructor(options: TriggerStoreOptions = {}) {
    this.options = options;
    if (options.file && fs.existsSync(options.file)) {
      this.triggers = JSON.parse(fs.readFileSync(options.file, 'utf8')) as TriggerRecord[];
    }
  }

  now(): number {
    return (this.options.now ?? Date.now)();
  }

  get speed(): number {
    return this.options.speed && this.options.speed > 0 ? this.options.speed : 1;
  }

  list(): TriggerRecord[] {
    return this.triggers.map((t) => ({ ...t }));
  }

  /** Throws the Apps Script message past 20 triggers. */
  add(handler: string, kind: TriggerKind, intervalMs: number): TriggerRecord {
    if (this.triggers.length >= MAX_TRIGGERS) throw new Error(TOO_MANY_TRIGGERS);
    const createdAt = this.now();
    const clock = kind === 'everyMinutes' || kind === 'everyHours' || kind === 'after';
    const record: TriggerRecord = {
      // Apps Script ids are long decimal strings.
      id: `${createdAt}${String(++this.counter).padStart(4, '0')}`,
      handler,
      kind,
      intervalMs,
      createdAt,
      nextAt: clock ? createdAt + intervalMs : null,
    };
    this.triggers.push(record);
    this.persist();
    return { ...record };
  }

  remove(id: string): void {
    this.triggers = this.triggers.filter((t) => t.id !== id);
    this.persist();
  }

  clear(): void {
    this.triggers = [];
    this.persist();
  }

  /** Fires every clock trigger due at `now`, one execution at a time, oldest due first. */
  async runDue(run: TriggerRunner, now = this.now()): Promise<string[]> {
    const due = this.triggers
      .filter((t) => t.nextAt !== null && t.nextAt <= now)
      .sort((a, b) => (a.nextAt ?? 0) - (b.nextAt ?? 0));
    const fired: string[] = [];
    for (const t of due) {
      // A one-shot fires once and stays listed; a recurring one skips missed beats instead of bursting.
      t.nextAt = t.kind === 'after' ? null : Math.max((t.nextAt ?? now) + t.intervalMs, now + 1);
      this.persist();
      fired.push(t.handler);
      await run(t.handler, clockEvent(t, now));
    }
    return fired;
  }

  /** Spreadsheet triggers of one kind (the runtime fires onChange when the file is edited outside). */
  spreadsheetTriggers(kind: 'onChange' | 'onEdit' | 'onOpen'): TriggerRecord[] {
    return this.triggers.filter((t) => t.kind === kind).map((t) => ({ ...t }));
  }

  private persist(): void {
    if (this.options.file) writeFileAtomic(this.options.file, JSON.stringify(this.triggers, null, 2) + '\n');
  }
}

/** The event object a time-driven trigger receives. */
function clockEvent(t: TriggerRecord, now: number): Record<string, unknown> {
  const d = new Date(now);
  return {
    authMode: 'FULL',
    triggerUid: t.id,
    year: d.getUTCFullYear(),
    month: d.getUTCMonth() + 1,
    'day-of-month': d.getUTCDate(),
    hour: d.getUTCHours(),
    minute: d.getUTCMinutes(),
    second: d.getUTCSeconds(),
    timezone: 'UTC',
  };
}

export interface ScriptAppOptions {
  /** What ScriptApp.getService().getUrl() answers: the local /exec URL. */
  serviceUrl: () => string;
  scriptId?: string;
}

export function createScriptApp(store: TriggerStore, realm: RealmRef, options: ScriptAppOptions): object {
  const makeError = (m: string) => realm.error(m);
  const fail = (m: string): never => {
    throw makeError(m);
  };
  const EventType = {
    CLOCK: 'CLOCK',
    ON_OPEN: 'ON_OPEN',
    ON_EDIT: 'ON_EDIT',
    ON_CHANGE: 'ON_CHANGE',
    ON_FORM_SUBMIT: 'ON_FORM_SUBMIT',
  };
  const TriggerSource = {
    SPREADSHEETS: 'SPREADSHEETS',
    CLOCK: 'CLOCK',
    FORMS: 'FORMS',
    DOCUMENTS: 'DOCUMENTS',
    CALENDAR: 'CALENDAR',
  };

  const eventType = (kind: TriggerKind): string =>
    kind === 'onChange'
      ? EventType.ON_CHANGE
      : kind === 'onEdit'
        ? EventType.ON_EDIT
        : kind === 'onOpen'
          ? EventType.ON_OPEN
          : EventType.CLOCK;

  const makeTrigger = (t: TriggerRecord): object =>
    strict(
      'Trigger',
      {
        __id: t.id,
        getUniqueId: () => t.id,
        getHandlerFunction: () => t.handler,
        getEventType: () => eventType(t.kind),
        getTriggerSource: () =>
          eventType(t.kind) === EventType.CLOCK ? TriggerSource.CLOCK : TriggerSource.SPREADSHEETS,
        getTriggerSourceId: () => (eventType(t.kind) === EventType.CLOCK ? null : 'local-spreadsheet'),
      },
      makeError,
    );

  const create = (handler: string, kind: TriggerKind, intervalMs: number): object => {
    try {
      return makeTrigger(store.add(handler, kind, intervalMs));
    } catch (e) {
      return fail((e as Error).message);
    }
  };

  const newTrigger = (handler: string): object => {
    if (typeof handler !== 'string' || handler === '') fail('Invalid argument: functionName');
    const clockBuilder = (): object => {
      let plan: { kind: TriggerKind; ms: number } | null = null;
      const builder: object = strict(
        'ClockTriggerBuilder',
        {
          everyMinutes: (n: number) => {
            if (!EVERY_MINUTES.includes(n))
              fail('The value passed to everyMinutes must be one of 1, 5, 10, 15 or 30.');
            plan = { kind: 'everyMinutes', ms: (n * 60_000) / store.speed };
            return builder;
          },
          everyHours: (n: number) => {
            plan = { kind: 'everyHours', ms: (n * 3_600_000) / store.speed };
            return builder;
          },
          after: (ms: number) => {
            if (!Number.isFinite(ms) || ms < 0) fail('Invalid argument: durationMilliseconds');
            plan = { kind: 'after', ms: ms / store.speed };
            return builder;
          },
          create: () => {
            if (plan === null) return fail('Clock trigger frequency was not set.');
            return create(handler, plan.kind, plan.ms);
          },
        },
        makeError,
      );
      return builder;
    };
    const spreadsheetBuilder = (): object => {
      let kind: TriggerKind | null = null;
      const builder: object = strict(
        'SpreadsheetTriggerBuilder',
        {
          onChange: () => ((kind = 'onChange'), builder),
          onEdit: () => ((kind = 'onEdit'), builder),
          onOpen: () => ((kind = 'onOpen'), builder),
          create: () => (kind === null ? fail('Trigger event type was not set.') : create(handler, kind, 0)),
        },
        makeError,
      );
      return builder;
    };
    return strict(
      'TriggerBuilder',
      {
        timeBased: clockBuilder,
        forSpreadsheet: () => spreadsheetBuilder(),
      },
      makeError,
    );
  };

  return strict(
    'ScriptApp',
    {
      newTrigger,
      getProjectTriggers: () => realm.array(store.list().map(makeTrigger)),
      deleteTrigger: (trigger: object) => {
        const id = (trigger as { __id?: string }).__id;
        if (id === undefined) fail('Invalid argument: trigger');
        store.remove(String(id));
      },
      getService: () =>
        strict('Service', { getUrl: () => options.serviceUrl(), isEnabled: () => true }, makeError),
      getScriptId: () => options.scriptId ?? 'local-script',
      EventType,
      TriggerSource,
      AuthMode: { NONE: 'NONE', LIMITED: 'LIMITED', FULL: 'FULL', CUSTOM_FUNCTION: 'CUSTOM_FUNCTION' },
      AuthorizationStatus: { REQUIRED: 'REQUIRED', NOT_REQUIRED: 'NOT_REQUIRED' },
      // The local runtime has every scope: nothing is ever left to authorize.
      getAuthorizationInfo: () =>
        strict(
          'AuthorizationInfo',
          { getAuthorizationStatus: () => 'NOT_REQUIRED', getAuthorizationUrl: () => null },
          makeError,
        ),
      requireAllScopes: () => undefined,
      // The deployer's OAuth token; the runtime's is a fixed stand-in the fake Google accepts.
      getOAuthToken: () => LOCAL_OAUTH_TOKEN,
    },
    makeError,
  );
}
