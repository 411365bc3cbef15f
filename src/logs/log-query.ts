import { compileLogFilter } from '../contract/log-filter';
import type { LogFilter, LogLine, LogVolumeBucket } from '../contract/wire-types';
import { InvalidInputError } from '../errors';
import type { LineRing } from './line-ring';
import { LEVEL_CODES } from './log-level';

// Reading the rings: the newest lines, the lines around a moment, and lines per time bucket,
// for several sources at once, merged by time.

export interface RingSource {
  sourceId: string;
  ring: LineRing;
}

/** Whether a row passes the filter. Gap rows always do: a filter must never hide that lines are missing. */
export type RowMatcher = (ring: LineRing, seq: number) => boolean;

const ERROR_LEVEL = LEVEL_CODES.indexOf('error');

/** The filter as the contract defines it (compileLogFilter), or the user's error under the filter box. */
export function rowMatcher(filter: LogFilter | null): RowMatcher {
  const compiled = compileLogFilter(filter);
  if (!compiled.ok) throw new InvalidInputError(compiled.error, [{ path: 'filter.text', message: compiled.error }]);
  if (!compiled.active) return () => true;
  // A level-only filter never needs the text: rows are not decoded for it.
  const needsText = filter !== null && filter.text !== '';
  return (ring, seq) => ring.isGap(seq) || compiled.matches(needsText ? ring.text(seq) : '', LEVEL_CODES[ring.level(seq)]!);
}

/** The newest `limit` matching rows at or before `until` (null: all), oldest first. */
export function newestLines(sources: RingSource[], matches: RowMatcher, until: number | null, limit: number) {
  let scanned = 0;
  let matched = 0;
  const parts = sources.map(({ ring }) => {
    const seqs: number[] = [];
    for (let seq = ring.nextSeq - 1; seq >= ring.oldestSeq && seqs.length < limit; seq--) {
      scanned++;
      if (until !== null && ring.at(seq) > until) continue;
      if (!matches(ring, seq)) continue;
      matched++;
      seqs.push(seq);
    }
    return seqs.reverse();
  });
  return { lines: mergeByTime(sources, parts, 'last', limit), scanned, matched };
}

/** Up to `before` matching rows earlier than `at` and `after` at or after it; `anchor` is where the latter start. */
export function linesAround(sources: RingSource[], matches: RowMatcher, at: number, before: number, after: number) {
  const earlier = sources.map(({ ring }) => {
    const seqs: number[] = [];
    for (let seq = ring.nextSeq - 1; seq >= ring.oldestSeq && seqs.length < before; seq--) {
      if (!(ring.at(seq) >= at) && matches(ring, seq)) seqs.push(seq);
    }
    return seqs.reverse();
  });
  const later = sources.map(({ ring }) => {
    const seqs: number[] = [];
    for (let seq = ring.oldestSeq; seq < ring.nextSeq && seqs.length < after; seq++) {
      if (ring.at(seq) >= at && matches(ring, seq)) seqs.push(seq);
    }
    return seqs;
  });
  const head = mergeByTime(sources, earlier, 'last', before);
  return { lines: [...head, ...mergeByTime(sources, later, 'first', after)], anchor: head.length };
}

/** Lines per bucket of `bucketMs` from `from` (all, matching the filter, errors); gap rows are not lines. */
export function lineVolume(sources: RingSource[], matches: RowMatcher, from: number, until: number, bucketMs: number): LogVolumeBucket[] {
  const buckets = Array.from({ length: Math.ceil((until - from) / bucketMs) }, (_, i) => ({ at: from + i * bucketMs, total: 0, matched: 0, errors: 0 }));
  for (const { ring } of sources) {
    for (let seq = ring.oldestSeq; seq < ring.nextSeq; seq++) {
      const at = ring.at(seq);
      if (!(at >= from && at < until) || ring.isGap(seq)) continue;
      const bucket = buckets[Math.floor((at - from) / bucketMs)]!;
      bucket.total++;
      if (ring.level(seq) === ERROR_LEVEL) bucket.errors++;
      if (matches(ring, seq)) bucket.matched++;
    }
  }
  return buckets;
}

/**
 * Several sources' rows merged by time, keeping each source's own order (its file order is the
 * truth even where its clock steps back); ties go to the source listed first. Only the first or
 * the last `count` rows of the merge are made into lines, oldest first.
 */
export function mergeByTime(sources: RingSource[], parts: number[][], keep: 'first' | 'last', count: number): LogLine[] {
  const total = parts.reduce((sum, seqs) => sum + seqs.length, 0);
  const skip = keep === 'first' ? 0 : Math.max(0, total - count);
  const heads = parts.map(() => 0);
  const key = (i: number) => {
    const at = sources[i]!.ring.at(parts[i]![heads[i]!]!);
    // A row from before the source's first time sorts first.
    return Number.isNaN(at) ? Number.NEGATIVE_INFINITY : at;
  };
  const lines: LogLine[] = [];
  for (let n = 0; n < total && lines.length < count; n++) {
    let best = -1;
    let bestKey = 0;
    for (let i = 0; i < parts.length; i++) {
      if (heads[i]! >= parts[i]!.length) continue;
      const k = key(i);
      if (best < 0 || k < bestKey) {
        best = i;
        bestKey = k;
      }
    }
    const seq = parts[best]![heads[best]!]!;
    heads[best] = heads[best]! + 1;
    if (n >= skip) lines.push(sources[best]!.ring.line(seq, sources[best]!.sourceId));
  }
  return lines;
}
