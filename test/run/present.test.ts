// What the run message and the status reply show, whatever the person's name.

import type { HeaderBlock, KnownBlock } from '@slack/types';

import { runMessage, statusBlocks, type ButtonSigner } from '../../src/run/present';
import { nodeCrypto } from '../fakes/services';
import { aRun } from '../fixtures/runs';

const signer: ButtonSigner = { crypto: nodeCrypto, secret: 'test-secret' };
const LONG_NAME = 'Maximiliana Wolfeschlegelsteinhausenbergerdorff-Featherstonehaugh-Cholmondeley '.repeat(3);

function headerText(blocks: KnownBlock[]): string {
  const header = blocks.find((b): b is HeaderBlock => b.type === 'header');
  return header?.text.text ?? '';
}

describe('headers put the run status first', () => {
  it('keeps the status of the channel message when the name fills the 150-character header', () => {
    const run = aRun({ status: 'paused' }, { target: { ...aRun().data.target, displayName: LONG_NAME } });
    expect(headerText(runMessage(run, signer))).toMatch(/^\S+ paused · Offboarding Maximiliana/);
  });

  it('keeps the status of the status reply when the name fills the 150-character header', () => {
    const run = aRun({ status: 'completed' }, { target: { ...aRun().data.target, displayName: LONG_NAME } });
    expect(headerText(statusBlocks(run))).toMatch(/^\S+ completed · Maximiliana/);
  });
});
