// Hide from Directory: users.update with includeInGlobalAddressList: false, verified by reading the user
// back. Reversible. Directory API, User.includeInGlobalAddressList.

import type { TaskDefinition } from '../types';
import { setUserFlag } from './userFlag';

export const googleHideTask: TaskDefinition = {
  id: 'google_hide',
  label: 'Hide from Directory',
  stage: 'revoke',
  description:
    'Hide the Google account from the global address list (includeInGlobalAddressList: false), read back. Reversible. Off until turned on.',
  defaultOrder: 23,
  defaultOnFailure: 'continue',
  offByDefault: true,
  columnOptional: true,
  run: (ctx) =>
    setUserFlag(ctx, {
      field: 'includeInGlobalAddressList',
      value: false,
      doing: 'hide the Google account from the directory',
      shown: 'hidden from the Google directory',
    }),
};
