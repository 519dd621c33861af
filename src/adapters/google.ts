// Google Workspace over the Admin SDK Directory advanced service and UrlFetchApp. The advanced service is
// present only when enabled in the project (Services → Admin SDK API); without it `AdminDirectory` is
// not even declared, so it is looked up with typeof and the Google tasks fail naming the fix.

import { googleDirectory, type AdminDirectoryLike } from '../google/directory';
import type { GoogleDirectory } from '../google/call';
import type { HttpClient } from '../ports';

/** The typed service fits every method Offboard uses but Users.signOut, which @types predates. */
function asAdminDirectoryLike(real: GoogleAppsScript.AdminDirectory): AdminDirectoryLike {
  const typed: Omit<AdminDirectoryLike, 'Users'> & { Users: Omit<AdminDirectoryLike['Users'], 'signOut'> } =
    real;
  return typed as AdminDirectoryLike;
}

/** True when the Admin SDK advanced service is enabled in this script. */
export function adminDirectoryEnabled(): boolean {
  return typeof AdminDirectory !== 'undefined' && AdminDirectory !== undefined;
}

export function appsScriptGoogle(http: HttpClient): GoogleDirectory {
  return googleDirectory({
    admin: adminDirectoryEnabled() ? asAdminDirectoryLike(AdminDirectory!) : undefined,
    http,
    // The deployer's OAuth token, with the manifest's scopes (admin.datatransfer among them); passed in
    // the Authorization header of the Data Transfer calls only, never logged or stored.
    oauthToken: () => ScriptApp.getOAuthToken(),
  });
}
