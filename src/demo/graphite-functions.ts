import { aggregate, asPercent, movingAverage } from './graphite-combine';
import type { GraphiteSeries } from './graphite-consolidation';
import { parseOffset } from './graphite-time';
import { parseTarget } from './graphite-target-parser';
import type { TargetExpr } from './graphite-target-parser';

export type GraphiteValue = GraphiteSeries[] | number | string | boolean | null;

export interface EvalContext {
  startTime: number;
  endTime: number;
  /** Evaluates an argument again from an earlier start (movingAverage's look-back). */
  evaluate(expr: TargetExpr, startTime: number): GraphiteValue;
}

/** What a parameter accepts; `many` ones take every remaining positional argument. */
export type ParamType = 'seriesList' | 'seriesLists:many' | 'float' | 'string' | 'nodeOrTag:many' | 'seriesListOrNumber' | 'intOrInterval';

export interface GraphiteFunction {
  params: { name: string; type: ParamType; required?: boolean }[];
  /** `args` are checked against `params` first; `raw` are the unevaluated argument expressions. */
  run(args: GraphiteValue[], context: EvalContext, raw: TargetExpr[]): GraphiteSeries[];
}

const seriesList = { name: 'seriesList', type: 'seriesList', required: true } as const;
const list = (value: GraphiteValue | undefined) => (value ?? []) as GraphiteSeries[];

const aggregator = (func: 'sum' | 'average' | 'max' | 'min'): GraphiteFunction => ({
  params: [{ name: 'seriesLists', type: 'seriesLists:many', required: true }],
  run: (args) => aggregate(args.flatMap(list), func),
});

/** Each series transformed in place and renamed, as graphite-web's functions mutate theirs. */
const transform = (params: GraphiteFunction['params'], each: (s: GraphiteSeries, args: GraphiteValue[]) => void): GraphiteFunction => ({
  params: [seriesList, ...params],
  run: (args) =>
    list(args[0]).map((s) => {
      each(s, args);
      return s;
    }),
});

/** The subset of graphite-web 1.1.8's render functions the demo speaks. */
export const GRAPHITE_FUNCTIONS: Record<string, GraphiteFunction> = {
  sumSeries: aggregator('sum'),
  sum: aggregator('sum'),
  averageSeries: aggregator('average'),
  avg: aggregator('average'),
  maxSeries: aggregator('max'),
  minSeries: aggregator('min'),
  alias: transform([{ name: 'newName', type: 'string', required: true }], (s, [, name]) => {
    s.name = name as string;
  }),
  aliasByNode: transform([{ name: 'nodes', type: 'nodeOrTag:many', required: true }], (s, [, ...nodes]) => {
    s.name = aliasByNodes(s, nodes as (number | string)[]);
  }),
  scale: transform([{ name: 'factor', type: 'float', required: true }], (s, [, factor]) => {
    const f = factor as number;
    s.tags.scale = pythonFloat(f);
    s.name = s.pathExpression = `scale(${s.name},${formatG(f)})`;
    s.values = s.values.map((v) => (v === null ? null : v * f));
  }),
  consolidateBy: transform([{ name: 'consolidationFunc', type: 'string', required: true }], (s, [, func]) => {
    s.consolidationFunc = s.tags.consolidateBy = func as string;
    s.name = s.pathExpression = `consolidateBy(${s.name},"${s.consolidationFunc}")`;
  }),
  // Values stay as they are: only PNG/SVG output draws the vertical lines; JSON clients see the tag.
  drawAsInfinite: transform([], (s) => {
    s.tags.drawAsInfinite = '1';
    s.name = `drawAsInfinite(${s.name})`;
  }),
  asPercent: {
    params: [seriesList, { name: 'total', type: 'seriesListOrNumber' }, { name: 'nodes', type: 'nodeOrTag:many' }],
    run: ([series, total, ...nodes]) => asPercent(list(series), (total ?? null) as GraphiteSeries[] | number | null, nodes),
  },
  movingAverage: {
    params: [seriesList, { name: 'windowSize', type: 'intOrInterval', required: true }, { name: 'xFilesFactor', type: 'float' }],
    run: ([series, windowSize, xff], context, raw) => {
      const window = windowSize as number | string;
      if (list(series).length === 0) return [];
      const step = Math.max(...list(series).map((s) => s.step));
      const preview = typeof window === 'string' ? Math.abs(parseOffset(window)) : step * Math.trunc(window);
      const lookBack = list(context.evaluate(raw[0]!, context.startTime - preview));
      return movingAverage(lookBack, window, preview, (xff as number | undefined) ?? 0);
    },
  },
};

/** aliasByNode's key: nodes of the name (of its first path when the name is a function call), or tag values. */
function aliasByNodes(series: GraphiteSeries, nodes: (number | string)[]): string {
  const path = series.name.endsWith(')') ? (firstPath(series.name) ?? series.name) : series.name;
  const parts = path.split(';')[0]!.split('.');
  return nodes
    .map((n) => {
      const part = typeof n === 'number' ? parts[n < 0 ? parts.length + n : n] : undefined;
      return part ?? series.tags[String(n)] ?? '';
    })
    .join('.');
}

function firstPath(name: string): string | null {
  let expr = parseTarget(name);
  while (expr?.kind === 'call') expr = expr.args[0] ?? null;
  return expr?.kind === 'path' ? expr.path : null;
}

/** Python's str() of a float: graphite-web turns float parameters into floats before tagging with them. */
function pythonFloat(x: number): string {
  if (Number.isInteger(x) && Math.abs(x) < 1e16) return `${x}.0`;
  return String(x).replace(/e([+-])(\d)$/, 'e$10$2');
}

/** Python's `%g`, which graphite-web uses to print scale factors. */
function formatG(x: number): string {
  if (!Number.isFinite(x)) return Number.isNaN(x) ? 'nan' : x > 0 ? 'inf' : '-inf';
  const exponent = x === 0 ? 0 : Math.floor(Math.log10(Math.abs(x)));
  if (exponent >= -4 && exponent < 6) return String(Number(x.toPrecision(6)));
  const [mantissa = '', power = '0'] = x.toExponential(5).split('e');
  const trimmed = mantissa.includes('.') ? mantissa.replace(/0+$/, '').replace(/\.$/, '') : mantissa;
  const p = Number(power);
  return `${trimmed}e${p < 0 ? '-' : '+'}${String(Math.abs(p)).padStart(2, '0')}`;
}
