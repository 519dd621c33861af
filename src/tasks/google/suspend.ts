// Suspend Google Account: users.update with suspended: true, verified by reading the user back.
// Reversible (an admin can unsuspend). Directory API, users.update (patch semantics).

import type { TaskDefinition } from '../types';
import { setUserFlag } from './userFlag';

export const googleSuspendTask: TaskDefinition = {
  id: 'google_suspend',
  label: 'Suspend Google Account',
  stage: 'revoke',
  description:
    'Suspend the Google Workspace account (users.update suspended: true), read back. Reversible: an admin can unsuspend. Off until turned on.',
  defaultOrder: 21,
  defaultOnFailure: 'pause',
  offByDefault: true,
  columnOptional: true,
  run: (ctx) =>
    setUserFlag(ctx, {
      field: 'suspended',
      value: true,
      doing: 'suspend the Google account',
      shown: 'suspended in Google',
    }),
};
