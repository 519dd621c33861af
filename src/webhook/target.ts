// Checks a webhook task's URL before anything is sent: https only, and the host listed in the
// WEBHOOK_ALLOWED_HOSTS Script Property. Parsed by hand: Apps Script's V8 has no global URL class.

export type WebhookUrlCheck = { ok: true; url: string; host: string } | { ok: false; reason: string };

/** "hooks.example.com, tickets.example.com" (commas, spaces or new lines) as lower-case host names. */
export function parseAllowedHosts(text: string | null): string[] {
  return (text ?? '')
    .split(/[\s,]+/)
    .map((h) => h.trim().toLowerCase().replace(/\.$/, ''))
    .filter((h) => h !== '');
}

/** The URL as given when it is https, carries no credentials and its host is exactly one listed. */
export function checkWebhookUrl(input: string, allowedHosts: readonly string[]): WebhookUrlCheck {
  const text = input.trim();
  if (text === '') return { ok: false, reason: 'The webhook has no URL.' };
  const scheme = /^([a-z][a-z0-9+.-]*):\/\//i.exec(text);
  // group 1 of `scheme` is not optional: it matched
  if (!scheme || scheme[1]!.toLowerCase() !== 'https') {
    return { ok: false, reason: `"${text}" is not an https:// URL: webhooks are sent over https only.` };
  }
  const rest = text.slice(scheme[0].length);
  const end = rest.search(/[/?#]/);
  const authority = end === -1 ? rest : rest.slice(0, end);
  if (authority.includes('@')) {
    return { ok: false, reason: `The webhook URL must not contain a user name or password.` };
  }
  const host = authority.replace(/:\d+$/, '').toLowerCase().replace(/\.$/, '');
  if (host === '' || /[^a-z0-9.-]/.test(host)) {
    return { ok: false, reason: `"${text}" has no usable host name.` };
  }
  if (!allowedHosts.includes(host)) {
    return {
      ok: false,
      reason:
        allowedHosts.length === 0
          ? `${host} is not allowed: WEBHOOK_ALLOWED_HOSTS is empty in Script Properties; add ${host} to it.`
          : `${host} is not in WEBHOOK_ALLOWED_HOSTS (${allowedHosts.join(', ')}); add it there to allow it.`,
    };
  }
  return { ok: true, url: text, host };
}
