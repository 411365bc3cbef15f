// Timestamp readers for the formats log hosts write, by character codes rather than a regex per
// line: the log pipeline must keep up with a million lines a second (notes: logs-performance.md).
// Each returns epoch ms and the index just after the timestamp (in one shared object, valid until
// the next read), or null when the text is not one.
// A timestamp without a zone is read as UTC: the viewer cannot know the log host's zone, and
// servers that page people at night mostly run in UTC.

export interface TimeMatch {
  at: number;
  end: number;
}

/** What the last read found: one object, overwritten by the next read (the hot loop allocates nothing). */
const match: TimeMatch = { at: NaN, end: 0 };
function matched(at: number, end: number): TimeMatch {
  match.at = at;
  match.end = end;
  return match;
}

// Date.UTC of the hour the last line was in: most lines share their hour with the line before, and
// the rest of a time is plain arithmetic (as in Date.UTC itself).
let hourKey = -1;
let hourMs = NaN;
function utc(year: number, month: number, day: number, hour: number, minute: number, second: number, ms: number): number {
  const key = ((year * 100 + month) * 100 + day) * 100 + hour; // every part < 100 but the year: no two hours share a key
  if (key !== hourKey) {
    hourKey = key;
    hourMs = Date.UTC(year, month, day, hour);
  }
  return hourMs + minute * 60_000 + second * 1_000 + ms;
}

const MONTHS = new Map(['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'].map((name, i) => [monthKey(name, 0), i]));

/** The three letters at `from` as one number, so a month is found without cutting a substring. */
function monthKey(text: string, from: number): number {
  return text.charCodeAt(from) * 65_536 + text.charCodeAt(from + 1) * 256 + text.charCodeAt(from + 2);
}

/** The month (0-11) whose English abbreviation is at `from`, or -1. */
function monthAt(text: string, from: number): number {
  return MONTHS.get(monthKey(text, from)) ?? -1;
}

/** `2026-11-23T14:03:10.123Z`, `2026-11-23 14:03:10,123+01:00`, and nginx error logs' `2026/11/23 14:03:10`. */
export function readIsoTime(text: string, from = 0): TimeMatch | null {
  const sep = text.charCodeAt(from + 4);
  if ((sep !== 45 && sep !== 47) || text.charCodeAt(from + 7) !== sep) return null; // '-' or '/'
  const t = text.charCodeAt(from + 10);
  if (t !== 84 && t !== 32) return null; // 'T' or ' '
  if (text.charCodeAt(from + 13) !== 58 || text.charCodeAt(from + 16) !== 58) return null; // ':'
  const year = digits(text, from, 4);
  const month = digits(text, from + 5, 2);
  const day = digits(text, from + 8, 2);
  const hour = digits(text, from + 11, 2);
  const minute = digits(text, from + 14, 2);
  const second = digits(text, from + 17, 2);
  if (year < 0 || month < 1 || month > 12 || day < 1 || day > 31 || hour < 0 || hour > 23 || minute < 0 || minute > 59 || second < 0 || second > 60) {
    return null;
  }
  let end = from + 19;
  let ms = 0;
  const dot = text.charCodeAt(end);
  if (dot === 46 || dot === 44) {
    // '.' or ',' then 1..9 digits; only milliseconds matter here.
    let scale = 100;
    end++;
    while (isDigit(text.charCodeAt(end))) {
      ms += (text.charCodeAt(end) - 48) * scale;
      scale /= 10;
      end++;
    }
    ms = Math.floor(ms);
  }
  const zoneEnd = readZone(text, end);
  return matched(utc(year, month - 1, day, hour, minute, second, ms) - zoneOffsetMs, zoneEnd);
}

/** nginx/Apache `23/Nov/2026:14:03:10 +0000` (the part inside the brackets). */
export function readCommonLogTime(text: string, from: number): TimeMatch | null {
  if (text.charCodeAt(from + 2) !== 47 || text.charCodeAt(from + 6) !== 47 || text.charCodeAt(from + 11) !== 58) return null;
  const day = digits(text, from, 2);
  const month = monthAt(text, from + 3);
  const year = digits(text, from + 7, 4);
  const hour = digits(text, from + 12, 2);
  const minute = digits(text, from + 15, 2);
  const second = digits(text, from + 18, 2);
  if (day < 1 || month < 0 || year < 0 || hour < 0 || minute < 0 || second < 0) return null;
  let zoneEnd = from + 20;
  zoneOffsetMs = 0;
  if (text.charCodeAt(from + 20) === 32) zoneEnd = readZone(text, from + 21);
  return matched(utc(year, month, day, hour, minute, second, 0) - zoneOffsetMs, zoneEnd);
}

/**
 * Classic syslog `Nov 23 14:03:10` (day may be space-padded). It has no year: take the one that
 * puts the line nearest before `now`, so December's lines read in January land in the old year.
 */
export function readSyslogTime(text: string, from: number, now: number): TimeMatch | null {
  const month = monthAt(text, from);
  if (month < 0 || text.charCodeAt(from + 3) !== 32) return null;
  const dayTens = text.charCodeAt(from + 4);
  const day = dayTens === 32 ? digits(text, from + 5, 1) : digits(text, from + 4, 2);
  if (day < 1 || text.charCodeAt(from + 6) !== 32 || text.charCodeAt(from + 9) !== 58 || text.charCodeAt(from + 12) !== 58) return null;
  const hour = digits(text, from + 7, 2);
  const minute = digits(text, from + 10, 2);
  const second = digits(text, from + 13, 2);
  if (hour < 0 || minute < 0 || second < 0) return null;
  const year = yearOf(now);
  let at = utc(year, month, day, hour, minute, second, 0);
  if (at > now + 86_400_000) at = utc(year - 1, month, day, hour, minute, second, 0);
  return matched(at, from + 15);
}

let yearNow = NaN;
let yearOfNow = 0;
/** The UTC year at `now`; the pipeline passes the same `now` for a whole chunk of lines. */
function yearOf(now: number): number {
  if (now !== yearNow) {
    yearNow = now;
    yearOfNow = new Date(now).getUTCFullYear();
  }
  return yearOfNow;
}

/** The offset the last readZone found, in ms east of UTC. */
let zoneOffsetMs = 0;

/** `Z`, `+01:00`, `-0500`, or nothing (UTC): sets zoneOffsetMs, returns the index after it. */
function readZone(text: string, from: number): number {
  zoneOffsetMs = 0;
  const c = text.charCodeAt(from);
  if (c === 90) return from + 1; // 'Z'
  if (c !== 43 && c !== 45) return from; // '+' '-'
  const hours = digits(text, from + 1, 2);
  const colon = text.charCodeAt(from + 3) === 58 ? 1 : 0;
  const minutes = digits(text, from + 3 + colon, 2);
  if (hours < 0 || minutes < 0) return from;
  zoneOffsetMs = (c === 43 ? 1 : -1) * (hours * 60 + minutes) * 60_000;
  return from + 5 + colon;
}

/** The number written by `count` ASCII digits at `from`, or -1. */
function digits(text: string, from: number, count: number): number {
  let value = 0;
  for (let i = from; i < from + count; i++) {
    const c = text.charCodeAt(i);
    if (!isDigit(c)) return -1;
    value = value * 10 + (c - 48);
  }
  return value;
}

function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}
