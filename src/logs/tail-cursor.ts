/** Bytes re-read before each cursor to prove the file is still the one that was read. */
export const OVERLAP = 64;

/** Where a tail stands in one file: just after the last complete line, and the bytes before that. */
export interface Cursor {
  offset: number;
  /** Up to OVERLAP bytes ending at `offset`, copied so a large response is not kept alive. */
  tail: Buffer;
}

const EMPTY = Buffer.alloc(0);

export function startCursor(offset = 0, before: Buffer = Buffer.alloc(0)): Cursor {
  return { offset, tail: Buffer.from(before.subarray(-OVERLAP)) };
}

/**
 * Where the lines in `data` that may be shown end: after the last `\n`, since a line without one
 * may still be being written and is read again next time.
 */
export function completeEnd(data: Buffer): number {
  return data.lastIndexOf(0x0a) + 1;
}

/** The whole lines in `data[0, end)` (data starts at the cursor), moving the cursor past them. */
export function takeLines(cursor: Cursor, data: Buffer, end: number): Buffer {
  if (end <= 0) return EMPTY;
  const lines = data.subarray(0, end);
  cursor.offset += end;
  const fresh = data.subarray(Math.max(0, end - OVERLAP), end);
  cursor.tail = fresh.length === OVERLAP ? Buffer.from(fresh) : Buffer.concat([cursor.tail, fresh]).subarray(-OVERLAP);
  return lines;
}
