// Whether the Google Workspace tasks can work here, in one line for checkConfiguration and the health
// check: off; on without the advanced service (naming the fix); on, with a harmless read as the proof.

import { googleCall, type GoogleDirectory } from './call';
import { SERVICE_OFF_MESSAGE } from './directory';

export interface GoogleFinding {
  ok: boolean;
  text: string;
}

export function googleWorkspaceFinding(options: {
  google: GoogleDirectory | undefined;
  /** Labels of the Google tasks ticked in the Tasks tab. */
  enabledLabels: string[];
  /** The deployer's address: read with users.get, which needs the scope and a user-read privilege. */
  deployerEmail: string;
}): GoogleFinding {
  const { google, enabledLabels, deployerEmail } = options;
  if (enabledLabels.length === 0) {
    return { ok: true, text: 'Google Workspace tasks are off (Tasks tab): nothing is sent to Google' };
  }
  const on = `Google Workspace tasks are on (${enabledLabels.join(', ')})`;
  if (!google) return { ok: false, text: `${on}, but this Offboard cannot reach Google` };
  if (!google.serviceEnabled) return { ok: false, text: `${on}, but they will fail: ${SERVICE_OFF_MESSAGE}` };
  if (deployerEmail === '') {
    return { ok: true, text: `${on}; the Admin SDK advanced service is enabled` };
  }
  const [read] = google.sendAll([googleCall({ method: 'users.get', userKey: deployerEmail })]);
  if (read?.ok) {
    return {
      ok: true,
      text: `${on}; the Admin SDK advanced service is enabled and Google answers users.get`,
    };
  }
  const why = read ? `${read.error.status || 'no answer'} ${read.error.message}` : 'no answer';
  return {
    ok: false,
    text: `${on}, but Google refused a test read of ${deployerEmail} (${why}): the deployer must be a Workspace admin with the privileges in the README`,
  };
}
