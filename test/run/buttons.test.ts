import { signButton, verifyButton, type ButtonClaim } from '../../src/run/buttons';
import { codeOf } from '../fixtures/errors';
import { nodeCrypto } from '../fakes/services';

const SECRET = 'test-signing-secret';
const NOW = Date.UTC(2026, 10, 29, 9, 0, 0);
const claim: ButtonClaim = {
  action: 'retry',
  runId: 'OFF-20261129-ABCDE',
  taskId: 'suspend',
  pauseSeq: 2,
  expiresAt: NOW / 1000 + 900,
};

describe('button values', () => {
  it('round-trips a signed claim', () => {
    expect(verifyButton(nodeCrypto, SECRET, signButton(nodeCrypto, SECRET, claim), NOW)).toEqual(claim);
  });

  it('stays within Slack’s 2000-character button value limit', () => {
    expect(signButton(nodeCrypto, SECRET, claim).length).toBeLessThan(200);
  });

  it('refuses a value whose run id was edited', () => {
    const edited = signButton(nodeCrypto, SECRET, claim).replace('ABCDE', 'ZZZZZ');
    expect(codeOf(() => verifyButton(nodeCrypto, SECRET, edited, NOW))).toBe('CLICK_FORGED');
  });

  it('refuses a value whose action was edited', () => {
    const edited = signButton(nodeCrypto, SECRET, claim).replace('|retry|', '|skip|');
    expect(codeOf(() => verifyButton(nodeCrypto, SECRET, edited, NOW))).toBe('CLICK_FORGED');
  });

  it('refuses a value signed with another secret', () => {
    const other = signButton(nodeCrypto, 'another-secret', claim);
    expect(codeOf(() => verifyButton(nodeCrypto, SECRET, other, NOW))).toBe('CLICK_FORGED');
  });

  it('refuses garbage', () => {
    expect(codeOf(() => verifyButton(nodeCrypto, SECRET, 'click_me_123', NOW))).toBe('CLICK_FORGED');
  });

  it('refuses an expired button', () => {
    const value = signButton(nodeCrypto, SECRET, claim);
    expect(codeOf(() => verifyButton(nodeCrypto, SECRET, value, NOW + 901_000))).toBe('CLICK_EXPIRED');
  });

  it('accepts a button without expiry at any time', () => {
    const value = signButton(nodeCrypto, SECRET, { ...claim, expiresAt: 0 });
    expect(verifyButton(nodeCrypto, SECRET, value, NOW + 10 ** 12).runId).toBe(claim.runId);
  });
});
