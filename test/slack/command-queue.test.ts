// `/offboard queue` in the grammar, and one Queue tab Target cell as people paste it (pure).

import { parseCommandText, parseQueueCell } from '../../src/slack/command';

describe('/offboard queue', () => {
  it('is the queue command', () => {
    expect(parseCommandText('queue')).toEqual({ kind: 'queue' });
  });

  it('is the queue command whatever the case and spacing', () => {
    expect(parseCommandText('  QUEUE ')).toEqual({ kind: 'queue' });
  });

  it('with anything after it is refused, naming what was extra', () => {
    expect(parseCommandText('queue now')).toMatchObject({
      kind: 'invalid',
      reason: expect.stringContaining('`now`'),
    });
  });
});

describe('a Queue Target cell', () => {
  it('holding an address with spaces and capitals names that address in lower case', () => {
    expect(parseQueueCell('  Ann.Lee@Example.com ')).toEqual({ email: 'ann.lee@example.com' });
  });

  it('holding a mailto: link names the address', () => {
    expect(parseQueueCell('mailto:ann@example.com')).toEqual({ email: 'ann@example.com' });
  });

  it("in Slack's formatting (<mailto:…|…>) names the address", () => {
    expect(parseQueueCell('<mailto:ann@example.com|ann@example.com>')).toEqual({ email: 'ann@example.com' });
  });

  it('in angle brackets, as a pasted To: field writes it, names the address', () => {
    expect(parseQueueCell('<ann@example.com>')).toEqual({ email: 'ann@example.com' });
  });

  it('with invisible characters pasted around it names the address', () => {
    expect(parseQueueCell('\u200Bann@example.com\uFEFF')).toEqual({ email: 'ann@example.com' });
  });

  it('holding a name and an address is refused: one address per row', () => {
    expect(parseQueueCell('Ann Lee ann@example.com')).toEqual({
      why: 'the Target cell holds several words: give one email address per row',
    });
  });

  it('holding two addresses is refused', () => {
    expect(parseQueueCell('ann@example.com, bob@example.com')).toHaveProperty('why');
  });

  it('holding a word is refused as not an email address, repeating it', () => {
    expect(parseQueueCell('ann')).toEqual({ why: '"ann" is not an email address' });
  });

  it('holding a Slack mention is refused, saying so', () => {
    expect(parseQueueCell('<@U0ANN|ann>')).toEqual({ why: 'a Slack mention, not an email address' });
  });

  it('holding a broken address is refused in plain words (no backticks)', () => {
    expect(parseQueueCell('<mailto:ann@|ann@>')).toEqual({ why: '"ann@" is not a valid email address' });
  });

  it('holding only spaces is refused as empty', () => {
    expect(parseQueueCell('   ')).toEqual({ why: 'the Target cell is empty' });
  });
});
