// Calls to Google Workspace as plain data, and their answers: what a Google task yields and gets back.
// The Admin SDK Directory API (developers.google.com/admin-sdk/directory/reference/rest) and the Data
// Transfer API (developers.google.com/admin-sdk/data-transfer/reference/rest); one call per method used.

/** The Directory and Data Transfer methods Offboard uses, with their parameters. */
export type GoogleOperation =
  | { method: 'users.get'; userKey: string }
  /** users.update with only the fields to change (PUT semantics keep the rest: Directory API, users.update). */
  | {
      method: 'users.update';
      userKey: string;
      patch: { suspended?: boolean; includeInGlobalAddressList?: boolean };
    }
  | { method: 'users.signOut'; userKey: string }
  | { method: 'tokens.list'; userKey: string }
  | { method: 'tokens.delete'; userKey: string; clientId: string }
  | { method: 'asps.list'; userKey: string }
  | { method: 'asps.delete'; userKey: string; codeId: number }
  | { method: 'verificationCodes.list'; userKey: string }
  | { method: 'verificationCodes.invalidate'; userKey: string }
  | { method: 'groups.list'; userKey: string; pageToken?: string }
  | { method: 'members.delete'; groupKey: string; memberKey: string }
  | {
      method: 'transfers.insert';
      oldOwnerUserId: string;
      newOwnerUserId: string;
      applications: TransferApplication[];
    }
  | { method: 'transfers.get'; transferId: string }
  | { method: 'transfers.list'; oldOwnerUserId: string; newOwnerUserId: string };

/** Applications whose data a transfer moves (Data Transfer API, transfer parameters reference). */
export type TransferApplication = 'drive' | 'calendar';

export type GoogleCall = { system: 'google' } & GoogleOperation;

/**
 * What went wrong, as Google said it. `status` is the HTTP status when known (0: no answer, or the
 * advanced service said nothing we can read); `reason` Google's error reason (notFound, forbidden, …).
 */
export interface GoogleFailure {
  status: number;
  reason: string;
  message: string;
  /** The Admin SDK advanced service is not enabled in this script (AdminDirectory undefined). */
  serviceOff?: boolean;
  /** Worth another try later: 5xx, 429, no answer. */
  transient: boolean;
}

export type GoogleResult =
  { system: 'google'; ok: true; body: unknown } | { system: 'google'; ok: false; error: GoogleFailure };

/** Sends Google calls, answering in the same order. Never throws. */
export interface GoogleDirectory {
  /** False when the Admin SDK advanced service is not enabled in the script: every call then fails. */
  readonly serviceEnabled: boolean;
  sendAll(calls: GoogleCall[]): GoogleResult[];
}

export function isGoogleCall(call: object): call is GoogleCall {
  return 'system' in call && call.system === 'google';
}

export function googleCall(operation: GoogleOperation): GoogleCall {
  return { system: 'google', ...operation };
}
