/**
 * Lines that may never be shown: the log was rotated or truncated and the rest of the old file
 * could not be read. It carries the times either side so a gap row can sit where the lines were.
 */
export class LogGapError extends Error {
  constructor(
    readonly file: string,
    /** The time of the last line shown before the gap, when it had one. */
    readonly after: number | null,
    /** When the gap was noticed: no missing line is later than this. */
    readonly before: number,
    reason: string,
  ) {
    super(`${file} was rotated or truncated and ${reason}, so lines between ${when(after)} and ${when(before)} may be missing.`);
    this.name = 'LogGapError';
  }
}

function when(at: number | null): string {
  return at === null ? 'the last line shown' : `${new Date(at).toISOString().slice(0, 19).replace('T', ' ')} UTC`;
}
