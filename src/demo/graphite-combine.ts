import { consolidatedValues, normalize } from './graphite-consolidation';
import type { GraphiteSeries } from './graphite-consolidation';
import { GraphiteInputError } from './graphite-errors';

// The functions that build new series out of several (graphite-web's "Combine" group), with
// graphite-web's names, tags and null handling, since dashboards show those names as legends.

type Aggregation = 'sum' | 'average' | 'max' | 'min';

const REDUCERS: Record<Aggregation, (usable: number[]) => number> = {
  sum: (v) => v.reduce((a, b) => a + b, 0),
  average: (v) => v.reduce((a, b) => a + b, 0) / v.length,
  max: (v) => v.reduce((a, b) => (b > a ? b : a)),
  min: (v) => v.reduce((a, b) => (b < a ? b : a)),
};

/** sumSeries & co: one series, null where every input is null, named `sumSeries(<patterns>)`. */
export function aggregate(list: GraphiteSeries[], func: Aggregation): GraphiteSeries[] {
  if (list.length === 0) return [];
  const { start, end, step } = normalize(list);
  const values = rows(list.map(consolidatedValues)).map((row) => {
    const usable = row.filter((v): v is number => v !== null);
    return usable.length ? REDUCERS[func](usable) : null;
  });
  const name = `${func}Series(${pathExpressions(list)})`;
  // Tags all inputs share survive; the name tag falls back to the aggregate's own name.
  const tags = Object.fromEntries(Object.entries(list[0]!.tags).filter(([k, v]) => list.every((s) => s.tags[k] === v)));
  tags.name ??= name;
  tags.aggregatedBy = func;
  return [series(name, start, end, step, values, tags)];
}

/**
 * asPercent(series, total): total may be absent (the sum of the series), one series, as many
 * series as the first argument (paired by sorted name), or a number. A zero total is a gap.
 */
export function asPercent(list: GraphiteSeries[], total: GraphiteSeries[] | number | null, nodes: unknown[]): GraphiteSeries[] {
  if (nodes.length) throw new GraphiteInputError('asPercent with nodes is not available in the demo Graphite');
  if (list.length === 0) return [];
  normalize(list);
  if (Array.isArray(total) && total.length === list.length) {
    const byName = (a: GraphiteSeries, b: GraphiteSeries) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0);
    const totals = [...total].sort(byName);
    return [...list].sort(byName).map((part, i) => {
      const whole = totals[i]!;
      const { start, end, step } = normalize([part, whole]);
      const values = rows([consolidatedValues(part), consolidatedValues(whole)]).map(([v, t]) => percent(v ?? null, t ?? null));
      return series(`asPercent(${part.name},${whole.name})`, start, end, step, values);
    });
  }
  let totals: (number | null)[];
  let totalText: string;
  if (total === null) {
    totals = rows(list.map(consolidatedValues)).map((row) => sumOrNull(row));
    totalText = `sumSeries(${pathExpressions(list)})`;
  } else if (Array.isArray(total)) {
    if (total.length !== 1) {
      throw new GraphiteInputError(
        'asPercent second argument must be missing, a single digit, reference exactly 1 series or reference the same number of series as the first argument',
      );
    }
    normalize([...list, ...total]);
    totals = consolidatedValues(total[0]!);
    totalText = total[0]!.name;
  } else {
    totals = list[0]!.values.map(() => total);
    totalText = String(total);
  }
  return list.map((part) => {
    const values = rows([consolidatedValues(part), totals]).map(([v, t]) => percent(v ?? null, t ?? null));
    return series(`asPercent(${part.name},${totalText || part.pathExpression})`, part.start, part.end, part.step, values);
  });
}

/** The value at each point is the average of the window *before* it, fetched from earlier so the first points have one. */
export function movingAverage(lookBack: GraphiteSeries[], windowSize: number | string, previewSeconds: number, xFilesFactor: number): GraphiteSeries[] {
  return lookBack.map((s) => {
    const quoted = typeof windowSize === 'string';
    const windowPoints = quoted ? Math.floor(previewSeconds / s.step) : Math.trunc(windowSize);
    const values: (number | null)[] = [];
    for (let i = windowPoints; i < s.values.length; i++) {
      const usable = s.values.slice(i - windowPoints, i).filter((v): v is number => v !== null);
      values.push(usable.length && usable.length / windowPoints >= xFilesFactor ? REDUCERS.average(usable) : null);
    }
    s.tags.movingAverage = String(windowSize);
    const name = quoted ? `movingAverage(${s.name},"${windowSize}")` : `movingAverage(${s.name},${windowSize})`;
    return { ...s, name, pathExpression: name, start: s.start + previewSeconds, values };
  });
}

/** Python's izip_longest: rows padded with null. */
function rows(columns: (number | null)[][]): (number | null)[][] {
  const length = Math.max(0, ...columns.map((c) => c.length));
  return Array.from({ length }, (_, i) => columns.map((c) => c[i] ?? null));
}

function sumOrNull(row: (number | null)[]): number | null {
  const usable = row.filter((v): v is number => v !== null);
  return usable.length ? REDUCERS.sum(usable) : null;
}

function percent(value: number | null, total: number | null): number | null {
  return value === null || total === null || total === 0 ? null : (value / total) * 100;
}

function pathExpressions(list: GraphiteSeries[]): string {
  return [...new Set(list.map((s) => s.pathExpression))].join(',');
}

function series(name: string, start: number, end: number, step: number, values: (number | null)[], tags?: Record<string, string>): GraphiteSeries {
  return { name, pathExpression: name, tags: tags ?? { name }, start, end, step, values, consolidationFunc: 'average', valuesPerPoint: 1 };
}
