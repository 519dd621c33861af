// Contract: every request the Okta client can build, and every route of the fake Okta, agrees with Okta's
// OpenAPI spec (test/fixtures/okta-management-deprovisioning.json) on method, path, parameters and statuses.

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { oktaCalls, type OktaCall } from '../../src/okta/requests';
import {
  DEFAULT_API_TOKEN,
  FakeOkta,
  OPERATIONS,
  seedDemoDirectory,
  type DemoDirectory,
} from '../../fakes/okta';
import { parseFilter } from '../../fakes/okta/filter';

interface SpecParameter {
  name: string;
  in: 'query' | 'path' | 'header';
  required?: boolean;
  schema?: { type?: string };
}

interface SpecOperation {
  method: string;
  pathTemplate: string;
  operationId: string;
  parameters: SpecParameter[];
  hasBody: boolean;
  bodyRequired: boolean;
  statuses: number[];
}

type Raw = Record<string, unknown>;

const spec = JSON.parse(
  readFileSync(join(__dirname, '..', 'fixtures', 'okta-management-deprovisioning.json'), 'utf8'),
) as { paths: Record<string, Raw>; components: { parameters: Record<string, SpecParameter> } };

function resolve(p: Raw): SpecParameter {
  const ref = p['$ref'];
  if (typeof ref !== 'string') return p as unknown as SpecParameter;
  const name = ref.split('/').pop() ?? '';
  const found = spec.components.parameters[name];
  if (!found) throw new Error(`unresolved parameter ${ref}`);
  return found;
}

const SPEC_OPERATIONS: SpecOperation[] = Object.entries(spec.paths).flatMap(([pathTemplate, item]) => {
  const shared = ((item['parameters'] ?? []) as Raw[]).map(resolve);
  return Object.entries(item)
    .filter(([method]) => method !== 'parameters')
    .map(([method, raw]) => {
      const op = raw as Raw;
      const body = op['requestBody'] as Raw | undefined;
      return {
        method: method.toUpperCase(),
        pathTemplate,
        operationId: String(op['operationId']),
        parameters: [...shared, ...((op['parameters'] ?? []) as Raw[]).map(resolve)],
        hasBody: body !== undefined,
        bodyRequired: body?.['required'] === true,
        statuses: Object.keys(op['responses'] as Raw).map(Number),
      };
    });
});

function specOperation(operationId: string): SpecOperation {
  const op = SPEC_OPERATIONS.find((o) => o.operationId === operationId);
  if (!op) throw new Error(`${operationId} is not an operation in Okta's spec`);
  return op;
}

/** Path parameters by name when `path` fits `template`, else null. */
function matchTemplate(template: string, path: string): Record<string, string> | null {
  const names: string[] = [];
  const source = template.replace(/\{(\w+)\}/g, (_m, name: string) => {
    names.push(name);
    return '([^/]+)';
  });
  const m = new RegExp(`^${source}$`).exec(path);
  if (!m) return null;
  return Object.fromEntries(names.map((n, i) => [n, decodeURIComponent(m[i + 1] ?? '')]));
}

const successStatus = (op: SpecOperation): number =>
  Math.min(...op.statuses.filter((s) => s >= 200 && s < 300));

const BUILDERS = Object.entries(oktaCalls) as [string, (...ids: string[]) => OktaCall][];
const placeholders = (n: number): string[] => Array.from({ length: n }, (_, i) => `00xPlaceholder${i + 1}`);

describe('every request the client can build', () => {
  it('covers at least the deprovisioning operations', () => {
    const operations = new Set(BUILDERS.map(([, build]) => build(...placeholders(build.length)).operation));
    for (const needed of [
      'getUser',
      'listUsers',
      'suspendUser',
      'deactivateUser',
      'revokeUserSessions',
      'unassignUserFromGroup',
    ]) {
      expect(operations).toContain(needed);
    }
  });

  describe.each(BUILDERS)('%s', (_name, build) => {
    const call = build(...placeholders(build.length));
    const op = specOperation(call.operation);

    it('uses the method and path template of its operation in the spec', () => {
      expect(call.method).toBe(op.method);
      expect(matchTemplate(op.pathTemplate, call.path)).not.toBeNull();
    });

    it('keeps an id with / or @ inside one path segment', () => {
      const awkward = build(...Array.from({ length: build.length }, () => 'a/b@c d'));
      expect(matchTemplate(op.pathTemplate, awkward.path)).not.toBeNull();
    });

    it('sends only query parameters the spec names, with booleans as true/false', () => {
      const query = op.parameters.filter((p) => p.in === 'query');
      for (const [key, value] of Object.entries(call.query ?? {})) {
        const param = query.find((p) => p.name === key);
        expect(param).toBeDefined();
        if (param?.schema?.type === 'boolean') expect(['true', 'false']).toContain(value);
        if (param?.schema?.type === 'integer') expect(value).toMatch(/^\d+$/);
      }
    });

    it('sends every required query parameter', () => {
      const required = op.parameters
        .filter((p) => p.in === 'query' && p.required === true)
        .map((p) => p.name);
      expect(Object.keys(call.query ?? {})).toEqual(expect.arrayContaining(required));
    });

    it('sends a body only when the operation takes one', () => {
      if (!op.hasBody) expect(call.body).toBeUndefined();
      if (op.bodyRequired) expect(call.body).toBeDefined();
    });

    it('writes filter and search values Okta can parse', () => {
      for (const key of ['filter', 'search'] as const) {
        const expression = call.query?.[key];
        if (expression !== undefined) expect(() => parseFilter(expression)).not.toThrow();
      }
    });
  });
});

describe('every route of the fake Okta', () => {
  it.each(OPERATIONS.map((o) => [o.operation, o] as const))(
    '%s is the spec operation of that name',
    (_name, route) => {
      const op = specOperation(route.operation);
      expect([route.method, route.pathTemplate]).toEqual([op.method, op.pathTemplate]);
    },
  );

  it.each(OPERATIONS.map((o) => [o.operation, o] as const))(
    '%s succeeds with the status the spec gives',
    (_n, route) => {
      expect(route.successStatus).toBe(successStatus(specOperation(route.operation)));
    },
  );
});

describe('the fake answers each client request as the spec says', () => {
  let okta: FakeOkta;
  let demo: DemoDirectory;

  beforeEach(() => {
    okta = new FakeOkta();
    demo = seedDemoDirectory(okta);
  });

  /** Rebuilds a call with real ids: path arguments by their spec name, any other argument is an email. */
  function realCall(build: (...ids: string[]) => OktaCall, target: string): OktaCall {
    const probe = build(...placeholders(build.length));
    const params = matchTemplate(specOperation(probe.operation).pathTemplate, probe.path) ?? {};
    const byName: Record<string, string> = {
      id: target,
      userId: target,
      groupId: demo.groups.vpn.id,
      factorId: okta.factorsOf(target)[0]?.id ?? '',
      appId: demo.apps.slack.id,
      roleAssignmentId: okta.rolesOf(target).find((r) => r.assignmentType === 'USER')?.id ?? '',
    };
    const args = placeholders(build.length).map((placeholder) => {
      const name = Object.keys(params).find((k) => params[k] === placeholder);
      return name ? (byName[name] ?? placeholder) : (okta.user(target)?.profile.email ?? '');
    });
    return build(...args);
  }

  function send(call: OktaCall): number {
    const qs = new URLSearchParams(call.query ?? {}).toString();
    return okta.fetch({
      url: `${okta.orgUrl}${call.path}${qs ? `?${qs}` : ''}`,
      method: call.method.toLowerCase() as 'get' | 'post' | 'delete',
      headers: { Authorization: `SSWS ${DEFAULT_API_TOKEN}` },
      ...(call.body !== undefined
        ? { payload: JSON.stringify(call.body), contentType: 'application/json' }
        : {}),
    }).status;
  }

  it.each(BUILDERS)('%s gets the success status on a person it applies to', (_name, build) => {
    const operation = build(...placeholders(build.length)).operation;
    // Only a suspended person can be unsuspended; everyone else starts from Jane (ACTIVE, in VPN).
    const target = operation === 'unsuspendUser' ? demo.people.ahmed.id : demo.people.jane.id;
    expect(send(realCall(build, target))).toBe(successStatus(specOperation(operation)));
  });

  it.each(BUILDERS)('%s gets a status the spec lists when the person is unknown', (_name, build) => {
    const call = build(...placeholders(build.length));
    const status = send(call);
    // listUsers with an unknown email is simply an empty 200; the rest answer 404.
    expect(specOperation(call.operation).statuses).toContain(status);
  });

  it('answers the spec-listed 403 for a BUILT_IN group and 429 when rate limited', () => {
    const remove = okta.fetch({
      url: `${okta.orgUrl}/api/v1/groups/${demo.groups.everyone.id}/users/${demo.people.jane.id}`,
      method: 'delete',
      headers: { Authorization: `SSWS ${DEFAULT_API_TOKEN}` },
    });
    expect(remove.status).toBe(403);
    expect(specOperation('unassignUserFromGroup').statuses).toContain(403);
    okta.rateLimit({ limit: 0, windowSeconds: 60 });
    const limited = okta.fetch({
      url: `${okta.orgUrl}/api/v1/users/me`,
      headers: { Authorization: `SSWS ${DEFAULT_API_TOKEN}` },
    });
    expect(limited.status).toBe(429);
    expect(specOperation('getUser').statuses).toContain(429);
  });
});

describe('the fake’s refusals are answers the spec lists', () => {
  const auth = { Authorization: `SSWS ${DEFAULT_API_TOKEN}` };

  it('unassignRoleFromUser: 204 for a direct role, 404 for a group-held one, 403 for SUPER_ADMIN without rights', () => {
    const okta = new FakeOkta({ callerSuperAdmin: false });
    const { people } = seedDemoDirectory(okta);
    const del = (userId: string, roleId: string): number =>
      okta.fetch({
        url: `${okta.orgUrl}/api/v1/users/${userId}/roles/${roleId}`,
        method: 'delete',
        headers: auth,
      }).status;
    const [direct, viaGroup] = okta.rolesOf(people.jane.id);
    const superAdmin = okta.rolesOf(people.sam.id).find((r) => r.type === 'SUPER_ADMIN');
    const statuses = [
      del(people.jane.id, direct?.id ?? ''),
      del(people.jane.id, viaGroup?.id ?? ''),
      del(people.sam.id, superAdmin?.id ?? ''),
    ];
    expect(statuses).toEqual([204, 404, 403]);
    for (const s of statuses) expect(specOperation('unassignRoleFromUser').statuses).toContain(s);
  });

  it('unassignUserFromGroup: 403 for a group with an admin role without Super Administrator rights', () => {
    const okta = new FakeOkta({ callerSuperAdmin: false });
    const { people, groups } = seedDemoDirectory(okta);
    const status = okta.fetch({
      url: `${okta.orgUrl}/api/v1/groups/${groups.helpDeskAdmins.id}/users/${people.jane.id}`,
      method: 'delete',
      headers: auth,
    }).status;
    expect(status).toBe(403);
    expect(specOperation('unassignUserFromGroup').statuses).toContain(status);
  });

  it('every operation the fake routes lists 429, the answer to the concurrency limit', () => {
    for (const route of OPERATIONS) expect(specOperation(route.operation).statuses).toContain(429);
  });
});
