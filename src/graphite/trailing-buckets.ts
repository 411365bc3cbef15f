import type { Series } from '../contract/wire-types';

// Which of graphite-web's trailing buckets hold nothing of the range asked for.
//
// Graphite is asked in whole seconds, `until` rounded up (`wholeSeconds`), so its answer may
// reach into the one second after `until`. Raw points are labelled by the start of their step, so
// a raw point labelled after `until` holds nothing of the range. A bucket consolidated for
// maxDataPoints is another matter: graphite-web 1.1.8 (render/views.py) nudges the series' start
// onto the next multiple of the new step but deletes one raw value fewer than the nudge covers,
// so a bucket labelled L holds the raw points from L − step on. The bucket with the newest points
// of the range is therefore often labelled up to one raw step after `until`, and must be kept and
// drawn. Only when its first raw point, L − step, lies after `until` does it hold nothing of the
// range — and since L − step is a whole second no later than the rounded-up `until`, that happens
// only when `until` is not a whole second and a raw point lies on the second after it.

export interface WholeSeconds {
  from: number;
  until: number;
}

/** Whole seconds that still cover the range asked for, never an empty range (a 400 in Graphite). */
export function wholeSeconds(from: number, until: number): WholeSeconds {
  const start = Math.floor(from / 1000);
  const end = Math.max(start + 1, Math.ceil(until / 1000));
  return { from: start, until: end };
}

/** What the answer alone says about a series' last point; `ask` when only its raw step can tell. */
export type TrailingVerdict = 'keep' | 'drop' | 'ask';

/**
 * Whether the last point of a series rendered with maxDataPoints holds nothing of the range
 * ending at `until` (epoch ms), judged from the answer alone.
 */
export function trailingVerdict(series: Series, until: number): TrailingVerdict {
  const sentUntil = Math.ceil(until / 1000) * 1000;
  const last = series.timestamps.at(-1);
  // A whole-second `until` is what was sent, and every bucket's first raw point is at or before it.
  if (last === undefined || sentUntil === until || last < sentUntil) return 'keep';
  const before = series.timestamps.at(-2);
  if (before === undefined) return 'ask';
  const spacing = last - before;
  const pastSent = last - sentUntil;
  // Raw (step = spacing) and labelled on the second after `until`: drop. Consolidated: the step
  // is at most half the spacing, and only a step of exactly `pastSent` starts the bucket there.
  if (pastSent === 0) return 'ask';
  return pastSent <= spacing / 2 && spacing % pastSent === 0 ? 'ask' : 'keep';
}

/**
 * The verdict once the raw step is known (from raw points at the same `from`: the same archive).
 * `rawStep` null (unknown) keeps the point: a newest value shown beats one hidden.
 */
export function trailingVerdictWithStep(series: Series, until: number, rawStep: number | null): 'keep' | 'drop' {
  const last = series.timestamps.at(-1);
  if (last === undefined || rawStep === null) return 'keep';
  const before = series.timestamps.at(-2);
  // A lone bucket may be raw or consolidated: drop it only when it is after `until` either way.
  const consolidated = before === undefined || last - before !== rawStep;
  const firstRaw = consolidated ? last - rawStep : last;
  return firstRaw > until ? 'drop' : 'keep';
}

/** The series without its raw points labelled after `until`: each holds nothing of the range. */
export function rawEndingAt(series: Series, until: number): Series {
  let end = series.timestamps.length;
  while (end > 0 && series.timestamps[end - 1]! > until) end--;
  return end === series.timestamps.length ? series : cut(series, end);
}

export function withoutLastPoint(series: Series): Series {
  return cut(series, series.timestamps.length - 1);
}

function cut(series: Series, end: number): Series {
  return { ...series, timestamps: series.timestamps.slice(0, end), values: series.values.slice(0, end) };
}
