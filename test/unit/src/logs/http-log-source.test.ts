import { copyFileSync, renameSync, statSync, truncateSync, utimesSync, writeFileSync } from 'node:fs';

import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import { createHttpLogSource } from '../../../../src/logs/http-log-source';
import { append, numbered, numbers, range, TailFixture } from './tail-fixture';
import { waitFor } from './wait-for';

let fixture: TailFixture;

beforeEach(async () => {
  fixture = await TailFixture.start();
});

afterEach(async () => {
  // Read-only by construction: nothing but GET and HEAD ever reached the log host.
  expect(fixture.requests.filter((r) => r.range?.includes(','))).toEqual([]);
  expect(fixture.requests.filter((r) => r.method !== 'GET' && r.method !== 'HEAD')).toEqual([]);
  await fixture.close();
});

describe('following a log over HTTP', () => {
  it('starts with the recent past, beginning at a whole line', async () => {
    writeFileSync(fixture.file(), numbered(1000, 1999)); // 51 bytes a line
    const tail = fixture.follow({ initialBytes: 1024 });
    await waitFor(() => tail.lines().length > 0, 'the first lines');
    expect(numbers(tail.texts())).toEqual(range(1980, 1999));
    expect(tail.texts()[0]).toMatch(/^line 1980 x{40}$/);
  });

  it('shows every line of the recent past when it starts exactly at a line', async () => {
    writeFileSync(fixture.file(), numbered(1000, 1999));
    const tail = fixture.follow({ initialBytes: 51 * 10 });
    await waitFor(() => tail.lines().length > 0, 'the first lines');
    expect(numbers(tail.texts())).toEqual(range(1990, 1999));
  });

  it('shows lines appended quickly in order, none missing and none twice', async () => {
    writeFileSync(fixture.file(), '');
    // Small requests so catching up takes many full chunks, each followed at once by the next.
    const tail = fixture.follow({ maxChunkBytes: 4096 });
    // Lines written before the tail starts would be history: it shows only the last 64 KiB of that.
    await waitFor(() => fixture.gets() > 0, 'the tail to start');
    const text = numbered(1, 20_000);
    for (let at = 0; at < text.length; ) {
      // Writes of any size, most of them ending inside a line.
      const size = 1 + ((at * 7919) % 9000);
      append(fixture.file(), text.slice(at, at + size));
      at += size;
      await new Promise((resolve) => setImmediate(resolve));
    }
    await waitFor(() => numbers(tail.texts()).at(-1) === 20_000, 'line 20000', 10_000);
    expect(numbers(tail.texts())).toEqual(range(1, 20_000));
    expect(tail.errors).toEqual([]);
    // Torn writes never reach the pipeline as torn lines: every chunk is whole lines.
    expect(tail.torn).toBe(0);
  });

  it('tells the app an empty log answered: connecting, then live', async () => {
    writeFileSync(fixture.file(), '');
    const tail = fixture.follow();
    await waitFor(() => tail.state() === 'live', 'live');
    expect(tail.statuses.map((s) => s.state)).toEqual(['connecting', 'live']);
    expect(tail.lines()).toEqual([]);
  });

  it('holds back a line still being written until it is finished', async () => {
    writeFileSync(fixture.file(), 'line 1 done\nline 2 half');
    const tail = fixture.follow();
    await waitFor(() => tail.lines().length === 1, 'line 1');
    const polls = fixture.gets();
    await waitFor(() => fixture.gets() >= polls + 3, 'three more polls');
    expect(tail.texts()).toEqual(['line 1 done']);
    append(fixture.file(), ' written\n');
    await waitFor(() => tail.lines().length === 2, 'line 2');
    expect(tail.texts()).toEqual(['line 1 done', 'line 2 half written']);
  });

  it('loses nothing when the log is moved aside and the app writes to the old file before reopening', async () => {
    writeFileSync(fixture.file(), numbered(1, 500));
    const tail = fixture.follow();
    await waitFor(() => numbers(tail.texts()).at(-1) === 500, 'line 500');
    renameSync(fixture.file(), fixture.file('app.log.1'));
    append(fixture.file('app.log.1'), numbered(501, 550));
    await waitFor(() => fixture.requests.some((r) => r.path === '/app.log' && r.status === 404), 'the tail to find app.log gone');
    // The lines written to the old file under its new name show while app.log is still missing.
    await waitFor(() => numbers(tail.texts()).at(-1) === 550, 'late line 550, from app.log.1');
    append(fixture.file('app.log.1'), numbered(551, 600));
    writeFileSync(fixture.file(), numbered(601, 700));
    await waitFor(() => numbers(tail.texts()).at(-1) === 700, 'line 700');
    expect(numbers(tail.texts())).toEqual(range(1, 700));
    expect(tail.errors).toEqual([]);
  });

  it('follows the renamed file until the app reopens the new, empty one (logrotate create)', async () => {
    writeFileSync(fixture.file(), numbered(1, 300));
    const tail = fixture.follow();
    await waitFor(() => numbers(tail.texts()).at(-1) === 300, 'line 300');
    renameSync(fixture.file(), fixture.file('app.log.1'));
    writeFileSync(fixture.file(), '');
    await waitFor(() => fixture.gets('app.log.1') >= 3, 'the tail to read app.log.1');
    append(fixture.file('app.log.1'), numbered(301, 400));
    await waitFor(() => numbers(tail.texts()).at(-1) === 400, 'the late line 400, from app.log.1');
    append(fixture.file(), numbered(401, 500));
    await waitFor(() => numbers(tail.texts()).at(-1) === 500, 'line 500, from the new app.log');
    expect(numbers(tail.texts())).toEqual(range(1, 500));
    expect(tail.errors).toEqual([]);
  });

  it('reads the rest of a copied-then-truncated log from its copy (copytruncate)', async () => {
    writeFileSync(fixture.file(), numbered(1, 200));
    const tail = fixture.follow();
    await waitFor(() => numbers(tail.texts()).at(-1) === 200, 'line 200');
    append(fixture.file(), numbered(201, 210));
    copyFileSync(fixture.file(), fixture.file('app.log.1'));
    truncateSync(fixture.file(), 0);
    append(fixture.file(), numbered(211, 220));
    await waitFor(() => numbers(tail.texts()).at(-1) === 220, 'line 220');
    expect(numbers(tail.texts())).toEqual(range(1, 220));
  });

  it('notices a log replaced by a larger file, reads the new one from its start and says lines may be missing', async () => {
    writeFileSync(fixture.file(), numbered(1, 100));
    const tail = fixture.follow();
    await waitFor(() => numbers(tail.texts()).at(-1) === 100, 'line 100');
    // Larger than what was read, so neither the size nor a 416 gives the replacement away.
    writeFileSync(fixture.file('next.log'), numbered(1, 3000, 'new'));
    renameSync(fixture.file('next.log'), fixture.file());
    await waitFor(() => numbers(tail.texts(), 'new').at(-1) === 3000, 'new line 3000');
    expect(numbers(tail.texts(), 'new')).toEqual(range(1, 3000));
    expect(numbers(tail.texts())).toEqual(range(1, 100));
    // One explicit gap row, where the old file's unread end would have been.
    expect(tail.gaps).toEqual([{ from: expect.any(Number), until: expect.any(Number), reason: 'app.log was replaced and app.log.1 is not there' }]);
    const rows = tail.lines();
    const gapRow = rows.findIndex((row) => row.gap !== null);
    expect(rows[gapRow - 1]!.text).toMatch(/^line 100 /);
    expect(rows[gapRow + 1]!.text).toMatch(/^new 1 /);
    expect(rows[gapRow]!.text).toMatch(/^Lines missing \d\d:\d\d:\d\d–\d\d:\d\d:\d\d UTC: app\.log was replaced and app\.log\.1 is not there$/);
  });

  it('resumes where it stopped when the log host comes back, and says it was gone meanwhile', async () => {
    writeFileSync(fixture.file(), numbered(1, 100));
    const tail = fixture.follow();
    await waitFor(() => numbers(tail.texts()).at(-1) === 100, 'line 100');
    await fixture.stopServer();
    append(fixture.file(), numbered(101, 150));
    await waitFor(() => tail.errors.length > 0, 'the outage to be reported');
    expect(tail.errors[0]!.message).toMatch(/web-1 app\.log at http:\/\/127\.0\.0\.1:\d+\/app\.log refused the connection.*Retrying in 1 s/);
    expect(tail.statuses.at(-1)).toMatchObject({ state: 'reconnecting', message: tail.errors[0]!.message });
    const down = tail.statuses.at(-1)!.since;
    append(fixture.file(), numbered(151, 200));
    await fixture.restartServer();
    await waitFor(() => numbers(tail.texts()).at(-1) === 200, 'line 200', 10_000);
    expect(numbers(tail.texts())).toEqual(range(1, 200));
    expect(tail.state()).toBe('live');
    expect(tail.statuses.at(-1)!.since).toBeGreaterThan(down);
    expect(tail.gaps).toEqual([]);
  });

  it('tells the app a quiet log is back after an outage', async () => {
    writeFileSync(fixture.file(), numbered(1, 5));
    const tail = fixture.follow();
    await waitFor(() => tail.lines().length === 5, 'five lines');
    await fixture.stopServer();
    await waitFor(() => tail.errors.length > 0, 'the outage to be reported');
    await fixture.restartServer();
    await waitFor(() => tail.state() === 'live', 'a sign of life', 10_000);
    expect(tail.lines()).toHaveLength(5);
  });

  it('reads a 1 MB line longer than a request as one line, kept cut short with its full length', async () => {
    const long = `2026-11-23T14:03:10.123Z ERROR ${'y'.repeat(1_000_000)}`;
    writeFileSync(fixture.file(), 'before\n');
    const tail = fixture.follow({ maxChunkBytes: 256 * 1024 });
    await waitFor(() => tail.lines().length === 1, 'the first line');
    append(fixture.file(), `${long}\nafter\n`);
    await waitFor(() => tail.lines().length === 3, 'the long line and the one after it');
    const row = tail.lines()[1]!;
    expect(row).toMatchObject({ at: Date.UTC(2026, 10, 23, 14, 3, 10, 123), level: 'error', truncatedFrom: long.length });
    expect(row.text).toBe(long.slice(0, 64 * 1024));
    expect(tail.texts()[2]).toBe('after');
    expect(tail.torn).toBe(0);
  });

  it('says so when there is no log at the address, and keeps trying', async () => {
    const tail = fixture.follow();
    await waitFor(() => tail.errors.length > 0, 'an error');
    expect(tail.errors[0]!.message).toMatch(/^There is no app\.log at http:\/\/127\.0\.0\.1:\d+\/app\.log \(404\): check the path in the URL\. Retrying in 1 s/);
    writeFileSync(fixture.file(), 'here now\n');
    await waitFor(() => tail.lines().length === 1, 'the line, once the log exists', 10_000);
  });

  it('says which secret is missing before asking the log host anything', async () => {
    const definition = { ...fixture.definition(), auth: { type: 'bearer' as const, tokenSecret: 'logs.token' } };
    const errors: Error[] = [];
    const stop = createHttpLogSource(definition, { reveal: () => undefined }, { pollMs: 20 }).follow({
      onLines: () => {},
      onGap: () => {},
      onStatus: () => {},
      onError: (e) => errors.push(e),
    });
    await waitFor(() => errors.length > 0, 'an error');
    stop();
    expect(errors[0]!.message).toContain('needs the secret "logs.token", which is not set');
    expect(fixture.requests).toEqual([]);
  });

  it('delivers nothing when stopped before the first answer', async () => {
    writeFileSync(fixture.file(), numbered(1, 3));
    const tail = fixture.follow();
    tail.stop();
    // Absence cannot be awaited: give the aborted request time to have answered.
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(tail.calls).toEqual(['status']);
    expect(tail.statuses).toEqual([expect.objectContaining({ state: 'connecting' })]);
  });

  it('asks the log host nothing more once stopped', async () => {
    writeFileSync(fixture.file(), numbered(1, 3));
    const tail = fixture.follow();
    await waitFor(() => tail.lines().length === 3, 'three lines');
    tail.stop();
    const requests = fixture.requests.length;
    // Absence cannot be awaited: give it ten poll intervals to show up.
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(fixture.requests.length).toBe(requests);
  });
});

describe('testing the connection to a log', () => {
  it('says how large the log is and when it was last written', async () => {
    writeFileSync(fixture.file(), 'x'.repeat(1_234_567));
    const written = Date.UTC(2026, 10, 23, 14, 3, 10);
    utimesSync(fixture.file(), written / 1000, written / 1000);
    const source = fixture.source({ now: () => written + 3_000 });
    expect(source.info).toEqual({ id: 'web-1-app', name: 'app.log', host: 'web-1', service: 'web', kind: 'http', path: '/app.log' });
    await expect(source.check(AbortSignal.timeout(5_000))).resolves.toBe('app.log: 1.2 MB, last written 3 s ago.');
  });

  it('says when the log is not at that address', async () => {
    await expect(fixture.source().check(AbortSignal.timeout(5_000))).rejects.toThrow(/there is no app\.log at http:\/\/127\.0\.0\.1:\d+\/app\.log \(404\)/);
  });

  it('says when the log host does not answer', async () => {
    await fixture.stopServer();
    await expect(fixture.source().check(AbortSignal.timeout(5_000))).rejects.toThrow(/refused the connection/);
  });
});

describe('reading a log around a moment (jump to time)', () => {
  const T = Date.UTC(2026, 10, 23, 14, 0, 0);
  /** 20,000 entries a second apart, every tenth with a two-line stack trace that has no time of its own. */
  const entries = () => {
    let text = '';
    for (let n = 0; n < 20_000; n++) {
      text += `${new Date(T + n * 1_000).toISOString()} INFO entry ${n}\n`;
      if (n % 10 === 0) text += `java.lang.IllegalStateException: ${n}\n\tat c.e.Tax.compute(Tax.java:42)\n`;
    }
    return text;
  };

  it('finds the first entry at or after the moment by bisection, in few requests, with whole lines around it', async () => {
    writeFileSync(fixture.file(), entries());
    const source = fixture.source();
    for (const n of [0, 1, 4_321, 10_000, 19_999]) {
      const before = fixture.gets();
      const excerpt = await source.readAround!(T + n * 1_000 - 500, 8 * 1024, AbortSignal.timeout(5_000));
      const lines = excerpt.chunk.toString().split('\n');
      expect(lines.pop()).toBe('');
      expect(lines.at(0)).toMatch(n === 0 || n === 1 ? /^2026-11-23T14:00:00.000Z INFO entry 0$/ : /^(2026-|java|\tat )/);
      expect(lines.some((line) => line.endsWith(` INFO entry ${n}`))).toBe(true);
      expect(excerpt.requests).toBe(fixture.gets() - before);
      expect(excerpt.requests).toBeLessThanOrEqual(Math.ceil(Math.log2(statSync(fixture.file()).size / 65_536)) + 3);
    }
  });

  it('answers at the ends: before the first line and after the last', async () => {
    writeFileSync(fixture.file(), entries());
    const source = fixture.source();
    const early = await source.readAround!(T - 3_600_000, 4 * 1024, AbortSignal.timeout(5_000));
    expect(early.chunk.toString()).toMatch(/^2026-11-23T14:00:00.000Z INFO entry 0\n/);
    const late = await source.readAround!(T + 3_600_000 * 24, 4 * 1024, AbortSignal.timeout(5_000));
    expect(late.chunk.toString()).toMatch(/INFO entry 19999\n$/);
  });

  it('ends on a log without any times, and on an empty one', async () => {
    writeFileSync(fixture.file(), 'no time here\n'.repeat(50_000));
    const plain = await fixture.source().readAround!(T, 4 * 1024, AbortSignal.timeout(5_000));
    expect(plain.requests).toBeLessThanOrEqual(15);
    writeFileSync(fixture.file(), '');
    expect(await fixture.source().readAround!(T, 4 * 1024, AbortSignal.timeout(5_000))).toEqual({ chunk: Buffer.alloc(0), requests: 1 });
  });
});
