import type { PatternEngine } from '../contract/log-filter';

// The core's engine for log patterns. V8's own regex engine matches ordinary patterns about ten
// times faster than the pattern's RE2 program, but it backtracks: on some patterns and lines its
// time has no bound at all. So V8 takes a line only where the pattern's shape (Backtracking)
// bounds the work on a line of that length; every other line goes to RE2, which is linear in the
// line whatever the pattern. Both give the same answer (compileLogPattern spells out one meaning).
//
// V8's own rescue, --enable-experimental-regexp-engine-on-excessive-backtracks, was measured
// and set aside: it finishes (.+)+\x01 but only after ~150 µs a line (15 s over 100k lines), and
// its linear engine took 30–110 ms on a 2,000-character line with .*a.*b.*c\x01.

/**
 * The most backtracking steps V8 may take on one line. At the limits it allows, the worst lines
 * measured took under 1 ms of CPU: (a{1,4}){4}b over 1,024 a's 0.9 ms, a.*b over 512 a's 0.1 ms.
 */
export const V8_STEPS_PER_LINE = 1 << 18;

/** The longest line (UTF-16 units) V8 may match this pattern on within V8_STEPS_PER_LINE; 0 for none. */
export function longestLineForV8({ stars, paths }: { stars: number; paths: number }): number {
  if (stars > 1) return 0;
  return Math.floor(stars === 0 ? V8_STEPS_PER_LINE / paths : Math.sqrt(V8_STEPS_PER_LINE / paths));
}

export const fastPatternEngine: PatternEngine = (pattern) => {
  const longest = longestLineForV8(pattern.backtracking);
  if (longest === 0) return pattern.test;
  const regexp = new RegExp(pattern.source);
  return (text) => (text.length <= longest ? regexp.test(text) : pattern.test(text));
};
