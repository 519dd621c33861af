// Sign Out of Google: end every web and device session (users.signOut), revoke every OAuth token the person
// granted to apps (tokens.list / tokens.delete), every app-specific password (asps) and the backup codes
// (verificationCodes.invalidate); then re-list tokens, app passwords and backup codes. Google offers no
// read-back of sessions: its 2xx to signOut is the proof, and the cell says so.
// Directory API: users.signOut, tokens, asps, verificationCodes (scope admin.directory.user.security).

import { googleCall, type GoogleResult } from '../../google/call';
import { sendGoogleEach } from '../send';
import type { AnyTaskSteps, RunDetail, TaskContext, TaskDefinition } from '../types';
import { plural } from '../outcomes';
import { findGoogleAccount, googleFailed } from './account';

interface Token {
  clientId: string;
  displayText: string;
}
interface Asp {
  codeId: number;
  name: string;
}

function itemsOf(result: GoogleResult): unknown[] | null {
  if (!result.ok) return null;
  const items = (result.body as { items?: unknown } | null)?.items;
  // Google leaves `items` out of an empty list.
  return items === undefined ? [] : Array.isArray(items) ? items : null;
}

function tokensOf(result: GoogleResult): Token[] | null {
  return (
    itemsOf(result)?.map((t) => {
      const token = t as Partial<Token>;
      return {
        clientId: String(token.clientId ?? ''),
        displayText: String(token.displayText ?? token.clientId ?? ''),
      };
    }) ?? null
  );
}

function aspsOf(result: GoogleResult): Asp[] | null {
  return (
    itemsOf(result)?.map((a) => {
      const asp = a as Partial<Asp>;
      return { codeId: Number(asp.codeId), name: String(asp.name ?? asp.codeId ?? '') };
    }) ?? null
  );
}

function* run(ctx: TaskContext): AnyTaskSteps {
  const doing = 'sign the person out of Google';
  const found = yield* findGoogleAccount(ctx, doing);
  if ('outcome' in found) return found.outcome;
  const key = found.user.id;
  const email = found.user.primaryEmail;

  const [signedOut, tokenList, aspList, invalidated] = yield* sendGoogleEach([
    googleCall({ method: 'users.signOut', userKey: key }),
    googleCall({ method: 'tokens.list', userKey: key }),
    googleCall({ method: 'asps.list', userKey: key }),
    googleCall({ method: 'verificationCodes.invalidate', userKey: key }),
  ]);
  for (const [result, what] of [
    [signedOut, 'sign the person out of Google'],
    [tokenList, "list the person's Google app tokens"],
    [aspList, "list the person's app passwords"],
    [invalidated, "invalidate the person's backup codes"],
  ] as const) {
    if (!result!.ok) return googleFailed(result!.error, what);
  }
  const tokens = tokensOf(tokenList!) ?? [];
  const asps = aspsOf(aspList!) ?? [];

  // A 404 on a delete means it is gone already: the re-list below decides. A 403 is kept: it repeats.
  const deletes = yield* sendGoogleEach([
    ...tokens.map((t) => googleCall({ method: 'tokens.delete', userKey: key, clientId: t.clientId })),
    ...asps.map((a) => googleCall({ method: 'asps.delete', userKey: key, codeId: a.codeId })),
  ]);

  const [tokensNow, aspsNow, codesNow] = yield* sendGoogleEach([
    googleCall({ method: 'tokens.list', userKey: key }),
    googleCall({ method: 'asps.list', userKey: key }),
    googleCall({ method: 'verificationCodes.list', userKey: key }),
  ]);
  const leftTokens = tokensOf(tokensNow!);
  const leftAsps = aspsOf(aspsNow!);
  const leftCodes = itemsOf(codesNow!);
  if (leftTokens === null || leftAsps === null || leftCodes === null) {
    const failure = [tokensNow!, aspsNow!, codesNow!].find((r) => !r.ok);
    return failure && !failure.ok
      ? googleFailed(failure.error, 're-list tokens, app passwords and backup codes to verify', {
          transient: true,
        })
      : {
          kind: 'failed',
          transient: true,
          code: 'GOOGLE_FAILED',
          message: 'Google’s re-list to verify was not understood; will check again.',
        };
  }

  const details: RunDetail[] = [
    ...tokens
      .filter((t) => !leftTokens.some((l) => l.clientId === t.clientId))
      .map((t): RunDetail => ({ kind: 'google token revoked', oktaId: t.clientId, name: t.displayText })),
    ...asps
      .filter((a) => !leftAsps.some((l) => l.codeId === a.codeId))
      .map((a): RunDetail => ({
        kind: 'google app password revoked',
        oktaId: String(a.codeId),
        name: a.name,
      })),
  ];
  const left = [
    ...(leftTokens.length > 0 ? [plural(leftTokens.length, 'app token')] : []),
    ...(leftAsps.length > 0 ? [plural(leftAsps.length, 'app password')] : []),
    ...(leftCodes.length > 0 ? [plural(leftCodes.length, 'backup code')] : []),
  ];
  if (left.length > 0) {
    const refused = deletes.find((r) => !r.ok && r.error.status === 403);
    if (refused && !refused.ok) {
      return {
        kind: 'failed',
        transient: false,
        code: 'GOOGLE_FORBIDDEN',
        message: `Signed ${email} out of Google, but Google still lists ${left.join(', ')}: it refused the removal (403 ${refused.error.message}). The admin who deployed Offboard needs the privilege and scope in the README.`,
        details,
      };
    }
    return {
      kind: 'failed',
      transient: true,
      code: 'GOOGLE_FAILED',
      message: `Signed ${email} out of Google, but Google still lists ${left.join(', ')} (re-listed); will try again.`,
      details,
    };
  }
  return {
    kind: 'done',
    detail: `Signed ${email} out of every Google session (Google's 2xx is the proof: it offers no read-back of sessions); revoked ${plural(tokens.length, 'app token')} and ${plural(asps.length, 'app password')}, invalidated the backup codes; Google lists none now (re-listed).`,
    details,
  };
}

export const googleSignOutTask: TaskDefinition = {
  id: 'google_sign_out',
  label: 'Sign Out of Google',
  stage: 'revoke',
  description:
    'End every Google web and device session (users.signOut), revoke app tokens, app passwords and backup codes, then re-list them. Nothing to restore. Off until turned on.',
  defaultOrder: 20,
  defaultOnFailure: 'pause',
  offByDefault: true,
  columnOptional: true,
  run,
};
