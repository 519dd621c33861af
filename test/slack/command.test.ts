// The /offboard grammar, including the exact strings Slack sends for emails, mentions and links.

import { RUN_ID_PATTERN, isEmail, parseCommandText, type Command } from '../../src/slack/command';

function reasonOf(command: Command): string {
  if (command.kind !== 'invalid') throw new Error(`expected invalid, got ${command.kind}`);
  return command.reason;
}

describe('parseCommandText: help', () => {
  it.each(['', '   ', '\t\n', 'help', 'HELP', '  Help  '])('answers %j with help', (text) => {
    expect(parseCommandText(text)).toEqual({ kind: 'help' });
  });

  it('refuses words after help, naming them', () => {
    expect(reasonOf(parseCommandText('help me'))).toContain('`me`');
  });
});

describe('parseCommandText: offboard a person', () => {
  it.each([
    ['jane@corp.com', 'jane@corp.com'],
    ['Jane.Doe@Corp.COM', 'jane.doe@corp.com'],
    ['  jane@corp.com  ', 'jane@corp.com'],
    ['jane+it@mail.corp.co.uk', 'jane+it@mail.corp.co.uk'],
    ["o'brien@corp.com", "o'brien@corp.com"],
  ])('reads the email %j', (text, email) => {
    expect(parseCommandText(text)).toEqual({ kind: 'offboard', target: { kind: 'email', email } });
  });

  it('answers a bare @name (a mention Slack did not escape) with a hint to pick the person', () => {
    const reason = reasonOf(parseCommandText('@jane'));
    expect(reason).toMatch(/^`@jane` arrived as plain text, not as a Slack mention/);
  });

  it('reads the mailto link Slack makes of a typed email', () => {
    expect(parseCommandText('<mailto:Jane@Corp.com|Jane@Corp.com>')).toEqual({
      kind: 'offboard',
      target: { kind: 'email', email: 'jane@corp.com' },
    });
  });

  it('unescapes &amp; in an email after taking links out', () => {
    expect(parseCommandText('a&amp;b@corp.com')).toEqual({
      kind: 'offboard',
      target: { kind: 'email', email: 'a&b@corp.com' },
    });
  });

  it.each([
    ['<@U123ABC|jane>', { kind: 'slack_user', userId: 'U123ABC', name: 'jane' }],
    ['<@U123ABC>', { kind: 'slack_user', userId: 'U123ABC' }],
    ['<@W123ABC>', { kind: 'slack_user', userId: 'W123ABC' }],
    ['<@U123ABC|j&amp;d>', { kind: 'slack_user', userId: 'U123ABC', name: 'j&d' }],
  ])('reads the mention %s', (text, target) => {
    expect(parseCommandText(text)).toEqual({ kind: 'offboard', target });
  });

  it.each(['jane.doe', 'jdoe', 'jane@corp', 'JDoe_2', 'a-b+c'])('reads %j as an Okta login', (login) => {
    expect(parseCommandText(login)).toEqual({ kind: 'offboard', target: { kind: 'login', login } });
  });

  it('refuses a login longer than 100 characters', () => {
    expect(parseCommandText('a'.repeat(101)).kind).toBe('invalid');
  });

  it('refuses a word with characters no login has, naming it', () => {
    expect(reasonOf(parseCommandText('jane#doe'))).toContain('`jane#doe`');
  });

  it('keeps a typed, escaped mention as text instead of making it a mention', () => {
    // Slack sends a literally typed "<@U1>" as "&lt;@U1&gt;": it must not become a Slack user.
    const command = parseCommandText('&lt;@U1&gt;');
    expect(command.kind).toBe('invalid');
  });

  it('points a bare run id to status', () => {
    expect(reasonOf(parseCommandText('OFF-20261129-K7Q2M'))).toContain('`status OFF-20261129-K7Q2M`');
  });
});

describe('parseCommandText: status', () => {
  it('reads status with a run id', () => {
    expect(parseCommandText('status OFF-20261129-K7Q2M')).toEqual({
      kind: 'status',
      query: { kind: 'run', runId: 'OFF-20261129-K7Q2M' },
    });
  });

  it('upper-cases a run id typed in lower case', () => {
    expect(parseCommandText('STATUS off-20261129-k7q2m')).toEqual({
      kind: 'status',
      query: { kind: 'run', runId: 'OFF-20261129-K7Q2M' },
    });
  });

  it('reads status with an email', () => {
    expect(parseCommandText('status <mailto:jane@corp.com|jane@corp.com>')).toEqual({
      kind: 'status',
      query: { kind: 'email', email: 'jane@corp.com' },
    });
  });

  it('reads status with a mention', () => {
    expect(parseCommandText('status <@U123|jane>')).toEqual({
      kind: 'status',
      query: { kind: 'slack_user', userId: 'U123', name: 'jane' },
    });
  });

  it('reads status alone as the list of runs under way', () => {
    expect(parseCommandText('status')).toEqual({ kind: 'status_all' });
  });

  it('reads STATUS alone in any case', () => {
    expect(parseCommandText('  STATUS ')).toEqual({ kind: 'status_all' });
  });
});

describe('parseCommandText: plan', () => {
  it('reads plan with an email', () => {
    expect(parseCommandText('plan Jane@Corp.com')).toEqual({
      kind: 'plan',
      target: { kind: 'email', email: 'jane@corp.com' },
    });
  });

  it('reads plan with a mention', () => {
    expect(parseCommandText('plan <@U123|jane>')).toEqual({
      kind: 'plan',
      target: { kind: 'slack_user', userId: 'U123', name: 'jane' },
    });
  });

  it('refuses plan alone, saying it needs a person', () => {
    expect(reasonOf(parseCommandText('plan'))).toContain('`plan` needs a person');
  });

  it('refuses plan with two people, naming the second', () => {
    expect(reasonOf(parseCommandText('plan jane@corp.com bob@corp.com'))).toContain('`bob@corp.com`');
  });

  it('refuses plan with a run id, pointing to status', () => {
    expect(reasonOf(parseCommandText('plan OFF-20261129-K7Q2M'))).toContain('`status OFF-20261129-K7Q2M`');
  });
});

describe('parseCommandText: status with a subject', () => {
  it('refuses status with two subjects, naming the second', () => {
    expect(reasonOf(parseCommandText('status jane@corp.com bob@corp.com'))).toContain('`bob@corp.com`');
  });
});

describe('parseCommandText: what it does not understand', () => {
  it.each([
    ['<@U1|jane> <@U2|bob>', '`@U1`'],
    ['<#C123|general>', '`#general`'],
    ['jane@corp.com <#C123|general>', '`#general`'],
    ['<!here>', '`@here`'],
    ['<!channel>', '`@channel`'],
    ['<!subteam^S123|@it-team>', '`@it-team`'],
    ['<https://evil.example/x|click>', '`https://evil.example/x`'],
    ['<mailto:not-an-email|not-an-email>', '`not-an-email`'],
  ])('refuses %j, naming %s', (text, part) => {
    expect(reasonOf(parseCommandText(text))).toContain(part);
  });

  it('never repeats a link raw in the reason', () => {
    expect(reasonOf(parseCommandText('<!here> <!channel>'))).not.toMatch(/[<>]/);
  });

  it('escapes what it repeats, so the reason is safe mrkdwn', () => {
    expect(reasonOf(parseCommandText('jane@corp.com &lt;!channel&gt;'))).toContain('&lt;!channel&gt;');
  });

  it('keeps the input as Slack sent it', () => {
    const command = parseCommandText('<!here>');
    expect(command.kind === 'invalid' && command.input).toBe('<!here>');
  });

  it('refuses very long text without parsing it', () => {
    expect(reasonOf(parseCommandText(`jane@corp.com ${'x'.repeat(20_000)}`))).toContain('too long');
  });
});

describe('RUN_ID_PATTERN', () => {
  it.each(['OFF-20261129-K7Q2M', 'OFF-20260101-22222', 'OFF-20261231-ZZZZZ'])('matches %s', (id) => {
    expect(RUN_ID_PATTERN.test(id)).toBe(true);
  });

  it.each([
    'OFF-2026112-K7Q2M',
    'OFF-20261129-K7Q2',
    'OFF-20261129-K7Q201',
    'off-20261129-K7Q2M',
    'OFF-20261129-K7Q1M',
    'XOFF-20261129-K7Q2M',
  ])('does not match %s', (id) => {
    expect(RUN_ID_PATTERN.test(id)).toBe(false);
  });
});

describe('isEmail', () => {
  it.each([
    ['jane@corp.com', true],
    ['jane@corp', false],
    ['jane@@corp.com', false],
    ['ja@ne@corp.com', false],
    ['@corp.com', false],
    ['jane.@corp.com', false],
    ['ja..ne@corp.com', false],
    ['jane@-corp.com', false],
    ['jane@corp.c', false],
    ['jane doe@corp.com', false],
    [`${'a'.repeat(65)}@corp.com`, false],
  ])('%j is %s', (text, ok) => {
    expect(isEmail(text)).toBe(ok);
  });
});
