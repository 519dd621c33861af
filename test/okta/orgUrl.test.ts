// validateOrgUrl: accepts Okta org origins, explains every rejection.

import { validateOrgUrl } from '../../src/okta/orgUrl';

describe('validateOrgUrl', () => {
  it.each([
    ['https://acme.okta.com', 'https://acme.okta.com'],
    ['https://acme.okta.com/', 'https://acme.okta.com'],
    ['  https://ACME.Okta.com  ', 'https://acme.okta.com'],
    ['https://acme.oktapreview.com', 'https://acme.oktapreview.com'],
    ['https://acme.okta-emea.com', 'https://acme.okta-emea.com'],
    ['https://login.acme.com', 'https://login.acme.com'],
  ])('accepts %s as %s', (input, url) => {
    expect(validateOrgUrl(input)).toEqual({ ok: true, url });
  });

  it.each([
    ['an empty value', '', /empty/],
    ['http', 'http://acme.okta.com', /https/],
    ['a missing scheme', 'acme.okta.com', /https:\/\/acme\.okta\.com/],
    ['a path', 'https://acme.okta.com/app/UserHome', /path/],
    ['a query', 'https://acme.okta.com?x=1', /query/],
    ['a fragment', 'https://acme.okta.com/#top', /fragment/],
    ['credentials', 'https://admin:pw@acme.okta.com', /user name or password/],
    ['a port', 'https://acme.okta.com:8443', /port/],
    ['an IP address', 'https://10.0.0.1', /domain name/],
    ['a single-label host', 'https://localhost', /domain name/],
    ['a host with a bad character', 'https://ac_me.okta.com', /domain name/],
  ])('rejects %s', (_name, input, reason) => {
    const check = validateOrgUrl(input);
    expect(check.ok).toBe(false);
    if (!check.ok) expect(check.reason).toMatch(reason);
  });

  it('rejects the Admin Console URL and names the org URL to use instead', () => {
    const check = validateOrgUrl('https://acme-admin.okta.com/admin/dashboard');
    expect(check.ok).toBe(false);
    if (!check.ok) expect(check.reason).toMatch(/path/);
    const bare = validateOrgUrl('https://acme-admin.okta.com');
    expect(bare).toEqual({
      ok: false,
      reason: expect.stringContaining('without -admin, https://acme.okta.com'),
    });
  });

  it('does not echo a password back in its reason', () => {
    const check = validateOrgUrl('https://admin:hunter2@acme.okta.com');
    expect(JSON.stringify(check)).not.toContain('hunter2');
  });
});
