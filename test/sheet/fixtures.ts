// Fixture factories for Sheet tabs as people type them: header rows and data rows by column name.

import type { CellValue } from '../../src/ports';

export const APPROVED_USERS_HEADER = ['Slack User ID', 'Email', 'Name', 'Role', 'Active'];

export interface ApprovedUserRow {
  slackUserId?: string;
  email?: string;
  name?: string;
  role?: CellValue;
  active?: CellValue;
}

let nextUser = 1;

/** One Approved Users row in the standard column order; unspecified fields get plausible values. */
export function approvedUserRow(fields: ApprovedUserRow = {}): CellValue[] {
  const n = nextUser++;
  return [
    fields.slackUserId ?? `U0000${n}`,
    fields.email ?? `person${n}@corp.com`,
    fields.name ?? `Person ${n}`,
    fields.role ?? 'approver',
    fields.active ?? true,
  ];
}

/** An Approved Users grid: the standard header then the given rows. */
export function approvedUsersGrid(...rows: ApprovedUserRow[]): CellValue[][] {
  return [APPROVED_USERS_HEADER, ...rows.map(approvedUserRow)];
}

export const TASKS_HEADER = [
  'Task',
  'Enabled',
  'Order',
  'On Failure',
  'Description',
  'Kind',
  'URL',
  'Secret Property',
  'Timeout Policy',
];

export const AUDIT_LOG_HEADER = ['Time', 'Actor', 'Action', 'Run ID', 'Detail'];
