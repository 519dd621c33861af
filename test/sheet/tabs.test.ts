// The tab specs: exact headers, and task columns placed between Status and Updated At.

import { OffboardError } from '../../src/errors';
import {
  APPROVED_USERS_SPEC,
  AUDIT_LOG_SPEC,
  offboardingSpec,
  taskColumnKey,
  TASKS_SPEC,
} from '../../src/sheet/tabs';

const headers = (columns: { header: string }[]) => columns.map((c) => c.header);

describe('tab specs', () => {
  it('gives Approved Users its exact headers', () => {
    expect(headers(APPROVED_USERS_SPEC.columns)).toEqual([
      'Slack User ID',
      'Email',
      'Name',
      'Role',
      'Active',
    ]);
  });

  it('gives Tasks its exact headers', () => {
    expect(headers(TASKS_SPEC.columns)).toEqual([
      'Task',
      'Enabled',
      'Order',
      'On Failure',
      'Description',
      'Kind',
      'URL',
      'Secret Property',
      'Timeout Policy',
    ]);
  });

  it('gives Audit Log its exact headers', () => {
    expect(headers(AUDIT_LOG_SPEC.columns)).toEqual(['Time', 'Actor', 'Action', 'Run ID', 'Detail']);
  });

  it('puts one column per task label between Status and Updated At', () => {
    expect(headers(offboardingSpec(['Suspend', 'Clear sessions']).columns)).toEqual([
      'Run ID',
      'Requested At',
      'Requested By',
      'Target',
      'Okta User ID',
      'Status',
      'Suspend',
      'Clear sessions',
      'Updated At',
      'Message',
      'Confirmed By',
      'Slack Message',
      'Run Data',
    ]);
  });

  it('keys a task column by its label', () => {
    const column = offboardingSpec(['Suspend']).columns.find((c) => c.header === 'Suspend');
    expect(column?.key).toBe(taskColumnKey('Suspend'));
  });

  it('refuses a task label that clashes with a fixed column', () => {
    expect(() => offboardingSpec(['status'])).toThrow(OffboardError);
  });

  it('refuses two task labels that read as the same header', () => {
    expect(() => offboardingSpec(['Reset factors', 'reset  factors'])).toThrow(OffboardError);
  });
});
