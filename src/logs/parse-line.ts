import type { LogLevel } from '../contract/wire-types';
import { DEBUG, ERROR, INFO, LEVEL_CODES, levelWord, severityLevel, tokenLevel, WARN } from './log-level';
import { readCommonLogTime, readIsoTime, readSyslogTime } from './parse-time';

// Time and level of a log line in whatever format the host writes: ISO-8601 app lines, nginx
// access and error logs, syslog, JSON lines and logfmt. It reads a line in place, inside one
// latin1 string per chunk (a character per byte, so indexes are byte offsets), by dispatching on
// the first characters: no regex, no substring and no object per line, because the pipeline must
// keep up with a million lines a second (notes: logs-performance.md).


/** What one read found; shared and overwritten by the next read (the hot loop allocates nothing). */
export interface LineFields {
  /** Epoch ms, or NaN when the line carries no time of its own. */
  at: number;
  /** An index into LEVEL_CODES. */
  level: number;
}

const found: LineFields = { at: NaN, level: 0 };
/** An access line's `[` comes after the client address, user and ident: never further in than this. */
const ACCESS_BRACKET_REACH = 100;

/**
 * Time and level of `text[start, end)`; `now` places syslog's year-less times. What follows the
 * line in `text` must be its end (`\n`, `\r`) or nothing: readers look a few characters past a
 * value without checking `end`, and must find nothing there that continues it.
 */
export function readLineFields(text: string, start: number, end: number, now: number): LineFields {
  found.at = NaN;
  found.level = 0;
  const c = text.charCodeAt(start);
  if (c === 123) jsonFields(text, start, end); // '{'
  else if (c === 60) syslogWithPriority(text, start, end, now); // '<'
  else if (c >= 48 && c <= 57) isoOrAccess(text, start, end); // a digit
  else if (c >= 65 && c <= 90) syslogOrWord(text, start, end, now); // A-Z
  else if (c === 91) bracketedIso(text, start, end); // '['
  else if (c === 116 && (text.startsWith('time=', start) || text.startsWith('ts=', start))) logfmt(text, start, end);
  else if (!accessLine(text, start, end)) found.level = levelWord(text, start, end);
  return found;
}

/** One line on its own, for callers outside the pipeline. */
export function parseLine(text: string, now: number = Date.now()): { at: number | null; level: LogLevel | null; text: string } {
  const fields = readLineFields(text, 0, text.length, now);
  return { at: Number.isNaN(fields.at) ? null : fields.at, level: LEVEL_CODES[fields.level]!, text };
}

function isoOrAccess(text: string, start: number, end: number): void {
  const iso = readIsoTime(text, start);
  if (iso && iso.end <= end) {
    found.at = iso.at;
    found.level = levelWord(text, iso.end, end);
  } else if (!accessLine(text, start, end)) {
    found.level = levelWord(text, start, end);
  }
}

/** `[2026-11-23 14:03:10,123] ERROR …` (Python, log4j patterns); anything else in brackets is just words. */
function bracketedIso(text: string, start: number, end: number): void {
  const iso = readIsoTime(text, start + 1);
  const closed = iso !== null && text.charCodeAt(iso.end) === 93; // ']'
  if (closed) found.at = iso.at;
  found.level = levelWord(text, closed ? iso.end + 1 : start, end);
}

function syslogOrWord(text: string, start: number, end: number, now: number): void {
  const syslog = readSyslogTime(text, start, now);
  if (syslog) found.at = syslog.at;
  found.level = levelWord(text, syslog ? syslog.end : start, end);
}

function logfmt(text: string, start: number, end: number): void {
  let from = text.indexOf('=', start) + 1;
  if (text.charCodeAt(from) === 34) from++; // '"'
  const iso = readIsoTime(text, from);
  if (iso) found.at = iso.at;
  found.level = levelWord(text, iso ? iso.end : start, end);
}

/** nginx/Apache combined: `ip - user [23/Nov/2026:14:03:10 +0000] "GET / HTTP/1.1" 503 …`; the status is the level. */
function accessLine(text: string, start: number, end: number): boolean {
  // The searches run in cut-out copies of the line (cheap: they share the chunk's characters), so
  // that neither runs on into the next lines, and as a built-in search, which costs a fraction of
  // a loop over characters.
  const open = text.slice(start, Math.min(end, start + ACCESS_BRACKET_REACH + 1)).indexOf(' [');
  if (open < 0) return false;
  const time = readCommonLogTime(text, start + open + 2);
  if (!time || text.charCodeAt(time.end) !== 93) return false; // ']'
  found.at = time.at;
  // The status follows the quoted request: `" 503 `.
  const request = time.end + 3;
  const quote = request < end ? text.slice(request, end).indexOf('" ') : -1;
  const status = quote >= 0 ? digitsAt(text, request + quote + 2, 3) : -1;
  found.level = status < 0 ? 0 : status >= 500 ? ERROR : status >= 400 ? WARN : INFO;
  return true;
}

/** `<11>Nov 23 …` (RFC 3164) or `<11>1 2026-11-23T…` (RFC 5424): the priority carries the severity. */
function syslogWithPriority(text: string, start: number, end: number, now: number): void {
  let close = start + 1;
  while (close < end && close < start + 5 && text.charCodeAt(close) !== 62) close++; // '>'
  const priority = text.charCodeAt(close) === 62 ? digitsAt(text, start + 1, close - start - 1) : -1;
  if (priority < 0) {
    found.level = levelWord(text, start, end);
    return;
  }
  found.level = severityLevel(priority % 8);
  const time = readSyslogTime(text, close + 1, now) ?? readIsoTime(text, close + 3);
  if (time) found.at = time.at;
}

/** The names JSON loggers write the time and the level under; where a line has several, the first listed wins. */
const TIME_KEYS = ['time', 'ts', '@timestamp', 'timestamp'].map(jsonKey);
const LEVEL_KEYS = ['level', 'severity', 'lvl', 'log.level'].map(jsonKey);

/** `"name":` is looked for as `name":`, then its quote is checked: a search stops at every quote of the line, but at few of the name's first letter. */
interface JsonKey {
  bare: string;
  length: number;
}

function jsonKey(name: string): JsonKey {
  return { bare: `${name}":`, length: name.length + 3 };
}

/**
 * JSON lines, by their usual field names, found by name rather than by parsing the whole object.
 * The names are looked for in the line cut out (a search never runs on into the next lines); the
 * values are read in place (reads from a cut-out string cost more).
 */
function jsonFields(text: string, start: number, end: number): void {
  const line = text.slice(start, end);
  const timeAt = valueAfter(line, TIME_KEYS);
  if (timeAt >= 0) {
    const time = start + timeAt;
    found.at = text.charCodeAt(time) === 34 && time < end ? jsonStringTime(text, time + 1, end) : epochNumber(text, time, end);
  }
  const levelAt = valueAfter(line, LEVEL_KEYS);
  if (levelAt < 0) return;
  const level = start + levelAt;
  if (text.charCodeAt(level) === 34 && level < end) {
    const close = line.indexOf('"', levelAt + 1);
    found.level = close < 0 ? 0 : tokenLevel(text, level + 1, start + close);
  } else {
    const n = digitsAt(text, level, 2);
    // pino/bunyan use 10..60; smaller numbers are syslog severities.
    if (n >= 10) found.level = n >= 50 ? ERROR : n >= 40 ? WARN : n >= 30 ? INFO : DEBUG;
    else if (n >= 0) found.level = severityLevel(digitsAt(text, level, 1));
  }
}

/** Where the value of the first of `keys` present starts, or -1. */
function valueAfter(line: string, keys: JsonKey[]): number {
  for (const key of keys) {
    const at = keyIndex(line, key.bare);
    if (at < 0) continue;
    let value = at + key.length;
    while (line.charCodeAt(value) === 32) value++;
    return value;
  }
  return -1;
}

/** The first `"` + `bare` in the line, as `line.indexOf('"' + bare)` would find it. */
function keyIndex(line: string, bare: string): number {
  for (let at = line.indexOf(bare, 1); at >= 0; at = line.indexOf(bare, at + 1)) if (line.charCodeAt(at - 1) === 34) return at - 1;
  return -1;
}

function jsonStringTime(text: string, from: number, end: number): number {
  const iso = readIsoTime(text, from);
  if (iso) return iso.at;
  let close = from;
  while (close < end && text.charCodeAt(close) !== 34) close++;
  return close < end ? Date.parse(text.slice(from, close)) : NaN;
}

/** Seconds, milliseconds, microseconds or nanoseconds since 1970, told apart by size. */
function epochNumber(text: string, from: number, end: number): number {
  let stop = from;
  while (stop < end && ((text.charCodeAt(stop) >= 48 && text.charCodeAt(stop) <= 57) || text.charCodeAt(stop) === 46)) stop++;
  const value = stop > from ? Number(text.slice(from, stop)) : NaN;
  if (!(value > 0)) return NaN;
  if (value < 1e11) return Math.round(value * 1000);
  if (value < 1e14) return Math.round(value);
  if (value < 1e17) return Math.round(value / 1e3);
  return Math.round(value / 1e6);
}

/** The number written by `count` ASCII digits at `from`, or -1. */
function digitsAt(text: string, from: number, count: number): number {
  if (count <= 0) return -1;
  let value = 0;
  for (let i = from; i < from + count; i++) {
    const c = text.charCodeAt(i);
    if (c < 48 || c > 57) return -1;
    value = value * 10 + (c - 48);
  }
  return value;
}
