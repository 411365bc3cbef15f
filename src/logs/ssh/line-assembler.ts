/** Bytes re-read before a resume position to prove the file there is still the one that was read. */
export const OVERLAP = 64;

/** Where a follower stands in one file: the bytes of whole lines handed on, and the last of them. */
export interface FilePosition {
  offset: number;
  /** Up to OVERLAP bytes ending at `offset`. */
  tail: Buffer;
}

export const freshPosition = (offset = 0): FilePosition => ({ offset, tail: Buffer.alloc(0) });

/** A line longer than this without a `\n` is handed on in pieces rather than held forever. */
const MAX_HELD_BYTES = 4 * 1024 * 1024;

/**
 * Turns a byte stream into chunks of whole lines (each ending in `\n`), counting in `position`
 * only the bytes it has handed on: a partial last line is held back, and dropped on a disconnect
 * so the resume reads it again whole. Complete lines are passed on without copying.
 */
export class LineAssembler {
  private held: Buffer = Buffer.alloc(0);

  constructor(
    readonly position: FilePosition,
    private readonly emit: (chunk: Buffer) => void,
  ) {}

  push(data: Buffer): void {
    const end = data.lastIndexOf(0x0a) + 1;
    if (end === 0) {
      this.held = Buffer.concat([this.held, data]);
      if (this.held.length > MAX_HELD_BYTES) this.finish();
      return;
    }
    let from = 0;
    if (this.held.length > 0) {
      // Only the line that was waiting is copied together; the rest goes on as a view of `data`.
      from = data.indexOf(0x0a) + 1;
      const first = Buffer.concat([this.held, data.subarray(0, from)]);
      this.hand(first, first.length);
    }
    this.held = Buffer.from(data.subarray(end));
    if (from < end) this.hand(data.subarray(from, end), end - from);
  }

  /** The file is finished (rotated away): its unterminated last line is shown as a line too. */
  finish(): void {
    if (this.held.length === 0) return;
    const bytes = this.held.length;
    const line = Buffer.concat([this.held, Buffer.from('\n')]);
    this.held = Buffer.alloc(0);
    this.hand(line, bytes);
  }

  /** The connection dropped: the unfinished line is read again, whole, after the resume. */
  drop(): void {
    this.held = Buffer.alloc(0);
  }

  private hand(chunk: Buffer, fileBytes: number): void {
    const position = this.position;
    position.offset += fileBytes;
    const last = chunk.subarray(Math.max(0, fileBytes - OVERLAP), fileBytes);
    position.tail = last.length === OVERLAP ? Buffer.from(last) : Buffer.concat([position.tail, last]).subarray(-OVERLAP);
    this.emit(chunk);
  }
}

/** The byte (1-based, as tail counts) a read resuming at `position` asks for: OVERLAP bytes early. */
export const resumeFrom = (position: FilePosition): number => position.offset - position.tail.length + 1;

/**
 * A resumed read starts with the bytes already shown last; they must come back the same, which
 * proves the file is still the one that was being read. Nothing is passed on until then.
 */
export class OverlapCheck {
  private head: Buffer = Buffer.alloc(0);
  private verdict: 'pending' | 'same' | 'other';

  constructor(private readonly expected: Buffer) {
    this.verdict = expected.length === 0 ? 'same' : 'pending';
  }

  get proven(): boolean {
    return this.verdict === 'same';
  }

  /** The overlap came back different: another file is under that name. */
  get refuted(): boolean {
    return this.verdict === 'other';
  }

  /** What of `data` may be shown: nothing while the overlap is incomplete or refuted. */
  take(data: Buffer): Buffer {
    if (this.verdict === 'same') return data;
    if (this.verdict === 'other') return NOTHING;
    this.head = Buffer.concat([this.head, data]);
    if (this.head.length < this.expected.length) return NOTHING;
    this.verdict = this.head.subarray(0, this.expected.length).equals(this.expected) ? 'same' : 'other';
    return this.verdict === 'same' ? this.head.subarray(this.expected.length) : NOTHING;
  }
}

const NOTHING = Buffer.alloc(0);
