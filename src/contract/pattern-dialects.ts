import type { RE2JS } from 're2js';

import type { CharSet } from './char-set';

// How a character or a set of them is written for each engine, and how RE2 is handed a line:
// the two spellings of one meaning (log-pattern.ts decides the meaning).

const PLAIN = /^[A-Za-z0-9_ ]$/;

export function jsUnit(unit: number): string {
  const char = String.fromCharCode(unit);
  if (PLAIN.test(char)) return char;
  return unit < 0x100 ? `\\x${hex(unit, 2)}` : `\\u${hex(unit, 4)}`;
}

export function jsClass(set: CharSet): string {
  // An empty class matches nothing in JavaScript, as it should.
  return `[${set.map(([lo, hi]) => (lo === hi ? jsUnit(lo) : `${jsUnit(lo)}-${jsUnit(hi)}`)).join('')}]`;
}

/**
 * RE2 reads a string as code points, JavaScript as UTF-16 units: for an emoji, `.` is one
 * character to RE2 and two to V8. So lines holding surrogates reach RE2 with each surrogate
 * moved to a private code point of its own (plane 16, never in text as such), and the pattern's
 * surrogates are moved the same way: both engines then see the same units.
 */
const SURROGATE_LO = 0xd800;
const SURROGATE_HI = 0xdfff;
const MOVED_SURROGATES = 0x100000;

function moved(unit: number): number {
  return unit >= SURROGATE_LO && unit <= SURROGATE_HI ? MOVED_SURROGATES + unit - SURROGATE_LO : unit;
}

export function re2Unit(unit: number): string {
  const char = String.fromCharCode(unit);
  return PLAIN.test(char) && char !== ' ' ? char : `\\x{${moved(unit).toString(16)}}`;
}

export function re2Class(set: CharSet): string {
  if (set.length === 0) return '[^\\x{0}-\\x{10ffff}]';
  const items: string[] = [];
  for (const [lo, hi] of set) {
    // A range across the surrogates becomes the part below, the moved part, and the part above.
    const pieces: [number, number][] = [];
    if (lo < SURROGATE_LO) pieces.push([lo, Math.min(hi, SURROGATE_LO - 1)]);
    if (hi >= SURROGATE_LO && lo <= SURROGATE_HI) pieces.push([moved(Math.max(lo, SURROGATE_LO)), moved(Math.min(hi, SURROGATE_HI))]);
    if (hi > SURROGATE_HI) pieces.push([Math.max(lo, SURROGATE_HI + 1), hi]);
    for (const [a, b] of pieces) items.push(a === b ? `\\x{${a.toString(16)}}` : `\\x{${a.toString(16)}}-\\x{${b.toString(16)}}`);
  }
  return `[${items.join('')}]`;
}

function hex(n: number, width: number): string {
  return n.toString(16).padStart(width, '0');
}

const SURROGATE = /[\ud800-\udfff]/;

export function re2Test(program: RE2JS, line: string): boolean {
  return SURROGATE.test(line) ? program.test(new MovedText(line).bytes) : program.test(line);
}

export function re2Ranges(program: RE2JS, line: string): [number, number][] {
  const text = SURROGATE.test(line) ? new MovedText(line) : null;
  const matcher = program.matcher(text ? text.bytes : line);
  const found: [number, number][] = [];
  while (matcher.find()) {
    const [start, end] = text ? [text.unitAt(matcher.start()), text.unitAt(matcher.end())] : [matcher.start(), matcher.end()];
    // An empty match (`a*`) highlights nothing.
    if (end > start) found.push([start, end]);
  }
  return found;
}

/** A line as UTF-8 with its surrogates moved (see MOVED_SURROGATES), and the way back from byte offsets to UTF-16 units. */
class MovedText {
  readonly bytes: Uint8Array;
  private readonly units: Int32Array;

  constructor(line: string) {
    const bytes: number[] = [];
    const units: number[] = [];
    for (let i = 0; i < line.length; i++) {
      const cp = moved(line.charCodeAt(i));
      const before = bytes.length;
      if (cp < 0x80) bytes.push(cp);
      else if (cp < 0x800) bytes.push(0xc0 | (cp >> 6), 0x80 | (cp & 0x3f));
      else if (cp < 0x10000) bytes.push(0xe0 | (cp >> 12), 0x80 | ((cp >> 6) & 0x3f), 0x80 | (cp & 0x3f));
      else bytes.push(0xf0 | (cp >> 18), 0x80 | ((cp >> 12) & 0x3f), 0x80 | ((cp >> 6) & 0x3f), 0x80 | (cp & 0x3f));
      for (let b = before; b < bytes.length; b++) units.push(i);
    }
    units.push(line.length);
    this.bytes = Uint8Array.from(bytes);
    this.units = Int32Array.from(units);
  }

  unitAt(byteOffset: number): number {
    return this.units[byteOffset]!;
  }
}
