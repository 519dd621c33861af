// Errors are values with codes. The core returns or throws OffboardError; the Slack edge turns the code
// into short, actionable text (src/slack/messages.ts).

export type ErrorCode =
  // Request and configuration
  | 'BAD_REQUEST'
  | 'UNVERIFIED_REQUEST'
  | 'CONFIG_MISSING'
  | 'CONFIG_INVALID'
  | 'UNKNOWN_COMMAND'
  | 'BAD_TARGET'
  // Who may act
  | 'NOT_APPROVED'
  | 'NOT_ALLOWED'
  | 'SELF_OFFBOARD'
  // Okta
  | 'TARGET_NOT_FOUND'
  | 'TARGET_AMBIGUOUS'
  | 'TARGET_DEPROVISIONED'
  | 'OKTA_RATE_LIMITED'
  | 'OKTA_UNAUTHORIZED'
  | 'OKTA_FORBIDDEN'
  | 'OKTA_NOT_FOUND'
  | 'OKTA_INVALID'
  | 'OKTA_SERVER'
  | 'OKTA_NETWORK'
  // Slack Web API
  | 'SLACK_API'
  // Runs
  | 'RUN_NOT_FOUND'
  | 'RUN_ACTIVE'
  | 'RUN_FINISHED'
  | 'RUN_STATE'
  | 'CLICK_FORGED'
  | 'CLICK_EXPIRED'
  | 'LOCK_TIMEOUT'
  // Sheet
  | 'SHEET_MISSING_TAB'
  | 'SHEET_MISSING_COLUMN'
  | 'INTERNAL';

export class OffboardError extends Error {
  readonly code: ErrorCode;
  /** Facts safe to show a user and to log (never secrets). */
  readonly detail: Record<string, string | number | boolean | undefined>;

  constructor(
    code: ErrorCode,
    message: string,
    detail: Record<string, string | number | boolean | undefined> = {},
  ) {
    super(message);
    this.name = 'OffboardError';
    this.code = code;
    this.detail = detail;
  }
}

export function isOffboardError(e: unknown): e is OffboardError {
  return e instanceof OffboardError;
}

/** Any thrown value as an OffboardError; unknown ones become INTERNAL with their message kept. */
export function asOffboardError(e: unknown): OffboardError {
  if (isOffboardError(e)) return e;
  const message = e instanceof Error ? e.message : String(e);
  return new OffboardError('INTERNAL', message);
}
