// The daily health check: one more job for the every-minute worker, run at most once a day (its state in
// Script Properties). Each check's result goes to the Audit Log; problems are posted to the report
// channel once, and again when fixed; checkConfiguration shows the last result.

import { PROPERTY } from '../config';
import type { AppContext } from '../handlers/context';
import { escapeMrkdwn } from '../slack/blocks';
import { runChecks, type CheckName, type Finding } from './checks';

export const HEALTH_EVERY_MS = 24 * 60 * 60_000;
export const HEALTH_ACTOR = 'Offboard health check';
/** Script Properties hold 9 KB a value: finding texts are cut to this. */
const MAX_TEXT = 300;

export interface HealthState {
  /** Epoch ms of the last run that started. */
  lastRunAt: number;
  findings: Finding[];
  /** Problems already posted, by check: posted again only when fixed (or when they change). */
  posted: Partial<Record<CheckName, string>>;
}

export function readHealthState(ctx: AppContext): HealthState | null {
  try {
    const v = JSON.parse(ctx.config.healthState ?? '') as HealthState;
    return typeof v?.lastRunAt === 'number' && Array.isArray(v.findings)
      ? { ...v, posted: v.posted ?? {} }
      : null;
  } catch {
    return null;
  }
}

/** Runs the check when a day has passed since the last; null when it was not due. */
export function healthCheckIfDue(ctx: AppContext): HealthState | null {
  const now = ctx.services.clock.now();
  const previous = readHealthState(ctx);
  if (previous && now - previous.lastRunAt < HEALTH_EVERY_MS) return null;
  return runHealthCheck(ctx, previous);
}

export function runHealthCheck(ctx: AppContext, previous: HealthState | null): HealthState {
  const now = ctx.services.clock.now();
  // Claim the day first, so an execution that dies mid-check does not retry every minute.
  const claimed: HealthState = {
    lastRunAt: now,
    findings: previous?.findings ?? [],
    posted: previous?.posted ?? {},
  };
  save(ctx, claimed);

  const findings = runChecks(ctx).map((f) => ({ ...f, text: f.text.slice(0, MAX_TEXT) }));
  for (const f of findings) {
    ctx.audit({
      actor: HEALTH_ACTOR,
      action: `health: ${f.check} ${f.ok ? 'ok' : 'problem'}`,
      detail: f.text,
    });
  }

  const posted = { ...claimed.posted };
  const fresh = findings.filter((f) => !f.ok && posted[f.check] !== f.text);
  const fixed = findings.filter((f) => f.ok && posted[f.check] !== undefined);
  if (fresh.length || fixed.length) {
    const sent = post(ctx, fresh, fixed);
    if (sent) {
      for (const f of fresh) posted[f.check] = f.text;
      for (const f of fixed) delete posted[f.check];
    }
  }
  const state: HealthState = { lastRunAt: now, findings, posted };
  save(ctx, state);
  return state;
}

function post(ctx: AppContext, fresh: Finding[], fixed: Finding[]): boolean {
  const channel = ctx.config.slackReportChannel;
  if (!channel || !ctx.config.slackBotToken) return false;
  const lines = ['*Offboard health check*'];
  if (fresh.length) lines.push('Problems:', ...fresh.map((f) => `• ${f.check}: ${escapeMrkdwn(f.text)}`));
  if (fixed.length) lines.push('Fixed:', ...fixed.map((f) => `• ${f.check}: ${escapeMrkdwn(f.text)}`));
  const r = ctx.slack().postMessage({ channel, text: lines.join('\n') });
  if (!r.ok) ctx.services.log.warn('health check post failed', { error: r.error });
  return r.ok;
}

function save(ctx: AppContext, state: HealthState): void {
  ctx.services.properties.set(PROPERTY.healthState, JSON.stringify(state));
}

/** For checkConfiguration: when the check last ran and what it found. */
export function lastHealthLines(ctx: AppContext): string[] {
  const state = readHealthState(ctx);
  if (!state) return ['Health check: not run yet (the worker runs it once a day)'];
  const when = new Date(state.lastRunAt).toISOString().replace('T', ' ').slice(0, 16) + ' UTC';
  const problems = state.findings.filter((f) => !f.ok);
  if (state.findings.length === 0) return [`Health check: started ${when}, no result recorded`];
  if (problems.length === 0) return [`Health check (${when}): all ${state.findings.length} checks OK`];
  return [
    `Health check (${when}): ${problems.length} problem(s)`,
    ...problems.map((f) => `  ${f.check}: ${f.text}`),
  ];
}
