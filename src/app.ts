// The application: what each entry point does, in Apps Script-free terms. Every function here catches
// everything, so no exception ever leaves an entry point.

import type { Services } from './ports';

export type ServicesFactory = () => Services;

/** What doPost received, without Apps Script's event wrapper. */
export interface PostInput {
  contents: string;
  type: string;
  parameter: Record<string, string>;
}

/** A JSON body Slack renders (a message, or a url_verification challenge). */
export type SlackReply = Record<string, unknown>;

export interface MenuItem {
  label: string;
  /** The top-level function Apps Script calls. */
  functionName: string;
}

export const MENU_ITEMS: MenuItem[] = [
  { label: 'Set up tabs and triggers', functionName: 'setup' },
  { label: 'Check configuration', functionName: 'checkConfiguration' },
  { label: 'Run the worker now', functionName: 'runWorker' },
];

export function health(): SlackReply {
  return { ok: true, service: 'offboard' };
}

export function handleSlackPost(_services: ServicesFactory, _input: PostInput): SlackReply {
  return { response_type: 'ephemeral', text: 'Offboard is being set up.' };
}

export function sheetEdited(_services: ServicesFactory, _sheetName: string): void {}

export function setup(_services: ServicesFactory): string {
  return 'Not yet.';
}

export function checkConfiguration(_services: ServicesFactory): string {
  return 'Not yet.';
}

export function runWorker(_services: ServicesFactory, _why: 'recurring' | 'kick'): void {}
