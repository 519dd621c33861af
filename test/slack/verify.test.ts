// verifyRequest and constantTimeEqual: token, team and app checks that leak nothing.

import { constantTimeEqual, verifyRequest } from '../../src/slack/verify';

const expected = { verificationToken: 'test-verification-token', teamId: null, appId: null };

describe('verifyRequest', () => {
  it('accepts the configured token', () => {
    expect(verifyRequest('test-verification-token', 'T1', 'A1', expected)).toEqual({ ok: true });
  });

  it.each([
    ['a wrong token', 'test-verification-tokeX'],
    ['a prefix of the token', 'test-verification'],
    ['a longer token', 'test-verification-token2'],
    ['an empty token', ''],
    ['no token', undefined],
  ])('refuses %s', (_name, token) => {
    expect(verifyRequest(token, 'T1', 'A1', expected)).toEqual({ ok: false, code: 'UNVERIFIED_REQUEST' });
  });

  it('says CONFIG_MISSING when no token is configured, even for a request that has one', () => {
    const result = verifyRequest('anything', 'T1', 'A1', { ...expected, verificationToken: null });
    expect(result).toEqual({ ok: false, code: 'CONFIG_MISSING' });
  });

  it('ignores the team when no team is pinned', () => {
    expect(verifyRequest('test-verification-token', 'T-OTHER', 'A1', expected).ok).toBe(true);
  });

  it('refuses another team when a team is pinned', () => {
    const result = verifyRequest('test-verification-token', 'T-OTHER', 'A1', {
      ...expected,
      teamId: 'T0001',
    });
    expect(result).toEqual({ ok: false, code: 'UNVERIFIED_REQUEST' });
  });

  it('refuses a missing team when a team is pinned', () => {
    const result = verifyRequest('test-verification-token', undefined, 'A1', {
      ...expected,
      teamId: 'T0001',
    });
    expect(result.ok).toBe(false);
  });

  it('refuses another app when an app is pinned', () => {
    const result = verifyRequest('test-verification-token', 'T0001', 'A-OTHER', {
      ...expected,
      appId: 'A0001',
    });
    expect(result).toEqual({ ok: false, code: 'UNVERIFIED_REQUEST' });
  });

  it('accepts the pinned team and app', () => {
    const pinned = { ...expected, teamId: 'T0001', appId: 'A0001' };
    expect(verifyRequest('test-verification-token', 'T0001', 'A0001', pinned).ok).toBe(true);
  });

  it('gives the same answer whichever part is wrong', () => {
    const pinned = { ...expected, teamId: 'T0001', appId: 'A0001' };
    const answers = [
      verifyRequest('wrong', 'T0001', 'A0001', pinned),
      verifyRequest('test-verification-token', 'T9', 'A0001', pinned),
      verifyRequest('test-verification-token', 'T0001', 'A9', pinned),
    ];
    expect(new Set(answers.map((a) => JSON.stringify(a))).size).toBe(1);
  });
});

describe('constantTimeEqual', () => {
  it.each([
    ['abc', 'abc', true],
    ['abc', 'abd', false],
    ['abc', 'ab', false],
    ['', '', true],
    ['', 'a', false],
    // A string whose extra characters are NUL must not equal its shorter twin.
    ['ab', 'ab\u0000', false],
  ])('compares %j and %j as %s', (a, b, same) => {
    expect(constantTimeEqual(a, b)).toBe(same);
  });

  /** A string look-alike that counts how many characters the comparison reads. */
  function counting(text: string): { value: string; reads: () => number } {
    let reads = 0;
    const fake = {
      length: text.length,
      charCodeAt(i: number): number {
        reads += 1;
        return text.charCodeAt(i);
      },
    };
    return { value: fake as unknown as string, reads: () => reads };
  }

  it('reads every position even when the first character differs', () => {
    const a = counting('Xbcdefgh');
    constantTimeEqual(a.value, 'abcdefgh');
    expect(a.reads()).toBe(8);
  });

  it('reads up to the longer length when the lengths differ', () => {
    const a = counting('abc');
    constantTimeEqual(a.value, 'abcdefghij');
    expect(a.reads()).toBe(10);
  });
});
