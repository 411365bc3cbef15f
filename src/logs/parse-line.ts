import type { RawLogLine } from '../backends/backend-set';
import { readCommonLogTime, readIsoTime, readSyslogTime } from './parse-time';

type Level = NonNullable<RawLogLine['level']>;

const LEVEL_WORDS: Record<string, Level> = {
  ERROR: 'error',
  ERR: 'error',
  FATAL: 'error',
  CRIT: 'error',
  CRITICAL: 'error',
  ALERT: 'error',
  EMERG: 'error',
  PANIC: 'error',
  WARN: 'warn',
  WARNING: 'warn',
  INFO: 'info',
  NOTICE: 'info',
  DEBUG: 'debug',
  TRACE: 'debug',
};

/** How many words after the timestamp may hold the level: `[main] ERROR` and `host app[1]: WARN` both fit. */
const LEVEL_WORD_REACH = 4;
// eslint-disable-next-line no-control-regex -- ANSI colour codes start with ESC; they would hide a level word.
const ANSI = /\x1b\[[0-9;?]*[ -/]*[@-~]/g;

/**
 * Time and level of one log line in whatever format the host writes: ISO-8601 app lines, nginx
 * access and error logs, syslog, JSON lines and logfmt. The text is kept exactly as written
 * (colour codes included); a line no format claims still shows, with no time and no level.
 */
export function parseLine(text: string, now: number = Date.now()): RawLogLine {
  const plain = text.indexOf('\x1b') >= 0 ? text.replace(ANSI, '') : text;
  const { at, level } = fields(plain, now);
  return { at, level, text };
}

function fields(text: string, now: number): Omit<RawLogLine, 'text'> {
  const c = text.charCodeAt(0);
  if (c === 123) {
    const json = jsonFields(text); // '{'
    if (json) return json;
  }
  if (c === 60) return syslogWithPriority(text, now); // '<'
  if (c >= 48 && c <= 57) {
    const iso = readIsoTime(text, 0);
    if (iso) return { at: iso.at, level: levelWord(text, iso.end) };
  }
  if (c >= 65 && c <= 90) {
    const syslog = readSyslogTime(text, 0, now);
    if (syslog) return { at: syslog.at, level: levelWord(text, syslog.end) };
  }
  if (text.startsWith('time=') || text.startsWith('ts=')) {
    const start = text.indexOf('=') + (text.charCodeAt(text.indexOf('=') + 1) === 34 ? 2 : 1);
    const iso = readIsoTime(text, start);
    if (iso) return { at: iso.at, level: levelWord(text, iso.end) };
  }
  return accessLine(text) ?? { at: null, level: levelWord(text, 0) };
}

/** nginx/Apache combined: `ip - user [23/Nov/2026:14:03:10 +0000] "GET / HTTP/1.1" 503 …`; the status is the level. */
function accessLine(text: string): Omit<RawLogLine, 'text'> | null {
  const open = text.indexOf(' [');
  if (open < 0 || open > 100) return null;
  const time = readCommonLogTime(text, open + 2);
  if (!time || text.charCodeAt(time.end) !== 93) return null; // ']'
  const request = text.indexOf('" ', time.end + 3);
  const status = request < 0 ? NaN : Number(text.slice(request + 2, request + 5));
  const level: Level | null = Number.isNaN(status) ? null : status >= 500 ? 'error' : status >= 400 ? 'warn' : 'info';
  return { at: time.at, level };
}

/** `<11>Nov 23 …` (RFC 3164) or `<11>1 2026-11-23T…` (RFC 5424): the priority carries the severity. */
function syslogWithPriority(text: string, now: number): Omit<RawLogLine, 'text'> {
  const close = text.indexOf('>');
  const priority = close > 1 && close < 5 ? Number(text.slice(1, close)) : NaN;
  if (!Number.isInteger(priority)) return { at: null, level: levelWord(text, 0) };
  const level = severityLevel(priority % 8);
  const time = readSyslogTime(text, close + 1, now) ?? readIsoTime(text, close + 3);
  return { at: time?.at ?? null, level };
}

function jsonFields(text: string): Omit<RawLogLine, 'text'> | null {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return null;
  }
  if (!value || typeof value !== 'object' || Array.isArray(value)) return null;
  const record = value as Record<string, unknown>;
  const time = record.time ?? record.ts ?? record['@timestamp'] ?? record.timestamp;
  const level = record.level ?? record.severity ?? record.lvl ?? record['log.level'];
  return { at: jsonTime(time), level: jsonLevel(level) };
}

function jsonTime(value: unknown): number | null {
  if (typeof value === 'string') {
    const at = readIsoTime(value, 0)?.at ?? Date.parse(value);
    return Number.isFinite(at) ? at : null;
  }
  if (typeof value !== 'number' || !Number.isFinite(value) || value <= 0) return null;
  // Seconds, milliseconds, microseconds or nanoseconds since 1970, told apart by size.
  if (value < 1e11) return Math.round(value * 1000);
  if (value < 1e14) return Math.round(value);
  if (value < 1e17) return Math.round(value / 1e3);
  return Math.round(value / 1e6);
}

function jsonLevel(value: unknown): Level | null {
  if (typeof value === 'string') return LEVEL_WORDS[value.toUpperCase()] ?? null;
  if (typeof value !== 'number') return null;
  // pino/bunyan use 10..60; smaller numbers are syslog severities.
  if (value >= 10) return value >= 50 ? 'error' : value >= 40 ? 'warn' : value >= 30 ? 'info' : 'debug';
  return severityLevel(value);
}

function severityLevel(severity: number): Level {
  return severity <= 3 ? 'error' : severity === 4 ? 'warn' : severity <= 6 ? 'info' : 'debug';
}

/** The first level word (`ERROR`, `[warn]`, `level=info`) among the few words from `from`. */
function levelWord(text: string, from: number): Level | null {
  let i = from;
  for (let n = 0; n < LEVEL_WORD_REACH; n++) {
    while (text.charCodeAt(i) === 32 || text.charCodeAt(i) === 9) i++;
    if (i >= text.length) return null;
    let end = text.indexOf(' ', i);
    if (end < 0) end = text.length;
    const level = tokenLevel(text, i, end);
    if (level) return level;
    i = end;
  }
  return null;
}

function tokenLevel(text: string, start: number, end: number): Level | null {
  if (text.startsWith('level=', start)) start += text.charCodeAt(start + 6) === 34 ? 7 : 6;
  while (start < end && isBracket(text.charCodeAt(start))) start++;
  while (end > start && isBracket(text.charCodeAt(end - 1))) end--;
  if (end - start < 3 || end - start > 8) return null;
  return LEVEL_WORDS[text.slice(start, end).toUpperCase()] ?? null;
}

/** `[ ] ( ) < > : , "`: what wraps or ends a level word. */
function isBracket(c: number): boolean {
  return c === 91 || c === 93 || c === 40 || c === 41 || c === 60 || c === 62 || c === 58 || c === 44 || c === 34;
}
