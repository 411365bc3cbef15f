import { RAW_STEP_MS } from './world';
import type { DemoWorld } from './world';
import { applyMaxDataPoints, datapoints } from './graphite-consolidation';
import type { GraphiteSeries } from './graphite-consolidation';
import { GraphiteInputError, GraphiteServerError, invalidParameters, serverErrorPage } from './graphite-errors';
import { evaluateTargets } from './graphite-evaluator';
import { pathMatcher } from './graphite-glob';
import { parseGraphiteTime } from './graphite-time';

export interface HttpAnswer {
  status: number;
  type: string;
  body: string;
  headers?: Record<string, string>;
}

const STEP = RAW_STEP_MS / 1000;
// As graphite-web answers with DEFAULT_CACHE_DURATION = 0: the demo's data is live.
const NO_CACHE = { 'Cache-Control': 'max-age=0, no-cache, no-store, must-revalidate, private' };

/** `GET /render?format=json`: graphite-web 1.1.8's answers, status codes and bodies included. */
export function render(world: DemoWorld, query: URLSearchParams): HttpAnswer {
  const targets = query.getAll('target').length ? query.getAll('target') : query.getAll('target[]');
  const now = Math.floor(world.now() / 1000);
  try {
    if (query.get('format') !== 'json') throw new GraphiteInputError('the demo Graphite renders format=json only');
    // Options are parsed before any target is looked at, so these errors name no target.
    const range = timeRange(query, now);
    const series = evaluateTargets(targets, { ...range, fetch: (pattern, from, until) => fetchSeries(world, pattern, from, until, now) });
    const max = query.get('maxDataPoints');
    if (max !== null && /^\d+$/.test(max)) applyMaxDataPoints(series, Number(max));
    let output = series.map((s) => ({ target: s.name, tags: s.tags, datapoints: datapoints(s) }));
    if (query.has('noNullPoints')) {
      output = output.map((s) => ({ ...s, datapoints: s.datapoints.filter(([v]) => v !== null) })).filter((s) => s.datapoints.length);
    }
    const json = JSON.stringify(output);
    const jsonp = query.get('jsonp');
    return { status: 200, type: jsonp ? 'text/javascript' : 'application/json', body: jsonp ? `${jsonp}(${json})` : json, headers: NO_CACHE };
  } catch (error) {
    if (error instanceof TimeRangeError) return { status: 400, type: 'text/html; charset=utf-8', body: invalidParameters(error.message) };
    if (error instanceof GraphiteInputError) return { status: 400, type: 'text/html; charset=utf-8', body: invalidParameters(error.message, targets) };
    if (error instanceof GraphiteServerError) return { status: 500, type: 'text/html; charset=utf-8', body: serverErrorPage(error, 'render/views.py') };
    throw error;
  }
}

class TimeRangeError extends GraphiteInputError {}

function timeRange(query: URLSearchParams, now: number): { startTime: number; endTime: number } {
  try {
    const until = query.has('until') ? parseGraphiteTime(query.get('until')!, now) : now;
    const from = query.has('from') ? parseGraphiteTime(query.get('from')!, now) : now - 86_400;
    if (from === until) throw new GraphiteInputError('Invalid empty time range');
    return { startTime: Math.min(from, until), endTime: Math.max(from, until) };
  } catch (error) {
    throw error instanceof GraphiteInputError ? new TimeRangeError(error.message) : error;
  }
}

/**
 * What whisper returns for each leaf matching `pattern`: buckets labelled by their start from the
 * one after `from` through the one holding `until`, `until` clamped to now, nothing at all for a
 * range wholly in the future.
 */
function fetchSeries(world: DemoWorld, pattern: string, startTime: number, endTime: number, now: number): GraphiteSeries[] {
  if (startTime > now) return [];
  const from = Math.floor(startTime / STEP) * STEP + STEP;
  let until = Math.floor(Math.min(endTime, now) / STEP) * STEP + STEP;
  if (until === from) until += STEP;
  const matches = pathMatcher(pattern);
  return world
    .metricPaths()
    .filter(matches)
    .sort()
    .map((path) => {
      const raw = world.series(path, from * 1000, until * 1000)!;
      // carbon gets a bucket's point when the bucket closes (statsd flushes at the end of its
      // interval), so the bucket holding "now" is still empty, as on a real Graphite.
      const values = raw.values.map((v, i) => (from + (i + 1) * STEP > now ? null : v));
      return { name: path, pathExpression: pattern, tags: { name: path }, start: from, end: until, step: STEP, values, consolidationFunc: 'average', valuesPerPoint: 1 };
    });
}
