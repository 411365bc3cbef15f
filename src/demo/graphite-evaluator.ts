import type { GraphiteSeries } from './graphite-consolidation';
import { GraphiteInputError, GraphiteServerError } from './graphite-errors';
import { GRAPHITE_FUNCTIONS } from './graphite-functions';
import type { GraphiteFunction, GraphiteValue, ParamType } from './graphite-functions';
import { parseTarget } from './graphite-target-parser';
import type { TargetExpr } from './graphite-target-parser';

export interface RenderRange {
  startTime: number;
  endTime: number;
  /** Every leaf matching a pattern over a range, as fresh series (functions change them in place). */
  fetch(pattern: string, startTime: number, endTime: number): GraphiteSeries[];
}

/**
 * Evaluates render targets as graphite-web does: every target is parsed before any is
 * evaluated (one unparsable target fails the whole request with a 500), blank targets are
 * skipped, an unknown function is a 400, and arguments of the wrong type fail the way stock
 * graphite-web fails with them: in Python, as a 500.
 */
export function evaluateTargets(targets: string[], range: RenderRange): GraphiteSeries[] {
  const parsed = targets
    .filter((t) => t.trim())
    .map((target) => {
      const expr = parseTarget(target);
      if (!expr) {
        const at = target.length - target.trimStart().length;
        throw new GraphiteServerError(
          'pyparsing.exceptions.ParseException',
          `, found '${target.trimStart()[0]}'  (at char ${at}), (line:1, col:${at + 1})`,
        );
      }
      return expr;
    });
  return parsed.flatMap((expr) => {
    const value = evaluate(expr, range.startTime, range);
    return Array.isArray(value) ? value : [];
  });
}

function evaluate(expr: TargetExpr, startTime: number, range: RenderRange): GraphiteValue {
  switch (expr.kind) {
    case 'path':
      return range.fetch(expr.path, startTime, range.endTime);
    case 'number':
    case 'string':
    case 'boolean':
      return expr.value;
    case 'none':
      return null;
    case 'call': {
      const fn = Object.hasOwn(GRAPHITE_FUNCTIONS, expr.name) ? GRAPHITE_FUNCTIONS[expr.name] : undefined;
      if (!fn) throw new GraphiteInputError(`Received request for unknown function: ${expr.name}`);
      const args = expr.args.map((a) => evaluate(a, startTime, range));
      const kwargs = new Map(expr.kwargs.map(({ name, value }) => [name, evaluate(value, startTime, range)]));
      const context = { startTime, endTime: range.endTime, evaluate: (e: TargetExpr, from: number) => evaluate(e, from, range) };
      return fn.run(bind(expr.name, fn, args, kwargs), context, expr.args);
    }
  }
}

/** Positional and keyword arguments in parameter order, each checked against its type. */
function bind(name: string, fn: GraphiteFunction, args: GraphiteValue[], kwargs: Map<string, GraphiteValue>): GraphiteValue[] {
  const bound: GraphiteValue[] = [];
  let next = 0;
  for (const param of fn.params) {
    const many = param.type.endsWith(':many');
    const values = many ? args.slice(next) : next < args.length ? [args[next]!] : kwargs.has(param.name) ? [kwargs.get(param.name)!] : [];
    next = many ? args.length : Math.min(next + 1, args.length);
    kwargs.delete(param.name);
    if (param.required && values.length === 0) {
      throw new GraphiteServerError('TypeError', `${name}() missing 1 required positional argument: '${param.name}'`);
    }
    for (const value of values) {
      if (!accepts(param.type, value)) throw new GraphiteServerError('TypeError', `${name}(): invalid value for parameter "${param.name}": ${repr(value)}`);
    }
    // An absent optional parameter is None; an empty `many` is no arguments at all.
    bound.push(...(values.length || many ? values : [null]));
  }
  if (next < args.length) throw new GraphiteServerError('TypeError', `${name}() takes ${fn.params.length} positional arguments but ${args.length} were given`);
  const [unknown] = kwargs.keys();
  if (unknown !== undefined) throw new GraphiteServerError('TypeError', `${name}() got an unexpected keyword argument '${unknown}'`);
  return bound;
}

function accepts(type: ParamType, value: GraphiteValue): boolean {
  switch (type) {
    case 'seriesList':
    case 'seriesLists:many':
      return Array.isArray(value);
    case 'float':
      return typeof value === 'number';
    case 'string':
      return typeof value === 'string';
    case 'nodeOrTag:many':
      return typeof value === 'number' || typeof value === 'string';
    case 'seriesListOrNumber':
      return Array.isArray(value) || typeof value === 'number' || value === null;
    case 'intOrInterval':
      return typeof value === 'number' || typeof value === 'string';
  }
}

function repr(value: GraphiteValue): string {
  if (Array.isArray(value)) return `[${value.map((s) => s.name).join(', ')}]`;
  return typeof value === 'string' ? `'${value}'` : String(value);
}
