import type { LogLevel } from '../contract/wire-types';

// A line's level from its words (`ERROR`, `[warn]`, `level=info`, a coloured `INFO`) or from a
// syslog severity, by character codes: no regex and no substring per line (notes: logs-performance.md).

/** Levels as the ring stores them: 0 is none, then by severity. */
export const LEVEL_CODES: readonly (LogLevel | null)[] = [null, 'error', 'warn', 'info', 'debug'];
export const ERROR = 1;
export const WARN = 2;
export const INFO = 3;
export const DEBUG = 4;

/** How many words after the timestamp may hold the level: `[main] ERROR` and `host app[1]: WARN` both fit. */
const LEVEL_WORD_REACH = 4;

export function severityLevel(severity: number): number {
  return severity <= 3 ? ERROR : severity === 4 ? WARN : severity <= 6 ? INFO : DEBUG;
}

/** The first level word (`ERROR`, `[warn]`, `level=info`, coloured `INFO`) among the few words from `from`. */
export function levelWord(text: string, from: number, end: number): number {
  let i = from;
  for (let n = 0; n < LEVEL_WORD_REACH; n++) {
    let c = text.charCodeAt(i);
    while (i < end && (c === 32 || c === 9)) c = text.charCodeAt(++i);
    if (i >= end) return 0;
    const word = i;
    while (i < end && c !== 32 && c !== 9) c = text.charCodeAt(++i);
    // Most words cannot be a level from their first character on (`web-1`, `sshd[812]:`, `GET`).
    if (!mayStartLevel(text.charCodeAt(word))) continue;
    const level = tokenLevel(text, word, i);
    if (level) return level;
  }
  return 0;
}

/** Characters a level word may start with: a level's first letter in either case, `l` of `level=`, ESC of a colour, or what wraps it. */
const LEVEL_STARTS = new Uint8Array(128);
for (const letter of 'efcapwindtl') LEVEL_STARTS[letter.charCodeAt(0)] = LEVEL_STARTS[letter.toUpperCase().charCodeAt(0)] = 1;
LEVEL_STARTS[27] = 1;
for (let c = 0; c < 128; c++) if (isWrapping(c)) LEVEL_STARTS[c] = 1;

function mayStartLevel(c: number): boolean {
  return c < 128 && LEVEL_STARTS[c] === 1;
}

/** The level a word names: its letters, after any `level=`, brackets and colour codes, and nothing but wrapping after them. */
export function tokenLevel(text: string, start: number, end: number): number {
  if (text.startsWith('level=', start)) start += 6;
  for (;;) {
    const c = text.charCodeAt(start);
    if (c === 27) start = afterAnsi(text, start, end); // ESC: a colour code
    else if (start < end && isWrapping(c)) start++;
    else break;
  }
  let stop = start;
  while (stop < end && isLetter(text.charCodeAt(stop))) stop++;
  const next = text.charCodeAt(stop);
  if (stop < end && next !== 27 && !isWrapping(next)) return 0;
  return namedLevel(text, start, stop - start);
}

function namedLevel(text: string, at: number, length: number): number {
  if (length < 3 || length > 8) return 0;
  switch (text.charCodeAt(at) | 0x20) {
    case 101: // e
      return word(text, at, length, 'ERROR') || word(text, at, length, 'ERR') || word(text, at, length, 'EMERG') ? ERROR : 0;
    case 102: // f
      return word(text, at, length, 'FATAL') ? ERROR : 0;
    case 99: // c
      return word(text, at, length, 'CRIT') || word(text, at, length, 'CRITICAL') ? ERROR : 0;
    case 97: // a
      return word(text, at, length, 'ALERT') ? ERROR : 0;
    case 112: // p
      return word(text, at, length, 'PANIC') ? ERROR : 0;
    case 119: // w
      return word(text, at, length, 'WARN') || word(text, at, length, 'WARNING') ? WARN : 0;
    case 105: // i
      return word(text, at, length, 'INFO') ? INFO : 0;
    case 110: // n
      return word(text, at, length, 'NOTICE') ? INFO : 0;
    case 100: // d
      return word(text, at, length, 'DEBUG') ? DEBUG : 0;
    case 116: // t
      return word(text, at, length, 'TRACE') ? DEBUG : 0;
    default:
      return 0;
  }
}

/** `text[at, at+length)` is `upper` in any case. */
function word(text: string, at: number, length: number, upper: string): boolean {
  if (length !== upper.length) return false;
  for (let k = 0; k < length; k++) if ((text.charCodeAt(at + k) & 0xdf) !== upper.charCodeAt(k)) return false;
  return true;
}

/** Just past an ANSI escape (`ESC [ … m`) that starts at `at`. */
function afterAnsi(text: string, at: number, end: number): number {
  let i = at + 1;
  if (text.charCodeAt(i) !== 91) return i; // not a CSI: skip the ESC alone
  i++;
  while (i < end && !(text.charCodeAt(i) >= 64 && text.charCodeAt(i) <= 126)) i++;
  return i + 1;
}

function isLetter(c: number): boolean {
  return (c >= 65 && c <= 90) || (c >= 97 && c <= 122);
}

/** `[ ] ( ) < > : , "`: what wraps or ends a level word. */
function isWrapping(c: number): boolean {
  return c === 91 || c === 93 || c === 40 || c === 41 || c === 60 || c === 62 || c === 58 || c === 44 || c === 34;
}
