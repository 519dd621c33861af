// The /offboard grammar for scheduled runs, cancelling and restoring: dates and times as typed, and the reasons for
// what is refused. (Past and far-future times are refused where the clock is known: the handler's tests.)

import { parseCommandText } from '../../src/slack/command';

function reason(text: string): string {
  const c = parseCommandText(text);
  return c.kind === 'invalid' ? c.reason : `parsed as ${c.kind}`;
}

describe('/offboard <person> at|on', () => {
  it('reads `at 2026-12-18 17:00` as that wall-clock time', () => {
    expect(parseCommandText('jane@corp.com at 2026-12-18 17:00')).toEqual({
      kind: 'offboard',
      target: { kind: 'email', email: 'jane@corp.com' },
      at: { year: 2026, month: 12, day: 18, hour: 17, minute: 0 },
    });
  });

  it('reads `on 2026-12-18` as 17:00 that day', () => {
    const c = parseCommandText('jane@corp.com on 2026-12-18');
    expect(c.kind === 'offboard' ? c.at : null).toEqual({
      year: 2026,
      month: 12,
      day: 18,
      hour: 17,
      minute: 0,
    });
  });

  it('accepts AT and a one-digit hour', () => {
    const c = parseCommandText('jane@corp.com AT 2026-12-18 9:05');
    expect(c.kind === 'offboard' ? c.at : null).toEqual({
      year: 2026,
      month: 12,
      day: 18,
      hour: 9,
      minute: 5,
    });
  });

  it('leaves `at` absent for a run that starts now', () => {
    const c = parseCommandText('jane@corp.com');
    expect(c.kind === 'offboard' && 'at' in c).toBe(false);
  });

  it('refuses `at` without a time, giving the form', () => {
    expect(reason('jane@corp.com at 2026-12-18')).toContain('`at 2026-12-18 17:00`');
  });

  it('refuses `on` with a time, giving the form', () => {
    expect(reason('jane@corp.com on 2026-12-18 17:00')).toContain('`on 2026-12-18`');
  });

  it('refuses a day-first date, naming it', () => {
    expect(reason('jane@corp.com on 18/12/2026')).toContain('`18/12/2026` is not a date like');
  });

  it('refuses a day that is not in the calendar', () => {
    expect(reason('jane@corp.com on 2026-02-30')).toContain('`2026-02-30` is not a day of the calendar');
  });

  it('refuses an hour past 23', () => {
    expect(reason('jane@corp.com at 2026-12-18 24:00')).toContain('`24:00` is not a time like');
  });

  it('refuses a 12-hour time', () => {
    expect(reason('jane@corp.com at 2026-12-18 5pm')).toContain('`5pm` is not a time like');
  });
});

describe('/offboard cancel', () => {
  it('reads a run id, any case', () => {
    expect(parseCommandText('cancel off-20261129-k7q2m')).toEqual({
      kind: 'cancel',
      runId: 'OFF-20261129-K7Q2M',
    });
  });

  it('refuses cancel without a run id, giving an example', () => {
    expect(reason('cancel jane@corp.com')).toContain('`cancel` needs a run id');
  });
});

describe('/offboard restore', () => {
  it('reads a run id, any case', () => {
    expect(parseCommandText('restore off-20261129-k7q2m')).toEqual({
      kind: 'restore',
      runId: 'OFF-20261129-K7Q2M',
    });
  });

  it('refuses restore with a person instead of a run id, giving an example', () => {
    expect(reason('restore jane@corp.com')).toContain('`restore` needs a run id, e.g. `restore OFF-');
  });

  it('refuses a second word after the run id', () => {
    expect(reason('restore OFF-20261129-K7Q2M jane@corp.com')).toContain('give one person at a time');
  });
});

describe('/offboard undo', () => {
  it('reads a run id, any case', () => {
    expect(parseCommandText('undo off-20261129-k7q2m')).toEqual({
      kind: 'undo',
      query: { kind: 'run', runId: 'OFF-20261129-K7Q2M' },
    });
  });

  it('reads a person as Slack sends an email', () => {
    expect(parseCommandText('undo <mailto:jane@corp.com|jane@corp.com>')).toEqual({
      kind: 'undo',
      query: { kind: 'email', email: 'jane@corp.com' },
    });
  });

  it('refuses undo without a run id or person, giving an example', () => {
    expect(reason('undo')).toContain('`undo` needs a run id or a person, e.g. `undo OFF-');
  });

  it('refuses undo naming two people', () => {
    expect(reason('undo ann@corp.com bob@corp.com')).not.toBe('parsed as undo');
  });
});
