// Journal entries as journalctl 252 and systemd-journal-gatewayd 252 print them (the lines below
// were printed by them, from journals written by systemd-journal-remote), into log lines per host.
import { describe, expect, it } from 'vitest';

import type { LogGapNotice } from '../../../../../src/backends/backend-set';
import { readLineFields } from '../../../../../src/logs/parse-line';
import { LEVEL_CODES } from '../../../../../src/logs/log-level';
import { parseJournalEntry } from '../../../../../src/logs/journal/journal-entry';
import { entryLines, isoMicros } from '../../../../../src/logs/journal/journal-line-text';
import { JournalReader } from '../../../../../src/logs/journal/journal-reader';
import { notAfter } from '../../../../../src/logs/journal/journal-cursor';

const S = '2632e14e708143a3ab5a86bfa4a93971';
const cursor = (i: number, s = S) => `s=${s};i=${i.toString(16)};b=aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa;m=121eac0;t=${(1796581760932143 + i).toString(16)};x=4c939af92ee6cc33`;
/** One entry as journalctl -o json writes it (field order is the journal's, not fixed). */
const entry = (i: number, fields: Record<string, unknown> = {}) =>
  JSON.stringify({
    __CURSOR: cursor(i),
    __REALTIME_TIMESTAMP: String(1796581760932143 + i * 1_000_000),
    __MONOTONIC_TIMESTAMP: '19000000',
    _BOOT_ID: 'aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa',
    _HOSTNAME: 'web-2',
    _SYSTEMD_UNIT: 'checkout.service',
    SYSLOG_IDENTIFIER: 'checkout',
    _PID: '42',
    PRIORITY: '6',
    MESSAGE: `hello seq=${i}`,
    ...fields,
  }) + '\n';

/** What the pipeline reads from a line: its time and level. */
const fields = (line: string) => {
  const found = readLineFields(line, 0, line.length, Date.now());
  return { at: found.at, level: LEVEL_CODES[found.level] };
};

function reader(resumeAt: string | null = null) {
  const lines: { host: string; text: string }[] = [];
  const gaps: LogGapNotice[] = [];
  const malformed: string[] = [];
  const journal = new JournalReader({
    resumeAt,
    fallbackHost: 'fallback',
    onLines: (host, chunk) => {
      expect(chunk.at(-1)).toBe(0x0a);
      for (const text of chunk.toString('utf8').split('\n').slice(0, -1)) lines.push({ host, text });
    },
    onGap: (gap) => gaps.push(gap),
    onMalformed: (line) => malformed.push(line),
  });
  return { journal, lines, gaps, malformed, texts: () => lines.map((l) => l.text) };
}

describe('a journal entry as log lines', () => {
  it('starts with the journal’s time to the microsecond and the priority’s name, which the pipeline reads as time and level', () => {
    const text = entryLines(parseJournalEntry(entry(1, { PRIORITY: '3', MESSAGE: 'INFO looks like a level but is not' }))!).toString();
    expect(text).toBe('2026-12-06T18:29:21.932143Z err checkout.service[42]: INFO looks like a level but is not\n');
    expect(fields(text.trimEnd())).toEqual({ at: Date.parse('2026-12-06T18:29:21.932Z'), level: 'error' });
    const levels = ['0', '1', '2', '3', '4', '5', '6', '7'].map((p) => fields(entryLines(parseJournalEntry(entry(1, { PRIORITY: p }))!).toString().trimEnd()).level);
    expect(levels).toEqual(['error', 'error', 'error', 'error', 'warn', 'info', 'info', 'debug']);
  });

  it('names what wrote it by unit, else identifier, else command; an entry without PRIORITY has no level word', () => {
    const line = (extra: Record<string, unknown>) => entryLines(parseJournalEntry(entry(1, extra))!).toString();
    expect(line({ _SYSTEMD_UNIT: undefined })).toContain('Z info checkout[42]: hello');
    expect(line({ _SYSTEMD_UNIT: undefined, SYSLOG_IDENTIFIER: undefined, _COMM: 'python3', _PID: undefined })).toContain('Z info python3: hello');
    expect(line({ PRIORITY: undefined })).toMatch(/^\S+Z checkout\.service\[42\]: hello seq=1\n$/);
  });

  it('decodes a MESSAGE sent as bytes (colour codes, invalid UTF-8) and splits one of several lines', () => {
    // journalctl printed exactly this for "colour \e[31mred\e[0m\nsecond line".
    const bytes = [99, 111, 108, 111, 117, 114, 32, 27, 91, 51, 49, 109, 114, 101, 100, 27, 91, 48, 109, 10, 115, 101, 99, 111, 110, 100, 32, 108, 105, 110, 101];
    const text = entryLines(parseJournalEntry(entry(5, { MESSAGE: bytes, PRIORITY: '5' }))!).toString();
    expect(text.split('\n')).toEqual(['2026-12-06T18:29:25.932143Z notice checkout.service[42]: colour \u001b[31mred\u001b[0m', 'second line', '']);
    const invalid = Buffer.from(entryLines(parseJournalEntry(entry(4, { MESSAGE: [98, 97, 100, 32, 255, 254, 32, 101, 110, 100] }))!));
    expect(invalid.subarray(-13)).toEqual(Buffer.from([0x3a, 0x20, 98, 97, 100, 32, 255, 254, 32, 101, 110, 100, 10])); // the bytes as they were
    // A field given twice: each value on a line; one trailing newline is not an empty line.
    expect(entryLines(parseJournalEntry(entry(3, { MESSAGE: ['first value', 'second value\n'] }))!).toString()).toMatch(/: first value\nsecond value\n$/);
  });

  it('says so when the server left MESSAGE out for its size, rather than showing nothing', () => {
    expect(entryLines(parseJournalEntry(entry(2, { MESSAGE: null }))!).toString()).toMatch(/: \[message left out by the server: longer than it sends/);
  });

  it('isoMicros keeps the microseconds the journal has', () => {
    expect(isoMicros('1796581760932143')).toBe('2026-12-06T18:29:20.932143Z');
    expect(isoMicros('5')).toBe('1970-01-01T00:00:00.000005Z');
  });
});

describe('JournalReader', () => {
  it('hands each host’s entries on as whole lines, entries cut between chunks once complete', () => {
    const { journal, lines } = reader();
    const stream = entry(1) + entry(2, { _HOSTNAME: 'web-1' }) + entry(3) + entry(4, { _HOSTNAME: undefined });
    for (let at = 0; at < stream.length; at += 37) journal.push(Buffer.from(stream.slice(at, at + 37)));
    expect(lines.map((l) => [l.host, l.text.slice(-5)])).toEqual([
      ['web-2', 'seq=1'],
      ['web-1', 'seq=2'],
      ['web-2', 'seq=3'],
      ['fallback', 'seq=4'],
    ]);
    expect(journal.cursor).toBe(cursor(4));
  });

  it('resumes exactly: the resume entry (sent again, the cursor being inclusive) and anything before it in its sequence are dropped', () => {
    const { journal, texts, gaps } = reader(cursor(3));
    journal.push(Buffer.from(entry(3) + entry(4) + entry(5)));
    expect(texts().map((t) => t.slice(-5))).toEqual(['seq=4', 'seq=5']);
    expect(gaps).toEqual([]);
    const again = reader(cursor(3));
    again.journal.push(Buffer.from(entry(2) + entry(3) + entry(4)));
    expect(again.texts().map((t) => t.slice(-5))).toEqual(['seq=4']);
  });

  it('a resume entry the journal no longer has is an explicit gap, from its time to the next entry’s', () => {
    const { journal, texts, gaps } = reader(cursor(3, 'f'.repeat(32)));
    journal.push(Buffer.from(entry(7) + entry(8)));
    expect(texts().map((t) => t.slice(-5))).toEqual(['seq=7', 'seq=8']);
    expect(gaps).toEqual([{ from: Math.floor((1796581760932143 + 3) / 1000), until: Math.floor((1796581760932143 + 7_000_000) / 1000), reason: expect.stringMatching(/no longer has the last entry shown/) }]);
  });

  it('leaves out what is not a journal entry, and says so', () => {
    const { journal, texts, malformed } = reader();
    journal.push(Buffer.from(`-- No entries --\n${entry(1)}{"MESSAGE":"no cursor"}\n\n`));
    expect(texts()).toHaveLength(1);
    expect(malformed).toEqual(['-- No entries --', '{"MESSAGE":"no cursor"}']);
  });

  it('never keeps a cursor outside the grammar as the place to resume at', () => {
    const { journal, texts } = reader();
    journal.push(Buffer.from(entry(1)));
    journal.push(Buffer.from(entry(2, { __CURSOR: 's=x;rm -rf /' })));
    expect(texts()).toHaveLength(2);
    expect(journal.cursor).toBe(cursor(1));
  });

  it('notAfter compares entries of one sequence only', () => {
    expect(notAfter(cursor(2), cursor(10))).toBe(true);
    expect(notAfter(cursor(16), cursor(10))).toBe(false);
    expect(notAfter(cursor(2, 'e'.repeat(32)), cursor(10))).toBe(false);
  });
});
