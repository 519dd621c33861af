// GoogleDirectory over the Admin SDK Directory advanced service (an object shaped like `AdminDirectory`)
// and the Data Transfer API over HttpClient. Turns what Apps Script throws into a GoogleFailure: an
// advanced service call that Google answers with an error throws an Error whose message carries the API
// error, e.g. "API call to directory.users.get failed with error: Resource Not Found: userKey" [seen];
// the status is read from the error's `details.code` when Apps Script gives one, else from those words.

import { missingAuthorization } from '../errors';
import type { HttpClient } from '../ports';
import type { GoogleCall, GoogleDirectory, GoogleFailure, GoogleResult, TransferApplication } from './call';

/**
 * The part of `AdminDirectory` Offboard uses. `Users.signOut` exists in the Directory API (users.signOut,
 * developers.google.com/admin-sdk/directory/reference/rest/v1/users/signOut) and so in the advanced
 * service generated from it, though @types/google-apps-script predates it.
 */
export interface AdminDirectoryLike {
  Users: {
    get(userKey: string): object;
    update(resource: object, userKey: string): object;
    signOut(userKey: string): void;
  };
  Tokens: { list(userKey: string): object; remove(userKey: string, clientId: string): void };
  Asps: { list(userKey: string): object; remove(userKey: string, codeId: number): void };
  VerificationCodes: { list(userKey: string): object; invalidate(userKey: string): void };
  Groups: { list(optionalArgs: object): object };
  Members: { remove(groupKey: string, memberKey: string): void };
}

export const DATA_TRANSFER_URL = 'https://admin.googleapis.com/admin/datatransfer/v1/transfers';

/**
 * Application ids of the Data Transfer API ("Drive and Docs", "Calendar"), as applications.list answers
 * them and the transfer guide shows (developers.google.com/admin-sdk/data-transfer/v1/parameters).
 */
export const TRANSFER_APPLICATION_IDS: Record<TransferApplication, string> = {
  drive: '55656082996',
  calendar: '435070579839',
};

/** Transfer parameters: Drive moves both private and shared files; Calendar releases the person's rooms. */
const TRANSFER_PARAMS: Record<TransferApplication, { key: string; value: string[] }[]> = {
  drive: [{ key: 'PRIVACY_LEVEL', value: ['PRIVATE', 'SHARED'] }],
  calendar: [{ key: 'RELEASE_RESOURCES', value: ['TRUE'] }],
};

export interface GoogleDirectoryOptions {
  /** The advanced service, or undefined when it is not enabled in this script. */
  admin: AdminDirectoryLike | undefined;
  http: HttpClient;
  /** ScriptApp.getOAuthToken(): the deployer's token, used for the Data Transfer API only, never kept. */
  oauthToken(): string;
}

export const SERVICE_OFF_MESSAGE =
  'The Admin SDK API advanced service is not enabled in this Apps Script project: in the editor, Services → Admin SDK API → Add (identifier AdminDirectory), then deploy again.';

export function googleDirectory(options: GoogleDirectoryOptions): GoogleDirectory {
  return {
    serviceEnabled: options.admin !== undefined,
    sendAll: (calls) => calls.map((call) => send(options, call)),
  };
}

function send(options: GoogleDirectoryOptions, call: GoogleCall): GoogleResult {
  if (
    call.method === 'transfers.insert' ||
    call.method === 'transfers.get' ||
    call.method === 'transfers.list'
  ) {
    return transfer(options, call);
  }
  const admin = options.admin;
  if (!admin) {
    return failed({
      status: 0,
      reason: 'serviceOff',
      message: SERVICE_OFF_MESSAGE,
      serviceOff: true,
      transient: false,
    });
  }
  try {
    return { system: 'google', ok: true, body: directoryCall(admin, call) ?? null };
  } catch (e) {
    return failed(failureFromThrown(e));
  }
}

function directoryCall(admin: AdminDirectoryLike, call: GoogleCall): unknown {
  switch (call.method) {
    case 'users.get':
      return admin.Users.get(call.userKey);
    case 'users.update':
      return admin.Users.update(call.patch, call.userKey);
    case 'users.signOut':
      return admin.Users.signOut(call.userKey);
    case 'tokens.list':
      return admin.Tokens.list(call.userKey);
    case 'tokens.delete':
      return admin.Tokens.remove(call.userKey, call.clientId);
    case 'asps.list':
      return admin.Asps.list(call.userKey);
    case 'asps.delete':
      return admin.Asps.remove(call.userKey, call.codeId);
    case 'verificationCodes.list':
      return admin.VerificationCodes.list(call.userKey);
    case 'verificationCodes.invalidate':
      return admin.VerificationCodes.invalidate(call.userKey);
    case 'groups.list':
      return admin.Groups.list({
        userKey: call.userKey,
        maxResults: 200,
        ...(call.pageToken ? { pageToken: call.pageToken } : {}),
      });
    case 'members.delete':
      return admin.Members.remove(call.groupKey, call.memberKey);
    case 'transfers.insert':
    case 'transfers.get':
    case 'transfers.list':
      throw new Error('not a Directory call');
  }
}

function transfer(
  options: GoogleDirectoryOptions,
  call: Extract<GoogleCall, { method: 'transfers.insert' | 'transfers.get' | 'transfers.list' }>,
): GoogleResult {
  let token: string;
  try {
    token = options.oauthToken();
  } catch (e) {
    return failed({ status: 0, reason: 'noToken', message: messageOf(e), transient: false });
  }
  const headers = { Authorization: `Bearer ${token}` };
  const response =
    call.method === 'transfers.get'
      ? options.http.fetch({ url: `${DATA_TRANSFER_URL}/${encodeURIComponent(call.transferId)}`, headers })
      : call.method === 'transfers.list'
        ? options.http.fetch({
            url: `${DATA_TRANSFER_URL}?oldOwnerUserId=${encodeURIComponent(call.oldOwnerUserId)}&newOwnerUserId=${encodeURIComponent(call.newOwnerUserId)}`,
            headers,
          })
        : options.http.fetch({
            url: DATA_TRANSFER_URL,
            method: 'post',
            headers,
            contentType: 'application/json',
            payload: JSON.stringify({
              oldOwnerUserId: call.oldOwnerUserId,
              newOwnerUserId: call.newOwnerUserId,
              applicationDataTransfers: call.applications.map((app) => ({
                applicationId: TRANSFER_APPLICATION_IDS[app],
                applicationTransferParams: TRANSFER_PARAMS[app],
              })),
            }),
          });
  if (response.status === 0) {
    return failed({
      status: 0,
      reason: 'network',
      message: response.networkError ?? 'no answer',
      transient: true,
    });
  }
  const body = parseJson(response.body);
  if (response.status >= 200 && response.status < 300) return { system: 'google', ok: true, body };
  // Google's JSON error body: {"error": {"code", "message", "errors": [{"reason", …}], "status"}}.
  const error = (body as { error?: { message?: unknown; errors?: { reason?: unknown }[] } } | null)?.error;
  return failed({
    status: response.status,
    reason: String(error?.errors?.[0]?.reason ?? ''),
    message: typeof error?.message === 'string' ? error.message : `HTTP ${response.status}`,
    transient: isTransient(response.status),
  });
}

/** The status Apps Script's thrown error carries, or the one its words name. */
export function failureFromThrown(e: unknown): GoogleFailure {
  const message = messageOf(e);
  // Apps Script's own refusal (the manifest lacks the scope, or granular consent unticked it).
  if (missingAuthorization(message) !== null) {
    return { status: 403, reason: 'insufficientScopes', message, transient: false };
  }
  const details = (e as { details?: { code?: unknown; errors?: { reason?: unknown }[] } } | null)?.details;
  const said = /failed with error:\s*(.*)$/s.exec(message)?.[1]?.trim() ?? message;
  const code = Number(details?.code);
  const status = Number.isInteger(code) && code >= 400 ? code : statusFromWords(said);
  const reason = String(details?.errors?.[0]?.reason ?? reasonOf(status));
  return { status, reason, message: said, transient: isTransient(status) };
}

/** Google's error texts for the statuses that matter here (Directory API, "Troubleshoot Directory API issues"). */
function statusFromWords(text: string): number {
  if (/not found|does not exist/i.test(text)) return 404;
  if (/not authorized|insufficient (authentication )?scopes|permission|forbidden/i.test(text)) return 403;
  if (/precondition|conditionNotMet/i.test(text)) return 412;
  if (/already exists|duplicate|conflict/i.test(text)) return 409;
  if (/rate limit|quota/i.test(text)) return 429;
  if (/backend error|internal error|service unavailable|timed? ?out/i.test(text)) return 503;
  if (/invalid|bad request/i.test(text)) return 400;
  return 0;
}

function reasonOf(status: number): string {
  const reasons: Record<number, string> = {
    400: 'badRequest',
    403: 'forbidden',
    404: 'notFound',
    409: 'duplicate',
    412: 'conditionNotMet',
    429: 'rateLimitExceeded',
    503: 'backendError',
  };
  return reasons[status] ?? '';
}

/** 5xx and 429 pass; an error Apps Script threw without a status we can read is retried as well. */
function isTransient(status: number): boolean {
  return status === 0 || status === 429 || status >= 500;
}

function failed(error: GoogleFailure): GoogleResult {
  return { system: 'google', ok: false, error };
}

function messageOf(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

function parseJson(text: string): unknown {
  try {
    return text === '' ? null : (JSON.parse(text) as unknown);
  } catch {
    return null;
  }
}
