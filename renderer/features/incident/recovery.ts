import type { Series } from '../../../src/contract/wire-types';

/** How long a flip is watched, and how far either side of it the averages reach. */
export const WATCH_MS = 10 * 60_000;
export const COMPARE_MS = 5 * 60_000;

export interface Recovery {
  /** Mean of the summed series over the compared span before the flip; null without data. */
  before: number | null;
  /** The same after the flip, over as much of the span as has happened. */
  after: number | null;
  /** How much of the "after" span there is yet (it grows to COMPARE_MS). */
  afterMs: number;
  /** (after - before) / before, e.g. -0.93; null when either side is missing or before is 0. */
  change: number | null;
}

/**
 * Before/after a flip on the watched panel: every series summed per point, then averaged over the
 * same length of time on each side (so a minute after is compared with the minute before, not
 * with a quiet hour). An interval that holds the flip mixes both states and is left out.
 */
export function recoveryAround(series: readonly Series[], flipAt: number, now: number): Recovery {
  const totals = new Map<number, number>();
  for (const s of series) {
    s.timestamps.forEach((at, i) => {
      const value = s.values[i];
      if (value !== null && value !== undefined) totals.set(at, (totals.get(at) ?? 0) + value);
    });
  }
  const times = [...totals.keys()].sort((a, b) => a - b);
  const step = times.length > 1 ? Math.min(...times.slice(1).map((t, i) => t - times[i]!)) : 10_000;
  const after = times.filter((t) => t >= flipAt && t <= now);
  const afterMs = Math.min(COMPARE_MS, after.length ? after.at(-1)! + step - flipAt : 0);
  const span = Math.max(afterMs, step);
  const before = times.filter((t) => t + step <= flipAt && t >= flipAt - span - step);
  const mean = (ts: number[]) => (ts.length ? ts.reduce((sum, t) => sum + totals.get(t)!, 0) / ts.length : null);
  const b = mean(before);
  const a = mean(after.filter((t) => t < flipAt + COMPARE_MS));
  return { before: b, after: a, afterMs, change: a !== null && b !== null && b !== 0 ? (a - b) / b : null };
}

/** "Error rate 7.42 % → 0.41 % (−94 %) in the 40 s after the flip". */
export function describeRecovery(panelTitle: string, unit: string, recovery: Recovery, format: (v: number, unit: string) => string): string {
  const { before, after, change, afterMs } = recovery;
  if (before === null || after === null) return `${panelTitle}: waiting for data after the flip`;
  const percent = change === null ? '' : ` (${change <= 0 ? '−' : '+'}${Math.abs(Math.round(change * 100))} %)`;
  return `${panelTitle}: ${format(before, unit)} → ${format(after, unit)}${percent} in the ${Math.round(afterMs / 1000)} s after the flip`;
}
