// A scheduled run for the demo to show firing in demo time: on a fresh workbook, Carlos (requester) asks
// to offboard Janet Lee at the first whole minute a few minutes ahead and confirms, through /exec as the
// page would (the card and the run message appear in the demo Slack). The worker starts it at that time.

import type { Runtime } from '../loadBundle';
import { DEMO_APP_ID, DEMO_CHANNEL_ID, DEMO_CHANNEL_NAME, DEMO_TEAM_DOMAIN, DEMO_TEAM_ID } from './people';
import { DEMO_VERIFICATION_TOKEN, type DemoSlackUser } from './people';
import type { SlackWorkspace } from './slackWorkspace';
import { readTab } from './workbookView';

export const SCHEDULED_TARGET = 'janet.lee@example.com';

export interface SeededSchedule {
  target: string;
  /** As typed: `2026-12-01 16:42`, in `timeZone`. */
  at: string;
  timeZone: string;
  /** Epoch ms of the start. */
  startAt: number;
  requester: string;
}

/**
 * Asks for and confirms the scheduled run; null when the workbook already has runs (a demo started before
 * keeps its own history) or the app refused (the reason is logged).
 */
export async function seedScheduledRun(input: {
  runtime: Runtime;
  slack: SlackWorkspace;
  execUrl: string;
  requester: DemoSlackUser;
  /** The start is the first whole minute at least this far ahead. */
  leadMs: number;
}): Promise<SeededSchedule | null> {
  const { runtime, slack, execUrl, requester } = input;
  if ((readTab(runtime.workbook, 'Offboarding', 1)?.total ?? 0) > 0) return null;
  const timeZone = settingsTimeZone(runtime);
  const startAt = Math.ceil((Date.now() + input.leadMs) / 60_000) * 60_000;
  const at = wallTime(startAt, timeZone);
  const text = `${SCHEDULED_TARGET} at ${at}`;

  slack.noteTyped(requester.id, `/offboard ${text}`);
  const commandUrl = slack.mintResponseUrl({ kind: 'commands', userId: requester.id });
  const reply = await postForm(
    execUrl,
    new URLSearchParams({
      token: DEMO_VERIFICATION_TOKEN,
      team_id: DEMO_TEAM_ID,
      team_domain: DEMO_TEAM_DOMAIN,
      channel_id: DEMO_CHANNEL_ID,
      channel_name: DEMO_CHANNEL_NAME,
      user_id: requester.id,
      user_name: requester.username,
      command: '/offboard',
      text,
      api_app_id: DEMO_APP_ID,
      is_enterprise_install: 'false',
      response_url: commandUrl,
      trigger_id: `${Date.now()}.seed`,
    }),
  );
  const card = slack.deliverCommandReply(commandUrl, reply);
  const confirm = card ? buttonOf(card.blocks, 'confirm') : null;
  if (!card || !confirm) {
    runtime.log.warn('demo', `no scheduled run seeded: ${String((reply as { text?: unknown }).text)}`);
    return null;
  }
  const clickUrl = slack.mintResponseUrl({
    kind: 'actions',
    userId: requester.id,
    messageTs: card.ts,
    ephemeral: true,
  });
  const payload = {
    type: 'block_actions',
    user: { id: requester.id, username: requester.username, name: requester.username, team_id: DEMO_TEAM_ID },
    api_app_id: DEMO_APP_ID,
    token: DEMO_VERIFICATION_TOKEN,
    container: { type: 'message', message_ts: card.ts, channel_id: DEMO_CHANNEL_ID, is_ephemeral: true },
    trigger_id: `${Date.now()}.seed`,
    team: { id: DEMO_TEAM_ID, domain: DEMO_TEAM_DOMAIN },
    channel: { id: DEMO_CHANNEL_ID, name: DEMO_CHANNEL_NAME },
    message: { type: 'message', ts: card.ts, text: card.text, blocks: card.blocks },
    response_url: clickUrl,
    actions: [
      {
        action_id: 'confirm',
        block_id: confirm.blockId,
        value: confirm.value,
        type: 'button',
        action_ts: (Date.now() / 1000).toFixed(6),
      },
    ],
  };
  await postForm(execUrl, new URLSearchParams({ payload: JSON.stringify(payload) }));
  return { target: SCHEDULED_TARGET, at, timeZone, startAt, requester: requester.name };
}

/** The Settings tab's Time Zone (setup writes the spreadsheet's); UTC when it cannot be read. */
function settingsTimeZone(runtime: Runtime): string {
  const tab = readTab(runtime.workbook, 'Settings');
  const row = tab?.rows.find((r) => r[0] === 'Time Zone');
  const zone = row?.[1]?.trim();
  try {
    if (zone) new Intl.DateTimeFormat('en', { timeZone: zone });
    return zone || 'UTC';
  } catch {
    return 'UTC';
  }
}

/** `yyyy-MM-dd HH:mm` of an instant in a time zone: what `/offboard … at` takes. */
export function wallTime(instant: number, timeZone: string): string {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('en-CA', {
      timeZone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
    })
      .formatToParts(new Date(instant))
      .map((p) => [p.type, p.value]),
  );
  return `${parts['year']}-${parts['month']}-${parts['day']} ${parts['hour']}:${parts['minute']}`;
}

function buttonOf(blocks: unknown[], actionId: string): { value: string; blockId: string } | null {
  for (const block of blocks as { type?: string; block_id?: string; elements?: unknown[] }[]) {
    if (block.type !== 'actions') continue;
    for (const e of (block.elements ?? []) as { action_id?: string; value?: string }[]) {
      if (e.action_id === actionId && typeof e.value === 'string')
        return { value: e.value, blockId: block.block_id ?? '' };
    }
  }
  return null;
}

async function postForm(url: string, form: URLSearchParams): Promise<unknown> {
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    body: form.toString(),
  });
  const text = await res.text();
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return { text: `/exec answered HTTP ${res.status}` };
  }
}
