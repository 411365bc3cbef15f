import { setTimeout as sleep } from 'node:timers/promises';

import type { AxiosInstance } from 'axios';

import type { LogFollower } from '../backends/backend-set';
import { BackendUnavailableError, describeError } from '../errors';
import { followStatus } from './follow-status';
import { readAfter, readSuffix } from './range-reader';
import type { RangeTarget } from './range-reader';
import { completeEnd, OVERLAP, startCursor, takeLines } from './tail-cursor';
import type { Cursor } from './tail-cursor';

export interface TailOptions {
  client: AxiosInstance;
  name: string;
  /** The file's name in messages: `app.log`. */
  file: string;
  url: string;
  /** Where logrotate (with delaycompress) puts the previous file: `app.log.1`. */
  rotatedUrl: string;
  pollMs: number;
  initialBytes: number;
  maxChunkBytes: number;
  now: () => number;
}

const MAX_BACKOFF_MS = 30_000;
/** A line longer than this is cut here (the pipeline keeps 64 KiB of it anyway) rather than read forever. */
const MAX_LINE_READ = 16 * 1024 * 1024;
const NEWLINE = Buffer.from('\n');

/**
 * Follows one log over HTTP Range requests, as the spike's lossless poll-tail did: only whole
 * lines are handed on, a replaced file is noticed by its overlap bytes, the old file is drained
 * from `<name>.1`, and after a failure the tail resumes at the same byte, so nothing is lost or
 * doubled. Where the old file cannot be drained, a gap says which lines may be missing.
 */
export function startHttpTail(options: TailOptions, follower: LogFollower): () => void {
  const controller = new AbortController();
  const target = (url: string): RangeTarget => ({ client: options.client, name: options.name, url, signal: controller.signal });
  const current = target(options.url);
  const previous = target(options.rotatedUrl);
  const status = followStatus(follower, options.now);
  let cursor: Cursor | null = null;
  /** The old file's cursor, from the moment a rotation is noticed until its last line is shown. */
  let rotated: Cursor | null = null;
  /** Whether that rotation was found on coming back from an outage (it may have happened at any time in it). */
  let rotatedUnseen = false;
  /** When the old file was last read whole: lines it got after that are the ones a gap may hide. */
  let lastRead = options.now();
  /** Grows while one line is longer than a request; back to maxChunkBytes once it has been read. */
  let want = options.maxChunkBytes;
  let failures = 0;

  const emit = (chunk: Buffer) => {
    if (chunk.length > 0 && !controller.signal.aborted) follower.onLines(chunk);
  };

  /**
   * Hands on the whole lines of `data` (read at cursor `at`), or, once a single line outgrows
   * MAX_LINE_READ, that much of it; true when the next read should follow at once.
   */
  const take = (at: Cursor, data: Buffer, more: boolean, last = false): boolean => {
    const end = last && !more ? data.length : completeEnd(data);
    if (end > 0 || !more) {
      if (end > 0) want = options.maxChunkBytes;
      const lines = takeLines(at, data, end);
      emit(lines.length > 0 && lines[lines.length - 1] !== 0x0a ? Buffer.concat([lines, NEWLINE]) : lines);
      return more;
    }
    if (want < MAX_LINE_READ) {
      want = Math.min(MAX_LINE_READ, want * 2);
      return true;
    }
    emit(Buffer.concat([takeLines(at, data, data.length), NEWLINE]));
    return true;
  };

  const missing = (wasThere: boolean) =>
    new BackendUnavailableError(
      wasThere
        ? `${options.file} is gone from ${options.url} (404); if it is being rotated it will be back in a moment.`
        : `There is no ${options.file} at ${options.url} (404): check the path in the URL.`,
    );

  const begin = async (): Promise<Cursor> => {
    // One byte more than shown: when it is a newline, the first line is whole and is kept.
    const read = await readSuffix(current, options.initialBytes + 1);
    if (read.kind === 'missing') throw missing(false);
    // A read that starts inside the file starts inside a line: skip to the next whole one.
    const newline = read.start > 0 ? read.body.indexOf(0x0a) + 1 || read.body.length : 0;
    const start = startCursor(read.start + newline, read.body.subarray(0, newline));
    take(start, read.body.subarray(newline), false);
    return start;
  };

  /** Reads the old file on from its cursor; at `last`, its unfinished last line too. False when it could not. */
  const drain = async (old: Cursor, last: boolean): Promise<boolean> => {
    for (;;) {
      const read = await readAfter(previous, old, want);
      if (read.kind !== 'data') {
        if (controller.signal.aborted) return false;
        const what = read.kind === 'missing' ? `${options.file}.1 is not there` : `${options.file}.1 is not the file that was being read`;
        const when = rotatedUnseen ? ' while the log host could not be reached' : '';
        follower.onGap({ from: lastRead, until: options.now(), reason: `${options.file} was replaced${when} and ${what}` });
        return false;
      }
      if (!take(old, read.data, read.more, last)) return true;
    }
  };

  /** One request's worth of work; true when more is waiting to be read at once. */
  const step = async (): Promise<boolean> => {
    if (!cursor) {
      cursor = await begin();
      return false;
    }
    const read = await readAfter(current, cursor, want);
    if (rotated) {
      // The writer may go on appending to the renamed file until it reopens the log, so the old
      // file is followed until the new one has its first bytes (logrotate `create` makes it empty).
      const started = read.kind === 'data' && read.data.length > 0;
      if (!(await drain(rotated, started)) || started) rotated = null;
      if (read.kind !== 'data') return false;
    }
    if (read.kind === 'missing') {
      // Moved aside and not created again yet: while the app still writes to the old file under
      // its new name, follow it there, so late lines show now and the gap is never reported.
      const proven = cursor.tail.length > 0 && (await readAfter(previous, cursor, OVERLAP)).kind === 'data';
      if (!proven) throw missing(true);
      rotatedUnseen = status.downSince !== null;
      rotated = cursor;
      cursor = startCursor();
      return true;
    }
    if (read.kind === 'replaced') {
      rotatedUnseen = status.downSince !== null;
      rotated = cursor;
      cursor = startCursor();
      return true;
    }
    return take(cursor, read.data, read.more);
  };

  const run = async () => {
    while (!controller.signal.aborted) {
      let delay = options.pollMs;
      try {
        if (await step()) delay = 0;
        if (!rotated) lastRead = options.now();
        failures = 0;
        status.live();
      } catch (error) {
        if (controller.signal.aborted) return;
        failures++;
        delay = Math.min(MAX_BACKOFF_MS, 1000 * 2 ** (failures - 1));
        const message = `${describeError(error)} Retrying in ${delay / 1000} s from where it stopped.`;
        status.failed(message);
        follower.onError(new BackendUnavailableError(message, { cause: error }));
      }
      // Rejects at once when stopped, which ends the loop.
      if (delay > 0) await sleep(delay, undefined, { signal: controller.signal }).catch(() => undefined);
    }
  };
  void run();
  return () => controller.abort();
}
