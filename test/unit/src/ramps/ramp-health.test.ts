import { describe, expect, it } from 'vitest';

import type { RampWatch } from '../../../../src/contract/ramp-types';
import type { Series } from '../../../../src/contract/wire-types';
import { judgeStep } from '../../../../src/ramps/ramp-health';
import type { WatchData } from '../../../../src/ramps/ramp-health';

// How a step of a guarded ramp is judged from the watched series, bucket by bucket.

const STEP = 10_000;
const T = 1_800_000_000_000;
const HOLD = 60_000;
const errors: RampWatch = { label: 'Error rate · search', targets: ['errors'], series: 'search', high: 2, low: null, unit: '%' };

/** 10 s buckets of `name` from `from`, one value each (null: a gap). */
function series(from: number, values: (number | null)[], name = 'search'): Series {
  return { target: name, name, timestamps: values.map((_, i) => from + i * STEP), values };
}
const data = (...s: Series[]): WatchData[] => [{ watch: errors, series: s, error: null }];

describe('judging a held step', () => {
  it('holds while every complete bucket since the step is within its threshold, and is held once they cover the hold', () => {
    const values = Array<number>(12).fill(1.2);
    expect(judgeStep(data(series(T - 3 * STEP, values)), T, HOLD, T + 40_000).verdict).toMatchObject({ kind: 'holding' });
    const held = judgeStep(data(series(T - 3 * STEP, values)), T, HOLD, T + 9 * STEP);
    expect(held.verdict).toEqual({ kind: 'held' });
    expect(held.readings).toEqual([{ label: 'Error rate · search', value: 1.2, at: T + 8 * STEP, limit: '≤ 2.00 %', ok: true }]);
  });

  it('a bucket that is not complete yet (Graphite still fills it) is not judged; the next look sees it', () => {
    const s = series(T - STEP, [1, 1, 1, 3.4]);
    expect(judgeStep(data(s), T, HOLD, T + 2 * STEP + 5_000).verdict.kind).toBe('holding');
    expect(judgeStep(data(s), T, HOLD, T + 3 * STEP).verdict).toEqual({ kind: 'breach', text: expect.stringMatching(/^Error rate · search 3\.40 %, above 2\.00 %, at \d\d:\d\d:\d\d UTC$/) as unknown });
  });

  it('a breach before the step does not count against it; one in the bucket the step was written in does', () => {
    expect(judgeStep(data(series(T - 3 * STEP, [5, 5, 5, 1, 1])), T, HOLD, T + 2 * STEP).verdict.kind).toBe('holding');
    expect(judgeStep(data(series(T - 3 * STEP, [1, 1, 5, 1, 1])), T - 5_000, HOLD, T + 2 * STEP).verdict.kind).toBe('breach');
  });

  it('no data for more than two buckets is not healthy: it says since when', () => {
    const s = series(T - 3 * STEP, [1, 1, 1, 1, null, null, null]);
    expect(judgeStep(data(s), T, HOLD, T + 3 * STEP).verdict.kind).toBe('holding');
    const silent = judgeStep(data(s), T, HOLD, T + 4 * STEP + 1).verdict;
    expect(silent).toMatchObject({ kind: 'no-data', silentSince: T + STEP });
    expect(judgeStep([{ watch: errors, series: null, error: 'Graphite did not answer in 5 s' }], T, HOLD, T + STEP).verdict).toMatchObject({
      kind: 'no-data',
      text: 'no data from Error rate · search (Graphite did not answer in 5 s)',
    });
    expect(judgeStep(data(series(T, [1, 1], 'web')), T, HOLD, T + STEP).verdict).toMatchObject({ kind: 'no-data', text: expect.stringContaining('no series named search') as unknown });
  });

  it('after a long gap the hold starts again where the data came back', () => {
    const s = series(T, [1, 1, null, null, null, null, 1, 1, 1, 1, 1, 1, 1]);
    expect(judgeStep(data(s), T, HOLD, T + 11 * STEP).verdict).toMatchObject({ kind: 'holding', heldMs: 50_000 });
    expect(judgeStep(data(s), T, HOLD, T + 13 * STEP).verdict).toEqual({ kind: 'held' });
  });

  it('every series of a watch without a series name is judged, each named', () => {
    const all: RampWatch = { ...errors, series: null, label: 'Checkout latency', high: 400, unit: 'ms' };
    const judged = judgeStep([{ watch: all, series: [series(T, [100, 100], 'checkout-1'), series(T, [100, 450], 'checkout-2')], error: null }], T, HOLD, T + 2 * STEP);
    expect(judged.verdict).toMatchObject({ kind: 'breach', text: expect.stringContaining('Checkout latency · checkout-2 450 ms, above 400 ms') as unknown });
    expect(judged.readings.map((r) => [r.label, r.ok])).toEqual([
      ['Checkout latency · checkout-1', true],
      ['Checkout latency · checkout-2', false],
    ]);
  });
});
