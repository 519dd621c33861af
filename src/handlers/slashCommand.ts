// /offboard: help, status, or a request that ends in a confirmation card. Within Slack's 3 seconds:
// no trigger creation, no Okta writes, one Sheet read (Offboarding) when the caches are warm.

import { OffboardError } from '../errors';
import type { OktaUser } from '../okta/types';
import { findTarget } from '../okta/findUser';
import { requestRun } from '../run/engine';
import { loadPlan } from '../run/plan';
import { confirmationCard, statusBlocks } from '../run/present';
import { keepResponseUrl } from '../run/reporter';
import { sheetRunStore } from '../run/runsTable';
import type { Run } from '../run/types';
import { parseCommandText, type Command, type Target } from '../slack/command';
import { ephemeral, invalidCommandText, usageText, type SlackMessage } from '../slack/messages';
import type { SlashCommand } from '../slack/payloads';
import { callerEmail, identifyCaller, slackEmail, type Caller } from './caller';
import type { AppContext } from './context';

/** Okta lookups on the slash path get this long, so the card still comes back inside 3 seconds. */
export const LOOKUP_BUDGET_MS = 1_500;

export function handleSlashCommand(ctx: AppContext, body: SlashCommand): SlackMessage {
  const command = parseCommandText(body.text ?? '');
  if (command.kind === 'help') return ephemeral(usageText());
  if (command.kind === 'invalid') {
    return ephemeral(invalidCommandText(command.reason));
  }
  const caller = identifyCaller(ctx, body.user_id, body.user_name, `/offboard ${body.text}`);
  ctx.audit({ actor: caller.label, action: 'command', detail: `/offboard ${body.text}` });
  if (command.kind === 'status') return status(ctx, command);
  return request(ctx, caller, command.target, body);
}

function request(ctx: AppContext, caller: Caller, target: Target, body: SlashCommand): SlackMessage {
  const input = body.text.trim();
  const user = resolve(ctx, caller, target);
  const mine = callerEmail(ctx, caller);
  const theirs = [user.profile.login, user.profile.email].map((x) => x?.toLowerCase());
  if (mine && theirs.includes(mine)) {
    ctx.audit({ actor: caller.label, action: 'refused: self-offboarding', detail: user.profile.login });
    throw new OffboardError('SELF_OFFBOARD', 'The caller asked to offboard themselves.');
  }
  const plan = loadPlan(ctx.services.spreadsheet(), ctx.services.cache);
  let run: Run;
  try {
    run = requestRun(ctx.engine(), {
      requester: { slackUserId: caller.slackUserId, name: caller.approved.name || body.user_name },
      input,
      user,
      plan,
    });
  } catch (e) {
    if (e instanceof OffboardError && e.code === 'RUN_ACTIVE') {
      ctx.audit({ actor: caller.label, action: 'refused: run active', runId: String(e.detail.runId) });
    }
    throw e;
  }
  keepResponseUrl(ctx, run.runId, body.response_url, 0);
  ctx.audit({ actor: caller.label, action: 'requested', runId: run.runId, detail: user.profile.login });
  const signer = { crypto: ctx.services.crypto, secret: ctx.signingSecret() };
  return ephemeral(`Confirm offboarding ${run.data.target.displayName} (${run.runId})`, confirmationCard(run, user, signer));
}

/** The target as one Okta user: a mention through Slack's users.info, then an exact Okta lookup. */
function resolve(ctx: AppContext, caller: Caller, target: Target): OktaUser {
  let query: { kind: 'email'; email: string } | { kind: 'login'; login: string };
  if (target.kind === 'slack_user') {
    if (target.userId === caller.slackUserId) {
      ctx.audit({ actor: caller.label, action: 'refused: self-offboarding', detail: `<@${target.userId}>` });
      throw new OffboardError('SELF_OFFBOARD', 'The caller mentioned themselves.');
    }
    const email = slackEmail(ctx, target.userId);
    if (!email) {
      throw new OffboardError('TARGET_NOT_FOUND', `Slack has no email for ${target.userId}.`, {
        target: target.name ? `@${target.name}` : `<@${target.userId}>`,
      });
    }
    query = { kind: 'email', email };
  } else {
    query = target.kind === 'email' ? { kind: 'email', email: target.email } : { kind: 'login', login: target.login };
  }
  const found = findTarget(ctx.okta(ctx.startedAt + LOOKUP_BUDGET_MS), query);
  if (!found.ok) {
    ctx.audit({ actor: caller.label, action: `refused: ${found.error.code}`, detail: found.error.message });
    throw found.error;
  }
  return found.user;
}

function status(ctx: AppContext, command: Extract<Command, { kind: 'status' }>): SlackMessage {
  const runs = sheetRunStore(ctx.services.spreadsheet()).list();
  const q = command.query;
  const wanted = (run: Run): boolean => {
    const t = run.data.target;
    switch (q.kind) {
      case 'run':
        return run.runId.toUpperCase() === q.runId.toUpperCase();
      case 'email':
        return [t.email, t.login, run.target].some((x) => x?.toLowerCase() === q.email);
      case 'login':
        return [t.login, run.target].some((x) => x?.toLowerCase() === q.login.toLowerCase());
      case 'slack_user':
        return t.input.includes(q.userId);
    }
  };
  const latest = runs.filter(wanted).sort((a, b) => b.requestedAt.getTime() - a.requestedAt.getTime())[0];
  if (!latest) {
    const what = q.kind === 'run' ? q.runId : q.kind === 'email' ? q.email : q.kind === 'login' ? q.login : `<@${q.userId}>`;
    throw new OffboardError('RUN_NOT_FOUND', `No run for ${what}.`, q.kind === 'run' ? { runId: what } : { input: what });
  }
  return ephemeral(`${latest.runId}: ${latest.status}`, statusBlocks(latest));
}
