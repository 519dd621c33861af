// Block Kit builders: shapes, escaping and Slack's limits.

import {
  LIMITS,
  actions,
  button,
  context,
  divider,
  escapeMrkdwn,
  fields,
  header,
  section,
  truncate,
} from '../../src/slack/blocks';

function buttons(n: number) {
  return Array.from({ length: n }, (_, i) => button({ actionId: `a${i}`, text: `B${i}`, value: `v${i}` }));
}

describe('escapeMrkdwn', () => {
  it.each([
    ['<!channel>', '&lt;!channel&gt;'],
    ['<https://evil.example|Okta>', '&lt;https://evil.example|Okta&gt;'],
    ['R&D', 'R&amp;D'],
    ['&lt;', '&amp;lt;'],
    ['plain text', 'plain text'],
  ])('escapes %j', (text, escaped) => {
    expect(escapeMrkdwn(text)).toBe(escaped);
  });
});

describe('truncate', () => {
  it('leaves text within the limit alone', () => {
    expect(truncate('abc', 3)).toBe('abc');
  });

  it('cuts longer text to the limit, ending in an ellipsis', () => {
    expect(truncate('abcdef', 4)).toBe('abc…');
  });

  it('does not split a surrogate pair', () => {
    const cut = truncate('ab😀cd', 4);
    expect(cut).toBe('ab…');
  });

  it('does not leave half an escape behind', () => {
    expect(truncate(escapeMrkdwn('abc & more text'), 8)).toBe('abc …');
  });
});

describe('builders', () => {
  it('builds a header as plain text', () => {
    expect(header('Offboarding jane@corp.com')).toEqual({
      type: 'header',
      text: { type: 'plain_text', text: 'Offboarding jane@corp.com', emoji: true },
    });
  });

  it(`cuts a header to ${LIMITS.headerText} characters`, () => {
    expect(header('h'.repeat(400)).text.text).toHaveLength(LIMITS.headerText);
  });

  it('builds a section of mrkdwn with an accessory', () => {
    const accessory = button({ actionId: 'retry', text: 'Retry', value: 'v' });
    expect(section('*Suspend*: failed', accessory)).toEqual({
      type: 'section',
      text: { type: 'mrkdwn', text: '*Suspend*: failed' },
      accessory,
    });
  });

  it(`cuts section text to ${LIMITS.sectionText} characters`, () => {
    const block = section('s'.repeat(5000));
    expect(block.text?.text).toHaveLength(LIMITS.sectionText);
  });

  it('never builds an empty text object, which Slack refuses', () => {
    expect(section('').text?.text).not.toBe('');
  });

  it(`keeps at most ${LIMITS.fields} fields, each within ${LIMITS.fieldText} characters`, () => {
    const block = fields(Array.from({ length: 14 }, () => 'f'.repeat(2500)));
    expect(block.fields).toHaveLength(LIMITS.fields);
    expect(block.fields?.every((f) => f.text.length <= LIMITS.fieldText)).toBe(true);
  });

  it(`keeps at most ${LIMITS.contextElements} context elements`, () => {
    expect(context(Array.from({ length: 12 }, (_, i) => `c${i}`)).elements).toHaveLength(
      LIMITS.contextElements,
    );
  });

  it('builds a divider', () => {
    expect(divider()).toEqual({ type: 'divider' });
  });

  it(`keeps at most ${LIMITS.actionsElements} buttons in an actions block`, () => {
    expect(actions('run:OFF-1', buttons(30)).elements).toHaveLength(LIMITS.actionsElements);
  });

  it('puts the block id on an actions block', () => {
    expect(actions('run:OFF-20261129-K7Q2M', buttons(1)).block_id).toBe('run:OFF-20261129-K7Q2M');
  });
});

describe('button', () => {
  it('builds a styled button with a confirmation dialog', () => {
    const b = button({
      actionId: 'abort',
      text: 'Abort',
      value: 'signed',
      style: 'danger',
      confirm: {
        title: 'Abort the run?',
        text: 'Remaining tasks will not run.',
        confirm: 'Abort',
        deny: 'Keep going',
        style: 'danger',
      },
    });
    expect(b).toEqual({
      type: 'button',
      action_id: 'abort',
      text: { type: 'plain_text', text: 'Abort', emoji: true },
      value: 'signed',
      style: 'danger',
      confirm: {
        title: { type: 'plain_text', text: 'Abort the run?', emoji: true },
        text: { type: 'mrkdwn', text: 'Remaining tasks will not run.' },
        confirm: { type: 'plain_text', text: 'Abort', emoji: true },
        deny: { type: 'plain_text', text: 'Keep going', emoji: true },
        style: 'danger',
      },
    });
  });

  it('has no style unless asked', () => {
    expect('style' in button({ actionId: 'skip', text: 'Skip', value: 'v' })).toBe(false);
  });

  it(`cuts the label to ${LIMITS.buttonText} characters`, () => {
    expect(button({ actionId: 'a', text: 'x'.repeat(100), value: 'v' }).text.text).toHaveLength(
      LIMITS.buttonText,
    );
  });

  it(`cuts the value to ${LIMITS.buttonValue} characters without an ellipsis`, () => {
    const value = button({ actionId: 'a', text: 'A', value: 'v'.repeat(2100) }).value ?? '';
    expect(value).toBe('v'.repeat(LIMITS.buttonValue));
  });

  it(`cuts confirmation text to ${LIMITS.confirmText} and its buttons to ${LIMITS.confirmButton}`, () => {
    const b = button({
      actionId: 'a',
      text: 'A',
      value: 'v',
      confirm: { title: 't', text: 'x'.repeat(400), confirm: 'c'.repeat(40), deny: 'd' },
    });
    expect([b.confirm?.text.text.length, b.confirm?.confirm?.text.length]).toEqual([
      LIMITS.confirmText,
      LIMITS.confirmButton,
    ]);
  });
});
