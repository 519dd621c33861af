// How a run looks to people: the task cells in the Offboarding tab, the confirmation card, the live
// checklist in the report channel, and the status reply. One wording for all of them.

import type { KnownBlock } from '@slack/types';
import { groupName, profileSource, type AccessAtStake } from '../okta/access';
import type { OktaUser } from '../okta/types';
import { actions, button, context, divider, escapeMrkdwn, fields, header, section } from '../slack/blocks';
import { formatInZone } from '../schedule';
import { signButton, type ButtonAction } from './buttons';
import type { Crypto } from '../ports';
import { record } from './transitions';
import type { PlannedTask, Run, RunStatus, TaskRecord } from './types';

const MARK: Record<TaskRecord['state'], string> = {
  pending: '⬜',
  running: '⏳',
  done: '✅',
  already_done: '☑️',
  skipped: '⏭️',
  failed: '❌',
};

const WORD: Record<TaskRecord['state'], string> = {
  pending: 'pending',
  running: 'running',
  done: 'done',
  already_done: 'already done',
  skipped: 'skipped',
  failed: 'failed',
};

const STATUS_MARK: Record<RunStatus, string> = {
  'awaiting confirmation': '❔',
  'awaiting approval': '✋',
  scheduled: '🗓️',
  queued: '⏳',
  running: '⏳',
  paused: '⏸️',
  'in grace period': '⏳',
  completed: '✅',
  aborted: '🛑',
  cancelled: '✖️',
  expired: '⌛',
  denied: '🚫',
  undone: '↩️',
};

/** The text of a task's cell in the Offboarding tab, e.g. "✅ done: suspended". */
export function taskCellText(r: TaskRecord | undefined): string {
  if (!r || r.state === 'pending') return '';
  const waiting = r.state === 'failed' && r.retryAt !== undefined;
  if (waiting && r.waiting)
    return `⏳ waiting, next look after ${new Date(r.retryAt!).toISOString()}: ${r.text}`; // `waiting` checked it is set
  const word = waiting ? `failed, retrying after ${new Date(r.retryAt!).toISOString()}` : WORD[r.state]; // `waiting` checked it is set
  return r.text ? `${MARK[r.state]} ${word}: ${r.text}` : `${MARK[r.state]} ${word}`;
}

function taskLine(run: Run, task: PlannedTask): string {
  const r = record(run, task.id);
  const waiting = r.state === 'failed' && r.retryAt !== undefined;
  const mark = waiting ? (r.waiting ? '⏳' : '🔁') : MARK[r.state];
  const word = waiting ? (r.waiting ? 'waiting' : 'will retry') : WORD[r.state];
  const text = r.text ? `: ${escapeMrkdwn(r.text)}` : '';
  return `${mark} *${escapeMrkdwn(task.label)}*: ${word}${text}`;
}

/**
 * A finished run in one line, for a batch's thread: its mark, who, login and Run ID, then each task's mark
 * ("✅ *Nina Patel* (nina@corp.com) · OFF-… · completed: ✅ Suspend · ✅ Clear Sessions · …"). The task texts
 * stay in the Offboarding row, the Audit Log and `/offboard status <run id>`.
 */
export function finishedLine(run: Run): string {
  const login = run.data.target.login && run.data.target.login !== run.data.target.displayName;
  const tasks = run.data.plan.map((t) => `${MARK[record(run, t.id).state]} ${escapeMrkdwn(t.label)}`);
  return `${STATUS_MARK[run.status]} *${who(run)}*${login ? ` (${escapeMrkdwn(run.data.target.login)})` : ''} · ${escapeMrkdwn(run.runId)} · ${run.status}: ${tasks.join(' · ')}`;
}

export function checklist(run: Run): string {
  return run.data.plan.map((t) => taskLine(run, t)).join('\n');
}

function who(run: Run): string {
  return escapeMrkdwn(run.data.target.displayName || run.target);
}

/** Shared by confirmation and run buttons. */
export interface ButtonSigner {
  crypto: Crypto;
  secret: string;
}

function signed(
  signer: ButtonSigner,
  action: ButtonAction,
  run: Run,
  extra: { taskId?: string; expiresAt?: number } = {},
): string {
  return signButton(signer.crypto, signer.secret, {
    action,
    runId: run.runId,
    taskId: extra.taskId ?? '',
    pauseSeq: run.data.pauseSeq,
    expiresAt: extra.expiresAt ?? 0,
  });
}

/** Names shown per list on the card before "and N more". */
const CARD_NAMES = 5;

/**
 * The ephemeral card that asks the requester to confirm: wrong-person prevention first, then what is at
 * stake (admin roles, apps, groups, where the profile is mastered).
 */
export function confirmationCard(
  run: Run,
  target: { user: OktaUser; access: AccessAtStake },
  signer: ButtonSigner,
): KnownBlock[] {
  const { user } = target;
  const p = user.profile;
  const { facts, warnings } = atStake(run.data.target.displayName, target);
  if (run.data.needsApproval === 'admin-target') warnings.push(ADMIN_TARGET_WARNING);
  const expiresAt = Math.floor(run.data.confirmBy / 1000);
  const tasks = taskList(run.data.plan);
  const schedule = run.data.schedule;
  if (schedule) {
    warnings.unshift(
      `:calendar: *Scheduled:* starts at *${escapeMrkdwn(formatInZone(schedule.startAt, schedule.timeZone))}*. Confirm now; nothing changes in Okta until then, and the run can be cancelled until it starts.`,
    );
  }
  return [
    header(
      `Offboard ${run.data.target.displayName}${schedule ? ` at ${formatInZone(schedule.startAt, schedule.timeZone)}` : ''}?`,
    ),
    fields(facts),
    ...warnings.map((w) => section(w)),
    section(`*These tasks will run in Okta, in this order:*\n${tasks}`),
    context([`Run ${run.runId} · this card expires in 15 minutes · only you can see it`]),
    actions(`run:${run.runId}`, [
      button({
        actionId: 'confirm',
        text: 'Confirm',
        style: 'danger',
        value: signed(signer, 'confirm', run, { expiresAt }),
        confirm: {
          title: 'Offboard this person?',
          text: schedule
            ? `${who(run)} (${escapeMrkdwn(p.login)}) will be suspended and signed out of Okta at ${escapeMrkdwn(formatInZone(schedule.startAt, schedule.timeZone))}. The other tasks follow; most cannot be undone.`
            : `${who(run)} (${escapeMrkdwn(p.login)}) will be suspended and signed out of Okta now. The other tasks follow; most cannot be undone.`,
          confirm: 'Offboard',
          deny: 'Back',
          style: 'danger',
        },
      }),
      button({ actionId: 'cancel', text: 'Cancel', value: signed(signer, 'cancel', run, { expiresAt }) }),
    ]),
  ];
}

const ADMIN_TARGET_WARNING =
  ':shield: This person holds Okta admin roles: as an Offboard admin you may go on, but a second approver or admin must approve before anything happens in Okta.';

function taskList(plan: PlannedTask[]): string {
  return plan
    .map(
      (t, i) =>
        `${i + 1}. ${escapeMrkdwn(t.label)}${t.onFailure === 'continue' ? ' _(a failure is passed)_' : ''}`,
    )
    .join('\n');
}

/** Wrong-person prevention and what is at stake: the card's fields and its warnings. */
function atStake(
  name: string,
  target: { user: OktaUser; access: AccessAtStake },
): { facts: string[]; warnings: string[] } {
  const { user, access } = target;
  const p = user.profile;
  const source = profileSource(user);
  const facts = [
    `*Name*\n${escapeMrkdwn(name)}`,
    `*Okta login*\n${escapeMrkdwn(p.login)}`,
    `*Email*\n${escapeMrkdwn(p.email)}`,
    `*Okta status*\n${escapeMrkdwn(user.status)}`,
    `*Admin roles*\n${rolesText(access)}`,
    `*Apps*\n${countText(access.apps)}`,
    `*Groups*\n${countText(access.groups)}`,
    `*Profile source*\n${escapeMrkdwn(source.type === source.name ? source.type : `${source.type} (${source.name})`)}`,
  ];
  if (p.title) facts.push(`*Title*\n${escapeMrkdwn(p.title)}`);
  if (p.department) facts.push(`*Department*\n${escapeMrkdwn(p.department)}`);
  const warnings: string[] = [];
  if (access.notRead)
    warnings.push(`Admin roles, apps and groups not read: ${escapeMrkdwn(access.notRead)}.`);
  if (source.external) {
    warnings.push(
      `:warning: This account is mastered by ${escapeMrkdwn(source.name)} (${escapeMrkdwn(source.type)}). Disable it there too, or the next import may reactivate it in Okta.`,
    );
  }
  return { facts, warnings };
}

export interface PlanView {
  user: OktaUser;
  displayName: string;
  access: AccessAtStake;
  plan: PlannedTask[];
  needsApproval: 'admin-target' | undefined;
  /** Protected Okta Groups from the Settings tab. */
  protectedGroups: string[];
  /** The Okta login the SSWS token acts as, 'oauth' for a service app, null when not known yet. */
  apiAccount: string | null | 'oauth';
}

/** `/offboard plan`: the confirmation card's facts and tasks, what is protected, and no buttons. */
export function planCard(view: PlanView): KnownBlock[] {
  const { facts, warnings } = atStake(view.displayName, view);
  if (view.needsApproval === 'admin-target') warnings.push(ADMIN_TARGET_WARNING);
  const groups = view.protectedGroups.length
    ? `members of ${view.protectedGroups.map(escapeMrkdwn).join(', ')} (not this person)`
    : 'none set (Settings tab)';
  const api =
    view.apiAccount === 'oauth'
      ? 'none: Offboard uses an OAuth service app, which has no Okta user behind its token'
      : view.apiAccount
        ? `${escapeMrkdwn(view.apiAccount)}, the account Offboard’s API token acts as`
        : 'the account Offboard’s API token acts as';
  const protectedLines = [
    `• API account: ${api}`,
    `• Protected Okta Groups: ${groups}`,
    '• Okta admins: only an Offboard admin may offboard them, with a second person’s approval',
    '• The requester: nobody offboards themselves',
  ];
  return [
    header(`Plan: offboarding ${view.displayName}`),
    fields(facts),
    ...warnings.map((w) => section(w)),
    section(`*These tasks would run in Okta, in this order:*\n${taskList(view.plan)}`),
    section(`*Protected, never offboarded from Slack:*\n${protectedLines.join('\n')}`),
    context([
      `Nothing was changed: this is a plan. To offboard, use \`/offboard ${escapeMrkdwn(view.user.profile.login)}\`.`,
    ]),
  ];
}

/** "Org Administrator, Help Desk Administrator (through Okta Help Desk Admins)", "none", or why unknown. */
function rolesText(access: AccessAtStake): string {
  if (access.roles === null) return '_could not read_';
  if (access.roles.length === 0) return 'none';
  const names = access.roles.map((r) => {
    if (r.assignmentType !== 'GROUP') return escapeMrkdwn(r.name);
    const group = access.groups?.find((g) => g.id === r.groupId);
    return `${escapeMrkdwn(r.name)} (through ${escapeMrkdwn(group ? groupName(group) : 'a group')})`;
  });
  const more = names.length > CARD_NAMES ? ` and ${names.length - CARD_NAMES} more` : '';
  return names.slice(0, CARD_NAMES).join(', ') + more;
}

function countText(list: readonly unknown[] | null): string {
  return list === null ? '_could not read_' : String(list.length);
}

/** The live checklist in the report channel; when paused, with Retry / Skip / Abort. */
export function runMessage(run: Run, signer: ButtonSigner): KnownBlock[] {
  const blocks: KnownBlock[] = [
    // Status first: Slack cuts a header at 150 characters, and a long name must not cut the status off.
    header(`${STATUS_MARK[run.status]} ${run.status} · Offboarding ${run.data.target.displayName}`),
    context([
      `Run ${run.runId} · ${escapeMrkdwn(run.data.target.login)} · requested by <@${run.data.requester.slackUserId}>` +
        (run.confirmedBy ? ` · confirmed by ${escapeMrkdwn(run.confirmedBy)}` : ''),
    ]),
    section(checklist(run)),
  ];
  if (run.status === 'paused' && run.data.pausedTask) {
    const task = run.data.plan.find((t) => t.id === run.data.pausedTask);
    const label = task?.label ?? run.data.pausedTask;
    blocks.push(
      divider(),
      section(`*Paused at ${escapeMrkdwn(label)}.* ${escapeMrkdwn(record(run, run.data.pausedTask).text)}`),
      actions(`paused:${run.runId}:${run.data.pauseSeq}`, [
        button({
          actionId: 'retry',
          text: 'Retry',
          style: 'primary',
          value: signed(signer, 'retry', run, { taskId: run.data.pausedTask }),
        }),
        button({
          actionId: 'skip',
          text: 'Skip',
          value: signed(signer, 'skip', run, { taskId: run.data.pausedTask }),
        }),
        button({
          actionId: 'abort',
          text: 'Abort',
          style: 'danger',
          value: signed(signer, 'abort', run),
          confirm: {
            title: 'Abort this run?',
            text: 'Tasks not yet done will not run. What was done in Okta stays done.',
            confirm: 'Abort',
            deny: 'Back',
            style: 'danger',
          },
        }),
      ]),
    );
  }
  if (run.status === 'awaiting approval' && run.data.approval)
    blocks.push(...approvalBlocks(run, run.data.approval, signer));
  if (run.status === 'scheduled' && run.data.schedule) {
    const when = formatInZone(run.data.schedule.startAt, run.data.schedule.timeZone);
    blocks.push(
      divider(),
      section(`*Scheduled:* starts at *${escapeMrkdwn(when)}*. Nothing has changed in Okta yet.`),
      actions(`scheduled:${run.runId}`, [
        button({
          actionId: 'cancel',
          text: 'Cancel',
          value: signed(signer, 'cancel', run),
          confirm: {
            title: 'Cancel this scheduled run?',
            text: `${who(run)} will not be offboarded at ${escapeMrkdwn(when)}.`,
            confirm: 'Cancel the run',
            deny: 'Back',
          },
        }),
      ]),
    );
  }
  if (run.status === 'in grace period' && run.data.grace)
    blocks.push(...graceBlocks(run, run.data.grace, signer));
  // In the grace period its section says what the message would, except why an Undo did not go through.
  const said = run.status === 'paused' || (run.status === 'in grace period' && !run.data.grace?.undo);
  if (run.message && !said) blocks.push(context([escapeMrkdwn(run.message)]));
  return blocks;
}

/** The grace period: what waits until when; Undo (unsuspend, end the run) and Continue now. */
function graceBlocks(run: Run, grace: NonNullable<Run['data']['grace']>, signer: ButtonSigner): KnownBlock[] {
  const from = run.data.plan.findIndex((t) => t.id === grace.from);
  const held = run.data.plan.slice(Math.max(from, 0)).map((t) => escapeMrkdwn(t.label));
  const until =
    grace.until === undefined ? 'after containment' : `until *${new Date(grace.until).toISOString()}*`;
  return [
    divider(),
    section(
      `*Grace period:* ${who(run)} is suspended and signed out. ${held.join(', ')} wait ${until}` +
        (grace.undo ? `; held since ${escapeMrkdwn(grace.undo.by)} clicked Undo.` : '.') +
        ' *Undo* unsuspends them and ends the run (cleared sessions stay cleared); *Continue now* runs the rest at once.',
    ),
    actions(`grace:${run.runId}`, [
      button({
        actionId: 'undo',
        text: 'Undo',
        value: signed(signer, 'undo', run),
        confirm: {
          title: 'Undo this offboarding?',
          text: `${who(run)} will be unsuspended in Okta and the run ends. Sessions already cleared cannot be restored: they sign in again.`,
          confirm: 'Undo',
          deny: 'Back',
        },
      }),
      button({
        actionId: 'continue',
        text: 'Continue now',
        style: 'danger',
        value: signed(signer, 'continue', run),
        confirm: {
          title: 'End the grace period now?',
          text: `${held.join(', ')} will run for ${who(run)} within a minute. They cannot be undone.`,
          confirm: 'Continue now',
          deny: 'Back',
          style: 'danger',
        },
      }),
    ]),
  ];
}

/** The two-person rule's request: who, asked by whom, why, what would run; Approve and Deny. */
function approvalBlocks(
  run: Run,
  approval: NonNullable<Run['data']['approval']>,
  signer: ButtonSigner,
): KnownBlock[] {
  const expiresAt = Math.floor(approval.until / 1000);
  const tasks = run.data.plan.map((t) => escapeMrkdwn(t.label)).join(', ');
  return [
    divider(),
    section(
      `*Approval needed* (${escapeMrkdwn(approval.reason)}): <@${run.data.requester.slackUserId}> asks to offboard ` +
        `*${who(run)}* (${escapeMrkdwn(run.data.target.login)}). Approving suspends and signs them out of Okta at once, ` +
        `then runs: ${tasks}. Nothing has changed in Okta yet.`,
    ),
    context([
      `An approver or admin other than the requester may answer, until ${new Date(approval.until).toISOString()}; after that the run expires.`,
    ]),
    actions(`approval:${run.runId}`, [
      button({
        actionId: 'approve',
        text: 'Approve',
        style: 'danger',
        value: signed(signer, 'approve', run, { expiresAt }),
        confirm: {
          title: 'Approve this offboarding?',
          text: `${who(run)} will be suspended and signed out of Okta now. The other tasks follow; most cannot be undone.`,
          confirm: 'Approve',
          deny: 'Back',
          style: 'danger',
        },
      }),
      button({ actionId: 'deny', text: 'Deny', value: signed(signer, 'deny', run, { expiresAt }) }),
    ]),
  ];
}

/** The fallback `text` (notifications, screen readers). Slack parses it as mrkdwn, so names are escaped. */
export function runText(run: Run): string {
  return `Offboarding ${escapeMrkdwn(run.data.target.displayName)} (${run.runId}): ${run.status}`;
}

/** Runs listed by `/offboard status` before "and N more" (a section holds 3,000 characters). */
const LISTED_RUNS = 20;

/** `/offboard status` alone: one line per run under way, oldest request first. */
export function runsUnderWayBlocks(runs: Run[]): KnownBlock[] {
  const sorted = [...runs].sort((a, b) => a.requestedAt.getTime() - b.requestedAt.getTime());
  const lines = sorted
    .slice(0, LISTED_RUNS)
    .map(
      (run) =>
        `${STATUS_MARK[run.status] ?? '•'} *${escapeMrkdwn(run.status)}* · ${who(run)} (${escapeMrkdwn(run.data.target.login)}) · \`${run.runId}\` · requested by <@${run.data.requester.slackUserId}>`,
    );
  const blocks: KnownBlock[] = [header(`Runs under way (${runs.length})`)];
  for (let i = 0; i < lines.length; i += 10) blocks.push(section(lines.slice(i, i + 10).join('\n')));
  if (runs.length > LISTED_RUNS) blocks.push(context([`and ${runs.length - LISTED_RUNS} more`]));
  blocks.push(context(['See one with `/offboard status <run id>`.']));
  return blocks;
}

/** The status reply: same checklist, no buttons. */
export function statusBlocks(run: Run): KnownBlock[] {
  const blocks: KnownBlock[] = [
    header(`${STATUS_MARK[run.status]} ${run.status} · ${run.data.target.displayName}`),
    context([
      `Run ${run.runId} · ${escapeMrkdwn(run.data.target.login)} · requested ${run.requestedAt.toISOString()} by ${escapeMrkdwn(run.requestedBy)}`,
    ]),
    section(checklist(run)),
  ];
  if (run.message) blocks.push(context([escapeMrkdwn(run.message)]));
  return blocks;
}
