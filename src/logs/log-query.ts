import { setImmediate as nextTurn } from 'node:timers/promises';

import { compileLogFilter } from '../contract/log-filter';
import type { LogFilter, LogLine, LogVolumeBucket } from '../contract/wire-types';
import { CancelledError, InvalidInputError } from '../errors';
import { fastPatternEngine } from './fast-pattern';
import type { LineRing } from './line-ring';
import { LEVEL_CODES } from './log-level';

// Reading the rings: the newest lines, the lines around a moment, and lines per time bucket,
// for several sources at once, merged by time. A scan can pass millions of rows (50 sources of
// up to 2 M lines), so it runs in slices: between two, other requests are answered, new lines
// arrive, and a caller that went away stops it.

export interface RingSource {
  sourceId: string;
  ring: LineRing;
}

/** Whether a row passes the filter. Gap rows always do: a filter must never hide that lines are missing. */
export type RowMatcher = (ring: LineRing, seq: number) => boolean;

const ERROR_LEVEL = LEVEL_CODES.indexOf('error');

/** The filter as the contract defines it (compileLogFilter), or the user's error under the filter box. */
export function rowMatcher(filter: LogFilter | null): RowMatcher {
  const compiled = compileLogFilter(filter, fastPatternEngine);
  if (!compiled.ok) throw new InvalidInputError(compiled.error, [{ path: 'filter.text', message: compiled.error }]);
  if (!compiled.active) return () => true;
  // A level-only filter never needs the text: rows are not decoded for it. Scans call this row
  // after row, so a chunk is decoded once for all its rows.
  const needsText = filter !== null && filter.text !== '';
  return (ring, seq) => ring.isGap(seq) || compiled.matches(needsText ? ring.scannedText(seq) : '', LEVEL_CODES[ring.level(seq)]!);
}

/** Rows between two looks at the clock: at under 1 ms a row even for a hostile line (fast-pattern.ts), a look every 64 rows is in time. */
const CHECK_EVERY = 64;
/** The longest a scan holds the process before others get a turn... */
const SLICE_MS = 8;
/** ...and the most rows it scans in one go on any machine, however fast. */
const SLICE_ROWS = 65_536;

/** Cuts a scan into slices; `due()` is cheap enough to call for every row. */
export class ScanSlices {
  private rows = 0;
  private sliceStart = performance.now();

  constructor(private readonly signal?: AbortSignal) {
    this.stopIfCancelled();
  }

  /** True when this row ends a slice: then `await next()` before going on. */
  due(): boolean {
    if (++this.rows % CHECK_EVERY !== 0) return false;
    return this.rows % SLICE_ROWS === 0 || performance.now() - this.sliceStart >= SLICE_MS;
  }

  /** Lets the event loop run once, then goes on unless the caller has gone. Rows may have come and gone meanwhile. */
  async next(): Promise<void> {
    await nextTurn();
    this.stopIfCancelled();
    this.sliceStart = performance.now();
  }

  private stopIfCancelled() {
    if (this.signal?.aborted) throw new CancelledError('The request was cancelled.');
  }
}

/** The newest `limit` matching rows at or before `until` (null: all), oldest first. */
export async function newestLines(sources: RingSource[], matches: RowMatcher, until: number | null, limit: number, signal?: AbortSignal) {
  const slices = new ScanSlices(signal);
  let scanned = 0;
  let matched = 0;
  const parts: number[][] = [];
  for (const { ring } of sources) {
    const seqs: number[] = [];
    for (let seq = ring.nextSeq - 1; seq >= ring.oldestSeq && seqs.length < limit; seq--) {
      if (slices.due()) {
        await slices.next();
        if (seq < ring.oldestSeq) break;
      }
      scanned++;
      if (until !== null && ring.at(seq) > until) continue;
      if (!matches(ring, seq)) continue;
      matched++;
      seqs.push(seq);
    }
    parts.push(seqs.reverse());
  }
  return { lines: mergeByTime(sources, stillHeld(sources, parts), 'last', limit), scanned, matched };
}

/** Up to `before` matching rows earlier than `at` and `after` at or after it; `anchor` is where the latter start. */
export async function linesAround(sources: RingSource[], matches: RowMatcher, at: number, before: number, after: number, signal?: AbortSignal) {
  const slices = new ScanSlices(signal);
  const earlier: number[][] = [];
  const later: number[][] = [];
  for (const { ring } of sources) {
    const seqs: number[] = [];
    for (let seq = ring.nextSeq - 1; seq >= ring.oldestSeq && seqs.length < before; seq--) {
      if (slices.due()) {
        await slices.next();
        if (seq < ring.oldestSeq) break;
      }
      if (!(ring.at(seq) >= at) && matches(ring, seq)) seqs.push(seq);
    }
    earlier.push(seqs.reverse());
  }
  for (const { ring } of sources) {
    const seqs: number[] = [];
    for (let seq = ring.oldestSeq; seq < ring.nextSeq && seqs.length < after; seq++) {
      if (slices.due()) {
        await slices.next();
        seq = Math.max(seq, ring.oldestSeq);
        if (seq >= ring.nextSeq) break;
      }
      if (ring.at(seq) >= at && matches(ring, seq)) seqs.push(seq);
    }
    later.push(seqs);
  }
  const head = mergeByTime(sources, stillHeld(sources, earlier), 'last', before);
  return { lines: [...head, ...mergeByTime(sources, stillHeld(sources, later), 'first', after)], anchor: head.length };
}

/** Lines per bucket of `bucketMs` from `from` (all, matching the filter, errors); gap rows are not lines. */
export async function lineVolume(sources: RingSource[], matches: RowMatcher, from: number, until: number, bucketMs: number, signal?: AbortSignal): Promise<LogVolumeBucket[]> {
  const slices = new ScanSlices(signal);
  const buckets = Array.from({ length: Math.ceil((until - from) / bucketMs) }, (_, i) => ({ at: from + i * bucketMs, total: 0, matched: 0, errors: 0 }));
  for (const { ring } of sources) {
    for (let seq = ring.oldestSeq; seq < ring.nextSeq; seq++) {
      if (slices.due()) {
        await slices.next();
        // Rows that fell out of the ring meanwhile were not counted: their slots hold newer rows now.
        seq = Math.max(seq, ring.oldestSeq);
        if (seq >= ring.nextSeq) break;
      }
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

/** The rows found, less those the ring let go of while the scan paused (their slots hold newer rows now). */
function stillHeld(sources: RingSource[], parts: number[][]): number[][] {
  return parts.map((seqs, i) => {
    const oldest = sources[i]!.ring.oldestSeq;
    return seqs[0] !== undefined && seqs[0] < oldest ? seqs.filter((seq) => seq >= oldest) : seqs;
  });
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
