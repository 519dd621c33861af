// Click timings: Slack's action_ts to our start and to our answer, kept in one Script Property, and the
// median and 95th percentile the health check reports.

import * as app from '../../src/app';
import {
  actionTsMs,
  decodeSamples,
  encodeSamples,
  latencyFigures,
  MAX_SAMPLES,
  percentile,
  recordClick,
  type ClickSample,
} from '../../src/health/latency';
import { FakeProperties } from '../fakes/services';
import { FakeSlack } from '../fakes/slackApi';
import { blockAction, blockActionsPost, slashCommandPost } from '../fixtures/slack';
import { makeWorld } from '../fixtures/world';

const T = Date.UTC(2026, 10, 29, 9, 0, 0);

describe('actionTsMs', () => {
  it("reads Slack's seconds-with-microseconds stamp as epoch ms", () => {
    expect(actionTsMs('1764410000.123456')).toBe(1764410000123);
  });

  it.each([undefined, '', 'soon', '1e9'])('refuses %p', (v) => {
    expect(actionTsMs(v)).toBeNull();
  });
});

describe('the ring buffer', () => {
  it('decodes what it encoded (to the second for the stamp)', () => {
    const samples: ClickSample[] = [
      { at: T, kind: 'confirm', startMs: 640, ownMs: 1210 },
      { at: T + 5000, kind: 'other', startMs: 0, ownMs: 300 },
    ];
    expect(decodeSamples(encodeSamples(samples))).toEqual(samples);
  });

  it(`keeps the latest ${MAX_SAMPLES} clicks within one Script Property's 9 KB`, () => {
    const properties = new FakeProperties();
    let stored: string | null = null;
    for (let i = 0; i < MAX_SAMPLES + 20; i++) {
      recordClick((k, v) => properties.set(k, v), stored, {
        actionTs: String((T + i * 1000) / 1000),
        kind: 'confirm',
        startedAt: T + i * 1000 + 1500,
        answeredAt: T + i * 1000 + 2999,
      });
      stored = properties.values.CLICK_LATENCY ?? null;
    }
    const samples = decodeSamples(stored);
    expect([samples.length, samples[0]!.at, stored!.length <= 9 * 1024]).toEqual([
      MAX_SAMPLES,
      T + 20_000,
      true,
    ]);
  });

  it('records the start delay and own time of one click', () => {
    const properties = new FakeProperties();
    recordClick((k, v) => properties.set(k, v), null, {
      actionTs: String(T / 1000),
      kind: 'confirm',
      startedAt: T + 700,
      answeredAt: T + 1900,
    });
    expect(decodeSamples(properties.values.CLICK_LATENCY ?? null)).toEqual([
      { at: T, kind: 'confirm', startMs: 700, ownMs: 1200 },
    ]);
  });

  it('ignores a stamp more than a minute from our clock', () => {
    const properties = new FakeProperties();
    recordClick((k, v) => properties.set(k, v), null, {
      actionTs: String(T / 1000),
      kind: 'other',
      startedAt: T + 120_000,
      answeredAt: T + 120_500,
    });
    expect(properties.values.CLICK_LATENCY).toBeUndefined();
  });
});

describe('figures', () => {
  it('takes the nearest-rank percentile', () => {
    const values = Array.from({ length: 20 }, (_, i) => i + 1);
    expect([percentile(values, 50), percentile(values, 95)]).toEqual([10, 19]);
  });

  it('reports only the chosen kind within the window', () => {
    const samples: ClickSample[] = [
      { at: T - 10 * 86_400_000, kind: 'confirm', startMs: 9000, ownMs: 9000 },
      { at: T, kind: 'confirm', startMs: 500, ownMs: 1000 },
      { at: T, kind: 'other', startMs: 100, ownMs: 100 },
    ];
    expect(latencyFigures(samples, 'confirm', T - 7 * 86_400_000)).toEqual({
      clicks: 1,
      start: { median: 500, p95: 500 },
      own: { median: 1000, p95: 1000 },
      total: { median: 1500, p95: 1500 },
    });
  });
});

describe('a real click', () => {
  it('leaves one Confirm sample measured from its action_ts', () => {
    const slack = new FakeSlack('xoxb-test-bot-token')
      .addUser({ id: 'U0APPROVED', name: 'alex.admin', email: 'alex.admin@example.com' })
      .addChannel('C0REPORTS', 'offboarding');
    const w = makeWorld({ slack });
    const card = app.handleSlackPost(
      () => w.services,
      slashCommandPost({ text: 'jane.doe@example.com' }),
    ) as {
      blocks: { type: string; elements?: { action_id: string; value: string }[] }[];
    };
    const confirm = card.blocks
      .find((b) => b.type === 'actions')!
      .elements!.find((e) => e.action_id === 'confirm')!;
    const clickedAt = w.services.clock.now() - 800;
    app.handleSlackPost(
      () => w.services,
      blockActionsPost({
        user: { id: 'U0APPROVED', username: 'alex', name: 'alex', team_id: 'T0001' },
        actions: [
          blockAction({
            action_id: 'confirm',
            value: confirm.value,
            action_ts: (clickedAt / 1000).toFixed(6),
          }),
        ],
      }),
    );
    const [sample] = decodeSamples(w.services.properties.values.CLICK_LATENCY ?? null);
    expect([sample?.kind, sample?.startMs]).toEqual(['confirm', 800]);
  });
});
