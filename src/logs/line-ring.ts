import type { LogGap, LogLine } from '../contract/wire-types';
import { LEVEL_CODES } from './log-level';

const EMPTY = Buffer.alloc(0);

/** What only a few rows have: a cut-short line's full length, or the gap a gap row stands for. */
interface RowExtra {
  truncatedFrom: number | null;
  gap: LogGap | null;
}

/**
 * The last `capacity` rows of one log source, as columns rather than an object per line: time
 * and level in typed arrays, the text as a reference to the chunk it arrived in plus byte
 * offsets, decoded only when a row is read (notes: logs-performance.md, "no object per line").
 * Chunks stay Buffers, outside the JavaScript heap, so the garbage collector never copies them.
 * Rows are numbered by `seq`, which only grows and has no holes; a row lives in slot
 * `seq % capacity` until `capacity` newer rows have come.
 */
export class LineRing {
  private readonly times: Float64Array;
  private readonly levels: Uint8Array;
  private readonly starts: Uint32Array;
  private readonly ends: Uint32Array;
  private readonly chunks: Buffer[];
  /** 1 where the row has bytes that are not ASCII, so it is decoded as UTF-8. */
  private readonly wide: Uint8Array;
  private readonly extras = new Map<number, RowExtra>();
  private next: number;
  /** The chunk a scan last read, decoded whole: the rows after it are slices of that one string. */
  private scanChunk: Buffer = EMPTY;
  private scanText = '';

  constructor(
    readonly capacity: number,
    /** The first row's seq: a restarted source continues its old numbering. */
    private readonly firstSeq = 0,
  ) {
    this.times = new Float64Array(capacity);
    this.levels = new Uint8Array(capacity);
    this.starts = new Uint32Array(capacity);
    this.ends = new Uint32Array(capacity);
    this.chunks = new Array<Buffer>(capacity).fill(EMPTY);
    this.wide = new Uint8Array(capacity);
    this.next = firstSeq;
  }

  /** The seq the next row will get. */
  get nextSeq(): number {
    return this.next;
  }

  /** The oldest seq still held. */
  get oldestSeq(): number {
    return Math.max(this.firstSeq, this.next - this.capacity);
  }

  get size(): number {
    return this.next - this.oldestSeq;
  }

  /**
   * A line: `chunk[start, end)` holds its bytes; `wide` when one of them is not ASCII. `at` is
   * NaN when it has no time.
   */
  push(chunk: Buffer, wide: boolean, start: number, end: number, at: number, level: number, truncatedFrom: number | null = null): number {
    const seq = this.next++;
    const slot = seq % this.capacity;
    this.times[slot] = at;
    this.levels[slot] = level;
    this.chunks[slot] = chunk;
    this.wide[slot] = wide ? 1 : 0;
    this.starts[slot] = start;
    this.ends[slot] = end;
    if (this.extras.size > 0) this.extras.delete(seq - this.capacity);
    if (truncatedFrom !== null) this.extras.set(seq, { truncatedFrom, gap: null });
    return seq;
  }

  /** A row saying lines are missing here; it sorts at `at`, and its text says the same as `gap`. */
  pushGap(gap: LogGap, at: number): number {
    const text = Buffer.from(gapText(gap));
    const seq = this.push(text, true, 0, text.length, at, 0);
    this.extras.set(seq, { truncatedFrom: null, gap });
    return seq;
  }

  has(seq: number): boolean {
    return seq >= this.oldestSeq && seq < this.next;
  }

  at(seq: number): number {
    return this.times[seq % this.capacity]!;
  }

  level(seq: number): number {
    return this.levels[seq % this.capacity]!;
  }

  isGap(seq: number): boolean {
    return this.extras.size > 0 && this.extras.get(seq)?.gap != null;
  }

  /** The row's text; invalid UTF-8 shows as U+FFFD. */
  text(seq: number): string {
    const slot = seq % this.capacity;
    // ASCII decodes fastest as latin1; anything else as UTF-8, invalid bytes becoming U+FFFD.
    return this.chunks[slot]!.toString(this.wide[slot] ? 'utf8' : 'latin1', this.starts[slot], this.ends[slot]);
  }

  /**
   * The same as `text(seq)`, for a scan that reads the rows one after another: a chunk is decoded
   * once for all its rows, and each row is a slice of that string (a few ns, against ~50 for a
   * decode of its own). Not for rows picked here and there: each would decode a whole chunk.
   */
  scannedText(seq: number): string {
    const slot = seq % this.capacity;
    const chunk = this.chunks[slot]!;
    if (this.wide[slot]) return chunk.toString('utf8', this.starts[slot], this.ends[slot]);
    if (chunk !== this.scanChunk) {
      this.scanChunk = chunk;
      this.scanText = chunk.toString('latin1');
    }
    return this.scanText.slice(this.starts[slot], this.ends[slot]);
  }

  line(seq: number, sourceId: string): LogLine {
    return this.lineWith(seq, sourceId, this.text(seq));
  }

  /** Rows `[from, until)` still held, oldest first. */
  lines(from: number, until: number, sourceId: string): LogLine[] {
    const lines: LogLine[] = [];
    for (let seq = Math.max(from, this.oldestSeq); seq < Math.min(until, this.next); seq++) lines.push(this.lineWith(seq, sourceId, this.scannedText(seq)));
    return lines;
  }

  private lineWith(seq: number, sourceId: string, text: string): LogLine {
    const at = this.at(seq);
    const extra = this.extras.size > 0 ? this.extras.get(seq) : undefined;
    return {
      sourceId,
      seq,
      at: Number.isNaN(at) ? null : at,
      level: LEVEL_CODES[this.level(seq)]!,
      text,
      truncatedFrom: extra?.truncatedFrom ?? null,
      gap: extra?.gap ?? null,
    };
  }
}

/** "Lines missing 14:03:10–14:03:52 UTC: file replaced while disconnected". */
export function gapText(gap: LogGap): string {
  const span = gap.from === null && gap.until === null ? '' : ` ${clock(gap.from)}–${clock(gap.until)} UTC`;
  return `Lines missing${span}: ${gap.reason}`;
}

function clock(at: number | null): string {
  return at === null ? '?' : new Date(at).toISOString().slice(11, 19);
}
