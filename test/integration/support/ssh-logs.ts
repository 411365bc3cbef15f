// What the SSH log source's integration tests (and the fleet test) share: a follower that records
// what a source told it, a writer that appends numbered lines and rotates like logrotate, and
// ways to say what was seen.
import { closeSync, existsSync, openSync, renameSync, writeSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';

import { expect } from 'vitest';

import type { LogFollower, LogGapNotice } from '../../../src/backends/backend-set';
import type { LogSourceStatus } from '../../../src/contract/wire-types';

/** What a follower was told besides its lines: statuses, gaps and errors (a log file's and a journal's recorders both). */
export class StatusRecorder {
  statuses: Omit<LogSourceStatus, 'id'>[] = [];
  gaps: LogGapNotice[] = [];
  errors: Error[] = [];
  onGap(gap: LogGapNotice) {
    this.gaps.push(gap);
  }
  onStatus(status: Omit<LogSourceStatus, 'id'>) {
    this.statuses.push(status);
  }
  onError(error: Error) {
    this.errors.push(error);
  }
  state(): string | undefined {
    return this.statuses.at(-1)?.state;
  }
}

/** What a follower saw: lines by seq, statuses and gaps. */
export class Recorder extends StatusRecorder implements LogFollower {
  lines: string[] = [];
  onLines(chunk: Buffer) {
    expect(chunk.length === 0 || chunk.at(-1) === 0x0a).toBe(true); // whole lines only
    for (const line of chunk.toString('utf8').split('\n').slice(0, -1)) this.lines.push(line);
  }
  seqs(): number[] {
    return this.lines.map((line) => Number(/ seq=(\d+) /.exec(line)?.[1] ?? -1));
  }
}

/** Until `condition` holds (it may ask the core, asynchronously), or says what it waited for. */
export async function waitFor(condition: () => boolean | Promise<boolean>, what: () => string, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`Timed out after ${timeoutMs} ms waiting for ${what()}`);
    await sleep(20);
  }
}

/** Appends `seq=N` lines to <logs>/<name>.log; rotates like logrotate (`mv` to .1, late lines into the old file, reopen). */
export class Writer {
  seq = 0;
  private fd: number;
  constructor(private readonly file: string) {
    this.fd = openSync(file, 'a');
  }
  write(count: number, note = 'hello') {
    let text = '';
    for (let i = 0; i < count; i++) text += `${new Date().toISOString()} INFO seq=${++this.seq} msg=${note} ${'x'.repeat(40)}\n`;
    writeSync(this.fd, text);
  }
  rotate(late: number) {
    if (existsSync(`${this.file}.1`)) renameSync(`${this.file}.1`, `${this.file}.2`);
    renameSync(this.file, `${this.file}.1`);
    this.write(late, 'late-into-rotated');
    closeSync(this.fd);
    this.fd = openSync(this.file, 'a');
  }
  close() {
    closeSync(this.fd);
  }
}

/** `1-40, 45-50` */
export function describeSeqs(seqs: number[]): string {
  const runs: string[] = [];
  let start = seqs[0];
  for (let i = 1; i <= seqs.length; i++) {
    if (seqs[i] !== seqs[i - 1]! + 1) {
      runs.push(start === seqs[i - 1] ? `${start}` : `${start}-${seqs[i - 1]}`);
      start = seqs[i];
    }
  }
  return runs.join(', ');
}

export const range = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => from + i);
