// Errors are values with codes. The core returns or throws OffboardError; the Slack edge turns the code
// into short, actionable text (src/slack/messages.ts).

export type ErrorCode =
  // Request and configuration
  | 'BAD_REQUEST'
  | 'UNVERIFIED_REQUEST'
  | 'CONFIG_MISSING'
  | 'CONFIG_INVALID'
  /** Apps Script lacks a Google authorization (granular consent unticked, or setup never run). */
  | 'CONFIG_NOT_AUTHORIZED'
  | 'UNKNOWN_COMMAND'
  | 'BAD_TARGET'
  /** A scheduled time Offboard refuses (past, too far ahead, skipped by a DST change). */
  | 'BAD_SCHEDULE'
  // Who may act
  | 'NOT_APPROVED'
  | 'NOT_ALLOWED'
  | 'SELF_OFFBOARD'
  /** The person is protected (the API credential's own user, an Okta admin, a Protected Okta Group). */
  | 'TARGET_PROTECTED'
  /** Okta did not answer what protection depends on, so it could not be checked: refused. */
  | 'PROTECTION_UNCHECKED'
  // Okta
  | 'TARGET_NOT_FOUND'
  | 'TARGET_AMBIGUOUS'
  | 'TARGET_DEPROVISIONED'
  | 'OKTA_RATE_LIMITED'
  | 'OKTA_UNAUTHORIZED'
  | 'OKTA_FORBIDDEN'
  /** The OAuth service app was not granted a scope the call needs (403 insufficient_scope). */
  | 'OKTA_MISSING_SCOPE'
  | 'OKTA_NOT_FOUND'
  | 'OKTA_INVALID'
  | 'OKTA_SERVER'
  | 'OKTA_NETWORK'
  // Webhooks
  /** The receiver answered 4xx (or a redirect): it will not take the message as sent. */
  | 'WEBHOOK_REFUSED'
  /** The receiver answered 5xx, or nothing came back. */
  | 'WEBHOOK_FAILED'
  // Google Workspace
  /** The Admin SDK advanced service is not enabled in the Apps Script project. */
  | 'GOOGLE_SERVICE_OFF'
  /** Google refused: the deploying admin lacks the privilege, or the scope was not granted. */
  | 'GOOGLE_FORBIDDEN'
  /** Google failed otherwise (5xx, no answer, an answer not understood). */
  | 'GOOGLE_FAILED'
  // Slack Web API
  | 'SLACK_API'
  // Runs
  | 'RUN_NOT_FOUND'
  | 'RUN_ACTIVE'
  | 'RUN_FINISHED'
  | 'RUN_STATE'
  /** `/offboard queue` found nothing to take (detail.why says why and what to do). */
  | 'QUEUE_NOTHING_TO_TAKE'
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

/**
 * Any thrown value as an OffboardError; unknown ones become INTERNAL with their message kept, except Apps
 * Script's missing-authorization exceptions, which are configuration problems naming the scope.
 */
export function asOffboardError(e: unknown): OffboardError {
  if (isOffboardError(e)) return e;
  const message = e instanceof Error ? e.message : String(e);
  const scope = missingAuthorization(message);
  if (scope !== null) {
    return new OffboardError('CONFIG_NOT_AUTHORIZED', authorizationText(scope), scope ? { scope } : {});
  }
  return new OffboardError('INTERNAL', message);
}

/**
 * Apps Script's words for a call the script is not authorized to make: "You do not have permission to
 * call UrlFetchApp.fetch. Required permissions: https://www.googleapis.com/auth/script.external_request"
 * (developers.google.com/apps-script/guides/services/authorization), or "Authorization is required to
 * perform that action." Returns the scope named ('' when none is), or null for any other message.
 */
export function missingAuthorization(message: string | undefined): string | null {
  if (!message) return null;
  const named = /Required permissions?:\s*(https:\/\/www\.googleapis\.com\/auth\/[\w.\-/]+)/i.exec(message);
  if (named) return named[1]!; // group 1 is not optional: it matched
  if (
    !/You do not have permission to call|Authorization is required to perform that action|does not have permission to perform that action/i.test(
      message,
    )
  )
    return null;
  // No scope named: the service the message names tells which of the manifest's scopes it needs.
  const service = /\b(UrlFetchApp|SpreadsheetApp|ScriptApp|Session)\b/.exec(message)?.[1];
  return service ? (SERVICE_SCOPES[service] ?? '') : '';
}

/** The manifest scope (appsscript.json) each Apps Script service Offboard calls needs. */
const SERVICE_SCOPES: Record<string, string> = {
  UrlFetchApp: 'https://www.googleapis.com/auth/script.external_request',
  SpreadsheetApp: 'https://www.googleapis.com/auth/spreadsheets',
  ScriptApp: 'https://www.googleapis.com/auth/script.scriptapp',
  Session: 'https://www.googleapis.com/auth/userinfo.email',
};

export function authorizationText(scope: string): string {
  return scope
    ? `Apps Script is not authorized for ${scope}: an Offboard admin should run setup from the Offboarding menu and allow every permission asked.`
    : 'Apps Script is missing an authorization: an Offboard admin should run setup from the Offboarding menu and allow every permission asked.';
}
