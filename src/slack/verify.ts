// Is this request from our Slack app? Apps Script gives no request headers, so Slack's signature cannot
// be checked; the verification token, team and app ids in the body are what is left (PLATFORM.md).

export interface VerificationExpectation {
  verificationToken: string | null;
  /** Pinned only when configured. */
  teamId: string | null;
  /** Pinned only when configured. */
  appId: string | null;
}

/** The code is for the log only: the caller tells the user nothing about which part failed. */
export type Verification = { ok: true } | { ok: false; code: 'CONFIG_MISSING' | 'UNVERIFIED_REQUEST' };

export function verifyRequest(
  token: string | undefined,
  teamId: string | undefined,
  appId: string | undefined,
  expected: VerificationExpectation,
): Verification {
  if (expected.verificationToken === null || expected.verificationToken === '') {
    return { ok: false, code: 'CONFIG_MISSING' };
  }
  // Every check runs whatever the earlier ones said, so timing does not tell which part was wrong.
  const tokenOk = token !== undefined && token !== '' && constantTimeEqual(token, expected.verificationToken);
  const teamOk = expected.teamId === null || constantTimeEqual(teamId ?? '', expected.teamId);
  const appOk = expected.appId === null || constantTimeEqual(appId ?? '', expected.appId);
  return tokenOk && teamOk && appOk ? { ok: true } : { ok: false, code: 'UNVERIFIED_REQUEST' };
}

/**
 * Compares two strings in time that depends only on the longer length: no early exit on the first
 * difference nor on a length mismatch (the length difference is folded into the result instead).
 */
export function constantTimeEqual(a: string, b: string): boolean {
  const length = Math.max(a.length, b.length);
  let diff = a.length ^ b.length;
  for (let i = 0; i < length; i++) {
    // Past the end charCodeAt gives NaN, and NaN | 0 is 0: the length term above already counts it.
    diff |= (a.charCodeAt(i) | 0) ^ (b.charCodeAt(i) | 0);
  }
  return diff === 0;
}
