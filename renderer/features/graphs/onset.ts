import type { Series } from '../../../src/contract/wire-types';
import { lowerBound } from '../../lib/sorted-search';

// Where an anomaly started, by a method a person on call can check by eye: a point is out of line
// when it is further from the previous level (the median) than K robust standard deviations
// (1.4826 × the median absolute deviation, MAD), the modified z-score of Iglewicz and Hoaglin.
// Points are judged as the median of three (each with its neighbours), so one bucket alone is a
// blip, not an anomaly to pull a lever for, and one bucket back in line does not end a run. The
// onset is the first bucket of the run of points out of line that holds the moment clicked.

/**
 * How far from the previous level a point must be to be out of line, in robust standard
 * deviations: 3.5 is the textbook cut, but the noise of real metrics has longer tails (a flat
 * series sent to carbon had 3.6 σ readings), so a little more.
 */
export const ONSET_K = 4;
/** Buckets out of line in a run, at least: fewer is a blip. */
const MIN_RUN = 2;
/** Buckets back in line that a run crosses when it is out of line again after them: a noisy anomaly dips. */
const MAX_DIPS = 2;
/** The previous level: the buckets just before the run (5 min at Graphite's 10 s). */
const LEVEL_BUCKETS = 30;
/** Fewer readings than this are no level to judge by. */
const MIN_LEVEL_POINTS = 8;
/** The coarse pass measures from everything before the click, so a long anomaly still stands out. */
const HISTORY_BUCKETS = 720;
/** Missing buckets a run may cross: Graphite leaves a gap when a host is late to report. */
const MAX_GAP_BUCKETS = 2;

/** The method, as the UI names it next to the onset. */
export const ONSET_METHOD = `first point (median of 3) beyond ${ONSET_K} robust σ (median ± 1.4826 × MAD) of the level before it`;

export interface Onset {
  /** The label of the first bucket out of line: Graphite stamps a bucket with its start. */
  at: number;
  /** The series' bucket width: what happened up to `at + step` shows in that bucket. */
  step: number;
  series: string;
  direction: 'up' | 'down';
  /** The previous level (median) and its robust standard deviation. */
  level: number;
  spread: number;
  /** The clicked bucket's reading (the median of it and its neighbours), and how far out of line it is in robust standard deviations. */
  clicked: number;
  score: number;
  /** How far out of line the anomaly goes at most (its run, as far as it reaches), in robust standard deviations. */
  peakScore: number;
  /** The values the line spans around the clicked bucket (it and its neighbours as drawn): a click in that span is on this line. */
  drawn: readonly [number, number];
  /** There was no data just before the onset, so the anomaly may have started earlier. */
  afterGap: boolean;
}

interface Level {
  median: number;
  spread: number;
}

/**
 * Median and robust σ (1.4826 × MAD). `tails`: at least the σ the mean absolute deviation gives,
 * for the level just before a run: a series of small counts clusters on a few values, and its MAD
 * alone says it is far tighter than its occasional jumps show.
 */
export function robustLevel(values: readonly number[], tails = false): Level | null {
  if (values.length < MIN_LEVEL_POINTS) return null;
  const median = medianOf(values);
  const deviations = values.map((v) => Math.abs(v - median));
  const mad = 1.4826 * medianOf(deviations);
  const meanDeviation = 1.2533 * (deviations.reduce((sum, d) => sum + d, 0) / deviations.length);
  // A constant series: anything visibly different is out of line.
  const floor = Math.max(Math.abs(median) * 1e-3, 1e-9);
  const spread = tails ? Math.max(mad, meanDeviation) : mad > 0 ? mad : meanDeviation;
  return { median, spread: spread > 0 ? spread : floor };
}

/**
 * The onset of the anomaly that holds the moment `at` on one series, or null when that moment
 * is in line with what came before it (no anomaly there), or there is too little data to say.
 */
export function findOnset(series: Series, at: number): Onset | null {
  const { timestamps: t } = series;
  const v = medianOfThree(series.values);
  const step = bucketWidth(t);
  if (step === null || at < t[0]!) return null;
  // The bucket holding the moment: its label is at or before it.
  const atOrAfter = lowerBound(t, at);
  let clicked = t[atOrAfter] === at ? atOrAfter : atOrAfter - 1;
  if (at >= t[clicked]! + (MAX_GAP_BUCKETS + 1) * step) return null;
  // A click on a gap (often the newest, still empty bucket) means the nearest reading before it.
  while (valueAt(v, clicked) === null && clicked > 0 && t[clicked]! > at - (MAX_GAP_BUCKETS + 1) * step) clicked--;
  const value = valueAt(v, clicked);
  if (value === null) return null;

  // The level is measured on the readings as drawn: their noise, not the smoothed one's, is the yardstick.
  const coarse = robustLevel(readings(series.values, clicked - HISTORY_BUCKETS, clicked));
  if (!coarse || Math.abs(value - coarse.median) <= ONSET_K * coarse.spread) return null;
  const direction = value > coarse.median ? 'up' : 'down';
  let level = coarse;
  let back = walk(v, clicked, level, direction, -1);
  // The level just before the run, not the whole history: a slow climb's first steps stand out
  // against it. Measuring again from the earlier start can move it back further, once or twice.
  for (let pass = 0; pass < 4; pass++) {
    const before = robustLevel(readings(series.values, back.end - LEVEL_BUCKETS, back.end), true);
    // Its spread, never tighter than the whole history's: five calm minutes are not the series' noise.
    const local = before && { median: before.median, spread: Math.max(before.spread, coarse.spread) };
    if (!local || !isOut(value, local, direction)) break;
    level = local;
    const earlier = walk(v, back.end, level, direction, -1);
    if (earlier.end === back.end) break;
    back = earlier;
  }
  const start = back.end;
  const last = walk(v, clicked, level, direction, 1).end;
  if (countOut(v, start, last, level, direction) < MIN_RUN) return null;
  const run = readings(v, start, last + 1);
  const around = readings(series.values, clicked - 1, clicked + 2);
  return {
    at: t[start]!,
    step,
    series: series.name,
    direction,
    level: level.median,
    spread: level.spread,
    clicked: value,
    score: Math.abs(value - level.median) / level.spread,
    peakScore: Math.max(...run.map((x) => Math.abs(x - level.median))) / level.spread,
    drawn: [Math.min(...around, value), Math.max(...around, value)],
    afterGap: back.gapBeyond,
  };
}

/**
 * The onset on a panel: of its series out of line at `at`, the one clicked (whose line passes
 * within `pointed.tolerance` of the value under the pointer, the nearest), else the one that goes
 * furthest out (on a mixed panel, the service in trouble).
 */
export function findPanelOnset(series: readonly Series[], at: number, pointed: { value: number | null; tolerance: number } | null = null): Onset | null {
  const found = series.map((s) => findOnset(s, at)).filter((onset): onset is Onset => onset !== null);
  const offLine = ({ drawn: [low, high] }: Onset) => (pointed?.value == null ? Infinity : Math.max(0, low - pointed.value, pointed.value - high));
  // Of lines under the pointer at once (a rising edge spans many values), the one that goes furthest out.
  const onLine = found.filter((onset) => offLine(onset) <= (pointed?.tolerance ?? 0)).sort((a, b) => offLine(a) - offLine(b) || b.peakScore - a.peakScore);
  return onLine[0] ?? found.sort((a, b) => b.peakScore - a.peakScore)[0] ?? null;
}

/**
 * From `from` back (`way` -1) or on (+1) while the buckets stay out of line, across gaps of at
 * most MAX_GAP_BUCKETS and MAX_DIPS buckets back in line; `end` is the last bucket out of line
 * reached, `gapBeyond` that a longer gap or the end of the data stopped it.
 */
function walk(v: readonly (number | null)[], from: number, level: Level, direction: Onset['direction'], way: 1 | -1): { end: number; gapBeyond: boolean } {
  let end = from;
  let gap = 0;
  let dips = 0;
  for (let i = from + way; i >= 0 && i < v.length; i += way) {
    const value = valueAt(v, i);
    if (value === null) {
      if (++gap > MAX_GAP_BUCKETS) return { end, gapBeyond: true };
      continue;
    }
    gap = 0;
    if (isOut(value, level, direction)) {
      end = i;
      dips = 0;
    } else if (++dips > MAX_DIPS || !outAgain(v, i, level, direction, way, MAX_DIPS - dips)) {
      return { end, gapBeyond: false };
    }
  }
  return { end, gapBeyond: true };
}

/** Whether a reading out of line follows `i` within `dipsLeft` more readings in line (gaps skipped): what lets a dip be crossed. */
function outAgain(v: readonly (number | null)[], i: number, level: Level, direction: Onset['direction'], way: 1 | -1, dipsLeft: number): boolean {
  let seen = 0;
  for (let j = i + way, skipped = 0; j >= 0 && j < v.length && skipped <= MAX_GAP_BUCKETS; j += way) {
    const value = valueAt(v, j);
    if (value === null) {
      skipped++;
      continue;
    }
    skipped = 0;
    if (isOut(value, level, direction)) return true;
    if (++seen > dipsLeft) return false;
  }
  return false;
}

function countOut(v: readonly (number | null)[], from: number, until: number, level: Level, direction: Onset['direction']): number {
  let count = 0;
  for (let i = from; i <= until; i++) {
    const value = valueAt(v, i);
    if (value !== null && isOut(value, level, direction)) count++;
  }
  return count;
}

function isOut(value: number, level: Level, direction: Onset['direction']): boolean {
  const beyond = direction === 'up' ? value - level.median : level.median - value;
  return beyond > ONSET_K * level.spread;
}

/** Each reading as the median of it and its neighbours (those that are not gaps); a gap stays a gap. */
function medianOfThree(values: readonly (number | null)[]): (number | null)[] {
  return values.map((_, i) => {
    const own = valueAt(values, i);
    if (own === null) return null;
    const around = [valueAt(values, i - 1), own, valueAt(values, i + 1)].filter((x): x is number => x !== null);
    return medianOf(around);
  });
}

function readings(v: readonly (number | null)[], from: number, until: number): number[] {
  const found: number[] = [];
  for (let i = Math.max(0, from); i < until; i++) {
    const value = valueAt(v, i);
    if (value !== null) found.push(value);
  }
  return found;
}

function valueAt(v: readonly (number | null)[], i: number): number | null {
  const value = v[i];
  return value === null || value === undefined || Number.isNaN(value) ? null : value;
}

/** The series' bucket width: the most common distance between labels (the last bucket may be consolidated differently). */
function bucketWidth(t: readonly number[]): number | null {
  if (t.length < 2) return null;
  const gaps = t.slice(1).map((at, i) => at - t[i]!);
  return medianOf(gaps);
}

function medianOf(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}
