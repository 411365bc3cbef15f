import { describe, expect, it } from 'vitest';

import { compileLogFilter } from '../../../../src/contract/log-filter';
import { compileLogPattern } from '../../../../src/contract/log-pattern';
import type { LogPattern } from '../../../../src/contract/log-pattern';
import { fastPatternEngine, longestLineForV8 } from '../../../../src/logs/fast-pattern';

const compiled = (text: string, caseSensitive = false, mode: 'regex' | 'substring' = 'regex'): LogPattern => {
  const result = compileLogPattern(text, mode, caseSensitive);
  if (!result.ok) throw new Error(result.error);
  return result.pattern;
};
const refusal = (text: string) => {
  const result = compileLogPattern(text, 'regex', false);
  return result.ok ? null : result.error;
};

describe('what a pattern may say', () => {
  it('refuses lookaround and back-references, naming the construct and why', () => {
    expect(refusal('error(?= timeout)')).toBe('The lookahead (?= timeout) is not supported: filters run in time proportional to the line, which lookaround and back-references cannot.');
    expect(refusal('(?!GET)\\w+')).toMatch(/^The lookahead \(\?!GET\) is not supported/);
    expect(refusal('(?<=user=)\\d+')).toMatch(/^The lookbehind \(\?<=user=\) is not supported/);
    expect(refusal('(?<!x)y')).toMatch(/^The lookbehind \(\?<!x\) is not supported/);
    expect(refusal('(a)\\1')).toMatch(/^The back-reference \\1 is not supported/);
    expect(refusal('(?<w>a)\\k<w>')).toMatch(/^The back-reference \\k<w> is not supported/);
  });

  it('says what is wrong with an invalid pattern, and refuses repeat counts RE2 cannot take', () => {
    expect(refusal('tax(')).toBe('Not a valid regular expression: /tax(/: Unterminated group');
    expect(refusal('a{2,1}')).toMatch(/^Not a valid regular expression: .*out of order/);
    expect(refusal('(?i:tax)')).toMatch(/^Not a valid regular expression: .*Invalid group/);
    expect(refusal('x{1001}')).toBe('Repeat counts above 1,000 ({1001}) are not supported.');
    expect(refusal('x{1000}')).toBeNull();
  });

  it('takes a substring literally, whatever it holds', () => {
    const pattern = compiled('(.+)+[x]', true, 'substring');
    expect(pattern.test('a (.+)+[x] b')).toBe(true);
    expect(pattern.test('aaax')).toBe(false);
  });

  it('folds case without the i flag: letters, accented letters, classes and their negation', () => {
    expect(compiled('TAX timeout').test('tax TIMEOUT')).toBe(true);
    expect(compiled('café').test('CAFÉ')).toBe(true);
    expect(compiled('[a-c]x').test('BX')).toBe(true);
    expect(compiled('[^k]').test('K')).toBe(false);
    expect(compiled('TAX', true).test('tax')).toBe(false);
  });

  it('highlights in UTF-16 units, emoji included, and never an empty match', () => {
    expect(compiled('b.').ranges('a😀b😀c')).toEqual([[3, 5]]);
    expect(compiled('x*').ranges('axxbx')).toEqual([
      [1, 3],
      [4, 5],
    ]);
  });
});

describe('catastrophic patterns', () => {
  const line = `${'a'.repeat(5_000)} ${'x'.repeat(5_000)}`;
  // Each of these takes V8's backtracking engine longer than the age of the universe on `line`.
  // The line matches only the one that can end in an empty match.
  const patterns = ['(.+)+\\x01', '(x+x+)+y', '(a|a)*b', '(\\w+\\s?)*$', '^(a+)+$', '.*a.*b.*c.*d.*e.*\\x01', '(a{1,20}){1,20}b', '(.*){12}\\x01'];

  it.each(patterns)('%s is answered, by the bounded engine and by the core', (text) => {
    const expected = text === '(\\w+\\s?)*$';
    for (const caseSensitive of [true, false]) {
      const filter = { text, mode: 'regex' as const, caseSensitive, levels: [] };
      const viewer = compileLogFilter(filter);
      const core = compileLogFilter(filter, fastPatternEngine);
      if (!viewer.ok || !core.ok) throw new Error('refused');
      for (let i = 0; i < 100; i++) expect(core.matches(line, null)).toBe(expected);
      expect(viewer.matches(line, null)).toBe(expected);
      expect(viewer.ranges(line).length).toBe(expected ? 1 : 0);
    }
  });
});

/** A small deterministic generator (mulberry32), so a failure names a seed that reproduces it. */
function random(seed: number) {
  let state = seed;
  const next = () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
  const pick = <T,>(items: readonly T[]): T => items[Math.floor(next() * items.length)]!;
  return { next, pick };
}

// Characters where the two engines could part: cases, accents, a dotless i, JavaScript's wider
// \s (no-break space), line terminators for `.`, an emoji (two UTF-16 units) and lone halves.
const ALPHABET = ['a', 'A', 'b', 'B', 'k', 'K', 'é', 'É', 'ı', 'ß', '_', '1', ' ', '\u00a0', '\r', '\u2028', '😀', '\ud83d', '\ude00', '-', '.'];
const ATOMS = ['a', 'B', 'k', 'é', 'ı', '1', ' ', '.', '\\d', '\\D', '\\w', '\\W', '\\s', '\\S', '[a-c]', '[^a]', '[A-Z_]', '[^\\s]', '[é-ÿ]', '[\\ud800-\\udbff]', '\\ud83d\\ude00', '\\x2e', '\\u00e9', '\\-', '[]', '[^]'];

function randomPattern(r: ReturnType<typeof random>, depth = 0): string {
  const parts: string[] = [];
  const length = 1 + Math.floor(r.next() * 4);
  for (let i = 0; i < length; i++) {
    const roll = r.next();
    let atom = roll < 0.15 && depth < 2 ? `(${randomPattern(r, depth + 1)}${r.next() < 0.4 ? `|${randomPattern(r, depth + 1)}` : ''})` : r.pick(ATOMS);
    if (roll > 0.9) atom = r.pick(['^', '$', '\\b', '\\B']);
    else if (r.next() < 0.35) atom += r.pick(['*', '+', '?', '{2}', '{1,3}', '{0,}', '*?', '+?', '??', '{2,}?']);
    parts.push(atom);
  }
  return parts.join('');
}

function randomLine(r: ReturnType<typeof random>): string {
  return Array.from({ length: Math.floor(r.next() * 12) }, () => r.pick(ALPHABET)).join('');
}

/** What V8 itself finds with the user's pattern and flags: the meaning both engines must keep. */
function reference(text: string, caseSensitive: boolean) {
  const regexp = new RegExp(text, caseSensitive ? 'g' : 'gi');
  return {
    test: (line: string) => ((regexp.lastIndex = 0), regexp.test(line)),
    ranges: (line: string) => ((regexp.lastIndex = 0), [...line.matchAll(regexp)].filter((m) => m[0].length > 0).map((m) => [m.index, m.index + m[0].length])),
  };
}

describe('one meaning for the core and the viewer', () => {
  it('JavaScript, the core (V8 on the spelled-out source) and the viewer (RE2) find the same lines and the same ranges', () => {
    const r = random(20_261_123);
    const lines = Array.from({ length: 120 }, () => randomLine(r));
    const disagreements: string[] = [];
    let checked = 0;
    for (let n = 0; n < 500; n++) {
      const text = randomPattern(r);
      for (const caseSensitive of [true, false]) {
        const ours = compiled(text, caseSensitive);
        const onV8 = new RegExp(ours.source);
        const core = fastPatternEngine(ours);
        const js = reference(text, caseSensitive);
        for (const line of lines) {
          const expected = js.test(line);
          const answers = { viewer: ours.test(line), v8: onV8.test(line), core: core(line) };
          const ranges = JSON.stringify(ours.ranges(line));
          if (Object.values(answers).some((a) => a !== expected) || ranges !== JSON.stringify(js.ranges(line))) {
            disagreements.push(`/${text}/${caseSensitive ? '' : 'i'} on ${JSON.stringify(line)}: JavaScript ${expected} ${JSON.stringify(js.ranges(line))}, ours ${JSON.stringify(answers)} ${ranges}`);
          }
          checked++;
        }
      }
    }
    expect(disagreements.slice(0, 10)).toEqual([]);
    expect(checked).toBe(500 * 2 * 120);
  });

  it('runs a pattern on V8 in the core only where its shape bounds the work on the line; RE2 takes the rest', () => {
    const longest = (text: string) => longestLineForV8(compiled(text).backtracking);
    // No star: linear on V8 whatever the line (the ring keeps lines up to 64 KiB).
    expect(longest('timeout|failed|exhausted')).toBeGreaterThan(64 * 1024);
    expect(longest('trace_id=[0-9a-f]{32}')).toBeGreaterThan(64 * 1024);
    // One star: quadratic at worst, so V8 takes the lines it can finish within its budget.
    expect(longest('error.*timeout')).toBe(512);
    expect(longest('(GET|POST) /api/.*')).toBe(362);
    // Nested, repeated choices or several stars: RE2 only.
    for (const text of ['(.+)+\\x01', '(a|a)*b', '.*a.*b', '(\\w+\\s?)*$', '(x+x+)+y']) expect(longest(text), text).toBe(0);
    expect(compiled('trace=[0-9a-f]{32}').test(`trace=${'ab'.repeat(16)}`)).toBe(true);
  });
});
