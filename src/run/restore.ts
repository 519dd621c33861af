// `/offboard restore <run id>`: for a rehire, the person goes back into the Okta groups a finished run
// removed (its Run Details rows of Kind "group removed"). Reported to the asker, in the run's thread and
// in the Audit Log. Nothing changes when Okta shows the person deactivated.

import { OffboardError } from '../errors';
import { restoreGroups, type GroupResult, type RestoreOutcome } from '../tasks/restoreGroups';
import { nameList } from '../tasks/outcomes';
import { RESTORE_BUDGET_MS } from './budgets';
import type { EngineDeps } from './deps';
import { isActive, type Run } from './types';

export type RestoreReport =
  | { run: Run; kind: 'nothing removed' }
  | { run: Run; kind: 'deprovisioned' }
  | { run: Run; kind: 'unread'; message: string }
  | { run: Run; kind: 'done'; results: GroupResult[] };

/** Restores what the run removed. `actor` has been checked (admins only) by the caller. */
export function restoreRun(
  deps: EngineDeps,
  request: { runId: string; actor: string; startedAt: number },
): RestoreReport {
  const { runId, actor, startedAt } = request;
  const run = deps.store.get(runId);
  if (!run) throw new OffboardError('RUN_NOT_FOUND', `No run ${runId}.`, { runId });
  if (isActive(run.status)) {
    throw new OffboardError(
      'RUN_STATE',
      `Run ${runId} is ${run.status}; restore applies to a finished run.`,
      {
        runId,
        status: run.status,
        action: 'restore',
      },
    );
  }
  const removed = deps.store
    .details(run.runId)
    .filter((d) => d.kind === 'group removed')
    .map((d) => ({ id: d.oktaId, name: d.name || d.oktaId }));
  if (removed.length === 0) {
    deps.audit({
      actor,
      action: 'restore',
      runId: run.runId,
      detail: `${run.target}: the run removed no groups`,
    });
    return { run, kind: 'nothing removed' };
  }
  const stopAt = startedAt + RESTORE_BUDGET_MS;
  let outcome: RestoreOutcome;
  try {
    outcome = restoreGroups(deps.okta(stopAt), run.oktaUserId, removed, {
      now: () => deps.services.clock.now(),
      stopAt,
    });
  } catch (e) {
    outcome = { kind: 'unread', message: e instanceof Error ? e.message : String(e) };
  }
  const report: RestoreReport = { run, ...outcome };
  const text = restoreText(report);
  deps.audit({ actor, action: 'restore', runId: run.runId, detail: `${run.target}: ${text}` });
  if (report.kind === 'done') deps.reporter.mentionRequester(run, `Restore by ${actor}: ${text}`);
  return report;
}

/** One line for the Audit Log and the run's thread (plain text). */
export function restoreText(report: RestoreReport): string {
  switch (report.kind) {
    case 'nothing removed':
      return 'the run removed no groups; nothing to restore.';
    case 'deprovisioned':
      return `Okta shows ${report.run.target} deactivated (DEPROVISIONED): reactivate the person in Okta first, then run restore again. Nothing was changed.`;
    case 'unread':
      return `${report.message}. Nothing was changed.`;
    case 'done': {
      const by = (result: GroupResult['result']): string[] =>
        report.results.filter((r) => r.result === result).map((r) => r.group.name);
      const parts = [
        ['back in', by('restored')],
        ['already in', by('already in')],
        ['not verified', by('not verified')],
        ['failed', by('failed')],
        ['not tried yet (time budget; run restore again to continue)', by('left')],
      ] as const;
      return (
        parts
          .filter(([, names]) => names.length > 0)
          .map(([what, names]) => `${what} ${names.length}: ${nameList(names)}`)
          .join('; ') + '.'
      );
    }
  }
}
