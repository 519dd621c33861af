// A stateful fake Okta org for the deprovisioning operations: it answers HttpClient requests the way the
// Management API does (statuses, error bodies, pagination links, rate-limit headers) and can be told to fail.

import type { HttpClient, HttpRequest, HttpResponse } from '../../src/ports';
import { FilterSyntaxError, parseFilter, type Predicate } from './filter';
import { FakeOAuthServer, TOKEN_PATH, type FakeOAuthOptions, type OAuthAnswer } from './oauthServer';
import { matchRoute, OPERATIONS, type Operation, type RateFamily } from './operations';
import { FAKE_SCOPE_BY_OPERATION } from './scopes';

export { OPERATIONS } from './operations';
export type { Operation } from './operations';

export type UserStatus =
  | 'STAGED'
  | 'PROVISIONED'
  | 'ACTIVE'
  | 'RECOVERY'
  | 'PASSWORD_EXPIRED'
  | 'LOCKED_OUT'
  | 'SUSPENDED'
  | 'DEPROVISIONED';

export type GroupType = 'OKTA_GROUP' | 'APP_GROUP' | 'BUILT_IN';

export interface UserProfile {
  login: string;
  email: string;
  firstName: string;
  lastName: string;
  displayName: string;
  title: string;
  department: string;
  /** Okta's base profile: "ID of a user's manager" (often the manager's Okta id or login). */
  managerId?: string;
  /** Okta's base profile: "display name of the user's manager". */
  manager?: string;
}

/** Where the profile is mastered (spec: AuthenticationProviderType); only OKTA is mastered by Okta itself. */
export type ProviderType = 'OKTA' | 'ACTIVE_DIRECTORY' | 'LDAP' | 'IMPORT' | 'FEDERATION' | 'SOCIAL';

export interface UserProvider {
  type: ProviderType;
  /** e.g. 'OKTA', or the directory instance's name such as 'corp.example.com'. */
  name: string;
}

export interface FakeUser {
  id: string;
  status: UserStatus;
  created: string;
  activated: string | null;
  statusChanged: string | null;
  lastLogin: string | null;
  lastUpdated: string;
  passwordChanged: string | null;
  profile: UserProfile;
  credentials: { provider: UserProvider };
}

export interface FakeGroup {
  id: string;
  type: GroupType;
  created: string;
  lastUpdated: string;
  profile: { name: string; description: string };
}

export interface FakeApp {
  id: string;
  /** Okta's app name, e.g. 'salesforce'. */
  name: string;
  label: string;
}

export interface FakeGrant {
  id: string;
  userId: string;
  clientId: string;
  scopeId: string;
  issuer: string;
  status: 'ACTIVE';
  created: string;
}

/** An OAuth refresh token issued to a client for the person; a grant may have issued it. */
export interface FakeToken {
  id: string;
  clientId: string;
  grantId: string | null;
}

export interface FakeFactor {
  id: string;
  factorType: string;
  provider: string;
  vendorName: string;
  status: string;
  created: string;
  lastUpdated: string;
  profile: Record<string, string>;
  /**
   * Enrolled, but not listed by GET /users/{id}/factors: Okta lists only the factors of the highest-priority
   * enrollment policy in the caller's context (API reference, listFactors). reset_factors still clears it.
   */
  hiddenFromList: boolean;
}

/** Okta's standard admin role types (spec: RoleType, without CUSTOM and the governance roles). */
export type AdminRoleType =
  | 'SUPER_ADMIN'
  | 'ORG_ADMIN'
  | 'APP_ADMIN'
  | 'USER_ADMIN'
  | 'HELP_DESK_ADMIN'
  | 'GROUP_MEMBERSHIP_ADMIN'
  | 'READ_ONLY_ADMIN'
  | 'REPORT_ADMIN'
  | 'MOBILE_ADMIN'
  | 'API_ACCESS_MANAGEMENT_ADMIN';

/** A role assignment (spec: StandardRole): to a person directly (USER) or to a group they are in (GROUP). */
export interface FakeRoleAssignment {
  id: string;
  type: AdminRoleType;
  label: string;
  status: 'ACTIVE';
  created: string;
  lastUpdated: string;
  assignmentType: 'USER' | 'GROUP';
  /** The person (USER) or the group (GROUP) the role is assigned to. */
  assigneeId: string;
}

export interface RequestRecord {
  method: string;
  path: string;
  query: Record<string, string>;
  /** Fake clock time (ms) when the request arrived. */
  time: number;
  operation: string | null;
  /** The status Okta produced, even when the caller never saw it (see `answerLost`). */
  status: number;
  /** Carried out, but the answer was lost on the way back (loseAnswerNext). */
  answerLost?: boolean;
  /** Refused by the concurrency limit, not carried out. */
  overConcurrency?: boolean;
}

export interface FailureMatch {
  /** Okta operationId, e.g. 'suspendUser' (see OPERATIONS). */
  operation?: string;
  method?: string;
  path?: RegExp;
}

export interface InjectedFailure {
  status: number;
  errorCode?: string;
  errorSummary?: string;
  /** How many matching requests fail; default 1. */
  times?: number;
  headers?: Record<string, string>;
}

export interface FakeOktaOptions {
  /** Default 'https://fake.okta.example'; requests to any other origin fail like a DNS error. */
  orgUrl?: string;
  /** Default 'fake-okta-token'; requests without 'SSWS <token>' answer 401. */
  apiToken?: string;
  /** An OAuth service app (fakes/okta/oauthServer.ts): the token endpoint answers and its tokens work. */
  oauth?: FakeOAuthOptions;
  now?: () => number;
  /** Seeds the id generator, so two fakes built alike have the same ids. */
  seed?: number;
  /**
   * Whether the API token is a Super Administrator's (default true). Without it, Okta refuses to change
   * memberships of groups that carry admin roles and to unassign SUPER_ADMIN (help.okta.com,
   * administrators-group-admin: only super admins manage groups with administrative roles).
   */
  callerSuperAdmin?: boolean;
}

export interface UserSeed {
  id?: string;
  status?: UserStatus;
  login?: string;
  email?: string;
  firstName?: string;
  lastName?: string;
  displayName?: string;
  title?: string;
  department?: string;
  managerId?: string;
  manager?: string;
  lastLogin?: string | null;
  /** Default { type: 'OKTA', name: 'OKTA' }: mastered by Okta. */
  provider?: UserProvider;
}

/** The answer before the transport shapes it (the in-process client and the HTTP server share it). */
export interface FakeAnswer {
  response: HttpResponse;
  /** Modeled latency for this request, in ms. */
  latencyMs: number;
}

interface FailureRule {
  match: FailureMatch;
  failure: InjectedFailure | null;
  networkError: string | null;
  /** Carry the request out, then drop the answer (with `networkError`). */
  loseAnswer: boolean;
  remaining: number;
}

interface RateWindow {
  start: number;
  used: number;
}

interface Handled {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
}

export const DEFAULT_ORG_URL = 'https://fake.okta.example';
export const DEFAULT_API_TOKEN = 'fake-okta-token';
export const ADMIN_LOGIN = 'okta.admin@example.com';

const ERROR_SUMMARIES: Record<string, string> = {
  E0000001: 'Api validation failed',
  E0000006: 'You do not have permission to perform the requested action',
  E0000007: 'Not found: Resource not found',
  E0000009: 'Internal Server Error',
  E0000011: 'Invalid token provided',
  E0000031: 'Invalid search criteria.',
  E0000047: 'API call exceeded rate limit due to too many requests.',
};

const DEFAULT_CODE_BY_STATUS: Record<number, string> = {
  400: 'E0000001',
  401: 'E0000011',
  403: 'E0000006',
  404: 'E0000007',
  429: 'E0000047',
  500: 'E0000009',
  502: 'E0000009',
  503: 'E0000009',
};

const BASE62 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';

/** Okta's default page sizes; `setPageSize` overrides them so tests can see several pages. */
const DEFAULT_PAGE_SIZE = 200;

/** Simultaneous requests per org: 75, or 35 on developer (Integrator Free) orgs (developer.okta.com, rl2-concurrency). */
export const DEFAULT_CONCURRENCY_LIMIT = 75;

/** What a caller sees when an answer is lost: the shape networkFailNext uses. */
export const LOST_ANSWER_ERROR = 'Timeout: the connection was reset';

/** Labels as Okta shows them (spec examples StandardRolesListResponse, StandardRoleResponseUser). */
const ROLE_LABELS: Record<AdminRoleType, string> = {
  SUPER_ADMIN: 'Super Organization administrator',
  ORG_ADMIN: 'Organization administrator',
  APP_ADMIN: 'Application administrator',
  USER_ADMIN: 'Group administrator',
  HELP_DESK_ADMIN: 'Help Desk administrator',
  GROUP_MEMBERSHIP_ADMIN: 'Group Membership administrator',
  READ_ONLY_ADMIN: 'Read-only administrator',
  REPORT_ADMIN: 'Report administrator',
  MOBILE_ADMIN: 'Mobile administrator',
  API_ACCESS_MANAGEMENT_ADMIN: 'API Access Management administrator',
};

export class FakeOkta implements HttpClient {
  readonly orgUrl: string;
  readonly apiToken: string;
  /** The OAuth side, when built with `oauth` options. */
  readonly oauth: FakeOAuthServer | null;
  private readonly now: () => number;
  private readonly seed: number;
  private rng: () => number;
  /** Request and error ids come from their own generator, so entity ids do not shift with traffic. */
  private noise: () => number;

  private users = new Map<string, FakeUser>();
  private groups = new Map<string, FakeGroup>();
  private members = new Map<string, Set<string>>();
  private apps = new Map<string, FakeApp>();
  private userAssignments = new Map<string, Set<string>>();
  private groupAssignments = new Map<string, Set<string>>();
  private sessions = new Map<string, number>();
  private grants = new Map<string, FakeGrant[]>();
  private tokens = new Map<string, FakeToken[]>();
  private factors = new Map<string, FakeFactor[]>();
  /** Role assignments by assignee: a person's direct ones, or a group's. */
  private userRoles = new Map<string, FakeRoleAssignment[]>();
  private groupRoles = new Map<string, FakeRoleAssignment[]>();
  private everyoneId = '';
  private adminId = '';

  private failures: FailureRule[] = [];
  private rateBudgets = new Map<RateFamily | '*', { limit: number; windowSeconds: number }>();
  private rateWindows = new Map<RateFamily, RateWindow>();
  private pageSize: number | null = null;
  private latencyMs = 0;
  private log: RequestRecord[] = [];
  private deactivationEmails = 0;
  private callerSuperAdmin: boolean;
  private concurrency = DEFAULT_CONCURRENCY_LIMIT;
  private inFlight = 0;
  private peak = 0;

  /** Sum of modeled latency: fetch adds its latency, fetchAll adds it once (the requests run in parallel). */
  modeledMs = 0;

  constructor(options: FakeOktaOptions = {}) {
    this.orgUrl = (options.orgUrl ?? DEFAULT_ORG_URL).replace(/\/+$/, '');
    this.apiToken = options.apiToken ?? DEFAULT_API_TOKEN;
    this.now = options.now ?? (() => Date.now());
    this.oauth = options.oauth ? new FakeOAuthServer(options.oauth, this.orgUrl, () => this.now()) : null;
    this.seed = options.seed ?? 20260603;
    this.callerSuperAdmin = options.callerSuperAdmin ?? true;
    this.rng = mulberry32(this.seed);
    this.noise = mulberry32(this.seed ^ 0x5eed);
    this.reset();
  }

  // ---- HttpClient

  fetch(request: HttpRequest): HttpResponse {
    return this.fetchAll([request])[0] as HttpResponse;
  }

  /**
   * All requests are in flight at once: past the concurrency limit, the extras are refused with 429 and
   * not carried out.
   */
  fetchAll(requests: HttpRequest[]): HttpResponse[] {
    const admitted = requests.map(() => this.admit());
    try {
      const answers = requests.map((r, i) => (admitted[i] ? this.answer(r) : this.refuseOverLimit(r)));
      this.modeledMs += answers.reduce((max, a) => Math.max(max, a.latencyMs), 0);
      return answers.map((a) => a.response);
    } finally {
      requests.forEach(() => this.release());
    }
  }

  /**
   * Counts one request in flight (transports that really overlap requests, like the HTTP server, call it);
   * false when that passes the concurrency limit, and the request must then be answered by `overConcurrency`.
   */
  admit(): boolean {
    this.inFlight += 1;
    this.peak = Math.max(this.peak, this.inFlight);
    return this.inFlight <= this.concurrency;
  }

  /** The request counted by `admit` has been answered. */
  release(): void {
    this.inFlight = Math.max(0, this.inFlight - 1);
  }

  /** One request against this org's URL; a different origin fails like DNS would. */
  answer(request: HttpRequest): FakeAnswer {
    let url: URL;
    try {
      url = new URL(request.url);
    } catch {
      return { response: networkFailure(`Invalid argument: ${request.url}`), latencyMs: 0 };
    }
    if (url.origin !== new URL(this.orgUrl).origin) {
      return { response: networkFailure(`DNS error: ${url.origin}`), latencyMs: 0 };
    }
    return this.handle(
      request.method ?? 'get',
      url.pathname + url.search,
      request.headers ?? {},
      this.orgUrl,
      request.payload ?? '',
    );
  }

  /**
   * A request past the concurrency limit: 429 E0000047 with X-Rate-Limit-Limit and -Remaining 0 (the way
   * Okta marks a concurrency 429; developer.okta.com rl-best-practices, rl2-concurrency), not carried out.
   */
  overConcurrency(method: string, pathAndQuery: string): FakeAnswer {
    const url = new URL(pathAndQuery, 'http://fake.invalid');
    const upper = method.toUpperCase();
    const route = matchRoute(upper, url.pathname);
    const query: Record<string, string> = {};
    url.searchParams.forEach((v, k) => {
      query[k] = v;
    });
    const record: RequestRecord = {
      method: upper,
      path: url.pathname,
      query,
      time: this.now(),
      operation: route?.op.operation ?? null,
      status: 0,
      overConcurrency: true,
    };
    this.log.push(record);
    const handled: Handled = {
      status: 429,
      body: this.error('E0000047'),
      headers: {
        'x-rate-limit-limit': '0',
        'x-rate-limit-remaining': '0',
        'x-rate-limit-reset': String(Math.ceil(this.now() / 1000) + 60),
      },
    };
    return this.finish(record, route?.op.family ?? 'userResources', handled, this.latencyMs);
  }

  /** A request of a fetchAll past the limit; one for another origin still fails like DNS would. */
  private refuseOverLimit(request: HttpRequest): FakeAnswer {
    let url: URL | null = null;
    try {
      url = new URL(request.url);
    } catch {
      // answered below as the network error answer() gives
    }
    if (!url || url.origin !== new URL(this.orgUrl).origin) return this.answer(request);
    return this.overConcurrency(request.method ?? 'get', url.pathname + url.search);
  }

  /**
   * The transport-free core: method, path with query, headers, and the base URL to write into
   * pagination links (the HTTP server passes its own).
   */
  handle(
    method: string,
    pathAndQuery: string,
    headers: Record<string, string>,
    baseUrl: string,
    body = '',
  ): FakeAnswer {
    const url = new URL(pathAndQuery, 'http://fake.invalid');
    const path = url.pathname;
    const query: Record<string, string> = {};
    url.searchParams.forEach((v, k) => {
      query[k] = v;
    });
    const upper = method.toUpperCase();
    const route = matchRoute(upper, path);
    const record: RequestRecord = {
      method: upper,
      path,
      query,
      time: this.now(),
      operation: route?.op.operation ?? null,
      status: 0,
    };
    this.log.push(record);
    const latencyMs = this.latencyMs;

    const rule = this.takeFailure(upper, path, route?.op.operation ?? null);
    // A lost answer: Okta goes on and does the work; `finish` then drops the answer.
    if (rule?.loseAnswer) record.answerLost = true;
    if (rule?.networkError && !rule.loseAnswer) {
      return { response: networkFailure(rule.networkError), latencyMs };
    }

    if (this.oauth && upper === 'POST' && path === TOKEN_PATH) {
      return this.finish(record, 'user', this.oauth.token(headers, body), latencyMs);
    }
    const denied = this.refuse(headers, upper, pathAndQuery, route?.op.operation ?? null);
    if (denied) return this.finish(record, route?.op.family ?? 'user', denied, latencyMs);
    if (!route) {
      const handled = {
        status: 404,
        body: this.error('E0000007', `Not found: Resource not found: ${path} (Endpoint)`),
      };
      return this.finish(record, 'user', handled, latencyMs);
    }
    const family = route.op.family;
    const rate = this.spendRate(family);
    if (!rate.allowed) {
      return this.finish(record, family, { status: 429, body: this.error('E0000047') }, latencyMs);
    }
    if (rule?.failure) {
      const f = rule.failure;
      const code = f.errorCode ?? DEFAULT_CODE_BY_STATUS[f.status] ?? 'E0000009';
      const handled: Handled = { status: f.status, body: this.error(code, f.errorSummary) };
      // An injected 429 looks like a spent budget unless the test says otherwise.
      const spent: Record<string, string> = f.status === 429 ? { 'x-rate-limit-remaining': '0' } : {};
      handled.headers = { ...spent, ...lowerKeys(f.headers ?? {}) };
      return this.finish(record, family, handled, latencyMs);
    }
    const handled = this.route(route.op, route.params, query, baseUrl, path);
    return this.finish(record, family, handled, latencyMs);
  }

  /** Null when the request's credentials may make this call: the SSWS token, or an OAuth token. */
  private refuse(
    headers: Record<string, string>,
    method: string,
    pathAndQuery: string,
    operation: string | null,
  ): OAuthAnswer | null {
    const auth = headerValue(headers, 'authorization') ?? '';
    if (auth === `SSWS ${this.apiToken}`) return null;
    if (!this.oauth || !/^(Bearer|DPoP) /.test(auth)) return { status: 401, body: this.error('E0000011') };
    return this.oauth.authorize(
      headers,
      method,
      pathAndQuery,
      operation ? (FAKE_SCOPE_BY_OPERATION[operation] ?? null) : null,
      () => this.error('E0000011'),
      () => this.error('E0000006'),
    );
  }

  // ---- Directory builders (for tests, the seed and the demo)

  /** Forgets everything, keeping only the admin who owns the API token and the Everyone group. */
  reset(): void {
    this.rng = mulberry32(this.seed);
    this.noise = mulberry32(this.seed ^ 0x5eed);
    this.users.clear();
    this.groups.clear();
    this.members.clear();
    this.apps.clear();
    this.userAssignments.clear();
    this.groupAssignments.clear();
    this.sessions.clear();
    this.grants.clear();
    this.tokens.clear();
    this.factors.clear();
    this.userRoles.clear();
    this.groupRoles.clear();
    this.failures = [];
    this.rateBudgets.clear();
    this.rateWindows.clear();
    this.pageSize = null;
    this.latencyMs = 0;
    this.log = [];
    this.modeledMs = 0;
    this.deactivationEmails = 0;
    this.concurrency = DEFAULT_CONCURRENCY_LIMIT;
    this.inFlight = 0;
    this.peak = 0;
    this.everyoneId = this.addGroup({
      name: 'Everyone',
      type: 'BUILT_IN',
      description: 'All users in your organization',
    }).id;
    this.adminId = this.addUser({
      login: ADMIN_LOGIN,
      firstName: 'Okta',
      lastName: 'Admin',
      title: 'IT Administrator',
      department: 'IT',
    }).id;
  }

  addUser(seed: UserSeed = {}): FakeUser {
    const id = seed.id ?? this.newId('00u');
    const firstName = seed.firstName ?? 'Test';
    const lastName = seed.lastName ?? `User${this.users.size + 1}`;
    const login = seed.login ?? seed.email ?? `${firstName}.${lastName}@example.com`.toLowerCase();
    if (this.findByLogin(login)) throw new Error(`login already taken: ${login}`);
    const status = seed.status ?? 'ACTIVE';
    const at = this.iso();
    const user: FakeUser = {
      id,
      status,
      created: at,
      activated: status === 'STAGED' || status === 'PROVISIONED' ? null : at,
      statusChanged: at,
      lastLogin: seed.lastLogin ?? null,
      lastUpdated: at,
      passwordChanged: status === 'STAGED' ? null : at,
      profile: {
        login,
        email: seed.email ?? login,
        firstName,
        lastName,
        displayName: seed.displayName ?? `${firstName} ${lastName}`,
        title: seed.title ?? '',
        department: seed.department ?? '',
        ...(seed.managerId !== undefined ? { managerId: seed.managerId } : {}),
        ...(seed.manager !== undefined ? { manager: seed.manager } : {}),
      },
      credentials: { provider: seed.provider ?? { type: 'OKTA', name: 'OKTA' } },
    };
    this.users.set(id, user);
    // Okta puts every person in the built-in Everyone group.
    if (this.everyoneId) this.members.get(this.everyoneId)?.add(id);
    return clone(user);
  }

  /**
   * An admin's profile edit in Okta (updateUser): the user's login (and email) change, so the old login
   * is free for another account, e.g. a rehire. Logins stay unique, as Okta keeps them.
   */
  changeLogin(userId: string, login: string): void {
    const user = this.requireUser(userId);
    const other = this.findByLogin(login);
    if (other && other.id !== userId) throw new Error(`login already taken: ${login}`);
    user.profile.login = login;
    user.profile.email = login;
    user.lastUpdated = this.iso();
  }

  addGroup(seed: { name: string; type?: GroupType; description?: string; id?: string }): FakeGroup {
    const at = this.iso();
    const group: FakeGroup = {
      id: seed.id ?? this.newId('00g'),
      type: seed.type ?? 'OKTA_GROUP',
      created: at,
      lastUpdated: at,
      profile: { name: seed.name, description: seed.description ?? '' },
    };
    this.groups.set(group.id, group);
    this.members.set(group.id, new Set());
    return clone(group);
  }

  /** Sets the profile's managerId and manager (Okta's base profile attributes), as an HR import would. */
  setManager(userId: string, manager: { managerId?: string; manager?: string }): void {
    const user = this.users.get(userId);
    if (!user) throw new Error(`no user ${userId}`);
    if (manager.managerId !== undefined) user.profile.managerId = manager.managerId;
    if (manager.manager !== undefined) user.profile.manager = manager.manager;
  }

  addToGroup(groupId: string, userId: string): void {
    this.requireUser(userId);
    const members = this.members.get(groupId);
    if (!members) throw new Error(`no such group: ${groupId}`);
    members.add(userId);
  }

  addApp(seed: { label: string; name?: string; id?: string }): FakeApp {
    const app: FakeApp = {
      id: seed.id ?? this.newId('0oa'),
      name: seed.name ?? seed.label.toLowerCase().replace(/[^a-z0-9]+/g, '_'),
      label: seed.label,
    };
    this.apps.set(app.id, app);
    this.userAssignments.set(app.id, new Set());
    this.groupAssignments.set(app.id, new Set());
    return clone(app);
  }

  /** Assigns the app to the person directly. */
  assign(appId: string, userId: string): void {
    this.requireUser(userId);
    this.requireApp(appId).add(userId);
  }

  /** Assigns the app to a group: its members get the app through the group. */
  assignGroup(appId: string, groupId: string): void {
    if (!this.groups.has(groupId)) throw new Error(`no such group: ${groupId}`);
    this.requireApp(appId);
    this.groupAssignments.get(appId)?.add(groupId);
  }

  addSession(userId: string, count = 1): void {
    this.requireUser(userId);
    this.sessions.set(userId, (this.sessions.get(userId) ?? 0) + count);
  }

  /** A consent grant for a client; by default it has issued the person a refresh token too. */
  addGrant(
    userId: string,
    seed: { clientId?: string; scopeId?: string; issueToken?: boolean } = {},
  ): FakeGrant {
    this.requireUser(userId);
    const grant: FakeGrant = {
      id: this.newId('oag'),
      userId,
      clientId: seed.clientId ?? this.newId('0oa'),
      scopeId: seed.scopeId ?? 'okta.users.read.self',
      issuer: this.orgUrl,
      status: 'ACTIVE',
      created: this.iso(),
    };
    this.listOf(this.grants, userId).push(grant);
    if (seed.issueToken !== false) {
      this.listOf(this.tokens, userId).push({
        id: this.newId('oar'),
        clientId: grant.clientId,
        grantId: grant.id,
      });
    }
    return clone(grant);
  }

  /** A refresh token not tied to a grant (a first-party app's login). */
  addToken(userId: string, clientId: string): FakeToken {
    this.requireUser(userId);
    const token: FakeToken = { id: this.newId('oar'), clientId, grantId: null };
    this.listOf(this.tokens, userId).push(token);
    return clone(token);
  }

  /** `hiddenFromList`: enrolled, but GET …/factors leaves it out (another enrollment policy's factor). */
  enrollFactor(
    userId: string,
    factorType: string,
    seed: { status?: string; provider?: string; hiddenFromList?: boolean } = {},
  ): FakeFactor {
    this.requireUser(userId);
    const provider = seed.provider ?? (factorType === 'webauthn' ? 'FIDO' : 'OKTA');
    const at = this.iso();
    const factor: FakeFactor = {
      id: this.newId(FACTOR_PREFIX[factorType] ?? 'ufs'),
      factorType,
      provider,
      vendorName: provider,
      status: seed.status ?? 'ACTIVE',
      created: at,
      lastUpdated: at,
      profile: factorType === 'sms' ? { phoneNumber: '+1-555-0100' } : {},
      hiddenFromList: seed.hiddenFromList ?? false,
    };
    this.listOf(this.factors, userId).push(factor);
    return clone(factor);
  }

  /** Assigns an admin role to the person directly (assignmentType USER). */
  assignRole(userId: string, type: AdminRoleType): FakeRoleAssignment {
    this.requireUser(userId);
    const role = this.newRole(type, 'USER', userId, 'ra1');
    this.listOf(this.userRoles, userId).push(role);
    return clone(role);
  }

  /** Assigns an admin role to a group: its members hold it (assignmentType GROUP), and it becomes an admin group. */
  assignGroupRole(groupId: string, type: AdminRoleType): FakeRoleAssignment {
    if (!this.groups.has(groupId)) throw new Error(`no such group: ${groupId}`);
    const role = this.newRole(type, 'GROUP', groupId, 'gra');
    this.listOf(this.groupRoles, groupId).push(role);
    return clone(role);
  }

  // ---- Reading the state back

  /** A person by id or login (any case); undefined when unknown. */
  user(idOrLogin: string): FakeUser | undefined {
    const u = this.users.get(idOrLogin) ?? this.findByLogin(idOrLogin);
    return u ? clone(u) : undefined;
  }

  get adminUserId(): string {
    return this.adminId;
  }

  get everyoneGroupId(): string {
    return this.everyoneId;
  }

  groupsOf(userId: string): FakeGroup[] {
    return [...this.groups.values()].filter((g) => this.members.get(g.id)?.has(userId)).map(clone);
  }

  /** Apps the person can open: direct assignments and those reaching them through a group. */
  appsOf(userId: string): FakeApp[] {
    const user = this.users.get(userId);
    // A deactivated person has no app access left, though group memberships remain.
    if (!user || user.status === 'DEPROVISIONED') return [];
    return [...this.apps.values()].filter((a) => this.appReaches(a.id, userId) !== null).map(clone);
  }

  sessionsOf(userId: string): number {
    return this.sessions.get(userId) ?? 0;
  }

  grantsOf(userId: string): FakeGrant[] {
    return (this.grants.get(userId) ?? []).map(clone);
  }

  tokensOf(userId: string): FakeToken[] {
    return (this.tokens.get(userId) ?? []).map(clone);
  }

  /** Every enrolled factor, listed or hidden. */
  factorsOf(userId: string): FakeFactor[] {
    return (this.factors.get(userId) ?? []).map(clone);
  }

  /** Every admin role the person holds: direct ones, then those of the groups they are in. */
  rolesOf(userId: string): FakeRoleAssignment[] {
    return this.rolesHeldBy(userId).map(clone);
  }

  /** How many deactivations asked Okta to email the admin about it (sendEmail=true; Okta API reference, deactivateUser). */
  get deactivationEmailsSent(): number {
    return this.deactivationEmails;
  }

  get requests(): readonly RequestRecord[] {
    return this.log;
  }

  clearRequests(): void {
    this.log = [];
  }

  /** The whole org as plain JSON, for a status panel. */
  snapshot(): FakeOktaSnapshot {
    return {
      orgUrl: this.orgUrl,
      users: [...this.users.values()].map((u) => ({
        id: u.id,
        status: u.status,
        login: u.profile.login,
        email: u.profile.email,
        displayName: u.profile.displayName,
        groups: this.groupsOf(u.id).map((g) => g.profile.name),
        apps: this.appsOf(u.id).map((a) => a.label),
        sessions: this.sessionsOf(u.id),
        grants: (this.grants.get(u.id) ?? []).length,
        tokens: (this.tokens.get(u.id) ?? []).length,
        factors: (this.factors.get(u.id) ?? []).map((f) => f.factorType),
        roles: this.rolesHeldBy(u.id).map((r) => r.type),
        provider: u.credentials.provider.type,
      })),
      groups: [...this.groups.values()].map((g) => ({
        id: g.id,
        name: g.profile.name,
        type: g.type,
        members: this.members.get(g.id)?.size ?? 0,
      })),
      apps: [...this.apps.values()].map((a) => ({ id: a.id, label: a.label })),
      requestCount: this.log.length,
      modeledMs: this.modeledMs,
      pendingFailures: this.failures.reduce((n, r) => n + r.remaining, 0),
    };
  }

  // ---- Knobs

  /** Page size for every list, overriding `limit` from the request (set small to see several pages). */
  setPageSize(size: number | null): void {
    this.pageSize = size;
  }

  /** Budget per window for one endpoint family, or all of them when `family` is omitted. */
  rateLimit(budget: { limit: number; windowSeconds: number; family?: RateFamily }): void {
    this.rateBudgets.set(budget.family ?? '*', { limit: budget.limit, windowSeconds: budget.windowSeconds });
    if (budget.family) this.rateWindows.delete(budget.family);
    else this.rateWindows.clear();
  }

  failNext(match: FailureMatch, failure: InjectedFailure): void {
    this.failures.push({
      match,
      failure,
      networkError: null,
      loseAnswer: false,
      remaining: failure.times ?? 1,
    });
  }

  /** The next matching request gets no HTTP answer at all (status 0), like a dropped connection. */
  networkFailNext(match: FailureMatch, options: { times?: number; message?: string } = {}): void {
    this.failures.push({
      match,
      failure: null,
      networkError: options.message ?? 'Timeout: connection reset by fake Okta',
      loseAnswer: false,
      remaining: options.times ?? 1,
    });
  }

  /**
   * Okta carries out the next matching request(s), but the answer never arrives: the caller sees status 0
   * with a network error, as after a timeout. A write may have happened: only a read can tell.
   */
  loseAnswerNext(match: FailureMatch, options: { times?: number } = {}): void {
    this.failures.push({
      match,
      failure: null,
      networkError: LOST_ANSWER_ERROR,
      loseAnswer: true,
      remaining: options.times ?? 1,
    });
  }

  /** Simultaneous requests allowed; more in one fetchAll (or overlapping over HTTP) answer 429. */
  concurrencyLimit(n: number): void {
    this.concurrency = n;
  }

  /** The most requests ever in flight at once (refused ones included): what the caller sent together. */
  peakInFlight(): number {
    return this.peak;
  }

  /** Whether the API token is a Super Administrator's (see FakeOktaOptions.callerSuperAdmin). */
  setCallerSuperAdmin(superAdmin: boolean): void {
    this.callerSuperAdmin = superAdmin;
  }

  /** Latency per request: really waited by the HTTP server, only added to `modeledMs` in process. */
  setLatency(ms: number): void {
    this.latencyMs = ms;
  }

  // ---- Routes

  private route(
    op: Operation,
    params: Record<string, string>,
    query: Record<string, string>,
    baseUrl: string,
    path: string,
  ): Handled {
    const userKey = params['id'] ?? params['userId'] ?? '';
    switch (op.operation) {
      case 'listUsers':
        return this.listUsers(query, baseUrl, path);
      case 'getUser': {
        const user = userKey === 'me' ? this.users.get(this.adminId) : this.lookupUser(userKey);
        return user ? { status: 200, body: this.userBody(user, baseUrl) } : this.userNotFound(userKey);
      }
      case 'suspendUser':
        return this.withUser(userKey, (u) => {
          if (u.status !== 'ACTIVE')
            return this.invalid('suspend', 'Cannot suspend a user that is not active');
          this.setStatus(u, 'SUSPENDED');
          return { status: 200, body: {} };
        });
      case 'unsuspendUser':
        return this.withUser(userKey, (u) => {
          if (u.status !== 'SUSPENDED')
            return this.invalid('unsuspend', 'Cannot unsuspend a user that is not suspended');
          this.setStatus(u, 'ACTIVE');
          return { status: 200, body: {} };
        });
      case 'activateUser':
        // "Perform this operation only on users with a STAGED or DEPROVISIONED status" (Okta API
        // reference, activateUser): how a rehire's old account comes back. The fake's people have a
        // password, so activation completes at once (ACTIVE); sendEmail=false answers with the link.
        return this.withUser(userKey, (u) => {
          if (u.status !== 'STAGED' && u.status !== 'DEPROVISIONED')
            return {
              status: 403,
              body: this.error('E0000016', 'Activation failed because the user is already active'),
            };
          this.setStatus(u, 'ACTIVE');
          if (query['sendEmail'] !== 'false') return { status: 200, body: {} };
          const activationToken = this.noiseId('act', 20);
          return {
            status: 200,
            body: { activationUrl: `${baseUrl}/welcome/${activationToken}`, activationToken },
          };
        });
      case 'deactivateUser':
        return this.withUser(userKey, (u) => this.deactivate(u, query['sendEmail'] === 'true'));
      case 'resetFactors':
        return this.withUser(userKey, (u) => {
          this.factors.set(u.id, []);
          return { status: 200, body: {} };
        });
      case 'expirePassword':
        return this.withUser(userKey, (u) => {
          if (!['ACTIVE', 'RECOVERY', 'LOCKED_OUT', 'PASSWORD_EXPIRED'].includes(u.status)) {
            return { status: 403, body: this.error('E0000006') };
          }
          this.setStatus(u, 'PASSWORD_EXPIRED');
          return { status: 200, body: this.userBody(u, baseUrl) };
        });
      case 'revokeUserSessions':
        return this.withUser(userKey, (u) => {
          this.sessions.set(u.id, 0);
          if (query['oauthTokens'] === 'true') this.tokens.set(u.id, []);
          return { status: 204 };
        });
      case 'listUserGrants':
        return this.withUser(userKey, (u) =>
          this.page(
            this.grants.get(u.id) ?? [],
            (g) => g.id,
            query,
            baseUrl,
            path,
            (g) => this.grantBody(g, baseUrl),
          ),
        );
      case 'revokeUserGrants':
        return this.withUser(userKey, (u) => {
          const revoked = new Set((this.grants.get(u.id) ?? []).map((g) => g.id));
          this.grants.set(u.id, []);
          // Revoking a grant also revokes the tokens it issued.
          this.tokens.set(
            u.id,
            (this.tokens.get(u.id) ?? []).filter((t) => t.grantId === null || !revoked.has(t.grantId)),
          );
          return { status: 204 };
        });
      case 'listUserGroups':
        return this.withUser(userKey, (u) => {
          const groups = [...this.groups.values()].filter((g) => this.members.get(g.id)?.has(u.id));
          return this.page(
            groups,
            (g) => g.id,
            query,
            baseUrl,
            path,
            (g) => this.groupBody(g, baseUrl),
          );
        });
      case 'listGroupUsers': {
        const groupId = params['groupId'] ?? '';
        const members = this.members.get(groupId);
        if (!members) return this.notFound(groupId, 'UserGroup');
        const users = [...members]
          .map((id) => this.users.get(id))
          .filter((u): u is FakeUser => u !== undefined);
        return this.page(
          users,
          (u) => u.id,
          query,
          baseUrl,
          path,
          (u) => this.userBody(u, baseUrl),
        );
      }
      case 'assignUserToGroup':
      case 'unassignUserFromGroup':
        return this.changeMembership(op.operation === 'assignUserToGroup', params['groupId'] ?? '', userKey);
      case 'listAppLinks':
        return this.withUser(userKey, (u) => ({ status: 200, body: this.appLinks(u, baseUrl) }));
      case 'unassignUserFromApplication':
        return this.unassignApp(params['appId'] ?? '', userKey);
      case 'listFactors':
        return this.withUser(userKey, (u) => ({
          status: 200,
          body: (this.factors.get(u.id) ?? [])
            .filter((f) => !f.hiddenFromList)
            .map((f) => this.factorBody(u.id, f, baseUrl)),
        }));
      case 'getFactor':
      case 'unenrollFactor':
        return this.withUser(userKey, (u) => {
          const list = this.factors.get(u.id) ?? [];
          const factor = list.find((f) => f.id === params['factorId']);
          if (!factor) return this.notFound(params['factorId'] ?? '', 'UserFactor');
          if (op.operation === 'getFactor')
            return { status: 200, body: this.factorBody(u.id, factor, baseUrl) };
          this.factors.set(
            u.id,
            list.filter((f) => f !== factor),
          );
          return { status: 204 };
        });
      case 'listAssignedRolesForUser':
        return this.withUser(userKey, (u) => ({
          status: 200,
          body: this.rolesHeldBy(u.id).map((r) => this.roleBody(r, baseUrl)),
        }));
      case 'getUserAssignedRole':
        return this.withUser(userKey, (u) => {
          const role = this.rolesHeldBy(u.id).find((r) => r.id === params['roleAssignmentId']);
          return role
            ? { status: 200, body: this.roleBody(role, baseUrl) }
            : this.notFound(params['roleAssignmentId'] ?? '', 'Role');
        });
      case 'unassignRoleFromUser':
        return this.withUser(userKey, (u) => this.unassignRole(u, params['roleAssignmentId'] ?? ''));
      case 'listGroupAssignedRoles': {
        const groupId = params['groupId'] ?? '';
        if (!this.groups.has(groupId)) return this.notFound(groupId, 'UserGroup');
        return {
          status: 200,
          body: (this.groupRoles.get(groupId) ?? []).map((r) => this.roleBody(r, baseUrl)),
        };
      }
      default:
        return this.notFound(path, 'Endpoint');
    }
  }

  /**
   * Only the person's own (USER) assignments can be removed here. A role held through a group is the group's
   * assignment: Okta's user endpoint does not own it, so it answers 404 (our choice; see README) and the role
   * stays until the person leaves the group or the group loses the role.
   */
  private unassignRole(user: FakeUser, roleId: string): Handled {
    const own = this.userRoles.get(user.id) ?? [];
    const role = own.find((r) => r.id === roleId);
    if (!role) return this.notFound(roleId, 'Role');
    if (role.type === 'SUPER_ADMIN' && !this.callerSuperAdmin)
      return { status: 403, body: this.error('E0000006') };
    this.userRoles.set(
      user.id,
      own.filter((r) => r !== role),
    );
    return { status: 204 };
  }

  private listUsers(query: Record<string, string>, baseUrl: string, path: string): Handled {
    let predicate: Predicate;
    const expression = query['search'] ?? query['filter'];
    try {
      if (query['search'] !== undefined) {
        predicate = parseFilter(query['search'], { caseInsensitive: true });
      } else if (query['filter'] !== undefined) {
        predicate = parseFilter(query['filter']);
      } else if (query['q'] !== undefined) {
        // Okta's q is a prefix match over first name, last name and email: "jane" also finds "janet".
        const q = query['q'].toLowerCase();
        predicate = (read) =>
          ['profile.firstName', 'profile.lastName', 'profile.email'].some((a) =>
            String(read(a) ?? '')
              .toLowerCase()
              .startsWith(q),
          );
      } else {
        predicate = () => true;
      }
    } catch (e) {
      if (e instanceof FilterSyntaxError) {
        return { status: 400, body: this.error('E0000031', undefined, [`Invalid filter: ${e.message}`]) };
      }
      throw e;
    }
    const users = [...this.users.values()].filter((u) => {
      // Without filter or search, Okta leaves deactivated people out ("List all users: returns all users that
      // don't have a DEPROVISIONED status", developer.okta.com user-query); filter and search return them.
      if (expression === undefined && u.status === 'DEPROVISIONED') return false;
      return predicate((attribute) => readAttribute(u, attribute));
    });
    return this.page(
      users,
      (u) => u.id,
      query,
      baseUrl,
      path,
      (u) => this.userBody(u, baseUrl),
    );
  }

  private deactivate(user: FakeUser, sendEmail: boolean): Handled {
    // Okta answers 404 for a person already deactivated (okta-sdk-java issue #721).
    if (user.status === 'DEPROVISIONED') return this.userNotFound(user.id);
    this.setStatus(user, 'DEPROVISIONED');
    // Deactivation deprovisions app assignments and ends sessions; group memberships stay (Okta help:
    // "deactivated users aren't removed from any groups").
    for (const assigned of this.userAssignments.values()) assigned.delete(user.id);
    this.sessions.set(user.id, 0);
    if (sendEmail) this.deactivationEmails++;
    return { status: 200, body: {} };
  }

  private changeMembership(add: boolean, groupId: string, userKey: string): Handled {
    const group = this.groups.get(groupId);
    if (!group) return this.notFound(groupId, 'UserGroup');
    const user = this.users.get(userKey);
    if (!user) return this.userNotFound(userKey);
    // Everyone (BUILT_IN) and imported APP_GROUP memberships cannot be changed in Okta.
    if (group.type !== 'OKTA_GROUP') return { status: 403, body: this.error('E0000006') };
    // "Only super admins can manage groups with administrative roles" (help.okta.com, administrators-group-admin).
    if (!this.callerSuperAdmin && (this.groupRoles.get(groupId) ?? []).length > 0) {
      return { status: 403, body: this.error('E0000006') };
    }
    const members = this.members.get(groupId) as Set<string>;
    if (add) members.add(user.id);
    else members.delete(user.id);
    return { status: 204 };
  }

  private unassignApp(appId: string, userKey: string): Handled {
    const assigned = this.userAssignments.get(appId);
    if (!assigned) return this.notFound(appId, 'AppInstance');
    const user = this.users.get(userKey);
    if (!user) return this.userNotFound(userKey);
    if (assigned.has(user.id)) {
      assigned.delete(user.id);
      return { status: 204 };
    }
    // An assignment that comes from a group can only be removed by leaving the group.
    if (this.appReaches(appId, user.id) === 'group') return { status: 403, body: this.error('E0000006') };
    return this.notFound(user.id, 'AppUser');
  }

  // ---- Pagination, rate limits, failures

  private page<T>(
    items: T[],
    idOf: (item: T) => string,
    query: Record<string, string>,
    baseUrl: string,
    path: string,
    render: (item: T) => unknown,
  ): Handled {
    const requested = Number(query['limit']);
    const limit =
      this.pageSize ?? (Number.isInteger(requested) && requested > 0 ? requested : DEFAULT_PAGE_SIZE);
    const after = query['after'];
    let start = 0;
    if (after !== undefined) {
      const index = items.findIndex((item) => idOf(item) === after);
      start = index >= 0 ? index + 1 : items.length;
    }
    const slice = items.slice(start, start + limit);
    const link = (params: Record<string, string>): string => {
      const u = new URL(path, baseUrl.endsWith('/') ? baseUrl : `${baseUrl}/`);
      for (const [k, v] of Object.entries(params)) u.searchParams.set(k, v);
      return u.toString();
    };
    const self = link(query);
    const links = [`<${self}>; rel="self"`];
    const last = slice[slice.length - 1];
    if (start + limit < items.length && last !== undefined) {
      links.push(`<${link({ ...query, after: idOf(last), limit: String(limit) })}>; rel="next"`);
    }
    return { status: 200, body: slice.map(render), headers: { link: links.join(', ') } };
  }

  private spendRate(family: RateFamily): { allowed: boolean } {
    const budget = this.budgetFor(family);
    const window = this.windowFor(family, budget.windowSeconds);
    if (window.used >= budget.limit) return { allowed: false };
    window.used++;
    return { allowed: true };
  }

  private budgetFor(family: RateFamily): { limit: number; windowSeconds: number } {
    return this.rateBudgets.get(family) ?? this.rateBudgets.get('*') ?? { limit: 600, windowSeconds: 60 };
  }

  private windowFor(family: RateFamily, windowSeconds: number): RateWindow {
    const now = this.now();
    let window = this.rateWindows.get(family);
    if (!window || now >= window.start + windowSeconds * 1000) {
      window = { start: now, used: 0 };
      this.rateWindows.set(family, window);
    }
    return window;
  }

  private rateHeaders(family: RateFamily): Record<string, string> {
    const budget = this.budgetFor(family);
    const window = this.windowFor(family, budget.windowSeconds);
    return {
      'x-rate-limit-limit': String(budget.limit),
      'x-rate-limit-remaining': String(Math.max(0, budget.limit - window.used)),
      'x-rate-limit-reset': String(Math.ceil((window.start + budget.windowSeconds * 1000) / 1000)),
    };
  }

  private takeFailure(method: string, path: string, operation: string | null): FailureRule | null {
    const rule = this.failures.find(
      (r) =>
        r.remaining > 0 &&
        (r.match.operation === undefined || r.match.operation === operation) &&
        (r.match.method === undefined || r.match.method.toUpperCase() === method) &&
        (r.match.path === undefined || r.match.path.test(path)),
    );
    if (!rule) return null;
    rule.remaining--;
    if (rule.remaining === 0) this.failures = this.failures.filter((r) => r !== rule);
    return rule;
  }

  // Every answer carries the rate-limit headers, even one refused before reaching an endpoint.
  private finish(record: RequestRecord, family: RateFamily, handled: Handled, latencyMs: number): FakeAnswer {
    record.status = handled.status;
    const headers: Record<string, string> = {
      ...this.rateHeaders(family),
      'x-okta-request-id': this.noiseId('', 20),
      ...(handled.headers ?? {}),
    };
    let body = '';
    if (handled.body !== undefined && handled.status !== 204) {
      headers['content-type'] = 'application/json';
      body = JSON.stringify(handled.body);
    }
    if (record.answerLost) return { response: networkFailure(LOST_ANSWER_ERROR), latencyMs };
    return { response: { status: handled.status, headers, body }, latencyMs };
  }

  // ---- Bodies and errors

  private error(code: string, summary?: string, causes: string[] = []): OktaErrorBody {
    return {
      errorCode: code,
      errorSummary: summary ?? ERROR_SUMMARIES[code] ?? 'Error',
      errorLink: code,
      errorId: this.noiseId('oae', 22),
      errorCauses: causes.map((errorSummary) => ({ errorSummary })),
    };
  }

  private invalid(action: string, cause: string): Handled {
    return { status: 400, body: this.error('E0000001', `Api validation failed: ${action}`, [cause]) };
  }

  private notFound(id: string, kind: string): Handled {
    return { status: 404, body: this.error('E0000007', `Not found: Resource not found: ${id} (${kind})`) };
  }

  private userNotFound(id: string): Handled {
    return this.notFound(id, 'User');
  }

  private withUser(key: string, then: (user: FakeUser) => Handled): Handled {
    const user = this.lookupUser(key);
    return user ? then(user) : this.userNotFound(key);
  }

  private userBody(u: FakeUser, baseUrl: string): unknown {
    return {
      ...clone(u),
      type: { id: 'oty00000000000000000' },
      _links: { self: { href: `${baseUrl}/api/v1/users/${u.id}` } },
    };
  }

  private groupBody(g: FakeGroup, baseUrl: string): unknown {
    return {
      id: g.id,
      created: g.created,
      lastUpdated: g.lastUpdated,
      lastMembershipUpdated: g.lastUpdated,
      objectClass: ['okta:user_group'],
      type: g.type,
      profile: clone(g.profile),
      _links: { self: { href: `${baseUrl}/api/v1/groups/${g.id}` } },
    };
  }

  private grantBody(g: FakeGrant, baseUrl: string): unknown {
    return {
      id: g.id,
      status: g.status,
      created: g.created,
      lastUpdated: g.created,
      issuer: g.issuer,
      clientId: g.clientId,
      userId: g.userId,
      scopeId: g.scopeId,
      source: 'END_USER',
      _links: { self: { href: `${baseUrl}/api/v1/users/${g.userId}/grants/${g.id}` } },
    };
  }

  private factorBody(userId: string, f: FakeFactor, baseUrl: string): unknown {
    const { hiddenFromList: _hidden, ...visible } = clone(f);
    return { ...visible, _links: { self: { href: `${baseUrl}/api/v1/users/${userId}/factors/${f.id}` } } };
  }

  private roleBody(r: FakeRoleAssignment, baseUrl: string): unknown {
    const { assigneeId, ...role } = clone(r);
    const collection = r.assignmentType === 'USER' ? 'users' : 'groups';
    return { ...role, _links: { assignee: { href: `${baseUrl}/api/v1/${collection}/${assigneeId}` } } };
  }

  private appLinks(u: FakeUser, baseUrl: string): unknown[] {
    return this.appsOf(u.id).map((a, i) => ({
      id: u.id,
      label: a.label,
      linkUrl: `${baseUrl}/home/${a.name}/${a.id}/1`,
      logoUrl: `${baseUrl}/img/logos/${a.name}.png`,
      appName: a.name,
      appInstanceId: a.id,
      appAssignmentId: `0ua${a.id.slice(3)}`,
      credentialsSetup: false,
      hidden: false,
      sortOrder: i,
    }));
  }

  // ---- Helpers

  private appReaches(appId: string, userId: string): 'user' | 'group' | null {
    if (this.userAssignments.get(appId)?.has(userId)) return 'user';
    for (const groupId of this.groupAssignments.get(appId) ?? []) {
      if (this.members.get(groupId)?.has(userId)) return 'group';
    }
    return null;
  }

  private rolesHeldBy(userId: string): FakeRoleAssignment[] {
    const viaGroups = [...this.groupRoles.entries()]
      .filter(([groupId]) => this.members.get(groupId)?.has(userId))
      .flatMap(([, roles]) => roles);
    return [...(this.userRoles.get(userId) ?? []), ...viaGroups];
  }

  private newRole(
    type: AdminRoleType,
    assignmentType: 'USER' | 'GROUP',
    assigneeId: string,
    prefix: string,
  ): FakeRoleAssignment {
    const at = this.iso();
    return {
      id: this.newId(prefix),
      type,
      label: ROLE_LABELS[type],
      status: 'ACTIVE',
      created: at,
      lastUpdated: at,
      assignmentType,
      assigneeId,
    };
  }

  private lookupUser(key: string): FakeUser | undefined {
    return this.users.get(key) ?? this.findByLogin(key);
  }

  private findByLogin(login: string): FakeUser | undefined {
    const wanted = login.toLowerCase();
    return [...this.users.values()].find((u) => u.profile.login.toLowerCase() === wanted);
  }

  private requireUser(userId: string): FakeUser {
    const user = this.users.get(userId);
    if (!user) throw new Error(`no such user: ${userId}`);
    return user;
  }

  private requireApp(appId: string): Set<string> {
    const assigned = this.userAssignments.get(appId);
    if (!assigned) throw new Error(`no such app: ${appId}`);
    return assigned;
  }

  private setStatus(u: FakeUser, status: UserStatus): void {
    u.status = status;
    u.statusChanged = this.iso();
    u.lastUpdated = u.statusChanged;
  }

  private listOf<T>(map: Map<string, T[]>, key: string): T[] {
    let list = map.get(key);
    if (!list) {
      list = [];
      map.set(key, list);
    }
    return list;
  }

  private iso(): string {
    return new Date(this.now()).toISOString();
  }

  private newId(prefix: string, length = 17): string {
    return randomId(this.rng, prefix, length);
  }

  private noiseId(prefix: string, length: number): string {
    return randomId(this.noise, prefix, length);
  }
}

export interface OktaErrorBody {
  errorCode: string;
  errorSummary: string;
  errorLink: string;
  errorId: string;
  errorCauses: { errorSummary: string }[];
}

export interface FakeOktaSnapshot {
  orgUrl: string;
  users: {
    id: string;
    status: UserStatus;
    login: string;
    email: string;
    displayName: string;
    groups: string[];
    apps: string[];
    sessions: number;
    grants: number;
    tokens: number;
    factors: string[];
    roles: AdminRoleType[];
    provider: ProviderType;
  }[];
  groups: { id: string; name: string; type: GroupType; members: number }[];
  apps: { id: string; label: string }[];
  requestCount: number;
  modeledMs: number;
  pendingFailures: number;
}

const FACTOR_PREFIX: Record<string, string> = {
  sms: 'sms',
  push: 'opf',
  call: 'clf',
  email: 'emf',
  webauthn: 'fwf',
  'token:software:totp': 'ost',
};

function readAttribute(u: FakeUser, attribute: string): string | undefined {
  if (attribute.startsWith('profile.')) {
    const value = (u.profile as unknown as Record<string, string>)[attribute.slice('profile.'.length)];
    return value === '' ? undefined : value;
  }
  const value = (u as unknown as Record<string, unknown>)[attribute];
  return typeof value === 'string' ? value : undefined;
}

function networkFailure(message: string): HttpResponse {
  return { status: 0, headers: {}, body: '', networkError: message };
}

function headerValue(headers: Record<string, string>, name: string): string | undefined {
  const key = Object.keys(headers).find((k) => k.toLowerCase() === name);
  return key === undefined ? undefined : headers[key];
}

function lowerKeys(headers: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(headers)) out[k.toLowerCase()] = v;
  return out;
}

function clone<T>(value: T): T {
  return JSON.parse(JSON.stringify(value)) as T;
}

function randomId(rng: () => number, prefix: string, length: number): string {
  let s = prefix;
  for (let i = 0; i < length; i++) s += BASE62[Math.floor(rng() * BASE62.length)];
  return s;
}

/** A small seeded PRNG, so ids look random but every run makes the same ones. */
function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Every operation name the fake routes, for tests that target failures by name. */
export const OPERATION_NAMES: readonly string[] = OPERATIONS.map((o) => o.operation);
