import { GraphiteServerError } from './graphite-errors';

/** graphite-web's TimeSeries: times in epoch seconds, values at `step`, gaps as null. */
export interface GraphiteSeries {
  name: string;
  /** The pattern this series was fetched by (`web.*.requests`), which aggregate names repeat. */
  pathExpression: string;
  tags: Record<string, string>;
  start: number;
  end: number;
  step: number;
  values: (number | null)[];
  consolidationFunc: string;
  /** > 1 once consolidated: each output value stands for this many raw values. */
  valuesPerPoint: number;
}

const FUNCTIONS: Record<string, (usable: number[]) => number> = {
  sum: (v) => v.reduce((a, b) => a + b, 0),
  average: (v) => v.reduce((a, b) => a + b, 0) / v.length,
  avg_zero: (v) => v.reduce((a, b) => a + b, 0) / v.length,
  max: (v) => v.reduce((a, b) => (b > a ? b : a)),
  min: (v) => v.reduce((a, b) => (b < a ? b : a)),
  first: (v) => v[0]!,
  last: (v) => v[v.length - 1]!,
};
FUNCTIONS.avg = FUNCTIONS.average!;

/**
 * The values as graphite-web iterates them: groups of `valuesPerPoint` reduced by the series'
 * consolidation function over the non-null values (a group of nulls stays null; a short last
 * group still counts).
 */
export function consolidatedValues(series: GraphiteSeries): (number | null)[] {
  const per = series.valuesPerPoint;
  if (per <= 1) return series.values;
  const reduce = FUNCTIONS[series.consolidationFunc];
  // graphite-web only finds out here, so consolidateBy(x, "bogus") fails only when consolidating.
  if (!reduce) throw new GraphiteServerError('Exception', `Invalid consolidation function: '${series.consolidationFunc}'`);
  const out: (number | null)[] = [];
  for (let i = 0; i < series.values.length; i += per) {
    const group = series.values.slice(i, i + per);
    const usable = series.consolidationFunc === 'avg_zero' ? group.map((v) => v ?? 0) : group.filter((v): v is number => v !== null);
    out.push(group.some((v) => v !== null) ? reduce(usable) : null);
  }
  return out;
}

/** `[value, timestamp]` pairs as render's JSON carries them; extra timestamps are dropped, as zip does. */
export function datapoints(series: GraphiteSeries): [number | null, number][] {
  const values = consolidatedValues(series);
  const stride = series.step * Math.max(1, series.valuesPerPoint);
  const points: [number | null, number][] = [];
  for (let i = 0, t = series.start; i < values.length && t <= series.end; i++, t += stride) points.push([values[i]!, t]);
  return points;
}

/**
 * render's `maxDataPoints`, exactly as graphite-web 1.1.8 applies it to JSON: an integer number
 * of raw values per point (so often well under the maximum), and the start nudged onto a
 * multiple of the new step so the buckets do not jitter from one refresh to the next.
 */
export function applyMaxDataPoints(list: GraphiteSeries[], maxDataPoints: number): void {
  if (list.length === 0) return;
  const timeRange = Math.max(...list.map((s) => s.end)) - Math.min(...list.map((s) => s.start));
  for (const series of list) {
    if (maxDataPoints === 1) {
      series.valuesPerPoint = series.values.length;
      continue;
    }
    const numberOfDataPoints = timeRange / series.step;
    if (maxDataPoints >= numberOfDataPoints) continue;
    if (maxDataPoints === 0) throw new GraphiteServerError('ZeroDivisionError', 'float division by zero');
    const valuesPerPoint = Math.ceil(numberOfDataPoints / maxDataPoints);
    const secondsPerPoint = Math.trunc(valuesPerPoint * series.step);
    const nudge = secondsPerPoint + (series.start % series.step) - (series.start % secondsPerPoint);
    series.start += nudge;
    // graphite-web deletes one value fewer than the nudge covers (`for r in range(1, valuesToLose)`).
    series.values.splice(0, Math.max(0, Math.trunc(nudge / series.step) - 1));
    series.valuesPerPoint = valuesPerPoint;
  }
}

/** graphite-web's normalize(): the coarsest common step, each series consolidated to it. */
export function normalize(list: GraphiteSeries[]): { start: number; end: number; step: number } {
  const step = list.map((s) => s.step).reduce(lcm);
  for (const series of list) series.valuesPerPoint = step / series.step;
  const start = Math.min(...list.map((s) => s.start));
  let end = Math.max(...list.map((s) => s.end));
  end -= (end - start) % step;
  return { start, end, step };
}

function lcm(a: number, b: number): number {
  const gcd = (x: number, y: number): number => (y === 0 ? x : gcd(y, x % y));
  return a === b ? a : (a / gcd(a, b)) * b;
}
