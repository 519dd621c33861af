// The demo page's HTTP side, served next to /exec: the page itself, its state for polling, response_urls
// for the requests it sends to /exec, and the fake Okta's failure switch and Reactivate. Loopback only.

import fs from 'node:fs';
import type http from 'node:http';
import path from 'node:path';
import type { FakeGoogle } from '../../fakes/google';
import { OPERATION_NAMES } from '../../fakes/okta';
import type { Runtime } from '../loadBundle';
import type { ExtraRoute } from '../server';
import type { FakeOktaProcess } from './oktaProcess';
import {
  DEMO_APP_ID,
  DEMO_CHANNEL_ID,
  DEMO_CHANNEL_NAME,
  DEMO_TEAM_DOMAIN,
  DEMO_TEAM_ID,
  DEMO_VERIFICATION_TOKEN,
  FIRST_PERSON,
  FIRST_TARGET,
  demoPerson,
} from './people';
import type { SlackWorkspace } from './slackWorkspace';
import { readTab } from './workbookView';

export interface DemoRouteDeps {
  runtime: Runtime;
  slack: SlackWorkspace;
  okta: FakeOktaProcess;
  /** What to try first (runtime/demo/firstSteps.ts), shown on the page. */
  steps: () => string[];
  /** The fake Google Workspace, when the demo has one. */
  google?: FakeGoogle;
}

const PAGE_DIR = path.join(__dirname, 'page');
const STATIC: Record<string, { file: string; type: string }> = {
  '/': { file: 'index.html', type: 'text/html; charset=utf-8' },
  '/index.html': { file: 'index.html', type: 'text/html; charset=utf-8' },
  '/demo/demo.js': { file: 'demo.js', type: 'text/javascript; charset=utf-8' },
  '/demo/blocks.js': { file: 'blocks.js', type: 'text/javascript; charset=utf-8' },
  '/demo/demo.css': { file: 'demo.css', type: 'text/css; charset=utf-8' },
};

/** The page renders text from the app and from Okta: no inline script and no other origin, ever. */
const SECURITY_HEADERS = {
  'Content-Security-Policy':
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; frame-ancestors 'none'",
  'X-Content-Type-Options': 'nosniff',
  'Cache-Control': 'no-store',
};

/** The fake Okta's own admin (whose API token the bundle uses) is not one of the people the page lists. */
export const HIDDEN_OKTA_LOGINS: readonly string[] = ['okta.admin@example.com'];

/** Statuses the failure switch offers: what Okta answers when things go wrong. */
export const FAILURE_STATUSES = [400, 403, 404, 429, 500, 503];

export function demoRoutes(deps: DemoRouteDeps): ExtraRoute {
  return async (req, res, body) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const page = STATIC[url.pathname];
    if (page && req.method === 'GET') {
      res.writeHead(200, { 'Content-Type': page.type, ...SECURITY_HEADERS });
      res.end(fs.readFileSync(path.join(PAGE_DIR, page.file)));
      return true;
    }
    if (!url.pathname.startsWith('/demo/api/')) return false;
    try {
      await api(deps, req, res, url, body);
    } catch (e) {
      send(res, 500, { error: e instanceof Error ? e.message : String(e) });
    }
    return true;
  };
}

async function api(
  deps: DemoRouteDeps,
  req: http.IncomingMessage,
  res: http.ServerResponse,
  url: URL,
  body: string,
): Promise<void> {
  const route = `${req.method} ${url.pathname.slice('/demo/api/'.length)}`;
  const input = parseBody(body);
  const person = (id: unknown) => (typeof id === 'string' ? demoPerson(id) : undefined);
  switch (route) {
    case 'GET state': {
      const me = person(url.searchParams.get('as')) ?? FIRST_PERSON;
      return send(res, 200, await state(deps, me.id));
    }
    case 'POST command': {
      // A slash command as its sender sees it, and the response_url Slack would put in the request.
      const who = person(input['userId']);
      if (!who || typeof input['text'] !== 'string')
        return send(res, 400, { error: 'userId and text are required' });
      deps.slack.noteTyped(who.id, input['text']);
      return send(res, 200, {
        responseUrl: deps.slack.mintResponseUrl({ kind: 'commands', userId: who.id }),
      });
    }
    case 'POST reply': {
      // What /exec answered to a slash command: Slack shows it to the sender.
      if (typeof input['responseUrl'] !== 'string')
        return send(res, 400, { error: 'responseUrl is required' });
      const shown = deps.slack.deliverCommandReply(input['responseUrl'], input['reply']);
      return send(res, 200, { shown: shown !== null });
    }
    case 'POST click': {
      // The response_url and message for a click's block_actions payload.
      const who = person(input['userId']);
      const message =
        typeof input['messageTs'] === 'string' ? deps.slack.message(input['messageTs']) : undefined;
      if (!who || !message) return send(res, 400, { error: 'userId and a known messageTs are required' });
      const ephemeral = message.visibleTo !== undefined;
      const responseUrl = deps.slack.mintResponseUrl({
        kind: 'actions',
        userId: who.id,
        messageTs: message.ts,
        ephemeral,
      });
      return send(res, 200, {
        responseUrl,
        message: { ts: message.ts, text: message.text, blocks: message.blocks },
        ephemeral,
      });
    }
    case 'POST fail-next': {
      const operation = input['operation'];
      const status = Number(input['status']);
      if (
        typeof operation !== 'string' ||
        !OPERATION_NAMES.includes(operation) ||
        !FAILURE_STATUSES.includes(status)
      ) {
        return send(res, 400, {
          error: `operation must be one of the fake's operations and status one of ${FAILURE_STATUSES.join(', ')}`,
        });
      }
      await deps.okta.failNext({ match: { operation }, failure: { status } });
      return send(res, 200, { ok: true });
    }
    case 'POST reactivate': {
      // An Okta admin reactivating a rehire in Okta, so `/offboard restore` can be tried to the end.
      const oktaUserId = input['oktaUserId'];
      if (typeof oktaUserId !== 'string' || oktaUserId === '')
        return send(res, 400, { error: 'oktaUserId is required' });
      const answer = await deps.okta.activateUser(oktaUserId);
      if (answer.status !== 200)
        return send(res, answer.status, { error: `Okta answered ${answer.status}: ${answer.errorSummary}` });
      return send(res, 200, { ok: true });
    }
    case 'POST run-worker':
      await deps.runtime.call('runWorker');
      return send(res, 200, { ok: true });
    default:
      return send(res, 404, { error: `no demo endpoint ${route}` });
  }
}

async function state(deps: DemoRouteDeps, me: string): Promise<Record<string, unknown>> {
  const view = deps.slack.view(me);
  let okta: unknown;
  try {
    const snapshot = await deps.okta.state();
    okta = {
      users: snapshot.users.filter((u) => !HIDDEN_OKTA_LOGINS.includes(u.login)),
      pendingFailures: snapshot.pendingFailures,
    };
  } catch (e) {
    okta = { error: e instanceof Error ? e.message : String(e) };
  }
  return {
    me,
    firstTarget: FIRST_TARGET,
    steps: deps.steps(),
    slack: {
      token: DEMO_VERIFICATION_TOKEN,
      teamId: DEMO_TEAM_ID,
      teamDomain: DEMO_TEAM_DOMAIN,
      appId: DEMO_APP_ID,
      channelId: DEMO_CHANNEL_ID,
      channelName: DEMO_CHANNEL_NAME,
    },
    people: deps.slack.people,
    version: view.version,
    channel: view.channel,
    ephemeral: view.ephemeral,
    tabs: {
      offboarding: readTab(deps.runtime.workbook, 'Offboarding', 20),
      audit: readTab(deps.runtime.workbook, 'Audit Log', 15),
    },
    okta,
    // The runtime's deployer is left out, as the Okta panel leaves out the API token's admin.
    google: {
      users: deps.google?.snapshot().filter((u) => u.email !== 'deployer@localhost') ?? [],
    },
    operations: OPERATION_NAMES,
    failureStatuses: FAILURE_STATUSES,
    triggers: deps.runtime.triggers
      .list()
      .filter((t) => t.nextAt !== null)
      .map((t) => ({ handler: t.handler, kind: t.kind, intervalMs: t.intervalMs, nextAt: t.nextAt })),
    now: Date.now(),
  };
}

function parseBody(body: string): Record<string, unknown> {
  try {
    const value: unknown = JSON.parse(body || '{}');
    return typeof value === 'object' && value !== null && !Array.isArray(value)
      ? (value as Record<string, unknown>)
      : {};
  } catch {
    return {};
  }
}

function send(res: http.ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'Content-Type': 'application/json; charset=utf-8', ...SECURITY_HEADERS });
  res.end(JSON.stringify(body));
}
