import type { LogExcerpt } from '../backends/backend-set';
import { readLineFields } from './parse-line';
import { readRange } from './range-reader';
import type { RangeTarget } from './range-reader';

/** Bytes per probe: a few hundred lines, so a probe that holds the moment ends the search early. */
const PROBE = 64 * 1024;

interface TimedLine {
  /** Where the line starts in the file. */
  offset: number;
  /** Where the next line starts. */
  next: number;
  at: number;
}

/**
 * The whole lines of a log around `at`, read from the file itself: the first line stamped at or
 * after `at` is found by bisection over Range requests on the lines' own timestamps (about
 * log2(size / 64 KiB) + 3 requests: 17 for 1 GB), then `bytes` around it are read. Lines without
 * a time (stack traces) are stepped over, as they belong to the entry above them.
 */
export async function readAroundByBisection(target: RangeTarget, at: number, bytes: number): Promise<LogExcerpt> {
  let requests = 0;
  const probe = async (start: number, end: number) => {
    requests++;
    return readRange(target, start, end);
  };
  const now = Date.now();
  const timed = (body: Buffer, base: number, fromLineStart: boolean) => timedLines(body, base, fromLineStart, now);

  const head = await probe(0, PROBE - 1);
  const size = head.size;
  let found = firstAtOrAfter(timed(head.body, 0, true), at);
  if (found === null) {
    const lines = timed(head.body, 0, true);
    let low = lines.length > 0 ? lines[lines.length - 1]!.next : head.body.length;
    let high = size;
    while (found === null && high - low > PROBE) {
      const middle = low + Math.floor((high - low) / 2);
      const lines = timed((await probe(middle, Math.min(middle + PROBE - 1, size - 1))).body, middle, false);
      if (lines.length === 0) low = middle;
      else if (lines[0]!.at >= at) high = lines[0]!.offset;
      else {
        found = firstAtOrAfter(lines, at);
        low = lines[lines.length - 1]!.next;
      }
    }
    if (found === null && low < size) found = firstAtOrAfter(timed((await probe(low, Math.min(high + 4096, size - 1))).body, low, true), at);
    // The line that closed the search from above, when the last window could not show it whole.
    found ??= high;
  }

  const start = Math.max(0, found - Math.floor(bytes / 2));
  const end = Math.min(size, start + bytes);
  if (end <= start) return { chunk: Buffer.alloc(0), requests };
  const { body } = await probe(start, end - 1);
  // Whole lines only: from the first line start in the window to the last newline.
  const first = start === 0 ? 0 : body.indexOf(0x0a) + 1;
  const last = end === size ? body.length : body.lastIndexOf(0x0a) + 1;
  return { chunk: first > 0 && last <= first ? Buffer.alloc(0) : body.subarray(first, Math.max(first, last)), requests };
}

/** The offset of the first line stamped at or after `at`, or null when none in `lines` is. */
function firstAtOrAfter(lines: TimedLine[], at: number): number | null {
  for (const line of lines) if (line.at >= at) return line.offset;
  return null;
}

/** The complete lines in `body` (at file offset `base`) that carry a time; the first is skipped unless `fromLineStart`. */
function timedLines(body: Buffer, base: number, fromLineStart: boolean, now: number): TimedLine[] {
  const text = body.toString('latin1');
  const lines: TimedLine[] = [];
  let start = fromLineStart ? 0 : text.indexOf('\n') + 1;
  if (start === 0 && !fromLineStart) return lines;
  for (;;) {
    const newline = text.indexOf('\n', start);
    if (newline < 0) return lines;
    const at = readLineFields(text, start, newline, now).at;
    if (!Number.isNaN(at)) lines.push({ offset: base + start, next: base + newline + 1, at });
    start = newline + 1;
  }
}
