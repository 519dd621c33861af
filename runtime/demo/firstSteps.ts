// What to try first in the demo: shown on the page (the terminal's copy scrolls away under the log) and
// printed by `npm start`. Text between backticks is something to type.

import { FIRST_PERSON, FIRST_TARGET, TEAM_COMMAND } from './people';
import type { SeededSchedule } from './seedSchedule';

/** The Settings values the demo wrote on a fresh workbook (null: left as the workbook had them). */
export interface SeededSettings {
  graceHours?: number | null;
  pauseReminderHours?: number | null;
}

export function firstSteps(seeded: SeededSchedule | null, settings: SeededSettings = {}): string[] {
  const { graceHours, pauseReminderHours } = settings;
  return [
    `You are ${FIRST_PERSON.name} (${FIRST_PERSON.role}). Type \`/offboard ${FIRST_TARGET}\` and press Enter, then Confirm. Jane holds Okta admin roles, so a second person must approve: switch to Mei Chen (approver) and click Approve in #offboarding.`,
    'The worker finishes the run in #offboarding; the Sheet tabs and each person’s Okta status update beside it.',
    `A whole team at once: the Field Sales team is leaving. Click \`${TEAM_COMMAND}\` to put it in the message box and press Enter: “Looking up 8 people…” becomes one card for seven of them, Ben Carter listed apart (already deactivated in Okta). One Confirm, then one message in #offboarding counts containment, then completion, in place; each person’s checklist is in its thread, and Abort the rest stops whoever is not finished.`,
    `To see a pause: “Make the next call of deactivateUser fail with 403”, offboard \`john.smith@example.com\`, then Retry, Skip or Abort.${pauseReminderHours ? ` Leave it paused and the run’s thread is reminded every ${minutes(pauseReminderHours)} (the Settings tab’s Pause Reminder Hours is ${pauseReminderHours}).` : ''}`,
    'A protected person: as Carlos Garcia (requester), `/offboard sam.rivera@example.com` is refused: Sam is an Okta Super Administrator.',
    seeded
      ? `A scheduled run: ${seeded.requester} asked to offboard ${seeded.target} at ${seeded.at} (${seeded.timeZone}). Its message in #offboarding shows Cancel; at that time the worker looks her up again and starts it.`
      : 'A scheduled run: `/offboard janet.lee@example.com at YYYY-MM-DD HH:MM` (a minute or two ahead, in the Settings tab’s Time Zone), then Confirm; its message shows Cancel until the worker starts it.',
    ...(graceHours
      ? [
          `A grace period: the Settings tab’s Grace Period Hours is ${graceHours} (${minutes(graceHours)}), so after Confirm the person is suspended and signed out at once and the rest waits: click Undo on the run message to bring them back (the run ends undone), or Continue now. A batch (the team) waits too: Continue now on its message, or \`/offboard undo <email>\` for one person. Set it to 0 to skip the wait.`,
        ]
      : []),
    'A rehire: once a run has completed, as Sam `/offboard restore <run id>` answers that the person must be reactivated in Okta first: click Reactivate beside them in the Okta panel, then `/offboard restore <run id>` again puts them back in the groups the run removed.',
  ];
}

function minutes(hours: number): string {
  const m = Math.round(hours * 60);
  return `${m} minute${m === 1 ? '' : 's'}`;
}
