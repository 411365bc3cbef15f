import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import { MISBEHAVING_FLAG } from '../../../../src/demo/demo-flags';
import { startLogWriters } from '../../../../src/demo/log-writers';
import type { LogWriters } from '../../../../src/demo/log-writers';
import { DemoWorld } from '../../../../src/demo/world';
import { SourcePipeline } from '../../../../src/logs/source-pipeline';
import { waitFor } from '../logs/wait-for';

const START = Date.UTC(2026, 10, 23, 14, 0, 0);
let clock: number;
let world: DemoWorld;
let dir: string;
const running: LogWriters[] = [];

beforeEach(() => {
  clock = START;
  world = new DemoWorld(() => clock);
  dir = mkdtempSync(path.join(os.tmpdir(), 'ops-log-writers-'));
});

afterEach(() => {
  for (const writers of running.splice(0)) writers.stop();
  rmSync(dir, { recursive: true, force: true });
});

function start(options: Parameters<typeof startLogWriters>[2] = {}, into = dir) {
  const writers = startLogWriters(world, into, { tickMs: 5, ...options });
  running.push(writers);
  return writers;
}

/** The lines of a file as the log viewer would show them: through the core's pipeline. */
function read(file: string, into = dir) {
  const pipeline = new SourcePipeline(1_000_000, 0, () => clock);
  pipeline.ingest(readFileSync(path.join(into, file)));
  return pipeline.ring.lines(0, pipeline.ring.nextSeq, file);
}

const errorShare = (lines: { level: string | null }[]) => lines.filter((line) => line.level === 'error').length / lines.length;

/** Moves the clock and waits until the writers have caught up with it (a file just rotated is empty). */
async function advanceTo(at: number, file = 'checkout-1/app.log') {
  clock = at;
  const last = () => (read(file).at(-1) ?? (existsSync(path.join(dir, `${file}.1`)) ? read(`${file}.1`).at(-1) : undefined))?.at ?? 0;
  await waitFor(() => last() > at - 3_000, `the writers to reach ${new Date(at).toISOString()}`);
}

describe('the demo log writers', () => {
  it('write one app.log per host with ten minutes of history', () => {
    const writers = start();
    expect(writers.files).toContainEqual({ host: 'web-1', service: 'web', path: 'web-1/app.log' });
    expect(writers.files).toHaveLength(world.services().flatMap((s) => s.hosts).length);
    for (const file of writers.files) {
      const lines = read(file.path);
      expect(lines.length, file.path).toBeGreaterThan(10 * 60 * 2);
      expect(lines.every((line) => line.at !== null && line.at >= START - 600_000 && line.at < START)).toBe(true);
      // In time order, to the second: access lines carry whole seconds only.
      const seconds = lines.map((line) => Math.floor(line.at! / 1000));
      expect(seconds).toEqual([...seconds].sort((a, b) => a - b));
    }
  });

  it('mix formats as production does: nginx access lines with 5xx on web hosts, JSON on api hosts', () => {
    start();
    const web = read('web-1/app.log');
    expect(web.some((line) => /^10\.0\.\d+\.\d+ - - \[23\/Nov\/2026:13:5\d:\d\d \+0000\] "GET \S+ HTTP\/1\.1" 5\d\d /.test(line.text) && line.level === 'error')).toBe(true);
    expect(web.some((line) => /^2026-11-23T13:5\d:\d\d\.\d{3}Z INFO web-1 /.test(line.text))).toBe(true);
    expect(read('api-1/app.log').some((line) => line.text.startsWith('{"ts":"2026-11-23T'))).toBe(true);
    expect(new Set(web.map((line) => line.level))).toEqual(new Set(['error', 'warn', 'info', 'debug']));
  });

  it("show checkout's errors dropping within seconds of the misbehaving flag being turned off", async () => {
    start();
    const before = [...read('checkout-1/app.log'), ...read('checkout-2/app.log')];
    expect(errorShare(before)).toBeGreaterThan(0.25);
    expect(errorShare(read('web-1/app.log'))).toBeLessThan(0.08);

    await advanceTo(START + 60_000);
    world.flags.setEnabled(MISBEHAVING_FLAG, 'production', false, 'test');
    await advanceTo(START + 6 * 60_000);
    const after = [...read('checkout-1/app.log'), ...read('checkout-2/app.log')].filter((line) => line.at! >= START + 60_000 + 5_000);
    expect(after.length).toBeGreaterThan(500);
    expect(errorShare(after)).toBeLessThan(0.08);
  });

  it('write the same lines for the same world and clock', () => {
    const other = mkdtempSync(path.join(os.tmpdir(), 'ops-log-writers-'));
    try {
      start();
      start({}, other);
      expect(readFileSync(path.join(other, 'search-1/app.log'), 'utf8')).toBe(readFileSync(path.join(dir, 'search-1/app.log'), 'utf8'));
    } finally {
      rmSync(other, { recursive: true, force: true });
    }
  });

  it('rotate like logrotate when asked: the older lines move to app.log.1 and app.log starts again', async () => {
    start({ historyMinutes: 0, rotateBytes: 20_000 });
    for (let at = START + 10_000; statSync(path.join(dir, 'web-2/app.log')).size < 10_000 || !existsSync(path.join(dir, 'web-2/app.log.1')); at += 10_000) {
      await advanceTo(at, 'web-2/app.log');
    }
    const older = read('web-2/app.log.1');
    const newer = read('web-2/app.log');
    expect(older.length).toBeGreaterThan(100);
    expect(statSync(path.join(dir, 'web-2/app.log.1')).size).toBeGreaterThan(20_000);
    expect(Math.floor(older.at(-1)!.at! / 1000)).toBeLessThanOrEqual(Math.floor(newer[0]!.at! / 1000));
  });
});
