import { describe, expect, it } from 'vitest';

import type { LogFilter } from '../../../../src/contract/wire-types';
import { CancelledError, InvalidInputError } from '../../../../src/errors';
import { linesAround, lineVolume, newestLines, rowMatcher } from '../../../../src/logs/log-query';
import type { RingSource } from '../../../../src/logs/log-query';
import { SourcePipeline } from '../../../../src/logs/source-pipeline';

const T = Date.UTC(2026, 10, 23, 14, 0, 0);
const iso = (ms: number) => new Date(T + ms).toISOString();

/** A source whose ring holds `lines` ([ms after T, level, text]). */
function source(sourceId: string, lines: [number, string, string][], capacity = 1_000): RingSource {
  const pipeline = new SourcePipeline(capacity);
  pipeline.ingest(Buffer.from(lines.map(([ms, level, text]) => `${iso(ms)} ${level} ${text}\n`).join('')));
  return { sourceId, ring: pipeline.ring };
}

const filter = (text: string, more: Partial<LogFilter> = {}): LogFilter => ({ text, mode: 'substring', caseSensitive: false, levels: [], ...more });
const all = rowMatcher(null);
const words = (lines: { text: string }[]) => lines.map((line) => line.text.split(' ').at(-1));

describe('the ring of one source', () => {
  it('keeps the newest lines when it overflows, numbered on without a hole', async () => {
    const { ring } = source('a', Array.from({ length: 2_500 }, (_, i): [number, string, string] => [i, 'INFO', `n${i}`]), 1_000);
    expect([ring.oldestSeq, ring.nextSeq, ring.size]).toEqual([1_500, 2_500, 1_000]);
    const lines = (await newestLines([{ sourceId: 'a', ring }], all, null, 100_000)).lines;
    expect(lines).toHaveLength(1_000);
    expect(lines[0]).toMatchObject({ seq: 1_500, text: `${iso(1_500)} INFO n1500` });
    expect(lines.at(-1)).toMatchObject({ seq: 2_499, text: `${iso(2_499)} INFO n2499` });
  });

  it('continues the numbering of a source that restarted', async () => {
    const pipeline = new SourcePipeline(1_000, 7_000);
    pipeline.ingest(Buffer.from('x\ny\n'));
    expect(pipeline.ring.lines(0, 10_000, 'a').map((l) => l.seq)).toEqual([7_000, 7_001]);
  });
});

describe('merging sources by time', () => {
  const web = source('web', [
    [0, 'INFO', 'w0'],
    [20, 'INFO', 'w20'],
    [20, 'INFO', 'w20b'],
    [40, 'ERROR', 'w40'],
  ]);
  const db = source('db', [
    [10, 'INFO', 'd10'],
    [20, 'WARN', 'd20'],
    [50, 'INFO', 'd50'],
  ]);

  it('interleaves by time; equal times keep the order the sources were asked in, then their own order', async () => {
    expect(words((await newestLines([web, db], all, null, 100)).lines)).toEqual(['w0', 'd10', 'w20', 'w20b', 'd20', 'w40', 'd50']);
    expect(words((await newestLines([db, web], all, null, 100)).lines)).toEqual(['w0', 'd10', 'd20', 'w20', 'w20b', 'w40', 'd50']);
  });

  it('returns the newest `limit` lines at or before `until`, oldest first', async () => {
    const result = (await newestLines([web, db], all, T + 20, 3));
    expect(words(result.lines)).toEqual(['w20', 'w20b', 'd20']);
  });

  it("keeps a source's own order where its clock steps back", async () => {
    const skewed = source('skewed', [
      [30, 'INFO', 's30'],
      [5, 'INFO', 's5'],
    ]);
    expect(words((await newestLines([skewed, db], all, null, 100)).lines)).toEqual(['d10', 'd20', 's30', 's5', 'd50']);
  });
});

describe('filtering', () => {
  const web = source('web', [
    [0, 'INFO', 'GET /cart'],
    [1, 'ERROR', 'checkout failed: tax timeout'],
    [2, 'WARN', 'retrying tax'],
    [3, 'INFO', 'Café opened'],
  ]);

  it('by substring, regex and level, exactly as the viewer does (compileLogFilter)', async () => {
    expect(words((await newestLines([web], rowMatcher(filter('TAX')), null, 100)).lines)).toEqual(['timeout', 'tax']);
    expect(words((await newestLines([web], rowMatcher(filter('TAX', { caseSensitive: true })), null, 100)).lines)).toEqual([]);
    expect(words((await newestLines([web], rowMatcher(filter('fail|retry', { mode: 'regex' })), null, 100)).lines)).toEqual(['timeout', 'tax']);
    expect(words((await newestLines([web], rowMatcher(filter('', { levels: ['error', 'warn'] })), null, 100)).lines)).toEqual(['timeout', 'tax']);
    expect(words((await newestLines([web], rowMatcher(filter('café')), null, 100)).lines)).toEqual(['opened']);
  });

  it('reads each row from its own chunk, whatever the chunks before it held at the same offsets', async () => {
    // Chunks alike in shape, so a row read from the wrong chunk would still look like a line.
    const pipeline = new SourcePipeline(60);
    const sent: string[] = [];
    for (let chunk = 0; chunk < 40; chunk++) {
      const lines = [`${iso(chunk)} INFO chunk ${String(chunk).padStart(2, '0')} first`, `${iso(chunk)} WARN chunk ${String(chunk).padStart(2, '0')} zweite Zeile ü`, `${iso(chunk)} INFO chunk ${String(chunk).padStart(2, '0')} third`];
      if (chunk === 30) pipeline.gap({ from: null, until: T + 30, reason: 'file rotated' });
      pipeline.ingest(Buffer.from(lines.map((line) => `${line}\n`).join('')));
      sent.push(...lines);
    }
    const ring = [{ sourceId: 'a', ring: pipeline.ring }];
    const kept = sent.slice(-59);
    const expected = (pattern: RegExp) => kept.filter((line) => pattern.test(line));
    const texts = async (text: string) => (await newestLines(ring, rowMatcher(filter(text, { mode: 'regex' })), null, 100)).lines.filter((l) => l.gap === null).map((l) => l.text);
    expect(await texts('chunk (2[5-9]|3[0-2]) (first|third)')).toEqual(expected(/chunk (2[5-9]|3[0-2]) (first|third)/));
    expect(await texts('Zeile ü$')).toEqual(expected(/Zeile ü$/));
    expect(await texts('chunk 39')).toEqual(expected(/chunk 39/));
    expect(pipeline.ring.lines(pipeline.ring.oldestSeq, pipeline.ring.nextSeq, 'a').filter((l) => l.gap === null).map((l) => l.text)).toEqual(kept);
  });

  it('counts what it scanned and what matched', async () => {
    expect((await newestLines([web], rowMatcher(filter('tax')), null, 100))).toMatchObject({ scanned: 4, matched: 2 });
  });

  it('refuses an invalid regex with the reason, on the filter text', async () => {
    const error = (() => {
      try {
        rowMatcher(filter('tax(', { mode: 'regex' }));
      } catch (e) {
        return e;
      }
      return null;
    })();
    expect(error).toBeInstanceOf(InvalidInputError);
    expect((error as InvalidInputError).message).toMatch(/^Not a valid regular expression: .*tax\(.*Unterminated group$/);
    expect((error as InvalidInputError).issues).toEqual([{ path: 'filter.text', message: (error as Error).message }]);
  });

  it('never hides a gap row', async () => {
    const pipeline = new SourcePipeline(100);
    pipeline.ingest(Buffer.from(`${iso(0)} INFO a\n`));
    pipeline.gap({ from: null, until: T + 5, reason: 'file rotated' });
    pipeline.ingest(Buffer.from(`${iso(6)} INFO b\n`));
    const lines = (await newestLines([{ sourceId: 'a', ring: pipeline.ring }], rowMatcher(filter('zzz')), null, 100)).lines;
    expect(lines).toEqual([expect.objectContaining({ gap: { from: T, until: T + 5, reason: 'file rotated' } })]);
  });
});

describe('around a moment', () => {
  const web = source('web', [
    [0, 'INFO', 'w0'],
    [10, 'INFO', 'w10'],
    [20, 'ERROR', 'w20'],
    [30, 'INFO', 'w30'],
  ]);
  const db = source('db', [
    [5, 'INFO', 'd5'],
    [25, 'INFO', 'd25'],
  ]);

  it('gives the lines before and after, merged, with the anchor at the first line at or after it', async () => {
    const { lines, anchor } = (await linesAround([web, db], all, T + 20, 2, 2));
    expect(words(lines)).toEqual(['d5', 'w10', 'w20', 'd25']);
    expect(anchor).toBe(2);
  });

  it('filters both sides', async () => {
    const { lines, anchor } = (await linesAround([web, db], rowMatcher(filter('', { levels: ['error'] })), T + 15, 5, 5));
    expect(words(lines)).toEqual(['w20']);
    expect(anchor).toBe(0);
  });
});

describe('lines per time bucket', () => {
  it('counts all, matching and error lines per bucket', async () => {
    const web = source('web', [
      [0, 'INFO', 'a tax'],
      [999, 'ERROR', 'b tax'],
      [1_000, 'ERROR', 'c'],
      [2_500, 'INFO', 'd'],
      [9_999, 'INFO', 'outside'],
    ]);
    expect(await lineVolume([web], rowMatcher(filter('tax')), T, T + 3_000, 1_000)).toEqual([
      { at: T, total: 2, matched: 2, errors: 1 },
      { at: T + 1_000, total: 1, matched: 0, errors: 1 },
      { at: T + 2_000, total: 1, matched: 0, errors: 0 },
    ]);
  });
});

describe('long scans', () => {
  const many = (n: number, capacity = n) => source('web', Array.from({ length: n }, (_, i): [number, string, string] => [i, 'INFO', `n${i}`]), capacity);

  it('stop at the next slice once the caller has gone, having looked at only part of the ring', async () => {
    const web = many(300_000);
    const caller = new AbortController();
    let looked = 0;
    const matcher = () => {
      // The caller leaves while the first slice runs.
      if (++looked === 10) caller.abort();
      return false;
    };
    await expect(newestLines([web], matcher, null, 100, caller.signal)).rejects.toBeInstanceOf(CancelledError);
    expect(looked).toBeGreaterThanOrEqual(10);
    expect(looked).toBeLessThan(300_000);
  });

  it('never answer with a row the ring let go of while the scan ran', async () => {
    const pipeline = new SourcePipeline(100_000);
    pipeline.ingest(Buffer.from(Array.from({ length: 100_000 }, (_, i) => `${iso(i)} INFO old${i}\n`).join('')));
    let refilled = false;
    const matcher: Parameters<typeof newestLines>[1] = (ring, seq) => {
      // Once the scan is past its first slice, new lines push every row it found out of the ring.
      if (!refilled && seq < 20_000) {
        refilled = true;
        pipeline.ingest(Buffer.from(Array.from({ length: 100_000 }, (_, i) => `${iso(200_000 + i)} INFO new${i}\n`).join('')));
      }
      return ring.text(seq).includes('old');
    };
    const { lines } = await newestLines([{ sourceId: 'web', ring: pipeline.ring }], matcher, null, 100_000);
    expect(refilled).toBe(true);
    expect(lines.filter((line) => !line.text.includes('old'))).toEqual([]);
  });
});
