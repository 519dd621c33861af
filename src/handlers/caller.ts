// Who is asking: the Slack user matched against Approved Users, by Slack User ID or by email.

import { readCache, writeCache } from '../cache';
import { OffboardError } from '../errors';
import { findApprovedUser, type ApprovedUser } from '../sheet/approvedUsers';
import type { AppContext } from './context';

export interface Caller {
  slackUserId: string;
  /** How the caller is named in the Sheet and in Slack text: "Name (U123)". */
  label: string;
  approved: ApprovedUser;
}

/** The Slack user's email, from CacheService or Slack's users.info (cached for 6 hours). */
export function slackEmail(ctx: AppContext, slackUserId: string): string | null {
  const cached = readCache(
    ctx.services.cache,
    'slackEmail',
    (v): v is string => typeof v === 'string',
    slackUserId,
  );
  if (cached !== null) return cached || null;
  const info = ctx.slack().usersInfo(slackUserId);
  if (!info.ok) {
    if (info.error === 'user_not_found') return null;
    throw new OffboardError('SLACK_API', `users.info failed: ${info.error}`, { error: info.error });
  }
  const email = info.value.email?.toLowerCase() ?? '';
  writeCache(ctx.services.cache, 'slackEmail', email, slackUserId);
  return email || null;
}

/** The approved, active caller, or NOT_APPROVED (written to the Audit Log). */
export function identifyCaller(
  ctx: AppContext,
  slackUserId: string,
  userName: string,
  doing: string,
): Caller {
  const users = ctx.tabs().approvedUsers();
  let match = findApprovedUser(users, { slackUserId, email: null });
  if (!match && users.some((u) => u.email && !u.slackUserId)) {
    match = findApprovedUser(users, { slackUserId, email: slackEmail(ctx, slackUserId) });
  }
  const label = `${match?.name || userName || slackUserId} (${slackUserId})`;
  if (!match || !match.active) {
    ctx.audit({
      actor: label,
      action: 'refused: not approved',
      detail: `${match ? 'inactive in Approved Users' : 'not in Approved Users'}; tried: ${doing}`,
    });
    throw new OffboardError('NOT_APPROVED', `${slackUserId} is not an active approved user.`);
  }
  return { slackUserId, label, approved: match };
}

/** The caller's email for the self-offboarding check: the Sheet's, else Slack's. */
export function callerEmail(ctx: AppContext, caller: Caller): string | null {
  return caller.approved.email?.toLowerCase() ?? slackEmail(ctx, caller.slackUserId);
}
