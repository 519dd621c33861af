// /offboard with several people: a batch (issue 10).

import { MAX_BATCH_TARGETS, parseCommandText } from '../../src/slack/command';

function reasonOf(command: ReturnType<typeof parseCommandText>): string {
  return command.kind === 'invalid' ? command.reason : `(not invalid: ${command.kind})`;
}

describe('parseCommandText: several people', () => {
  it('reads people separated by spaces, commas and new lines as one list, in order', () => {
    expect(parseCommandText('a@corp.com, b@corp.com\nc@corp.com  d@corp.com,e@corp.com')).toEqual({
      kind: 'offboard_list',
      targets: [
        { kind: 'email', email: 'a@corp.com' },
        { kind: 'email', email: 'b@corp.com' },
        { kind: 'email', email: 'c@corp.com' },
        { kind: 'email', email: 'd@corp.com' },
        { kind: 'email', email: 'e@corp.com' },
      ],
    });
  });

  it('reads emails Slack turned into mailto links', () => {
    expect(parseCommandText('<mailto:a@corp.com|a@corp.com> <mailto:B@corp.com|B@corp.com>')).toEqual({
      kind: 'offboard_list',
      targets: [
        { kind: 'email', email: 'a@corp.com' },
        { kind: 'email', email: 'b@corp.com' },
      ],
    });
  });

  it('names a person written twice (any case) once', () => {
    const command = parseCommandText('a@corp.com A@Corp.com b@corp.com');
    expect(command.kind === 'offboard_list' && command.targets.length).toBe(2);
  });

  it('is a single request when the list names one person twice', () => {
    expect(parseCommandText('a@corp.com, a@corp.com')).toEqual({
      kind: 'offboard',
      target: { kind: 'email', email: 'a@corp.com' },
    });
  });

  it(`takes ${MAX_BATCH_TARGETS} people`, () => {
    const list = Array.from({ length: MAX_BATCH_TARGETS }, (_, i) => `person${i}@corp.com`).join(', ');
    const command = parseCommandText(list);
    expect(command.kind === 'offboard_list' && command.targets.length).toBe(MAX_BATCH_TARGETS);
  });

  it(`refuses ${MAX_BATCH_TARGETS + 1} people, saying the bound`, () => {
    const list = Array.from({ length: MAX_BATCH_TARGETS + 1 }, (_, i) => `p${i}@corp.com`).join(' ');
    expect(reasonOf(parseCommandText(list))).toContain(`at most ${MAX_BATCH_TARGETS}`);
  });

  it('refuses a mention in a list, naming it', () => {
    expect(reasonOf(parseCommandText('a@corp.com <@U2BOB|bob>'))).toContain('`@U2BOB`');
  });

  it('refuses a list with a schedule', () => {
    expect(reasonOf(parseCommandText('a@corp.com b@corp.com at 2026-12-18 17:00'))).toContain(
      'cannot be scheduled',
    );
  });

  it('refuses a bare word after an email, naming it', () => {
    expect(reasonOf(parseCommandText('jane@corp.com please'))).toContain('`please` is not an email address');
  });

  it('refuses a word that names nobody, naming it', () => {
    expect(reasonOf(parseCommandText('a@corp.com not/a/login'))).toContain('`not/a/login`');
  });

  it('refuses a run id in a list', () => {
    expect(reasonOf(parseCommandText('a@corp.com OFF-20261129-K7Q2M'))).toContain('is a run id');
  });
});
