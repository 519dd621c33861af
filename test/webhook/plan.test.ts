// The Tasks tab's webhook rows in the plan, and a Tasks tab from before webhooks.

import { loadPlan } from '../../src/run/plan';
import { FakeCache, FakeClock } from '../fakes/services';
import { FakeSpreadsheet } from '../fakes/spreadsheet';

const OLD_HEADER = ['Task', 'Enabled', 'Order', 'On Failure', 'Description'];
const HEADER = [...OLD_HEADER, 'Kind', 'URL', 'Secret Property', 'Timeout Policy'];

describe('the plan', () => {
  it('carries an enabled webhook row with its URL, secret property and timeout policy', () => {
    const ss = FakeSpreadsheet.withTabs({
      Tasks: [
        HEADER,
        ['suspend', true, 1, 'pause', '', '', '', '', ''],
        [
          'Notify Payroll',
          true,
          2,
          'continue',
          '',
          'Webhook',
          'https://h.example.com/x',
          'PAY_SECRET',
          'fail',
        ],
      ],
    });
    expect(loadPlan(ss, new FakeCache(new FakeClock()))[1]).toEqual({
      id: 'webhook:notify_payroll',
      label: 'Notify Payroll',
      onFailure: 'continue',
      webhook: { url: 'https://h.example.com/x', secretProperty: 'PAY_SECRET', timeoutPolicy: 'fail' },
    });
  });

  it('leaves out a webhook row that is not enabled', () => {
    const ss = FakeSpreadsheet.withTabs({
      Tasks: [
        HEADER,
        ['suspend', true, 1, 'pause', '', '', '', '', ''],
        ['Notify Payroll', false, 2, 'pause', '', 'webhook', 'https://h.example.com/x', 'PAY_SECRET', ''],
      ],
    });
    expect(loadPlan(ss, new FakeCache(new FakeClock())).map((t) => t.id)).toEqual(['suspend']);
  });

  it('reads a Tasks tab that has no webhook columns yet', () => {
    const ss = FakeSpreadsheet.withTabs({ Tasks: [OLD_HEADER, ['suspend', true, 1, 'pause', '']] });
    expect(loadPlan(ss, new FakeCache(new FakeClock())).map((t) => t.id)).toEqual(['suspend']);
  });
});
