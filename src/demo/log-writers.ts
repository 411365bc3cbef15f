import { appendFileSync, mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';

import { linesBetween } from './log-lines';
import type { DemoWorld } from './world';

export interface LogWriterOptions {
  /** How often new lines are appended. */
  tickMs?: number;
  /** How much past is in the files when they start, so the viewer is never empty. */
  historyMinutes?: number;
  /** Rotate a file once it is larger than this (off by default). */
  rotateBytes?: number;
  /** A write that failed (disk full, directory removed); the writers keep trying. */
  onError?: (error: Error) => void;
}

export interface DemoLogFile {
  host: string;
  service: string;
  /** Relative to the served directory, with `/`: `web-1/app.log`. */
  path: string;
}

export interface LogWriters {
  files: DemoLogFile[];
  stop(): void;
}

/**
 * One `<host>/app.log` per host of the demo world, back-filled with `historyMinutes` of lines and
 * then appended to as the world's clock moves, so the demo log server has live files to serve.
 * Rotation, when asked for, is logrotate's `create` + `delaycompress`: the file is renamed to
 * `app.log.1` and a new empty `app.log` started, which is what a real tail has to survive.
 */
export function startLogWriters(world: DemoWorld, dir: string, options: LogWriterOptions = {}): LogWriters {
  const { tickMs = 250, historyMinutes = 10, rotateBytes = Number.POSITIVE_INFINITY, onError } = options;
  const since = world.now() - historyMinutes * 60_000;
  const writers = world.services().flatMap((service) =>
    service.hosts.map((host) => {
      const file = path.join(dir, host, 'app.log');
      mkdirSync(path.dirname(file), { recursive: true });
      // A fresh start: lines left by an earlier run would repeat the back-filled history.
      rmSync(`${file}.1`, { force: true });
      writeFileSync(file, '');
      return { host, service: service.name, file, size: 0, written: since };
    }),
  );
  // Each file keeps its own mark, so a failed write is retried for that file alone, never doubled.
  const writeUntil = (until: number) => {
    for (const writer of writers) {
      if (until <= writer.written) continue;
      const text = linesBetween(world, writer.service, writer.host, writer.written, until)
        .map((line) => `${line.text}\n`)
        .join('');
      if (text) appendFileSync(writer.file, text);
      writer.written = until;
      writer.size += Buffer.byteLength(text);
      if (writer.size > rotateBytes) {
        renameSync(writer.file, `${writer.file}.1`);
        writeFileSync(writer.file, '');
        writer.size = 0;
      }
    }
  };

  writeUntil(world.now());
  const timer = setInterval(() => {
    try {
      writeUntil(world.now());
    } catch (error) {
      onError?.(error instanceof Error ? error : new Error(String(error)));
    }
  }, tickMs);
  // The demo's servers keep the process alive while they run; the writers alone should not.
  timer.unref();

  return {
    files: writers.map(({ host, service }) => ({ host, service, path: `${host}/app.log` })),
    stop: () => clearInterval(timer),
  };
}
