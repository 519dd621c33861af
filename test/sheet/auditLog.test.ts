// Audit Log: one appendRow per entry, in the tab's column order, as literal text, without secrets.

import { appendAudit, redactSecrets } from '../../src/sheet/auditLog';
import { FakeSpreadsheet } from '../fakes/spreadsheet';
import { AUDIT_LOG_HEADER } from './fixtures';

const when = new Date('2026-11-29T09:00:00Z');

function auditTab(header = AUDIT_LOG_HEADER) {
  return FakeSpreadsheet.withTabs({ 'Audit Log': [header] });
}

describe('appendAudit', () => {
  it('appends with one appendRow and reads only row 1', () => {
    const ss = auditTab();
    appendAudit(ss, { time: when, actor: 'worker', action: 'task done', runId: 'R1', detail: 'ok' });
    expect([ss.calls.appendRow, ss.calls.getValues, ss.calls.getLastRow]).toEqual([1, 1, 0]);
  });

  it('writes each field under its header, wherever the columns are', () => {
    const ss = auditTab(['Detail', 'Notes', 'Run ID', 'Time', 'Action', 'Actor']);
    appendAudit(ss, { time: when, actor: 'worker', action: 'paused', runId: 'R1', detail: 'Okta said 500' });
    expect(ss.sheet('Audit Log').rows()[1]).toEqual(['Okta said 500', '', 'R1', when, 'paused', 'worker']);
  });

  it('writes blanks for a missing run ID and detail', () => {
    const ss = auditTab();
    appendAudit(ss, { time: when, actor: 'setup', action: 'setup ran' });
    expect(ss.sheet('Audit Log').rows()[1]).toEqual([when, 'setup', 'setup ran', '', '']);
  });

  it('writes an injection attempt in the detail as text', () => {
    const ss = auditTab();
    appendAudit(ss, {
      time: when,
      actor: 'worker',
      action: 'x',
      detail: '=IMPORTXML("https://evil.example","//a")',
    });
    expect(ss.sheet('Audit Log').formulaAt(2, 5)).toBeNull();
  });

  it('throws SHEET_MISSING_TAB without an Audit Log tab', () => {
    expect(() => appendAudit(FakeSpreadsheet.withTabs({}), { time: when, actor: 'a', action: 'b' })).toThrow(
      expect.objectContaining({ code: 'SHEET_MISSING_TAB' }),
    );
  });

  it('strips a token that slipped into the detail', () => {
    const ss = auditTab();
    appendAudit(ss, { time: when, actor: 'worker', action: 'x', detail: 'header was SSWS 00abcDEF123' });
    expect(ss.sheet('Audit Log').rows()[1]![4]).toBe('header was SSWS [redacted]');
  });
});

describe('redactSecrets', () => {
  it.each([
    ['Authorization: SSWS 00aBcD-eFgH_1234', '00aBcD'],
    ['token xoxb-1234-5678-AbCdEf', 'xoxb-1234'],
    ['app token xapp-1-A0-123-abc', 'xapp-1'],
    ['Bearer eyJhbGciOi.J9.sig', 'eyJhbGciOi'],
    ['posted to https://hooks.slack.com/actions/T1/123/abc', 'hooks.slack.com/actions'],
    ['see https://script.google.com/macros/s/AKfy123/exec', 'AKfy123'],
  ])('removes the secret from %j', (text, secret) => {
    expect(redactSecrets(text)).not.toContain(secret);
  });

  it('leaves ordinary text alone', () => {
    expect(redactSecrets('Suspended jane@corp.com (00u1abc) after 2 attempts')).toBe(
      'Suspended jane@corp.com (00u1abc) after 2 attempts',
    );
  });
});
