// What people read in Slack: usage, one actionable sentence per error code, and the reply shapes Slack
// expects. Never secrets, never stack traces, never an error's raw message.

import type { KnownBlock } from '@slack/types';
import type { ErrorCode, OffboardError } from '../errors';
import { escapeMrkdwn, truncate } from './blocks';

/** A reply Slack renders: the body of a slash-command/interaction answer or a response_url post. */
export interface SlackMessage {
  response_type?: 'ephemeral' | 'in_channel';
  /** Also the notification and screen-reader text when blocks are given. */
  text: string;
  blocks?: KnownBlock[];
  replace_original?: boolean;
  delete_original?: boolean;
}

export function usageText(): string {
  return [
    '*/offboard* cuts a person’s Okta access, task by task, and records every step in the Sheet.',
    '• `/offboard jane@corp.com`: offboard Jane (also `/offboard @jane` or `/offboard jane.doe`, her Okta login)',
    '• `/offboard plan jane@corp.com`: what offboarding Jane would do, without doing it',
    '• `/offboard status`: the runs under way (active, paused, in grace period, scheduled, awaiting approval)',
    '• `/offboard jane@corp.com at 2026-12-18 17:00` (or `on 2026-12-18`, meaning 17:00): offboard Jane then, in the Settings time zone',
    '• `/offboard cancel OFF-20261129-K7Q2M`: cancel that scheduled run',
    '• `/offboard restore OFF-20261129-K7Q2M`: put a rehired person back in the Okta groups that run removed (admins)',
    '• `/offboard undo OFF-20261129-K7Q2M` or `/offboard undo jane@corp.com`: in the grace period, unsuspend the person and end the run undone (one person of a batch too)',
    '• `/offboard status jane@corp.com`: where Jane’s offboarding is',
    '• `/offboard status OFF-20261129-K7Q2M`: where that run is',
    '• `/offboard ann@corp.com, bob@corp.com`: offboard several people with one Confirm (up to 200)',
    '• `/offboard queue`: offboard the people pasted in the Sheet’s Queue tab (approvers and admins; up to 500)',
    '• `/offboard help`: this message',
  ].join('\n');
}

/** What anyone gets when a request fails verification, whatever the reason: it reveals nothing. */
export function unverifiedText(): string {
  return 'This request could not be verified.';
}

/** A command Offboard did not understand: its reason (already safe mrkdwn) and where to look. */
export function invalidCommandText(reason: string): string {
  return `${reason} Type \`/offboard help\` for examples.`;
}

/**
 * One short sentence for the person who asked. Reads these `detail` keys when present: target, input,
 * why, missing, runId, task, status, property, scope, tab, column, retryAfterSeconds, error (Slack's error string),
 * summary (Okta's errorSummary), matches.
 */
export function errorText(error: OffboardError): string {
  const d = error.detail ?? {};
  const who = code(d.target ?? d.input);
  const run = code(d.runId);
  const task = d.task !== undefined ? ` (${code(d.task)})` : '';
  const admin = 'Ask an Offboard admin to run *Check configuration* from the Offboarding menu in the Sheet.';
  const texts: Record<ErrorCode, () => string> = {
    BAD_REQUEST: () => 'Slack sent something Offboard could not read. Please try again.',
    UNVERIFIED_REQUEST: () => unverifiedText(),
    CONFIG_MISSING: () =>
      `Offboard is not fully set up${d.property !== undefined ? ` (${code(d.property)} is missing)` : ''}. ${admin}`,
    CONFIG_INVALID: () => `Offboard’s setting ${code(d.property) || 'value'} is not valid. ${admin}`,
    CONFIG_NOT_AUTHORIZED: () =>
      `Offboard’s Google account has not granted ${code(d.scope) || 'a permission it needs'}. Ask an Offboard admin to run *Set up tabs and triggers* from the Offboarding menu and allow every permission.`,
    UNKNOWN_COMMAND: () =>
      `Offboard does not know ${who || 'that command'}. Type \`/offboard help\` to see what it can do.`,
    BAD_TARGET: () =>
      `${who || 'That'} is not an email address, Okta login or @mention. Try \`/offboard jane@corp.com\`.`,
    NOT_APPROVED: () =>
      'You are not on the Approved Users tab, so Offboard cannot act for you. Ask an Offboard admin to add you.',
    NOT_ALLOWED: () =>
      `You are not allowed to do that${run ? ` on run ${run}` : ''}. Ask the approver of this run or an Offboard admin.`,
    SELF_OFFBOARD: () => 'You cannot offboard yourself. Ask another approved person to do it.',
    // `why`: what protects them, plain text from src/run/protection.ts.
    TARGET_PROTECTED: () =>
      `${who || 'That person'} is protected: ${escapeMrkdwn(String(d.why ?? 'Offboard will not offboard them'))}. Offboard will not offboard them from Slack; if they must go, do it in the Okta admin console.`,
    PROTECTION_UNCHECKED: () =>
      `Offboard could not check whether ${who || 'that person'} is protected (Okta did not answer for ${escapeMrkdwn(String(d.missing ?? 'what it needs'))}), so nothing was started. Try again in a moment.`,
    TARGET_NOT_FOUND: () =>
      `No Okta user matches ${who || 'that person'}. Check the spelling or use their Okta login.`,
    TARGET_AMBIGUOUS: () =>
      `${d.matches !== undefined ? `${escapeMrkdwn(String(d.matches))} live Okta users` : 'More than one live Okta user'} match ${who || 'that'}${d.logins !== undefined ? ` (${code(d.logins)})` : ''}. Offboard will not guess: use the Okta login of the one you mean, or handle it in the Okta admin console.`,
    // `logins`: the Okta logins that matched, already joined (src/okta/findUser.ts).
    TARGET_DEPROVISIONED: () =>
      `${who || 'That person'} matches only a deactivated Okta account${d.logins !== undefined ? ` (${code(d.logins)})` : ''}: there is nothing left to offboard. If they still have access, look for their current account in the Okta admin console.`,
    OKTA_RATE_LIMITED: () =>
      `Okta is rate-limiting Offboard${task}; it will try again${typeof d.retryAfterSeconds === 'number' ? ` in about ${Math.ceil(d.retryAfterSeconds)} seconds` : ' shortly'}.`,
    OKTA_UNAUTHORIZED: () =>
      `Okta did not accept Offboard’s API token. Ask an Offboard admin to check \`OKTA_API_TOKEN\`.`,
    OKTA_FORBIDDEN: () =>
      `Okta refused${task || ' the request'}: the admin behind Offboard’s API token lacks that right. Ask an Offboard admin.`,
    OKTA_MISSING_SCOPE: () =>
      `Okta refused${task || ' the request'}: Offboard’s service app was not granted ${code(d.scope) || 'the scope it needs'}. Ask an Okta admin to grant it (Applications → Offboard → Okta API Scopes).`,
    OKTA_NOT_FOUND: () =>
      `Okta could not find ${who || 'what Offboard asked for'}${task}; it may have been removed already. Check it in the Okta admin console.`,
    OKTA_INVALID: () =>
      `Okta rejected the request${task}${d.summary !== undefined ? `: ${escapeMrkdwn(String(d.summary))}` : ''}. Check the person in the Okta admin console.`,
    OKTA_SERVER: () => `Okta had a server error${task}. Try again in a few minutes.`,
    OKTA_NETWORK: () =>
      `Offboard could not reach Okta${task}. Try again shortly; if it persists, ${lowerFirst(admin)}`,
    WEBHOOK_REFUSED: () =>
      `The webhook receiver refused the message${task}. See the run’s record for its answer, and ask its owner.`,
    WEBHOOK_FAILED: () => `The webhook receiver did not answer${task}; Offboard will try again.`,
    GOOGLE_SERVICE_OFF: () =>
      `Offboard cannot reach Google Workspace${task}: the Admin SDK API advanced service is not enabled. Ask an Offboard admin (README, Google Workspace tasks).`,
    GOOGLE_FORBIDDEN: () =>
      `Google refused${task || ' the request'}: the admin who deployed Offboard lacks that privilege or scope. Ask an Offboard admin.`,
    GOOGLE_FAILED: () => `Google Workspace did not do it${task}. Try again in a few minutes.`,
    SLACK_API: () => slackApiText(d.error),
    RUN_NOT_FOUND: () =>
      run || !who
        ? `No run ${run || 'with that id'} exists. Check the run id on the Offboarding tab.`
        : `${who} has no offboarding run. \`/offboard plan\` shows what one would do.`,
    RUN_ACTIVE: () =>
      `${who || 'That person'} already has a run in progress${run ? ` (${run})` : ''}. See it with \`/offboard status ${plainCode(d.runId ?? d.target ?? d.input)}\`.`,
    RUN_FINISHED: () =>
      `Run ${run || 'this'} has already finished${d.status !== undefined ? ` (${escapeMrkdwn(String(d.status))})` : ''}; there is nothing left to do.`,
    BAD_SCHEDULE: () =>
      `${d.reason !== undefined ? escapeMrkdwn(String(d.reason)) : 'That time cannot be used'}. Give a time within the next year, e.g. \`/offboard jane@corp.com at 2026-12-18 17:00\`.`,
    RUN_STATE: () =>
      `Run ${run || 'this'} is ${d.status !== undefined ? escapeMrkdwn(String(d.status)) : 'in another state'} now, so that cannot be done.`,
    QUEUE_NOTHING_TO_TAKE: () =>
      `Offboard took nothing from the Queue tab: ${d.why !== undefined ? escapeMrkdwn(String(d.why)) : 'see the Audit Log'}.`,
    CLICK_FORGED: () => 'This button could not be verified.',
    CLICK_EXPIRED: () =>
      `This button has expired.${run ? ` See the run with \`/offboard status ${plainCode(d.runId)}\`.` : ''}`,
    LOCK_TIMEOUT: () => 'Offboard is busy with another request. Try again in a moment.',
    SHEET_MISSING_TAB: () =>
      `The Sheet has no ${code(d.tab) || 'expected'} tab. Ask an Offboard admin to run *Set up tabs and triggers* from the Offboarding menu.`,
    SHEET_MISSING_COLUMN: () =>
      `The ${code(d.tab) || 'Sheet’s'} tab has no ${code(d.column) || 'expected'} column. Ask an Offboard admin to run *Set up tabs and triggers*.`,
    INTERNAL: () =>
      'Something went wrong inside Offboard; it has been logged. Try again, or ask an Offboard admin.',
  };
  return texts[error.code]();
}

export function ephemeral(text: string, blocks?: KnownBlock[]): SlackMessage {
  return withBlocks({ response_type: 'ephemeral', text }, blocks);
}

export function inChannel(text: string, blocks?: KnownBlock[]): SlackMessage {
  return withBlocks({ response_type: 'in_channel', text }, blocks);
}

/** For response_url posts and interaction answers: replaces the message the button was in. */
export function replaceOriginal(text: string, blocks?: KnownBlock[]): SlackMessage {
  return withBlocks({ replace_original: true, text }, blocks);
}

function slackApiText(error: string | number | boolean | undefined): string {
  switch (error) {
    case 'not_in_channel':
    case 'channel_not_found':
      return 'Offboard cannot post in its report channel. Invite the Offboard app to that channel, or check `SLACK_REPORT_CHANNEL`.';
    case 'ratelimited':
      return 'Slack is rate-limiting Offboard. The message will be sent again shortly.';
    case 'invalid_auth':
    case 'not_authed':
    case 'token_revoked':
    case 'account_inactive':
      return 'Slack did not accept Offboard’s bot token. Ask an Offboard admin to check `SLACK_BOT_TOKEN`.';
    case 'missing_scope':
      return 'Offboard’s Slack app lacks a permission. Ask an Offboard admin to reinstall it from the manifest.';
    default:
      return `Slack refused Offboard’s call${error !== undefined ? ` (${code(error)})` : ''}. Try again; if it persists, ask an Offboard admin.`;
  }
}

/** A detail value as inline code, escaped; '' when absent. */
function code(value: string | number | boolean | undefined): string {
  if (value === undefined || value === '') return '';
  return `\`${plainCode(value)}\``;
}

function plainCode(value: string | number | boolean | undefined): string {
  return truncate(escapeMrkdwn(String(value ?? '').replace(/`/g, "'")), 200);
}

function lowerFirst(text: string): string {
  return text.charAt(0).toLowerCase() + text.slice(1);
}

function withBlocks(message: SlackMessage, blocks: KnownBlock[] | undefined): SlackMessage {
  if (blocks !== undefined && blocks.length > 0) message.blocks = blocks;
  return message;
}
