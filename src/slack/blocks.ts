// Tiny typed Block Kit builders. They keep within Slack's limits by truncating (never throwing), because a
// block over a limit makes Slack refuse the whole message with invalid_blocks.
//
// Text given as `mrkdwn` is used as is: escape anything from people or Okta with escapeMrkdwn first.

import type {
  ActionsBlock,
  Button,
  ConfirmationDialog,
  ContextBlock,
  DividerBlock,
  HeaderBlock,
  MrkdwnElement,
  PlainTextElement,
  SectionBlock,
  SectionBlockAccessory,
} from '@slack/types';

/**
 * Slack's limits, from docs.slack.dev/reference/block-kit: header-block (text 150), section-block
 * (text 3000; fields ≤ 10 items of ≤ 2000), context-block (≤ 10 elements), actions-block (≤ 25 elements),
 * block-elements/button-element (text 75, action_id 255, value 2000), composition-objects/
 * confirmation-dialog-object (title 100, text 300, confirm/deny 30); block_id 255 on every block.
 * The same numbers are in @slack/types' doc comments. Context text has no separate documented limit;
 * it is held to the section limit.
 */
export const LIMITS = {
  headerText: 150,
  sectionText: 3000,
  fields: 10,
  fieldText: 2000,
  contextElements: 10,
  actionsElements: 25,
  buttonText: 75,
  buttonValue: 2000,
  actionId: 255,
  blockId: 255,
  confirmTitle: 100,
  confirmText: 300,
  confirmButton: 30,
} as const;

export interface ButtonSpec {
  actionId: string;
  text: string;
  /** Slack hands this back on click. Over 2000 characters it is cut, which breaks a signature: keep it short. */
  value: string;
  style?: 'primary' | 'danger';
  confirm?: ConfirmSpec;
}

export interface ConfirmSpec {
  title: string;
  /** mrkdwn */
  text: string;
  confirm: string;
  deny: string;
  style?: 'primary' | 'danger';
}

/** Escapes the three characters Slack treats as control: user or Okta text cannot ping @channel or fake a link. */
export function escapeMrkdwn(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** `text` cut to `max` characters, ending in an ellipsis when cut; never splits a surrogate pair or an entity. */
export function truncate(text: string, max: number): string {
  if (text.length <= max) return text;
  let cut = Math.max(0, max - 1);
  const code = text.charCodeAt(cut - 1);
  if (code >= 0xd800 && code <= 0xdbff) cut -= 1;
  // Do not leave half of an escape such as "&am" behind.
  const head = text.slice(0, cut).replace(/&[a-z]{0,4}$/, '');
  return `${head}…`;
}

export function header(text: string): HeaderBlock {
  return { type: 'header', text: plain(text, LIMITS.headerText) };
}

export function section(mrkdwn: string, accessory?: SectionBlockAccessory): SectionBlock {
  const block: SectionBlock = { type: 'section', text: markdown(mrkdwn, LIMITS.sectionText) };
  if (accessory !== undefined) block.accessory = accessory;
  return block;
}

/** A section of two-column fields; past ten, the rest are dropped. */
export function fields(mrkdwn: string[]): SectionBlock {
  return {
    type: 'section',
    fields: mrkdwn.slice(0, LIMITS.fields).map((t) => markdown(t, LIMITS.fieldText)),
  };
}

export function context(mrkdwn: string[]): ContextBlock {
  return {
    type: 'context',
    elements: mrkdwn.slice(0, LIMITS.contextElements).map((t) => markdown(t, LIMITS.sectionText)),
  };
}

export function divider(): DividerBlock {
  return { type: 'divider' };
}

/** Buttons under one block_id; past 25, the rest are dropped. */
export function actions(blockId: string, buttons: Button[]): ActionsBlock {
  return {
    type: 'actions',
    block_id: blockId.slice(0, LIMITS.blockId),
    elements: buttons.slice(0, LIMITS.actionsElements),
  };
}

export function button(spec: ButtonSpec): Button {
  const b: Button = {
    type: 'button',
    action_id: spec.actionId.slice(0, LIMITS.actionId),
    text: plain(spec.text, LIMITS.buttonText),
    value: spec.value.slice(0, LIMITS.buttonValue),
  };
  if (spec.style !== undefined) b.style = spec.style;
  if (spec.confirm !== undefined) b.confirm = confirmation(spec.confirm);
  return b;
}

function confirmation(spec: ConfirmSpec): ConfirmationDialog {
  const dialog: ConfirmationDialog = {
    title: plain(spec.title, LIMITS.confirmTitle),
    text: markdown(spec.text, LIMITS.confirmText),
    confirm: plain(spec.confirm, LIMITS.confirmButton),
    deny: plain(spec.deny, LIMITS.confirmButton),
  };
  if (spec.style !== undefined) dialog.style = spec.style;
  return dialog;
}

function plain(text: string, max: number): PlainTextElement {
  // Slack refuses an empty text object; a lone space keeps the block valid.
  return { type: 'plain_text', text: truncate(text, max) || ' ', emoji: true };
}

function markdown(text: string, max: number): MrkdwnElement {
  return { type: 'mrkdwn', text: truncate(text, max) || ' ' };
}
