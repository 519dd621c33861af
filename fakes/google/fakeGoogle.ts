// A stateful fake Google Workspace directory for tests, the benchmark and the local runtime. It is shaped
// like the Admin SDK Directory advanced service (`AdminDirectory`): methods answer resources or throw an
// Error whose message carries the API error, as Apps Script's advanced services do ("API call to
// directory.users.get failed with error: Resource Not Found: userKey"), with `details` holding Google's
// JSON error ({code, message, errors: [{reason, domain, message}]}). The Data Transfer API is served over
// HttpClient (`transfers()`), with Google's JSON error bodies.
//
// Sources: developers.google.com/admin-sdk/directory/reference/rest (users, tokens, asps,
// verificationCodes, groups, members: resource shapes and scopes), /admin-sdk/data-transfer/reference/rest
// (transfers), /admin-sdk/reseller/v1/support/directory_api_common_errors (400/403/404/409 reasons).

import type { HttpClient, HttpRequest, HttpResponse } from '../../src/ports';

export const SCOPES = {
  user: 'https://www.googleapis.com/auth/admin.directory.user',
  userSecurity: 'https://www.googleapis.com/auth/admin.directory.user.security',
  group: 'https://www.googleapis.com/auth/admin.directory.group',
  groupReadonly: 'https://www.googleapis.com/auth/admin.directory.group.readonly',
  groupMember: 'https://www.googleapis.com/auth/admin.directory.group.member',
  dataTransfer: 'https://www.googleapis.com/auth/admin.datatransfer',
} as const;

export const ALL_SCOPES: readonly string[] = Object.values(SCOPES);

export interface FakeGoogleUser {
  id: string;
  primaryEmail: string;
  fullName: string;
  suspended: boolean;
  includeInGlobalAddressList: boolean;
  /** A super administrator: only another super admin may change them. */
  isAdmin: boolean;
  /** Web and device sessions; users.signOut ends them all. */
  sessions: number;
  tokens: { clientId: string; displayText: string; scopes: string[] }[];
  asps: { codeId: number; name: string }[];
  verificationCodes: string[];
}

export interface FakeGoogleGroup {
  id: string;
  email: string;
  name: string;
  members: Set<string>;
}

export interface FakeTransfer {
  id: string;
  oldOwnerUserId: string;
  newOwnerUserId: string;
  applicationIds: string[];
  overallTransferStatusCode: 'new' | 'inProgress' | 'completed' | 'failed';
  requestTime: string;
  /** Reads of the transfer before it completes (Drive transfers take minutes to days). */
  readsLeft: number;
}

export interface FakeGoogleOptions {
  /** Scopes the deployer granted; every scope by default. */
  scopes?: readonly string[];
  /** The caller is a super admin (default) rather than a delegated admin who cannot change admins. */
  callerSuperAdmin?: boolean;
  /** How many transfers.get a new transfer answers inProgress before completed. */
  transferReads?: number;
  /** The OAuth token the Data Transfer API accepts (default FAKE_OAUTH_TOKEN). */
  oauthToken?: string;
}

export const FAKE_OAUTH_TOKEN = 'fake-google-oauth-token';
const DATA_TRANSFER_URL = 'https://admin.googleapis.com/admin/datatransfer/v1/transfers';

/** The Error an advanced service throws: Google's message in the text, its JSON error in `details`. */
export class GoogleApiError extends Error {
  constructor(
    method: string,
    readonly details: {
      code: number;
      message: string;
      errors: { reason: string; domain: string; message: string }[];
    },
  ) {
    super(`API call to directory.${method} failed with error: ${details.message}`);
    this.name = 'GoogleJsonResponseException';
  }
}

function apiError(method: string, code: number, reason: string, message: string): GoogleApiError {
  return new GoogleApiError(method, { code, message, errors: [{ reason, domain: 'global', message }] });
}

export class FakeGoogle {
  readonly users = new Map<string, FakeGoogleUser>();
  readonly groups = new Map<string, FakeGoogleGroup>();
  readonly transfersById = new Map<string, FakeTransfer>();
  /** Every call made, as "users.get jane@corp.com". */
  readonly calls: string[] = [];
  scopes: Set<string>;
  callerSuperAdmin: boolean;
  transferReads: number;
  readonly oauthToken: string;
  private nextId = 1;

  constructor(options: FakeGoogleOptions = {}) {
    this.scopes = new Set(options.scopes ?? ALL_SCOPES);
    this.callerSuperAdmin = options.callerSuperAdmin ?? true;
    this.transferReads = options.transferReads ?? 2;
    this.oauthToken = options.oauthToken ?? FAKE_OAUTH_TOKEN;
  }

  addUser(seed: { primaryEmail: string; fullName?: string } & Partial<FakeGoogleUser>): FakeGoogleUser {
    const user: FakeGoogleUser = {
      id: seed.id ?? `1${String(this.nextId++).padStart(20, '0')}`,
      primaryEmail: seed.primaryEmail.toLowerCase(),
      fullName: seed.fullName ?? seed.primaryEmail,
      suspended: seed.suspended ?? false,
      includeInGlobalAddressList: seed.includeInGlobalAddressList ?? true,
      isAdmin: seed.isAdmin ?? false,
      sessions: seed.sessions ?? 1,
      tokens: seed.tokens ?? [],
      asps: seed.asps ?? [],
      verificationCodes: seed.verificationCodes ?? [],
    };
    this.users.set(user.id, user);
    return user;
  }

  addGroup(email: string, name = email): FakeGoogleGroup {
    const group: FakeGoogleGroup = {
      id: `0${this.nextId++}grp`,
      email: email.toLowerCase(),
      name,
      members: new Set(),
    };
    this.groups.set(group.id, group);
    return group;
  }

  addMember(group: FakeGoogleGroup, user: FakeGoogleUser): void {
    group.members.add(user.id);
  }

  groupsOf(user: FakeGoogleUser): FakeGoogleGroup[] {
    return [...this.groups.values()].filter((g) => g.members.has(user.id));
  }

  /** The user a userKey names: primary email (any case) or unique id. */
  findUser(userKey: string): FakeGoogleUser | undefined {
    const key = userKey.toLowerCase();
    return this.users.get(userKey) ?? [...this.users.values()].find((u) => u.primaryEmail === key);
  }

  // ---- the advanced service's shape (AdminDirectory.Users, .Tokens, …)

  readonly Users = {
    get: (userKey: string): object => {
      const user = this.user('users.get', SCOPES.user, userKey);
      return this.userResource(user);
    },
    update: (resource: object, userKey: string): object => {
      const user = this.user('users.update', SCOPES.user, userKey);
      this.mayChange('users.update', user);
      // Patch semantics: fields absent from the request are kept (Directory API, users.update).
      const r = resource as Partial<Pick<FakeGoogleUser, 'suspended' | 'includeInGlobalAddressList'>>;
      if (typeof r.suspended === 'boolean') {
        user.suspended = r.suspended;
        if (r.suspended) user.sessions = 0;
      }
      if (typeof r.includeInGlobalAddressList === 'boolean') {
        user.includeInGlobalAddressList = r.includeInGlobalAddressList;
      }
      return this.userResource(user);
    },
    signOut: (userKey: string): void => {
      const user = this.user('users.signOut', SCOPES.userSecurity, userKey);
      this.mayChange('users.signOut', user);
      user.sessions = 0;
    },
  };

  readonly Tokens = {
    list: (userKey: string): object => {
      const user = this.user('tokens.list', SCOPES.userSecurity, userKey);
      return {
        kind: 'admin#directory#tokenList',
        items: user.tokens.map((t) => ({ kind: 'admin#directory#token', userKey: user.id, ...t })),
      };
    },
    remove: (userKey: string, clientId: string): void => {
      const user = this.user('tokens.delete', SCOPES.userSecurity, userKey);
      const before = user.tokens.length;
      user.tokens = user.tokens.filter((t) => t.clientId !== clientId);
      if (user.tokens.length === before)
        throw apiError('tokens.delete', 404, 'notFound', 'Resource Not Found: clientId');
    },
  };

  readonly Asps = {
    list: (userKey: string): object => {
      const user = this.user('asps.list', SCOPES.userSecurity, userKey);
      return {
        kind: 'admin#directory#asps',
        items: user.asps.map((a) => ({ kind: 'admin#directory#asp', userKey: user.id, ...a })),
      };
    },
    remove: (userKey: string, codeId: number): void => {
      const user = this.user('asps.delete', SCOPES.userSecurity, userKey);
      const before = user.asps.length;
      user.asps = user.asps.filter((a) => a.codeId !== codeId);
      if (user.asps.length === before)
        throw apiError('asps.delete', 404, 'notFound', 'Resource Not Found: codeId');
    },
  };

  readonly VerificationCodes = {
    list: (userKey: string): object => {
      const user = this.user('verificationCodes.list', SCOPES.userSecurity, userKey);
      return {
        kind: 'admin#directory#verificationCodesList',
        items: user.verificationCodes.map((code) => ({
          kind: 'admin#directory#verificationCode',
          userId: user.id,
          verificationCode: code,
        })),
      };
    },
    invalidate: (userKey: string): void => {
      const user = this.user('verificationCodes.invalidate', SCOPES.userSecurity, userKey);
      user.verificationCodes = [];
    },
  };

  readonly Groups = {
    list: (optionalArgs: object): object => {
      const args = optionalArgs as { userKey?: string; pageToken?: string; maxResults?: number };
      this.calls.push(`groups.list ${args.userKey ?? ''}`);
      // groups.list: admin.directory.group or .group.readonly (Directory API, groups.list).
      this.needScope('groups.list', [SCOPES.group, SCOPES.groupReadonly]);
      const user = args.userKey ? this.findUser(args.userKey) : undefined;
      if (args.userKey && !user)
        throw apiError('groups.list', 404, 'notFound', 'Resource Not Found: userKey');
      const all = user ? this.groupsOf(user) : [...this.groups.values()];
      const size = Math.min(args.maxResults ?? 200, 200);
      const start = Number(args.pageToken ?? 0);
      const page = all.slice(start, start + size);
      return {
        kind: 'admin#directory#groups',
        groups: page.map((g) => ({
          kind: 'admin#directory#group',
          id: g.id,
          email: g.email,
          name: g.name,
          directMembersCount: String(g.members.size),
        })),
        ...(start + size < all.length ? { nextPageToken: String(start + size) } : {}),
      };
    },
  };

  readonly Members = {
    remove: (groupKey: string, memberKey: string): void => {
      this.calls.push(`members.delete ${groupKey} ${memberKey}`);
      // members.delete: admin.directory.group or .group.member (Directory API, members.delete).
      this.needScope('members.delete', [SCOPES.group, SCOPES.groupMember]);
      const group =
        this.groups.get(groupKey) ??
        [...this.groups.values()].find((g) => g.email === groupKey.toLowerCase());
      if (!group) throw apiError('members.delete', 404, 'notFound', 'Resource Not Found: groupKey');
      const user = this.findUser(memberKey);
      if (!user || !group.members.has(user.id)) {
        throw apiError('members.delete', 404, 'notFound', 'Resource Not Found: memberKey');
      }
      group.members.delete(user.id);
    },
  };

  // ---- the Data Transfer API over HTTP

  /** An HttpClient answering the Data Transfer API, with Google's JSON errors; other URLs get no answer. */
  transfers(): HttpClient {
    const fetch = (request: HttpRequest): HttpResponse => this.transferRequest(request);
    return { fetch, fetchAll: (requests) => requests.map(fetch) };
  }

  /** What the demo page shows: each person, their sessions, tokens, app passwords and groups. */
  snapshot(): {
    email: string;
    name: string;
    suspended: boolean;
    listed: boolean;
    sessions: number;
    tokens: number;
    asps: number;
    groups: string[];
    transfers: string[];
  }[] {
    return [...this.users.values()].map((u) => ({
      email: u.primaryEmail,
      name: u.fullName,
      suspended: u.suspended,
      listed: u.includeInGlobalAddressList,
      sessions: u.sessions,
      tokens: u.tokens.length,
      asps: u.asps.length,
      groups: this.groupsOf(u).map((g) => g.email),
      transfers: [...this.transfersById.values()]
        .filter((t) => t.oldOwnerUserId === u.id)
        .map(
          (t) => `${t.overallTransferStatusCode} → ${this.users.get(t.newOwnerUserId)?.primaryEmail ?? '?'}`,
        ),
    }));
  }

  completeTransfer(id: string): void {
    const t = this.transfersById.get(id);
    if (t) t.overallTransferStatusCode = 'completed';
  }

  private transferRequest(request: HttpRequest): HttpResponse {
    if (!request.url.startsWith(DATA_TRANSFER_URL)) {
      return { status: 0, headers: {}, body: '', networkError: `DNS error: ${request.url}` };
    }
    const method = (request.method ?? 'get').toUpperCase();
    const listing = method === 'GET' && request.url.startsWith(`${DATA_TRANSFER_URL}?`);
    this.calls.push(`transfers.${method === 'POST' ? 'insert' : listing ? 'list' : 'get'}`);
    const authorization = Object.entries(request.headers ?? {}).find(
      ([k]) => k.toLowerCase() === 'authorization',
    )?.[1];
    if (authorization !== `Bearer ${this.oauthToken}`) {
      return jsonError(401, 'authError', 'Request had invalid authentication credentials.');
    }
    if (!this.scopes.has(SCOPES.dataTransfer)) {
      return jsonError(403, 'insufficientPermissions', 'Request had insufficient authentication scopes.');
    }
    if (method === 'POST' && request.url === DATA_TRANSFER_URL) {
      const body = JSON.parse(request.payload ?? '{}') as {
        oldOwnerUserId?: string;
        newOwnerUserId?: string;
        applicationDataTransfers?: { applicationId: string }[];
      };
      if (!body.oldOwnerUserId || !body.newOwnerUserId || !body.applicationDataTransfers?.length) {
        return jsonError(400, 'invalid', 'Invalid Input');
      }
      if (!this.users.has(body.oldOwnerUserId) || !this.users.has(body.newOwnerUserId)) {
        return jsonError(400, 'invalid', 'Invalid Input: user');
      }
      const transfer: FakeTransfer = {
        id: `AKrEtIb${this.nextId++}`,
        oldOwnerUserId: body.oldOwnerUserId,
        newOwnerUserId: body.newOwnerUserId,
        applicationIds: body.applicationDataTransfers.map((a) => a.applicationId),
        overallTransferStatusCode: 'new',
        requestTime: new Date(0).toISOString(),
        readsLeft: this.transferReads,
      };
      this.transfersById.set(transfer.id, transfer);
      return json(200, transferResource(transfer));
    }
    if (listing) {
      // transfers.list filtered by oldOwnerUserId and newOwnerUserId (Data Transfer API, transfers.list).
      const query = new URLSearchParams(request.url.slice(DATA_TRANSFER_URL.length + 1));
      const found = [...this.transfersById.values()].filter(
        (t) =>
          (!query.get('oldOwnerUserId') || t.oldOwnerUserId === query.get('oldOwnerUserId')) &&
          (!query.get('newOwnerUserId') || t.newOwnerUserId === query.get('newOwnerUserId')),
      );
      return json(200, {
        kind: 'admin#datatransfer#dataTransfersList',
        dataTransfers: found.map(transferResource),
      });
    }
    const id = decodeURIComponent(request.url.slice(DATA_TRANSFER_URL.length + 1));
    const transfer = method === 'GET' ? this.transfersById.get(id) : undefined;
    if (!transfer) return jsonError(404, 'notFound', 'Resource Not Found: dataTransferId');
    if (
      transfer.overallTransferStatusCode !== 'completed' &&
      transfer.overallTransferStatusCode !== 'failed'
    ) {
      transfer.overallTransferStatusCode = transfer.readsLeft <= 0 ? 'completed' : 'inProgress';
      transfer.readsLeft -= 1;
    }
    return json(200, transferResource(transfer));
  }

  // ---- how Google refuses

  private user(method: string, scope: string, userKey: string): FakeGoogleUser {
    this.calls.push(`${method} ${userKey}`);
    this.needScope(method, [scope]);
    const user = this.findUser(userKey);
    if (!user) throw apiError(method, 404, 'notFound', 'Resource Not Found: userKey');
    return user;
  }

  /** Any one of the scopes is enough (the broader one covers the narrower). */
  private needScope(method: string, anyOf: string[]): void {
    if (!anyOf.some((s) => this.scopes.has(s))) {
      throw apiError(
        method,
        403,
        'insufficientPermissions',
        'Request had insufficient authentication scopes.',
      );
    }
  }

  /** A delegated admin cannot change a super admin ("Not Authorized to access this resource/api"). */
  private mayChange(method: string, user: FakeGoogleUser): void {
    if (user.isAdmin && !this.callerSuperAdmin) {
      throw apiError(method, 403, 'forbidden', 'Not Authorized to access this resource/api');
    }
  }

  private userResource(user: FakeGoogleUser): object {
    return {
      kind: 'admin#directory#user',
      id: user.id,
      primaryEmail: user.primaryEmail,
      name: { fullName: user.fullName },
      suspended: user.suspended,
      includeInGlobalAddressList: user.includeInGlobalAddressList,
      isAdmin: user.isAdmin,
    };
  }
}

function transferResource(t: FakeTransfer): object {
  return {
    kind: 'admin#datatransfer#DataTransfer',
    id: t.id,
    oldOwnerUserId: t.oldOwnerUserId,
    newOwnerUserId: t.newOwnerUserId,
    overallTransferStatusCode: t.overallTransferStatusCode,
    requestTime: t.requestTime,
    applicationDataTransfers: t.applicationIds.map((applicationId) => ({
      applicationId,
      applicationTransferStatus: t.overallTransferStatusCode === 'completed' ? 'completed' : 'pending',
    })),
  };
}

function json(status: number, body: unknown): HttpResponse {
  return {
    status,
    headers: { 'content-type': 'application/json; charset=UTF-8' },
    body: JSON.stringify(body),
  };
}

/** Google's JSON error body (cloud.google.com/apis/design/errors, the v1 shape the Admin SDK answers). */
function jsonError(code: number, reason: string, message: string): HttpResponse {
  return json(code, { error: { code, message, errors: [{ message, domain: 'global', reason }] } });
}
