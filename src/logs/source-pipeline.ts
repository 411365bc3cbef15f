import { isAscii } from 'node:buffer';

import type { LogGapNotice } from '../backends/backend-set';
import { LineRing } from './line-ring';
import { readLineFields } from './parse-line';

/** Below this, a byte loop finds a non-ASCII byte faster than another isAscii call. */
const SCAN_BYTES = 256;

/** Longer lines are kept cut to this many bytes (a 1 MB line must not cost a MB per row). */
export const MAX_LINE_BYTES = 64 * 1024;

/**
 * One log source's way into its ring: whole-line chunks are split on `\n`, each line's time and
 * level read in place, and the line stored as offsets into the chunk. A line with no time of its
 * own (a stack trace's `at …`, a wrapped message) takes the time and level of the line above, so
 * it stays with its entry when sources are merged and filtered by level.
 */
export class SourcePipeline {
  readonly ring: LineRing;
  private lastAt = NaN;
  private lastLevel = 0;

  constructor(capacity: number, firstSeq = 0, private readonly now: () => number = Date.now) {
    this.ring = new LineRing(capacity, firstSeq);
  }

  /** Stores the lines of `chunk` (whole lines; a last line without `\n` counts as whole). */
  ingest(chunk: Buffer): void {
    const length = chunk.length;
    if (length === 0) return;
    // One latin1 decode per chunk: a character per byte, so string indexes are byte offsets and
    // no line is decoded as UTF-8 until it is shown.
    const text = chunk.toString('latin1');
    const now = this.now();
    // Where the next byte that is not ASCII is: only lines holding one are decoded as UTF-8 when
    // read (a few in a thousand), found by halving the chunk with the vectorised isAscii.
    let wideAt = nonAscii(chunk, 0, length);
    let start = 0;
    while (start < length) {
      let newline = text.indexOf('\n', start);
      if (newline < 0) newline = length;
      let end = newline;
      if (end > start && text.charCodeAt(end - 1) === 13) end--; // CRLF
      const wide = wideAt < newline;
      this.store(chunk, text, wide, start, end, now);
      if (wide) wideAt = nonAscii(chunk, newline, length);
      start = newline + 1;
    }
  }

  /** One explicit row where lines were lost; a side left open is the last time seen, or now. */
  gap(notice: LogGapNotice): void {
    const from = notice.from ?? (Number.isNaN(this.lastAt) ? null : this.lastAt);
    const until = notice.until ?? this.now();
    this.ring.pushGap({ from, until, reason: notice.reason }, from ?? until);
  }

  private store(chunk: Buffer, text: string, wide: boolean, start: number, end: number, now: number): void {
    // A line cut short is read on its own, so that nothing after the cut reads as part of it.
    const fields = end - start <= MAX_LINE_BYTES ? readLineFields(text, start, end, now) : readLineFields(text.slice(start, start + MAX_LINE_BYTES), 0, MAX_LINE_BYTES, now);
    let at = fields.at;
    let level = fields.level;
    if (Number.isNaN(at)) {
      at = this.lastAt;
      // In a log with no times at all there is no entry to belong to.
      if (level === 0 && !Number.isNaN(at)) level = this.lastLevel;
    } else {
      this.lastAt = at;
    }
    this.lastLevel = level;
    if (end - start <= MAX_LINE_BYTES) {
      this.ring.push(chunk, wide, start, end, at, level);
      return;
    }
    // Cut at a UTF-8 character boundary, and copied, so the rest of a huge chunk is not kept alive.
    let cut = start + MAX_LINE_BYTES;
    while (cut > start && (chunk[cut]! & 0xc0) === 0x80) cut--;
    const kept = Buffer.from(chunk.subarray(start, cut));
    this.ring.push(kept, wide, 0, kept.length, at, level, end - start);
  }
}

/** The first byte ≥ 0x80 in `bytes[from, to)`, or `to`. */
function nonAscii(bytes: Buffer, from: number, to: number): number {
  if (to - from <= SCAN_BYTES) {
    while (from < to && bytes[from]! < 0x80) from++;
    return from;
  }
  if (isAscii(bytes.subarray(from, to))) return to;
  const middle = (from + to) >>> 1;
  const left = nonAscii(bytes, from, middle);
  return left < middle ? left : nonAscii(bytes, middle, to);
}
