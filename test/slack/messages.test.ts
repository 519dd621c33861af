// User-facing texts: usage, one sentence per error code, reply shapes.

import { OffboardError, type ErrorCode } from '../../src/errors';
import { section } from '../../src/slack/blocks';
import {
  ephemeral,
  errorText,
  inChannel,
  invalidCommandText,
  replaceOriginal,
  unverifiedText,
  usageText,
} from '../../src/slack/messages';

/** Every code in src/errors.ts; the compiler checks the list is complete (see the Record below). */
const ALL: Record<ErrorCode, true> = {
  BAD_REQUEST: true,
  UNVERIFIED_REQUEST: true,
  CONFIG_MISSING: true,
  CONFIG_INVALID: true,
  GOOGLE_SERVICE_OFF: true,
  GOOGLE_FORBIDDEN: true,
  GOOGLE_FAILED: true,
  CONFIG_NOT_AUTHORIZED: true,
  UNKNOWN_COMMAND: true,
  BAD_TARGET: true,
  BAD_SCHEDULE: true,
  NOT_APPROVED: true,
  NOT_ALLOWED: true,
  SELF_OFFBOARD: true,
  TARGET_PROTECTED: true,
  PROTECTION_UNCHECKED: true,
  TARGET_NOT_FOUND: true,
  TARGET_AMBIGUOUS: true,
  TARGET_DEPROVISIONED: true,
  OKTA_RATE_LIMITED: true,
  OKTA_UNAUTHORIZED: true,
  OKTA_FORBIDDEN: true,
  OKTA_MISSING_SCOPE: true,
  OKTA_NOT_FOUND: true,
  OKTA_INVALID: true,
  OKTA_SERVER: true,
  OKTA_NETWORK: true,
  WEBHOOK_REFUSED: true,
  WEBHOOK_FAILED: true,
  SLACK_API: true,
  RUN_NOT_FOUND: true,
  RUN_ACTIVE: true,
  RUN_FINISHED: true,
  RUN_STATE: true,
  QUEUE_NOTHING_TO_TAKE: true,
  CLICK_FORGED: true,
  CLICK_EXPIRED: true,
  LOCK_TIMEOUT: true,
  SHEET_MISSING_TAB: true,
  SHEET_MISSING_COLUMN: true,
  INTERNAL: true,
};
const CODES = Object.keys(ALL) as ErrorCode[];

const SECRET_MESSAGE = 'Bearer xoxb-secret at UrlFetchApp.fetch (stack line 12)';

describe('usageText', () => {
  it.each(['/offboard jane@corp.com', '/offboard status', 'OFF-', '/offboard help'])('shows %s', (part) => {
    expect(usageText()).toContain(part);
  });
});

describe('errorText', () => {
  it.each(CODES)('has a sentence for %s', (code) => {
    expect(errorText(new OffboardError(code, 'internal note')).length).toBeGreaterThan(10);
  });

  it.each(CODES)('never shows the error message for %s', (code) => {
    expect(errorText(new OffboardError(code, SECRET_MESSAGE))).not.toContain('xoxb');
  });

  it('names the person nobody in Okta matches', () => {
    const text = errorText(new OffboardError('TARGET_NOT_FOUND', 'no match', { target: 'jane@x.com' }));
    expect(text).toBe('No Okta user matches `jane@x.com`. Check the spelling or use their Okta login.');
  });

  it('lists the logins of the live accounts an ambiguous address matches', () => {
    const text = errorText(
      new OffboardError('TARGET_AMBIGUOUS', 'two', {
        target: 'alex@x.com',
        matches: 2,
        logins: 'alex@x.com, alex.contractor@x.com',
      }),
    );
    expect(text).toContain('2 live Okta users match `alex@x.com` (`alex@x.com, alex.contractor@x.com`)');
  });

  it('says an address that matches only a deactivated account has nothing to offboard', () => {
    const text = errorText(
      new OffboardError('TARGET_DEPROVISIONED', 'gone', { target: 'olivia@x.com', logins: 'olivia@x.com' }),
    );
    expect(text).toBe(
      '`olivia@x.com` matches only a deactivated Okta account (`olivia@x.com`): there is nothing left to offboard. If they still have access, look for their current account in the Okta admin console.',
    );
  });

  it('escapes what it repeats, so an input cannot ping a channel', () => {
    const text = errorText(new OffboardError('BAD_TARGET', 'bad', { input: '<!channel>' }));
    expect(text).toContain('`&lt;!channel&gt;`');
  });

  it('names the run that is already active and how to see it', () => {
    const text = errorText(
      new OffboardError('RUN_ACTIVE', 'active', { target: 'jane@x.com', runId: 'OFF-20261129-K7Q2M' }),
    );
    expect(text).toContain('/offboard status OFF-20261129-K7Q2M');
  });

  it('says when Okta will be tried again', () => {
    const text = errorText(new OffboardError('OKTA_RATE_LIMITED', 'slow', { retryAfterSeconds: 41.2 }));
    expect(text).toContain('42 seconds');
  });

  it('tells how to fix a bot that is not in the report channel', () => {
    const text = errorText(new OffboardError('SLACK_API', 'post failed', { error: 'not_in_channel' }));
    expect(text).toContain('Invite the Offboard app');
  });

  it('names the missing tab and column', () => {
    const text = errorText(
      new OffboardError('SHEET_MISSING_COLUMN', 'x', { tab: 'Approved Users', column: 'Slack User ID' }),
    );
    expect(text).toContain('`Approved Users` tab has no `Slack User ID` column');
  });

  it('reveals nothing for an unverified request', () => {
    const text = errorText(new OffboardError('UNVERIFIED_REQUEST', 'team T9 not pinned', { teamId: 'T9' }));
    expect(text).toBe(unverifiedText());
  });

  it('reveals nothing about a forged click', () => {
    const text = errorText(
      new OffboardError('CLICK_FORGED', 'sig mismatch', { runId: 'OFF-20261129-K7Q2M' }),
    );
    expect(text).toBe('This button could not be verified.');
  });
});

describe('invalidCommandText', () => {
  it('adds where to find examples to the reason', () => {
    expect(invalidCommandText('Did not understand `now`.')).toBe(
      'Did not understand `now`. Type `/offboard help` for examples.',
    );
  });
});

describe('reply builders', () => {
  const blocks = [section('hello')];

  it('builds an ephemeral reply', () => {
    expect(ephemeral('hi', blocks)).toEqual({ response_type: 'ephemeral', text: 'hi', blocks });
  });

  it('builds an in-channel reply', () => {
    expect(inChannel('hi')).toEqual({ response_type: 'in_channel', text: 'hi' });
  });

  it('builds a reply that replaces the original message', () => {
    expect(replaceOriginal('done', blocks)).toEqual({ replace_original: true, text: 'done', blocks });
  });

  it('leaves out an empty block list', () => {
    expect('blocks' in ephemeral('hi', [])).toBe(false);
  });
});
