// Run ids people can read aloud and type: OFF-20261129-K7Q2M.

import type { Clock, Crypto } from '../ports';

const ALPHABET = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789';

export function newRunId(clock: Clock, crypto: Crypto): string {
  return newId('OFF', clock, crypto);
}

/** A batch's id: BAT-20261129-K7Q2M. */
export function newBatchId(clock: Clock, crypto: Crypto): string {
  return newId('BAT', clock, crypto);
}

function newId(prefix: string, clock: Clock, crypto: Crypto): string {
  const d = new Date(clock.now());
  const day = `${d.getUTCFullYear()}${pad(d.getUTCMonth() + 1)}${pad(d.getUTCDate())}`;
  const hex = crypto.uuid().replace(/-/g, '');
  let suffix = '';
  for (let i = 0; i < 5; i++) suffix += ALPHABET[parseInt(hex.slice(i * 2, i * 2 + 2), 16) % ALPHABET.length];
  return `${prefix}-${day}-${suffix}`;
}

function pad(n: number): string {
  return n < 10 ? `0${n}` : String(n);
}
