// The five tabs of the Offboard Sheet: their names, exact headers and the words their cells may hold.

import { OffboardError } from '../errors';
import { headerKey, type ColumnSpec, type TabSpec } from './table';

export const TAB = {
  approvedUsers: 'Approved Users',
  offboarding: 'Offboarding',
  tasks: 'Tasks',
  auditLog: 'Audit Log',
  runDetails: 'Run Details',
  queue: 'Queue',
} as const;

export const ROLES = ['requester', 'approver', 'admin'] as const;
export type Role = (typeof ROLES)[number];

export const ON_FAILURE = ['pause', 'continue'] as const;

/** Status texts setup colours in the Offboarding tab; the run engine should write these words. */
export const RUN_STATUS_COLORS: Readonly<Record<string, string>> = {
  'awaiting confirmation': '#fff2cc',
  'awaiting approval': '#fff2cc',
  scheduled: '#d9ead3',
  queued: '#cfe2f3',
  running: '#c9daf8',
  paused: '#fce8b2',
  'in grace period': '#fce8b2',
  completed: '#b7e1cd',
  aborted: '#f4c7c3',
  cancelled: '#d9d9d9',
  expired: '#d9d9d9',
  denied: '#f4c7c3',
  undone: '#d9d9d9',
};

export const APPROVED_USERS_SPEC: TabSpec = {
  name: TAB.approvedUsers,
  columns: [
    { key: 'slackUserId', header: 'Slack User ID', aliases: ['Slack ID', 'Slack User', 'Slack Member ID'] },
    { key: 'email', header: 'Email', aliases: ['Email Address', 'Work Email'] },
    { key: 'name', header: 'Name', aliases: ['Full Name'] },
    { key: 'role', header: 'Role' },
    { key: 'active', header: 'Active', aliases: ['Enabled'] },
  ],
};

export const TASKS_SPEC: TabSpec = {
  name: TAB.tasks,
  columns: [
    { key: 'task', header: 'Task', aliases: ['Task ID'] },
    { key: 'enabled', header: 'Enabled', aliases: ['Active'] },
    { key: 'order', header: 'Order' },
    { key: 'onFailure', header: 'On Failure', aliases: ['If it fails', 'On Error'] },
    { key: 'description', header: 'Description' },
    // A webhook row (Kind `webhook`): where it posts, the Script Property holding its secret, and what
    // no answer means. Optional, so a Sheet from before webhooks still reads.
    { key: 'kind', header: 'Kind', optional: true },
    { key: 'url', header: 'URL', aliases: ['Webhook URL'], optional: true },
    { key: 'secretProperty', header: 'Secret Property', optional: true },
    { key: 'timeoutPolicy', header: 'Timeout Policy', aliases: ['On Timeout'], optional: true },
  ],
};

export const AUDIT_LOG_SPEC: TabSpec = {
  name: TAB.auditLog,
  columns: [
    { key: 'time', header: 'Time', aliases: ['Timestamp', 'When'] },
    { key: 'actor', header: 'Actor', aliases: ['Who'] },
    { key: 'action', header: 'Action' },
    { key: 'runId', header: 'Run ID', aliases: ['Run'] },
    { key: 'detail', header: 'Detail', aliases: ['Details'] },
  ],
};

/** One row per item a run touched (groups removed and kept, apps, roles, Okta requests): append-only. */
export const RUN_DETAILS_SPEC: TabSpec = {
  name: TAB.runDetails,
  columns: [
    { key: 'runId', header: 'Run ID', aliases: ['Run'] },
    { key: 'time', header: 'Time', aliases: ['Timestamp', 'When'] },
    { key: 'task', header: 'Task' },
    { key: 'kind', header: 'Kind' },
    { key: 'oktaId', header: 'Okta ID' },
    { key: 'name', header: 'Name' },
    { key: 'note', header: 'Note', aliases: ['Notes'] },
  ],
};

/**
 * People HR or IT paste in to be offboarded together (`/offboard queue`). People write Target, Note and
 * Added By; Offboard writes Batch and Status only, so a row is taken once.
 */
export const QUEUE_SPEC: TabSpec = {
  name: TAB.queue,
  columns: [
    { key: 'target', header: 'Target', aliases: ['Email', 'Email Address', 'Person'] },
    { key: 'note', header: 'Note', aliases: ['Notes', 'Reason'] },
    { key: 'addedBy', header: 'Added By', aliases: ['Added by', 'Who'] },
    { key: 'batch', header: 'Batch', aliases: ['Batch ID'] },
    { key: 'status', header: 'Status' },
  ],
};

/** The note on the Queue tab's Target header: how to use the tab. */
export const QUEUE_HOW_TO =
  'Paste one person per row: their email address in Target (a Note and who added them are optional). ' +
  'Then an approver or admin types /offboard queue in Slack: Offboard takes every row whose Batch is ' +
  'empty (up to 500), shows one confirmation card, and writes Batch and Status. Leave Batch and Status ' +
  'to Offboard; clear Batch to have a row taken again.';

const OFFBOARDING_BEFORE_TASKS: ColumnSpec[] = [
  { key: 'runId', header: 'Run ID', aliases: ['Run'] },
  { key: 'requestedAt', header: 'Requested At' },
  { key: 'requestedBy', header: 'Requested By', aliases: ['Requester'] },
  { key: 'target', header: 'Target' },
  { key: 'oktaUserId', header: 'Okta User ID', aliases: ['Okta ID'] },
  { key: 'status', header: 'Status' },
];

const OFFBOARDING_AFTER_TASKS: ColumnSpec[] = [
  { key: 'updatedAt', header: 'Updated At' },
  { key: 'message', header: 'Message' },
  { key: 'confirmedBy', header: 'Confirmed By', aliases: ['Approver'] },
  /** "channel/ts" of the run's Slack message, as text. */
  { key: 'slackMessage', header: 'Slack Message' },
  /** JSON the run engine keeps (attempts, retry times, removed groups); never secrets. */
  { key: 'runData', header: 'Run Data' },
];

/** The key of a task's column in the Offboarding tab (its header is the task's label). */
export function taskColumnKey(taskLabel: string): string {
  return `task:${taskLabel}`;
}

/**
 * The Offboarding tab with one column per task, in the order given, between Status and Updated At.
 * `optionalLabels`: task columns a Sheet made before those tasks existed may lack (setup adds them).
 */
export function offboardingSpec(taskLabels: string[], optionalLabels: readonly string[] = []): TabSpec {
  const fixed = [...OFFBOARDING_BEFORE_TASKS, ...OFFBOARDING_AFTER_TASKS];
  const taken = new Set(fixed.flatMap((c) => [c.header, ...(c.aliases ?? [])].map(headerKey)));
  const taskColumns: ColumnSpec[] = [];
  for (const label of taskLabels) {
    const key = headerKey(label);
    if (key === '' || taken.has(key)) {
      throw new OffboardError(
        'INTERNAL',
        `Task label "${label}" is empty or clashes with another Offboarding column.`,
        {
          task: label,
        },
      );
    }
    taken.add(key);
    taskColumns.push({
      key: taskColumnKey(label),
      header: label,
      ...(optionalLabels.includes(label) ? { optional: true } : {}),
    });
  }
  return {
    name: TAB.offboarding,
    columns: [...OFFBOARDING_BEFORE_TASKS, ...taskColumns, ...OFFBOARDING_AFTER_TASKS],
  };
}
