import { describe, expect, it } from 'vitest';

import { parseLine } from '../../../../src/logs/parse-line';

const NOW = Date.UTC(2026, 10, 23, 15, 0, 0);
const at = (...parts: [number, number, number, number, number, number, number?]) => Date.UTC(parts[0], parts[1] - 1, parts[2], parts[3], parts[4], parts[5], parts[6] ?? 0);
const parse = (text: string, now = NOW) => parseLine(text, now);

describe('reading the time and level of a log line', () => {
  it('reads ISO-8601 app lines and their level word', () => {
    const text = '2026-11-23T14:03:10.123Z ERROR checkout-1 checkout failed: tax service timeout after 2000ms request_id=9f3a user=772';
    expect(parse(text)).toEqual({ at: at(2026, 11, 23, 14, 3, 10, 123), level: 'error', text });
    expect(parse('2026-11-23 14:03:10,5+01:00 [main] WARN  c.e.Tax - slow').at).toBe(at(2026, 11, 23, 13, 3, 10, 500));
    expect(parse('2026-11-23T14:03:10.123456789-0500 info ok')).toMatchObject({ at: at(2026, 11, 23, 19, 3, 10, 123), level: 'info' });
  });

  it('reads each line\'s own time when neighbours differ in hour, day, year, zone or format (the hour is cached)', () => {
    const lines: [string, number][] = [
      ['2026-11-23T14:59:59.999Z a', at(2026, 11, 23, 14, 59, 59, 999)],
      ['2026-11-23T15:00:00.000Z b', at(2026, 11, 23, 15, 0, 0)],
      ['2026-11-23T15:00:00+01:00 c', at(2026, 11, 23, 14, 0, 0)],
      ['1999-12-31T23:59:60Z leap second', at(2000, 1, 1, 0, 0, 0)],
      ['2026-02-29T01:00:00Z no such day', at(2026, 3, 1, 1, 0, 0)],
      ['[23/Nov/2026:15:00:01 +0000] x', NaN],
      ['::1 - - [23/Nov/2026:15:00:01 -0130] "GET /" 200 1', at(2026, 11, 23, 16, 30, 1)],
      ['Nov 23 15:00:02 web-1 app: y', at(2026, 11, 23, 15, 0, 2)],
      ['2026-11-24T15:00:03Z next day, same hour', at(2026, 11, 24, 15, 0, 3)],
      ['2025-11-24T15:00:03Z a year before', at(2025, 11, 24, 15, 0, 3)],
    ];
    for (const [text, expected] of [...lines, ...lines.reverse()]) expect(parse(text).at ?? NaN, text).toBe(expected);
  });

  it('reads a time without a zone as UTC', () => {
    expect(parse('2026-11-23 14:03:10 DEBUG cache hit').at).toBe(at(2026, 11, 23, 14, 3, 10));
  });

  it('reads nginx access lines, taking the level from the status', () => {
    const line = (status: number) => `127.0.0.1 - - [23/Nov/2026:14:03:10 +0100] "GET /listing/123 HTTP/1.1" ${status} 512 "-" "Mozilla/5.0"`;
    expect(parse(line(200))).toMatchObject({ at: at(2026, 11, 23, 13, 3, 10), level: 'info' });
    expect(parse(line(404)).level).toBe('warn');
    expect(parse(line(503)).level).toBe('error');
    expect(parse('::1 - alice [23/Nov/2026:14:03:10 +0000] "-" 400 0 "-" "-"')).toMatchObject({ at: at(2026, 11, 23, 14, 3, 10), level: 'warn' });
  });

  it('reads nginx error logs', () => {
    expect(parse('2026/11/23 14:03:10 [crit] 1234#0: *5 connect() to unix:/run/php.sock failed')).toEqual(
      expect.objectContaining({ at: at(2026, 11, 23, 14, 3, 10), level: 'error' }),
    );
  });

  it('reads syslog lines, giving them the year that puts them in the recent past', () => {
    expect(parse('Nov 23 14:03:10 web-1 app[123]: WARNING disk 91% full')).toMatchObject({ at: at(2026, 11, 23, 14, 3, 10), level: 'warn' });
    expect(parse('Nov  3 04:05:06 web-1 CRON[99]: (root) CMD (reindex)')).toMatchObject({ at: at(2026, 11, 3, 4, 5, 6), level: null });
    expect(parse('Dec 31 23:59:59 web-1 app: INFO bye', Date.UTC(2027, 0, 1, 0, 0, 5)).at).toBe(at(2026, 12, 31, 23, 59, 59));
    expect(parse('<11>Nov 23 14:03:10 web-1 app: disk gone')).toMatchObject({ at: at(2026, 11, 23, 14, 3, 10), level: 'error' });
    expect(parse('<14>1 2026-11-23T14:03:10Z web-1 app - - - hello')).toMatchObject({ at: at(2026, 11, 23, 14, 3, 10), level: 'info' });
  });

  it('reads JSON lines by their usual field names', () => {
    expect(parse('{"ts":"2026-11-23T14:03:10.250Z","level":"warn","msg":"slow"}')).toMatchObject({ at: at(2026, 11, 23, 14, 3, 10, 250), level: 'warn' });
    expect(parse('{"@timestamp":"2026-11-23T14:03:10Z","log.level":"ERROR","message":"x"}')).toMatchObject({ at: at(2026, 11, 23, 14, 3, 10), level: 'error' });
    expect(parse(`{"time":${at(2026, 11, 23, 14, 3, 10)},"level":50,"msg":"pino"}`)).toMatchObject({ at: at(2026, 11, 23, 14, 3, 10), level: 'error' });
    expect(parse(`{"timestamp":${at(2026, 11, 23, 14, 3, 10) / 1000},"severity":"DEBUG"}`)).toMatchObject({ at: at(2026, 11, 23, 14, 3, 10), level: 'debug' });
    expect(parse('{"msg":"no time, no level"}')).toMatchObject({ at: null, level: null });
  });

  it('reads a time in brackets at the start of a line, as Python and log4j patterns write it', () => {
    expect(parse('[2026-11-23 14:03:10,250] ERROR in app: tax timeout')).toMatchObject({ at: at(2026, 11, 23, 14, 3, 10, 250), level: 'error' });
    expect(parse('[worker-3] WARN no time here')).toMatchObject({ at: null, level: 'warn' });
  });

  it('reads logfmt lines', () => {
    expect(parse('time="2026-11-23T14:03:10Z" level=error msg="tax timeout"')).toMatchObject({ at: at(2026, 11, 23, 14, 3, 10), level: 'error' });
  });

  it('finds the level word in any case, in brackets, or coloured', () => {
    const iso = '2026-11-23T14:03:10Z';
    expect(parse(`${iso} [Warning] low disk`).level).toBe('warn');
    expect(parse(`${iso} info: started`).level).toBe('info');
    expect(parse(`${iso} web-1 [worker-3] Debug flushing`).level).toBe('debug');
    expect(parse(`${iso} \x1b[31mERROR\x1b[0m search-1 solr down`)).toMatchObject({ level: 'error', text: `${iso} \x1b[31mERROR\x1b[0m search-1 solr down` });
    expect(parse('FATAL: could not open config').level).toBe('error');
    // The first level word wins: a message that mentions another level is not that level.
    expect(parse(`${iso} INFO user viewed the error page`).level).toBe('info');
  });

  it('keeps lines no format claims, with no time and no level', () => {
    for (const text of ['', '    at com.example.Tax.compute(Tax.java:42)', '{not json', '2026-13-45T99:99:99Z nonsense', '[]][[', '\u0000\u0001\u0002', 'Nov 99 xx']) {
      expect(parse(text)).toEqual({ at: null, level: null, text });
    }
  });

  it('reads a 1 MB line', () => {
    const text = `2026-11-23T14:03:10Z WARN ${'z'.repeat(1_000_000)}`;
    expect(parse(text)).toEqual({ at: at(2026, 11, 23, 14, 3, 10), level: 'warn', text });
  });
});
