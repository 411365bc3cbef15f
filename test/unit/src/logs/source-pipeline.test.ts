import { describe, expect, it } from 'vitest';

import { SourcePipeline } from '../../../../src/logs/source-pipeline';

const NOW = Date.UTC(2026, 10, 23, 15, 0, 0);
const T = Date.UTC(2026, 10, 23, 14, 3, 10);

/** The rows a user would see after `chunks` arrived, in order. */
function rows(...chunks: (string | Buffer)[]) {
  const pipeline = new SourcePipeline(1_000, 0, () => NOW);
  for (const chunk of chunks) pipeline.ingest(typeof chunk === 'string' ? Buffer.from(chunk) : chunk);
  return pipeline.ring.lines(0, pipeline.ring.nextSeq, 'web-1');
}

describe('the log pipeline reading whole-line chunks', () => {
  it('reads every format of a mixed log in one chunk, each line with its time and level', () => {
    const lines = rows(
      [
        '2026-11-23T14:03:10.123Z ERROR [main] c.e.Tax - timeout',
        '10.0.0.1 - - [23/Nov/2026:14:03:10 +0000] "GET /cart HTTP/1.1" 503 12 "-" "curl/8.5.0"',
        'Nov 23 14:03:10 web-1 sshd[812]: WARNING session opened',
        '{"ts":"2026-11-23T14:03:10.500Z","level":"debug","msg":"cache hit"}',
        '{"@timestamp":"2026-11-23T14:03:10Z","log.level":"warn","message":"x"}',
        `{"time":${T},"level":50,"msg":"pino"}`,
        '',
      ].join('\n'),
    );
    expect(lines.map(({ at, level }) => ({ at, level }))).toEqual([
      { at: T + 123, level: 'error' },
      { at: T, level: 'error' },
      { at: T, level: 'warn' },
      { at: T + 500, level: 'debug' },
      { at: T, level: 'warn' },
      { at: T, level: 'error' },
    ]);
    expect(lines.map((line) => line.seq)).toEqual([0, 1, 2, 3, 4, 5]);
    expect(lines.every((line) => line.sourceId === 'web-1' && line.gap === null && line.truncatedFrom === null)).toBe(true);
  });

  it('gives a stack trace the time and level of the line it belongs to', () => {
    const lines = rows('2026-11-23T14:03:10Z ERROR checkout failed\njava.lang.IllegalStateException: tax\n\tat c.e.Tax.compute(Tax.java:42)\n2026-11-23T14:03:11Z INFO next\n');
    expect(lines.map(({ at, level, text }) => [at, level, text])).toEqual([
      [T, 'error', '2026-11-23T14:03:10Z ERROR checkout failed'],
      [T, 'error', 'java.lang.IllegalStateException: tax'],
      [T, 'error', '\tat c.e.Tax.compute(Tax.java:42)'],
      [T + 1000, 'info', '2026-11-23T14:03:11Z INFO next'],
    ]);
  });

  it('keeps lines without any time as they are, with no time and no borrowed level', () => {
    const lines = rows('plain text\nERROR: disk full\nmore plain text\n');
    expect(lines.map(({ at, level }) => [at, level])).toEqual([
      [null, null],
      [null, 'error'],
      [null, null],
    ]);
  });

  it('keeps ANSI colours in the text while reading the coloured level word', () => {
    const text = '2026-11-23T14:03:10Z \x1b[1;31mERROR\x1b[0m search-1 solr down';
    expect(rows(`${text}\n`)).toMatchObject([{ level: 'error', text }]);
  });

  it('decodes UTF-8 and shows invalid bytes as replacement characters, in a chunk of ASCII lines too', () => {
    const chunk = Buffer.concat([Buffer.from('ascii first\ncafé ålesund\n'), Buffer.from([0x62, 0xff, 0xfe, 0x61, 0x0a]), Buffer.from('plain\n')]);
    expect(rows(chunk).map((line) => line.text)).toEqual(['ascii first', 'café ålesund', 'b\ufffd\ufffda', 'plain']);
  });

  it('drops the carriage return of CRLF lines and keeps empty lines', () => {
    expect(rows('one\r\n\r\ntwo\n').map((line) => line.text)).toEqual(['one', '', 'two']);
  });

  it('keeps a 1 MB line cut at 64 KiB, on a character boundary, with its full length', () => {
    const long = `2026-11-23T14:03:10Z WARN ${'é'.repeat(500_000)}`;
    const [line, after] = rows(`${long}\nafter\n`);
    expect(line).toMatchObject({ at: T, level: 'warn', truncatedFrom: Buffer.byteLength(long) });
    expect(Buffer.byteLength(line!.text)).toBeLessThanOrEqual(64 * 1024);
    expect(long.startsWith(line!.text)).toBe(true);
    expect(line!.text).not.toContain('\ufffd');
    expect(after).toMatchObject({ text: 'after', truncatedFrom: null, at: T });
  });

  it('carries the last time across chunks, so a trace split over two reads stays with its entry', () => {
    const lines = rows('2026-11-23T14:03:10Z ERROR boom\n', '\tat a.b(C.java:1)\n');
    expect(lines[1]).toMatchObject({ at: T, level: 'error' });
  });

  it('writes a gap as one explicit row between the lines, saying what was lost and when', () => {
    const pipeline = new SourcePipeline(1_000, 0, () => NOW);
    pipeline.ingest(Buffer.from('2026-11-23T14:03:10Z INFO before\n'));
    pipeline.gap({ from: null, until: T + 42_000, reason: 'app.log was replaced while the log host could not be reached and app.log.1 is not there' });
    pipeline.ingest(Buffer.from('2026-11-23T14:03:53Z INFO after\n'));
    const [before, gap, after] = pipeline.ring.lines(0, pipeline.ring.nextSeq, 'web-1');
    expect(before!.text).toBe('2026-11-23T14:03:10Z INFO before');
    expect(gap).toMatchObject({
      seq: 1,
      at: T,
      level: null,
      gap: { from: T, until: T + 42_000, reason: 'app.log was replaced while the log host could not be reached and app.log.1 is not there' },
      text: 'Lines missing 14:03:10–14:03:52 UTC: app.log was replaced while the log host could not be reached and app.log.1 is not there',
    });
    expect(after).toMatchObject({ seq: 2, text: '2026-11-23T14:03:53Z INFO after' });
  });
});
