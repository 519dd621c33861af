// Scopes: the client's and the fake's operation → scope tables agree with Okta's spec, and a 403's
// WWW-Authenticate hint is read the way Okta writes it.

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { OPERATIONS } from '../../fakes/okta';
import { FAKE_SCOPE_BY_OPERATION } from '../../fakes/okta/scopes';
import { insufficientScope, SCOPE_BY_OPERATION, scopesFor, TASK_SCOPES } from '../../src/okta/scopes';
import { TASKS } from '../../src/tasks/catalog';

const spec = JSON.parse(
  readFileSync(join(__dirname, '..', 'fixtures', 'okta-management-deprovisioning.json'), 'utf8'),
) as {
  paths: Record<string, Record<string, { operationId?: string; security?: Record<string, string[]>[] }>>;
};

const SPEC_SCOPE: Record<string, string> = {};
for (const item of Object.values(spec.paths)) {
  for (const op of Object.values(item)) {
    const oauth = op.security?.find((s) => s['oauth2'])?.['oauth2'];
    if (op.operationId && oauth?.[0]) SPEC_SCOPE[op.operationId] = oauth[0];
  }
}

describe('scope tables', () => {
  it.each(Object.entries(SCOPE_BY_OPERATION))(
    "the client's %s needs the spec's scope",
    (operation, scope) => {
      expect(SPEC_SCOPE[operation]).toBe(scope);
    },
  );

  it.each(OPERATIONS.map((o) => o.operation))("the fake's route %s needs the spec's scope", (operation) => {
    expect(FAKE_SCOPE_BY_OPERATION[operation]).toBe(SPEC_SCOPE[operation]);
  });

  it.each(TASKS.map((t) => t.id))('task %s has a row in the scope table', (id) => {
    expect(TASK_SCOPES[id]).toBeDefined();
  });
});

describe('scopesFor', () => {
  it('asks for users.read plus the enabled tasks’ scopes, each once, sorted', () => {
    expect(scopesFor(['suspend', 'remove_groups'])).toEqual([
      'okta.groups.manage',
      'okta.users.manage',
      'okta.users.read',
    ]);
  });

  it('leaves out okta.groups.manage when Remove Groups is disabled', () => {
    expect(scopesFor(['suspend', 'deactivate'])).toEqual(['okta.users.manage', 'okta.users.read']);
  });
});

describe('insufficientScope', () => {
  it('reads the scope from the header Okta sends (support.okta.com example)', () => {
    const header =
      'Bearer authorization_uri="http://subdomain.okta.com/oauth2/v1/authorize", realm="http://subdomain.okta.com", scope="okta.logs.read", error="insufficient_scope", error_description="The access token provided does not contain the required scopes.", resource="/api/v1/logs"';
    expect(insufficientScope(header)).toBe('okta.logs.read');
  });

  it('is null for any other error', () => {
    expect(insufficientScope('Bearer realm="x", error="invalid_token"')).toBeNull();
  });
});
