import { setTimeout as sleep } from 'node:timers/promises';

import type { AxiosInstance } from 'axios';

import type { LogFollower, RawLogLine } from '../backends/backend-set';
import { BackendUnavailableError } from '../errors';
import { LogGapError } from './log-gap-error';
import { parseLine } from './parse-line';
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

/**
 * Follows one log over HTTP Range requests, as the spike's lossless poll-tail did: only complete
 * lines are shown, a replaced file is noticed by its overlap bytes, the old file is drained from
 * `<name>.1`, and after a failure the tail resumes at the same byte, so nothing is lost or doubled.
 */
export function startHttpTail(options: TailOptions, follower: LogFollower): () => void {
  const controller = new AbortController();
  const target = (url: string): RangeTarget => ({ client: options.client, name: options.name, url, signal: controller.signal });
  const current = target(options.url);
  const previous = target(options.rotatedUrl);
  let cursor: Cursor | null = null;
  /** The old file's cursor, from the moment a rotation is noticed until its last line is shown. */
  let rotated: Cursor | null = null;
  let lastAt: number | null = null;
  let failures = 0;

  const emit = (texts: string[]) => {
    if (texts.length === 0 || controller.signal.aborted) return;
    const now = options.now();
    const lines: RawLogLine[] = texts.map((text) => parseLine(text, now));
    const dated = lines.findLast((line) => line.at !== null);
    if (dated) lastAt = dated.at;
    failures = 0;
    follower.onLines(lines);
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
    const rest = read.body.subarray(newline);
    const lines = takeLines(start, rest, completeEnd(rest, false));
    // An empty log answered too: the app should show it as reachable, not as unknown.
    if (lines.length === 0 && !controller.signal.aborted) follower.onLines([]);
    emit(lines);
    return start;
  };

  /** Reads the old file on from its cursor; at `last`, its unfinished last line too. False when it could not. */
  const drain = async (old: Cursor, last: boolean): Promise<boolean> => {
    for (;;) {
      const read = await readAfter(previous, old, options.maxChunkBytes);
      if (read.kind !== 'data') {
        if (controller.signal.aborted) return false;
        const reason = read.kind === 'missing' ? `${options.file}.1 is not there` : `${options.file}.1 is not the file that was being read`;
        follower.onError(new LogGapError(options.file, lastAt, options.now(), reason));
        return false;
      }
      emit(takeLines(old, read.data, last && !read.more ? read.data.length : completeEnd(read.data, read.more)));
      if (!read.more) return true;
    }
  };

  /** One request's worth of work; true when more is waiting to be read at once. */
  const step = async (): Promise<boolean> => {
    if (!cursor) {
      cursor = await begin();
      return false;
    }
    const read = await readAfter(current, cursor, options.maxChunkBytes);
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
      rotated = cursor;
      cursor = startCursor();
      return true;
    }
    if (read.kind === 'replaced') {
      rotated = cursor;
      cursor = startCursor();
      return true;
    }
    emit(takeLines(cursor, read.data, completeEnd(read.data, read.more)));
    return read.more;
  };

  const run = async () => {
    while (!controller.signal.aborted) {
      let delay = options.pollMs;
      try {
        if (await step()) delay = 0;
        if (failures > 0) {
          // Back after a failure with no new line to show: a quiet log must not stay marked down.
          failures = 0;
          follower.onLines([]);
        }
      } catch (error) {
        if (controller.signal.aborted) return;
        failures++;
        delay = Math.min(MAX_BACKOFF_MS, 1000 * 2 ** (failures - 1));
        const message = error instanceof Error ? error.message : String(error);
        follower.onError(new BackendUnavailableError(`${message} Retrying in ${delay / 1000} s from where it stopped.`, { cause: error }));
      }
      // Rejects at once when stopped, which ends the loop.
      if (delay > 0) await sleep(delay, undefined, { signal: controller.signal }).catch(() => undefined);
    }
  };
  void run();
  return () => controller.abort();
}
