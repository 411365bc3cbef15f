import type { LogLine } from '../contract/wire-types';
import type { RawLogLine } from '../backends/backend-set';

/**
 * The last `capacity` lines of one source, each numbered with a sequence that only grows, so a
 * window that reconnects can ask for what it missed and drop what it already has.
 */
export class LogBuffer {
  private readonly lines: LogLine[] = [];
  constructor(
    private readonly sourceId: string,
    private readonly capacity: number,
    /** A restarted source continues its old numbering, so windows never mistake new lines for old. */
    private nextSeq = 0,
  ) {}

  get seq(): number {
    return this.nextSeq;
  }

  append(raw: RawLogLine[]): LogLine[] {
    const added = raw.map((line) => ({ sourceId: this.sourceId, seq: this.nextSeq++, ...line }));
    this.lines.push(...added);
    if (this.lines.length > this.capacity) this.lines.splice(0, this.lines.length - this.capacity);
    return added;
  }

  /** The most recent `limit` lines, oldest first. */
  recent(limit: number): LogLine[] {
    return this.lines.slice(-limit);
  }
}
