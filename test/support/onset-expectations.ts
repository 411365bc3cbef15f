import { expect } from 'vitest';

import type { Series } from '../../src/contract/wire-types';
import { findPanelOnset } from '../../renderer/features/graphs/onset';
import { AFTER, BEFORE, MINUTE, minuteAt } from './onset-shapes';
import type { OnsetShape } from './onset-shapes';

/** Where in a minute's bucket a click lands: its first second, its middle and its last second. */
const IN_BUCKET = [1_000, 30_000, 59_000];

/**
 * What the onset method must make of one shape as Graphite drew it (`t0`: the end of its newest
 * minute): every click inside the anomaly finds the same onset, at the change's bucket; every
 * click where the series is in line finds none.
 */
export function expectOnsets(shape: OnsetShape, series: readonly Series[], t0: number): void {
  const clicks = (fromMinute: number, untilMinute: number) => {
    const at: number[] = [];
    for (let m = fromMinute; m < untilMinute; m++) for (const offset of IN_BUCKET) at.push(minuteAt(t0, m) + offset);
    return at;
  };
  const found = (at: number) => findPanelOnset(series, at);
  const change = shape.changeMinute;
  const quietUntil = change ?? BEFORE + AFTER;
  // Before the change, and a minute after the end of a spike on (its last bucket may still be settling).
  const quiet = [...clicks(0, quietUntil), ...(shape.endsMinute !== undefined ? clicks(shape.endsMinute + 1, BEFORE + AFTER) : [])];
  const falseAlarms = quiet.filter((at) => found(at) !== null).map((at) => `${new Date(at).toISOString()} → ${new Date(found(at)!.at).toISOString()}`);
  expect(falseAlarms, `${shape.name}: clicks where the series is in line`).toEqual([]);
  if (change === null) return;

  const inside = clicks(change + (shape.lag ?? 0), shape.endsMinute ?? BEFORE + AFTER);
  const onsets = inside.map((at) => found(at));
  const earliest = minuteAt(t0, change);
  const latest = minuteAt(t0, change + (shape.lag ?? 0));
  for (const [i, onset] of onsets.entries()) {
    const what = `${shape.name}: a click at ${new Date(inside[i]!).toISOString()}`;
    expect(onset, `${what} finds an anomaly`).not.toBeNull();
    expect(onset!.series, what).toBe(shape.anomalous);
    expect(onset!.at, `${what}: onset ${new Date(onset!.at).toISOString()}`).toBeGreaterThanOrEqual(earliest);
    expect(onset!.at, `${what}: onset ${new Date(onset!.at).toISOString()}`).toBeLessThanOrEqual(latest);
    expect(onset!.step).toBe(MINUTE);
  }
  // Early, late or on the peak: one anomaly, one onset.
  expect(new Set(onsets.map((o) => o!.at)).size, `${shape.name}: one onset for every click inside it`).toBe(1);
}
