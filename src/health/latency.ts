// Slack's 3 seconds as they really are: for each button click, how long after Slack stamped it
// (`action_ts`) our code started, and how long our code took to answer. Kept in one Script Property as a
// ring buffer (read with the other properties, so a click costs one property write and no Sheet write);
// the daily health check reports the median and 95th percentile.

import { PROPERTY } from '../config';

/** What was clicked: Confirm is the one with work inside the 3 seconds (containment). */
export type ClickKind = 'confirm' | 'other';

export interface ClickSample {
  /** Epoch ms when Slack stamped the click. */
  at: number;
  kind: ClickKind;
  /** From Slack's stamp to our first line of code: Slack's redirect plus Apps Script's start-up. */
  startMs: number;
  /** From our first line to the answer. */
  ownMs: number;
}

/** ~25 characters a sample: 300 stay well under the 9 KB a Script Property holds. */
export const MAX_SAMPLES = 300;
/** Confirm's total (start + own) at or above this is reported: Slack gives up at 3 s. */
export const CONFIRM_WARN_MS = 2_500;
/** A stamp further than this from our clock is not believed (a replayed or doctored payload). */
const MAX_BELIEVABLE_MS = 60_000;

/** Slack's `action_ts` ("1548426417.840180", seconds) as epoch ms; null when it is not one. */
export function actionTsMs(actionTs: string | undefined): number | null {
  if (!actionTs || !/^\d{9,11}(\.\d+)?$/.test(actionTs)) return null;
  return Math.round(Number(actionTs) * 1000);
}

/** "at36,k,start,own" joined with ";" (k: c = confirm, o = other). */
export function encodeSamples(samples: ClickSample[]): string {
  return samples
    .map(
      (s) =>
        `${Math.round(s.at / 1000).toString(36)},${s.kind === 'confirm' ? 'c' : 'o'},${s.startMs},${s.ownMs}`,
    )
    .join(';');
}

export function decodeSamples(text: string | null): ClickSample[] {
  if (!text) return [];
  const out: ClickSample[] = [];
  for (const part of text.split(';')) {
    const [at, k, start, own] = part.split(',');
    const sample = {
      at: parseInt(at ?? '', 36) * 1000,
      kind: k === 'c' ? ('confirm' as const) : ('other' as const),
      startMs: Number(start),
      ownMs: Number(own),
    };
    if ([sample.at, sample.startMs, sample.ownMs].every(Number.isFinite)) out.push(sample);
  }
  return out;
}

/**
 * Adds one click to the ring buffer, handed to `keep` (the request's one Script Properties write at its
 * end, AppContext.keep). `stored` is the buffer as read with the other Script Properties at the start of
 * the request. Never throws: a lost sample is only a lost sample.
 */
export function recordClick(
  keep: (key: string, value: string) => void,
  stored: string | null,
  click: { actionTs: string | undefined; kind: ClickKind; startedAt: number; answeredAt: number },
): void {
  const at = actionTsMs(click.actionTs);
  if (at === null) return;
  const startMs = click.startedAt - at;
  const ownMs = click.answeredAt - click.startedAt;
  if (startMs < -MAX_BELIEVABLE_MS || startMs > MAX_BELIEVABLE_MS || ownMs < 0) return;
  const samples = [...decodeSamples(stored), { at, kind: click.kind, startMs: Math.max(0, startMs), ownMs }];
  keep(PROPERTY.clickLatency, encodeSamples(samples.slice(-MAX_SAMPLES)));
}

export interface Spread {
  median: number;
  p95: number;
}

export interface LatencyFigures {
  clicks: number;
  start: Spread;
  own: Spread;
  total: Spread;
}

/** Nearest-rank percentile (p in 0..100) of a non-empty list. */
export function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.max(1, Math.ceil((p / 100) * sorted.length));
  return sorted[Math.min(rank, sorted.length) - 1]!; // rank is 1..length of a non-empty list
}

/** Median and 95th percentile of the clicks of one kind since `since`; null when there were none. */
export function latencyFigures(
  samples: ClickSample[],
  kind: ClickKind,
  since: number,
): LatencyFigures | null {
  const chosen = samples.filter((s) => s.kind === kind && s.at >= since);
  if (chosen.length === 0) return null;
  const spread = (values: number[]): Spread => ({
    median: percentile(values, 50),
    p95: percentile(values, 95),
  });
  return {
    clicks: chosen.length,
    start: spread(chosen.map((s) => s.startMs)),
    own: spread(chosen.map((s) => s.ownMs)),
    total: spread(chosen.map((s) => s.startMs + s.ownMs)),
  };
}
