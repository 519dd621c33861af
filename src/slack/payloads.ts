// The two Slack request bodies Offboard acts on, shaped exactly like Slack sends them (see
// test/fixtures/slack.ts for samples): a slash command's form fields, and a block_actions payload.

/**
 * A slash command, as Slack posts it (application/x-www-form-urlencoded). Every field arrives as text,
 * so `is_enterprise_install` is 'true' or 'false', not a boolean.
 */
export interface SlashCommand {
  /** Deprecated by Slack but still sent: the verification token. */
  token: string;
  team_id: string;
  team_domain: string;
  enterprise_id?: string;
  enterprise_name?: string;
  channel_id: string;
  channel_name: string;
  user_id: string;
  user_name: string;
  command: string;
  text: string;
  api_app_id: string;
  is_enterprise_install?: string;
  response_url: string;
  trigger_id: string;
}

/** One clicked element in a block_actions payload. */
export interface BlockAction {
  action_id: string;
  block_id: string;
  type: string;
  value?: string;
  action_ts: string;
}

/** The message a button was clicked in, as far as Offboard reads it. */
export interface ActionMessage {
  ts?: string;
  text?: string;
  user?: string;
  bot_id?: string;
  blocks?: unknown[];
}

/** An interaction payload of type block_actions (it arrives as JSON in the form field `payload`). */
export interface BlockActions {
  type: 'block_actions';
  user: { id: string; username: string; name?: string; team_id: string };
  api_app_id: string;
  token: string;
  container: { type: string; message_ts?: string; channel_id?: string; is_ephemeral?: boolean };
  trigger_id: string;
  /** Null for some org-wide (Enterprise Grid) installs. */
  team: { id: string; domain: string; enterprise_id?: string; enterprise_name?: string } | null;
  enterprise?: { id: string; name: string } | null;
  channel?: { id: string; name: string };
  message?: ActionMessage;
  response_url: string;
  actions: BlockAction[];
  is_enterprise_install?: boolean;
}
