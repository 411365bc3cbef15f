// Sets of UTF-16 code units as sorted, disjoint [lo, hi] ranges: what a character class, an
// escape like \s or one letter folded to both cases means, spelled out so that two regex
// engines are handed exactly the same characters.

export type CharSet = readonly (readonly [number, number])[];

const MAX_UNIT = 0xffff;

export const DIGIT: CharSet = [[0x30, 0x39]];
export const WORD: CharSet = [
  [0x30, 0x39],
  [0x41, 0x5a],
  [0x5f, 0x5f],
  [0x61, 0x7a],
];
/** JavaScript's \s: WhiteSpace and LineTerminator (ECMA-262), wider than RE2's [\t\n\f\r ]. */
export const SPACE: CharSet = union([
  [0x09, 0x0d],
  [0x20, 0x20],
  [0xa0, 0xa0],
  [0x1680, 0x1680],
  [0x2000, 0x200a],
  [0x2028, 0x2029],
  [0x202f, 0x202f],
  [0x205f, 0x205f],
  [0x3000, 0x3000],
  [0xfeff, 0xfeff],
]);
/** JavaScript's `.` without the s flag: anything but a line terminator. */
export const DOT: CharSet = complement([
  [0x0a, 0x0a],
  [0x0d, 0x0d],
  [0x2028, 0x2029],
]);

export function union(ranges: Iterable<readonly [number, number]>): CharSet {
  const sorted = [...ranges].sort((a, b) => a[0] - b[0]);
  const out: [number, number][] = [];
  for (const [lo, hi] of sorted) {
    const last = out.at(-1);
    if (last && lo <= last[1] + 1) last[1] = Math.max(last[1], hi);
    else out.push([lo, hi]);
  }
  return out;
}

export function complement(set: CharSet): CharSet {
  const out: [number, number][] = [];
  let next = 0;
  for (const [lo, hi] of set) {
    if (lo > next) out.push([next, lo - 1]);
    next = hi + 1;
  }
  if (next <= MAX_UNIT) out.push([next, MAX_UNIT]);
  return out;
}

export function contains(set: CharSet, unit: number): boolean {
  let low = 0;
  let high = set.length - 1;
  while (low <= high) {
    const mid = (low + high) >> 1;
    const [lo, hi] = set[mid]!;
    if (unit < lo) high = mid - 1;
    else if (unit > hi) low = mid + 1;
    else return true;
  }
  return false;
}

/** Code units that JavaScript's `i` flag (without `u`) treats as one letter, e.g. k and K: each unit with another case points at its group. */
let caseGroups: Map<number, number[]> | null = null;

/** ECMA-262 Canonicalize for a non-unicode, case-insensitive pattern: upper case, unless that leaves one unit or turns non-ASCII into ASCII. */
function canonicalize(unit: number, upper: string): number {
  if (upper.length !== 1) return unit;
  const canonical = upper.charCodeAt(0);
  return unit >= 128 && canonical < 128 ? unit : canonical;
}

const BLOCK = 256;

function groups(): Map<number, number[]> {
  if (caseGroups) return caseGroups;
  const byCanonical = new Map<number, number[]>();
  // Upper-cased a block at a time (one call per unit took ~120 ms); a block whose length
  // changes (ß → SS) is redone unit by unit. Surrogates have no case of their own.
  for (let first = 0; first <= MAX_UNIT; first += BLOCK) {
    if (first >= 0xd800 && first <= 0xdfff) continue;
    const units = Array.from({ length: BLOCK }, (_, i) => first + i);
    const block = String.fromCharCode(...units);
    const upper = block.toUpperCase();
    for (const unit of units) {
      const one = upper.length === BLOCK ? upper[unit - first]! : String.fromCharCode(unit).toUpperCase();
      const canonical = canonicalize(unit, one);
      if (canonical === unit) continue;
      const group = byCanonical.get(canonical) ?? [canonical];
      group.push(unit);
      byCanonical.set(canonical, group);
    }
  }
  caseGroups = new Map();
  for (const group of byCanonical.values()) for (const unit of group) caseGroups.set(unit, group);
  return caseGroups;
}

/** Classes up to this many units are folded unit by unit; larger ones group by group. */
const SMALL_SET = 4_096;

/** The set with every other case of its letters added: what the `i` flag would match, without the flag. */
export function foldCase(set: CharSet): CharSet {
  const byUnit = groups();
  const added: [number, number][] = [];
  const add = (group: number[] | undefined) => {
    for (const unit of group ?? []) added.push([unit, unit]);
  };
  if (set.reduce((size, [lo, hi]) => size + hi - lo + 1, 0) <= SMALL_SET) {
    for (const [lo, hi] of set) for (let unit = lo; unit <= hi; unit++) add(byUnit.get(unit));
  } else {
    for (const group of new Set(byUnit.values())) if (group.some((unit) => contains(set, unit))) add(group);
  }
  return added.length === 0 ? set : union([...set, ...added]);
}
