// send and sendEach hand a task one checked result per call it made.

import type { OktaResult } from '../../src/okta/client';
import { oktaCalls } from '../../src/okta/requests';
import { send, sendEach } from '../../src/tasks/send';

const answer = (status: number): OktaResult => ({ ok: true, status, body: {}, headers: {} });

describe('sendEach', () => {
  test('yields the calls as one batch', () => {
    const calls = [oktaCalls.getUser('00u1'), oktaCalls.listRoles('00u1')] as const;
    const steps = sendEach(calls);
    expect(steps.next().value).toEqual([...calls]);
  });

  test('returns the results in the order of the calls', () => {
    const steps = sendEach([oktaCalls.getUser('00u1'), oktaCalls.listRoles('00u1')]);
    steps.next();
    const done = steps.next([answer(200), answer(204)]);
    expect(done).toEqual({ done: true, value: [answer(200), answer(204)] });
  });

  test('throws INTERNAL when the answer has fewer results than calls', () => {
    const steps = sendEach([oktaCalls.getUser('00u1'), oktaCalls.listRoles('00u1')]);
    steps.next();
    expect(() => steps.next([answer(200)])).toThrow(
      expect.objectContaining({
        code: 'INTERNAL',
        message: expect.stringContaining('2 Okta calls and got 1'),
      }),
    );
  });
});

describe('send', () => {
  test('returns the one result of its call', () => {
    const steps = send(oktaCalls.suspend('00u1'));
    steps.next();
    expect(steps.next([answer(200)])).toEqual({ done: true, value: answer(200) });
  });

  test('throws INTERNAL when its call got no result', () => {
    const steps = send(oktaCalls.suspend('00u1'));
    steps.next();
    expect(() => steps.next([])).toThrow(expect.objectContaining({ code: 'INTERNAL' }));
  });
});
