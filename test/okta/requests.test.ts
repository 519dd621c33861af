// The request builders: exact operations, paths and queries Okta documents.

import { exampleCalls, filterValue, oktaCalls } from '../../src/okta/requests';

describe('oktaCalls', () => {
  it('finds by login or email with one exact search (case-insensitive values), never q= or filter=', () => {
    const call = oktaCalls.findUsersByLoginOrEmail('Jane.Roe@Corp.com');
    expect(call).toMatchObject({ operation: 'listUsers', method: 'GET', path: '/api/v1/users', paged: true });
    expect(call.query).toEqual({
      search: 'profile.login eq "Jane.Roe@Corp.com" or profile.email eq "Jane.Roe@Corp.com"',
    });
  });

  it('finds a login typed without @ by login alone', () => {
    expect(oktaCalls.findUsersByLogin('jroe').query).toEqual({ search: 'profile.login eq "jroe"' });
  });

  it('escapes quotes and backslashes in a filter value', () => {
    expect(filterValue('a"b\\c')).toBe('"a\\"b\\\\c"');
  });

  it('keeps an address with a quote inside its search string', () => {
    expect(oktaCalls.findUsersByLoginOrEmail('x" or status eq "ACTIVE').query!['search']).toBe(
      'profile.login eq "x\\" or status eq \\"ACTIVE" or profile.email eq "x\\" or status eq \\"ACTIVE"',
    );
  });

  it('encodes every path segment', () => {
    expect(oktaCalls.getUser('jane/../admin@corp.com').path).toBe(
      '/api/v1/users/jane%2F..%2Fadmin%40corp.com',
    );
    expect(oktaCalls.removeFromGroup('g/1', 'u?1').path).toBe('/api/v1/groups/g%2F1/users/u%3F1');
  });

  it('deactivates without emailing the person', () => {
    expect(oktaCalls.deactivate('00u1')).toMatchObject({
      operation: 'deactivateUser',
      method: 'POST',
      path: '/api/v1/users/00u1/lifecycle/deactivate',
      query: { sendEmail: 'false' },
    });
  });

  it('clears sessions together with OAuth tokens and remembered devices (both default to false on Classic Engine)', () => {
    expect(oktaCalls.clearSessions('00u1')).toMatchObject({
      operation: 'revokeUserSessions',
      method: 'DELETE',
    });
    expect(oktaCalls.clearSessions('00u1').query).toEqual({ oauthTokens: 'true', forgetDevices: 'true' });
  });

  it('pages the group list', () => {
    expect(oktaCalls.listUserGroups('00u1')).toMatchObject({
      path: '/api/v1/users/00u1/groups',
      paged: true,
    });
  });

  it('asks for the token owner at /users/me', () => {
    expect(oktaCalls.me()).toEqual({ operation: 'getUser', method: 'GET', path: '/api/v1/users/me' });
  });

  it('never deletes a user', () => {
    const deletesUser = exampleCalls().some(
      (c) => c.method === 'DELETE' && /^\/api\/v1\/users\/[^/]+$/.test(c.path),
    );
    expect(deletesUser).toBe(false);
  });

  it('gives one example call per builder', () => {
    expect(exampleCalls()).toHaveLength(Object.keys(oktaCalls).length);
  });
});
