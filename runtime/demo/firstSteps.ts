// What to try first in the demo: shown on the page (the terminal's copy scrolls away under the log) and
// printed by `npm start`. Text between backticks is something to type.

import { FIRST_PERSON, FIRST_TARGET } from './people';
import type { SeededSchedule } from './seedSchedule';

export function firstSteps(seeded: SeededSchedule | null, graceHours: number | null = null): string[] {
  return [
    `You are ${FIRST_PERSON.name} (${FIRST_PERSON.role}). Type \`/offboard ${FIRST_TARGET}\` and press Enter, then Confirm. Jane holds Okta admin roles, so a second person must approve: switch to Mei Chen (approver) and click Approve in #offboarding.`,
    'The worker finishes the run in #offboarding; the Sheet tabs and each person’s Okta status update beside it.',
    'To see a pause: “Make the next call of deactivateUser fail with 403”, offboard `john.smith@example.com`, then Retry, Skip or Abort.',
    'A protected person: as Carlos Garcia (requester), `/offboard sam.rivera@example.com` is refused: Sam is an Okta Super Administrator.',
    seeded
      ? `A scheduled run: ${seeded.requester} asked to offboard ${seeded.target} at ${seeded.at} (${seeded.timeZone}). Its message in #offboarding shows Cancel; at that time the worker looks her up again and starts it.`
      : 'A scheduled run: `/offboard janet.lee@example.com at YYYY-MM-DD HH:MM` (a minute or two ahead, in the Settings tab’s Time Zone), then Confirm; its message shows Cancel until the worker starts it.',
    ...(graceHours
      ? [
          `A grace period: the Settings tab’s Grace Period Hours is ${graceHours} (${Math.round(graceHours * 60)} minutes), so after Confirm the person is suspended and signed out at once and the rest waits: click Undo on the run message to bring them back (the run ends undone), or Continue now. Set it to 0 to skip the wait.`,
        ]
      : []),
    'A rehire: once a run has completed, as Sam `/offboard restore <run id>` answers that the person must be reactivated in Okta first (this page cannot; the fake Okta’s `POST /api/v1/users/<id>/lifecycle/activate` can), then puts them back in the groups the run removed.',
  ];
}
