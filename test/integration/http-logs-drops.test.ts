// The HTTP log source against a real nginx under what breaks other log tails: a connection that
// drops again and again while the app writes and logrotate rotates, a rotation nothing could
// recover from, and a jump to a moment in a file of over 100 MB. Every line is checked by the
// sequence number the writer gave it.
import { execFileSync } from 'node:child_process';
import { chmodSync, closeSync, readFileSync, renameSync, writeSync } from 'node:fs';
import path from 'node:path';

import { afterEach, describe, expect, it } from 'vitest';

import { readLineFields } from '../../src/logs/parse-line';
import { SourcePipeline } from '../../src/logs/source-pipeline';
import { startCuttingProxy } from './support/cutting-proxy';
import { useNginxLogs } from './support/nginx-logs';
import { waitFor } from './support/private-nginx';

const { server, source, follow, served, writeLog, openLog } = useNginxLogs();
const closers: (() => unknown)[] = [];
afterEach(async () => {
  for (const close of closers.splice(0)) await close();
});

/** An app appending `<time> INFO seq=<n>` lines, about a thousand a second, and rotating like logrotate. */
function startSeqWriter(name: string) {
  let fd = openLog(name);
  let seq = 0;
  const write = (count: number) => {
    let text = '';
    for (let i = 0; i < count; i++) text += `${new Date().toISOString()} INFO seq=${++seq} ${'x'.repeat(60)}\n`;
    writeSync(fd, text);
  };
  const timer = setInterval(() => write(5), 5);
  const writer = {
    get last() {
      return seq;
    },
    /** mv to .1, late lines to the old file, `create` a new one, more late lines, then reopen (postrotate HUP). */
    rotate() {
      renameSync(served(name), served(`${name}.1`));
      write(20);
      writeLog(name, '');
      write(20);
      closeSync(fd);
      fd = openLog(name);
    },
    stop() {
      clearInterval(timer);
      closeSync(fd);
    },
  };
  closers.push(() => clearInterval(timer));
  return writer;
}

const seqOf = (text: string) => Number(/ seq=(\d+) /.exec(text)?.[1] ?? NaN);
const range = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => from + i);

/** Follows `name` through a proxy that can cut the connection; `states()` lists the status changes. */
async function followThroughProxy(name: string) {
  const proxy = await startCuttingProxy(server().port);
  closers.push(() => proxy.close());
  const tail = follow(name, { base: proxy.url });
  await waitFor(() => tail.state() === 'live', `${name} to be live`);
  const states = () => tail.statuses.map((s) => s.state).filter((state, i, all) => state !== all[i - 1]);
  const seqs = () => tail.texts().map(seqOf);
  /** Cuts the connection for `ms` and waits until the tail has been down and is live again. */
  const drop = async (ms: number, meanwhile: () => void = () => undefined) => {
    const before = states().length;
    proxy.cut(ms);
    meanwhile();
    await waitFor(() => states().length > before && states().at(-1) === 'live', 'the tail to reconnect', 20_000);
    expect(states().slice(before)).toEqual(['reconnecting', 'live']);
  };
  return { proxy, tail, states, seqs, drop };
}

describe('a log followed through a connection that keeps dropping', () => {
  it('shows every line once, in order, across 10 drops and 2 rotations (one while disconnected)', async () => {
    writeLog('seq.log', '');
    const { proxy, tail, seqs, drop } = await followThroughProxy('seq.log');
    const writer = startSeqWriter('seq.log');
    for (let n = 1; n <= 10; n++) {
      await waitFor(() => (seqs().at(-1) ?? 0) > writer.last - 200, 'the tail to catch up with the writer', 10_000);
      if (n === 3) await drop(1_500, () => writer.rotate());
      else await drop(200 + n * 30);
      if (n === 7) writer.rotate();
    }
    writer.stop();
    await waitFor(() => seqs().at(-1) === writer.last, `seq=${writer.last}`, 15_000);

    expect(proxy.cuts).toBe(10);
    expect(seqs()).toEqual(range(1, writer.last));
    expect(tail.gaps).toEqual([]);
    expect(tail.torn).toBe(0);
    expect(writer.last).toBeGreaterThan(2_000);
    // Both rotations were followed into the renamed file for the lines written there late.
    expect((await server().requestsLogged('seq.log.1', 2, (r) => r.status === 206)).length).toBeGreaterThanOrEqual(2);
  }, 90_000);

  it('shows a loss no resume could avoid (rotated twice while disconnected) as one explicit gap row', async () => {
    writeLog('gone.log', '');
    const { tail, seqs, drop } = await followThroughProxy('gone.log');
    const writer = startSeqWriter('gone.log');
    await waitFor(() => seqs().length > 300, '300 lines');
    let firstOfLost = 0;
    await drop(3_000, () => {
      writer.rotate(); // the followed file becomes gone.log.1 ...
      firstOfLost = writer.last + 1; // ... and these lines go to the next one,
      setTimeout(() => writer.rotate(), 400); // which takes its place: the followed file is deleted.
    });
    await waitFor(() => (seqs().at(-1) ?? 0) > writer.last - 100, 'the tail to catch up', 10_000);
    writer.stop();
    await waitFor(() => seqs().at(-1) === writer.last, `seq=${writer.last}`, 10_000);

    const rows = tail.lines();
    const gaps = rows.filter((row) => row.gap !== null);
    expect(gaps).toHaveLength(1);
    const at = rows.indexOf(gaps[0]!);
    const before = rows.slice(0, at).map((row) => seqOf(row.text));
    const after = rows.slice(at + 1).map((row) => seqOf(row.text));
    // Nothing doubled, nothing reordered: whole runs on both sides of the gap, and what the gap
    // stands for includes every line of the file that was rotated away unread.
    expect(before).toEqual(range(1, before.at(-1)!));
    expect(after).toEqual(range(after[0]!, writer.last));
    expect(before.at(-1)!).toBeLessThan(firstOfLost);
    expect(after[0]!).toBeGreaterThan(firstOfLost + 40);
    expect(gaps[0]!.gap!.reason).toBe('gone.log was replaced while the log host could not be reached and gone.log.1 is not the file that was being read');
    expect(gaps[0]!.text).toMatch(/^Lines missing \d\d:\d\d:\d\d–\d\d:\d\d:\d\d UTC: gone\.log was replaced while/);
    expect(gaps[0]!.gap!.until!).toBeGreaterThanOrEqual(rows[at - 1]!.at!);
  }, 60_000);
});

describe('jumping to a moment in a large log', () => {
  it('finds the first line at or after a time in a 100+ MB file with at most 20 Range requests', async () => {
    const file = served('big.log');
    const start = Date.UTC(new Date().getUTCFullYear(), 0, 1);
    const generator = path.join(import.meta.dirname, '..', 'bench', 'logs-gen.mjs');
    execFileSync(process.execPath, [generator, '750000', file, String(start)]);
    chmodSync(file, 0o644);
    const bytes = readFileSync(file);
    expect(bytes.length).toBeGreaterThan(100_000_000);
    const truth = groundTruth(bytes);
    const log = source('big.log');

    // Whole seconds: lines carry seconds (syslog, access) or milliseconds, so a whole second
    // splits the file cleanly in two and the first line at or after it is well defined.
    const moments = [start - 60_000, start, start + 1_000_000, start + 3_600_000, start + 5_000_000, truth.end - 1_000, truth.end + 60_000].map(
      (t) => Math.floor(t / 1_000) * 1_000,
    );
    for (const moment of moments) {
      const asked = server().requestsFor('big.log').length;
      const excerpt = await log.readAround!(moment, 64 * 1024, AbortSignal.timeout(20_000));
      expect(excerpt.requests, new Date(moment).toISOString()).toBeLessThanOrEqual(20);
      // Every request the excerpt made, and no other: counted once nginx has logged them all.
      expect((await server().requestsLogged('big.log', asked + excerpt.requests)).length - asked).toBe(excerpt.requests);
      // The line the excerpt's anchor lands on is the one a full scan finds.
      const pipeline = new SourcePipeline(10_000);
      pipeline.ingest(excerpt.chunk);
      const { ring } = pipeline;
      let anchor = ring.oldestSeq;
      while (anchor < ring.nextSeq && !(ring.at(anchor) >= moment)) anchor++;
      const line = truth.firstAtOrAfter(moment);
      expect(anchor < ring.nextSeq ? ring.text(anchor) : null, new Date(moment).toISOString()).toBe(line);
      if (line !== null && moment > start) expect(anchor).toBeGreaterThan(ring.oldestSeq);
    }
  }, 120_000);
});

/** The first line stamped at or after a moment, by reading every line of the file. */
function groundTruth(bytes: Buffer) {
  const text = bytes.toString('latin1');
  const lines: { at: number; start: number; end: number }[] = [];
  const now = Date.now();
  for (let start = 0; start < text.length; ) {
    const end = text.indexOf('\n', start);
    const at = readLineFields(text, start, end, now).at;
    if (!Number.isNaN(at)) lines.push({ at, start, end });
    start = end + 1;
  }
  return {
    end: lines.at(-1)!.at,
    firstAtOrAfter: (moment: number): string | null => {
      const line = lines.find((l) => l.at >= moment);
      return line ? bytes.toString('utf8', line.start, line.end) : null;
    },
  };
}
