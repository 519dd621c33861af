// Checks the Okta org URL an admin pasted into Script Properties, and explains what is wrong with it.
// Parsed by hand: Apps Script's V8 has no global URL class.

export type OrgUrlCheck = { ok: true; url: string } | { ok: false; reason: string };

const LABEL = /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/;
const TOP_LEVEL = /^[a-z]{2,63}$/;

/**
 * An https origin such as https://acme.okta.com, https://acme.oktapreview.com, https://acme.okta-emea.com
 * or a custom domain such as https://login.acme.com. Returns it without a trailing slash.
 */
export function validateOrgUrl(input: string): OrgUrlCheck {
  const text = input.trim();
  if (text === '')
    return { ok: false, reason: 'The Okta org URL is empty: set it to e.g. https://acme.okta.com.' };

  const scheme = /^([a-z][a-z0-9+.-]*):\/\//i.exec(text);
  if (!scheme) {
    return {
      ok: false,
      reason: `"${text}" has no https:// in front: use e.g. https://${text.split('/')[0]}.`,
    };
  }
  // group 1 of `scheme` is not optional: it matched
  if (scheme[1]!.toLowerCase() !== 'https') {
    return {
      ok: false,
      reason: `"${text}" must use https:// (the API token must never travel unencrypted).`,
    };
  }

  const rest = text.slice(scheme[0].length);
  const end = rest.search(/[/?#]/);
  const authority = end === -1 ? rest : rest.slice(0, end);
  const tail = end === -1 ? '' : rest.slice(end);

  if (authority.includes('@')) {
    return { ok: false, reason: 'The Okta org URL must not contain a user name or password.' };
  }
  if (authority.includes(':')) {
    return { ok: false, reason: `"${text}" has a port: use the plain org URL, e.g. https://acme.okta.com.` };
  }
  const host = authority.toLowerCase().replace(/\.$/, '');
  if (tail !== '' && tail !== '/') {
    return {
      ok: false,
      reason: `"${text}" has a path, query or fragment: use only the org URL, https://${host}.`,
    };
  }

  const labels = host.split('.');
  const validHost =
    host.length > 0 &&
    host.length <= 253 &&
    labels.length >= 2 &&
    labels.every((label) => LABEL.test(label)) &&
    TOP_LEVEL.test(labels[labels.length - 1]!); // split answers at least one label
  if (!validHost) {
    return { ok: false, reason: `"${host}" is not a domain name such as acme.okta.com.` };
  }

  // People often paste the Admin Console address (acme-admin.okta.com); the API lives on the org URL.
  const adminLabel = labels.findIndex((label) => label.endsWith('-admin'));
  if (adminLabel !== -1) {
    const orgHost = labels
      .map((label, i) => (i === adminLabel ? label.slice(0, -'-admin'.length) : label))
      .join('.');
    return {
      ok: false,
      reason: `"${host}" is the Admin Console address: use the org URL without -admin, https://${orgHost}.`,
    };
  }

  return { ok: true, url: `https://${host}` };
}
