import { RegExpParser, RegExpSyntaxError } from '@eslint-community/regexpp';
import type { AST } from '@eslint-community/regexpp';
import { RE2JS } from 're2js';

import { complement, DIGIT, DOT, foldCase, SPACE, union, WORD } from './char-set';
import type { CharSet } from './char-set';
import { jsClass, jsUnit, re2Class, re2Ranges, re2Test, re2Unit } from './pattern-dialects';

/** What the filter box says it takes; the docs and the errors use the same words. */
export const PATTERN_SYNTAX = 'JavaScript syntax, without lookaround or back-references';

/** RE2's limit on a repeat count; a larger one would be refused by one engine and not the other. */
const MAX_REPEAT = 1_000;

/**
 * A user's pattern, checked and spelled out for two engines that then match exactly the same
 * lines: `source` for V8 (no flags) and a compiled RE2 program (`test`, `ranges`), which runs in
 * time proportional to the line whatever the pattern. Case-insensitivity is written into both as
 * the same classes ([kK], by the `i` flag's rules) rather than left to each engine's own flag:
 * RE2 folds case by other rules (k, K and the Kelvin sign), and V8 runs the classes as fast.
 */
export interface LogPattern {
  source: string;
  /** What a backtracking engine (V8) could spend on this pattern; see Backtracking. */
  backtracking: Backtracking;
  test: (text: string) => boolean;
  /** Where the pattern matches, as [start, end) pairs in UTF-16 units, empty matches left out. */
  ranges: (text: string) => [number, number][];
}

/**
 * The worst a backtracking engine can do with a pattern, from its shape: `stars` unbounded repeats
 * (each lets one start position try every length of the line; Infinity when one is nested in
 * another or repeats a choice, the shapes that blow up exponentially) and `paths`, the ways the
 * rest can match at one position. A line of n units then costs at most about paths · n^(stars+1).
 */
export interface Backtracking {
  stars: number;
  paths: number;
}

export type CompiledPattern = { ok: true; pattern: LogPattern } | { ok: false; error: string };

/** Refused syntax: said under the filter box, naming the construct. */
class UnsupportedSyntax extends Error {}

/**
 * The pattern of a log filter: a substring (every character literal) or a regular expression in
 * JavaScript syntax, minus what cannot run in linear time (lookaround, back-references).
 */
export function compileLogPattern(text: string, mode: 'substring' | 'regex', caseSensitive: boolean): CompiledPattern {
  const key = `${mode} ${caseSensitive} ${text}`;
  const known = recent.get(key);
  if (known) return known;
  const compiled = compile(text, mode, caseSensitive);
  recent.set(key, compiled);
  if (recent.size > RECENT_PATTERNS) recent.delete(recent.keys().next().value!);
  return compiled;
}

/**
 * The last patterns compiled, by text: a long case-insensitive one takes RE2 tens of ms to
 * compile, and the same filter comes back (the box checks what is typed and applies it, the
 * core answers the query and the volume strip with it).
 */
const recent = new Map<string, CompiledPattern>();
const RECENT_PATTERNS = 32;

function compile(text: string, mode: 'substring' | 'regex', caseSensitive: boolean): CompiledPattern {
  let spelled: Spelled;
  try {
    const print = new Printer(!caseSensitive);
    spelled = mode === 'regex' ? print.pattern(parse(text)) : print.literal(text);
  } catch (error) {
    if (error instanceof RegExpSyntaxError) return { ok: false, error: `Not a valid regular expression: ${error.message.replace(/^Invalid regular expression: /, '')}` };
    if (error instanceof UnsupportedSyntax) return { ok: false, error: error.message };
    throw error;
  }
  let program: RE2JS;
  try {
    program = RE2JS.compile(spelled.re2);
  } catch (error) {
    return { ok: false, error: `This pattern is too large to match safely (${(error as Error).message}); make it shorter.` };
  }
  const backtracking = { stars: spelled.stars, paths: spelled.paths };
  return { ok: true, pattern: { source: spelled.js, backtracking, test: (line) => re2Test(program, line), ranges: (line) => re2Ranges(program, line) } };
}

function parse(text: string): AST.Pattern {
  // ES2024: the syntax V8 in Node 20 and current browsers all take (no inline modifiers).
  return new RegExpParser({ ecmaVersion: 2024 }).parsePattern(text, 0, text.length, { unicode: false });
}

/** A piece of the pattern for each engine, and its Backtracking. */
type Spelled = { js: string; re2: string } & Backtracking;

/** Counting paths stops here: far past any budget. */
const MANY_PATHS = 1e9;

/** Writes the parsed pattern out for V8 and for RE2, with every construct's JavaScript meaning made explicit. */
class Printer {
  constructor(private readonly foldCase: boolean) {}

  pattern(node: AST.Pattern): Spelled {
    return this.alternatives(node.alternatives);
  }

  literal(text: string): Spelled {
    return sequence(Array.from({ length: text.length }, (_, i) => this.character(text.charCodeAt(i))));
  }

  private alternatives(alternatives: AST.Alternative[]): Spelled {
    return choice(alternatives.map((alternative) => sequence(alternative.elements.map((element) => this.element(element)))));
  }

  private element(node: AST.Element | AST.QuantifiableElement): Spelled {
    switch (node.type) {
      case 'Character':
        return this.character(node.value);
      case 'CharacterSet':
        return this.characterSet(node);
      case 'CharacterClass':
        return both(this.classSet(node));
      case 'Group':
      case 'CapturingGroup': {
        // Groups only group here: nothing reads captures, and a plain group costs less.
        const inner = this.alternatives(node.alternatives);
        return { ...inner, js: `(?:${inner.js})`, re2: `(?:${inner.re2})` };
      }
      case 'Quantifier':
        return this.quantifier(node);
      case 'Assertion':
        return this.assertion(node);
      case 'Backreference':
        throw new UnsupportedSyntax(`The back-reference ${node.raw} is not supported: ${WHY_LINEAR}`);
      case 'ExpressionCharacterClass':
        throw new UnsupportedSyntax(`Class set operations such as ${node.raw} are not supported.`);
    }
  }

  private character(unit: number): Spelled {
    const set = this.fold([[unit, unit]]);
    return set.length === 1 && set[0]![0] === set[0]![1] ? { js: jsUnit(unit), re2: re2Unit(unit), ...ONE_WAY } : both(set);
  }

  private characterSet(node: AST.CharacterSet): Spelled {
    if (node.kind === 'property') throw new UnsupportedSyntax(`Unicode property escapes such as ${node.raw} are not supported.`);
    // V8 gets its own escapes (the same sets, and its fastest code); RE2's \s and . mean less than JavaScript's.
    return { js: node.raw, re2: re2Class(escapeSet(node)), ...ONE_WAY };
  }

  private classSet(node: AST.CharacterClass): CharSet {
    const members = node.elements.flatMap((element): CharSet => {
      switch (element.type) {
        case 'Character':
          return [[element.value, element.value]];
        case 'CharacterClassRange':
          return [[element.min.value, element.max.value]];
        case 'CharacterSet':
          if (element.kind === 'property') throw new UnsupportedSyntax(`Unicode property escapes such as ${element.raw} are not supported.`);
          return escapeSet(element);
        // Class sets and strings only exist with the v flag, which a filter never has.
        case 'CharacterClass':
        case 'ClassStringDisjunction':
        case 'ExpressionCharacterClass':
          throw new UnsupportedSyntax(`${element.raw} is not supported in a character class.`);
      }
    });
    // Folded before negation, as the i flag does: [^k] refuses K as well.
    const set = this.fold(union(members));
    return node.negate ? complement(set) : set;
  }

  private quantifier(node: AST.Quantifier): Spelled {
    if (node.min > MAX_REPEAT || (node.max !== Infinity && node.max > MAX_REPEAT)) {
      throw new UnsupportedSyntax(`Repeat counts above ${MAX_REPEAT.toLocaleString('en')} (${node.raw.slice(node.element.raw.length)}) are not supported.`);
    }
    const { min, max } = node;
    const count = max === Infinity ? (min === 0 ? '*' : min === 1 ? '+' : `{${min},}`) : min === 0 && max === 1 ? '?' : min === max ? `{${min}}` : `{${min},${max}}`;
    const suffix = count + (node.greedy ? '' : '?');
    const inner = this.element(node.element);
    return { js: inner.js + suffix, re2: inner.re2 + suffix, ...repeated(inner, min, max) };
  }

  private assertion(node: AST.Assertion): Spelled {
    switch (node.kind) {
      case 'start':
        return { js: '^', re2: '^', ...ONE_WAY };
      case 'end':
        return { js: '$', re2: '$', ...ONE_WAY };
      case 'word':
        // Both engines' \b is the ASCII word boundary (JavaScript's, without the u and i flags).
        return node.negate ? { js: '\\B', re2: '\\B', ...ONE_WAY } : { js: '\\b', re2: '\\b', ...ONE_WAY };
      case 'lookahead':
      case 'lookbehind':
        throw new UnsupportedSyntax(`The ${node.kind} ${node.raw} is not supported: ${WHY_LINEAR}`);
    }
  }

  private fold(set: CharSet): CharSet {
    return this.foldCase ? foldCase(set) : set;
  }
}

const WHY_LINEAR = 'filters run in time proportional to the line, which lookaround and back-references cannot.';

function escapeSet(node: AST.AnyCharacterSet | AST.EscapeCharacterSet): CharSet {
  if (node.kind === 'any') return DOT;
  const set = node.kind === 'digit' ? DIGIT : node.kind === 'word' ? WORD : SPACE;
  return node.negate ? complement(set) : set;
}

const ONE_WAY: Backtracking = { stars: 0, paths: 1 };

/** One after the other: the stars add up, the ways multiply. */
function sequence(parts: Spelled[]): Spelled {
  return {
    js: parts.map((p) => p.js).join(''),
    re2: parts.map((p) => p.re2).join(''),
    stars: parts.reduce((sum, p) => sum + p.stars, 0),
    paths: parts.reduce((product, p) => Math.min(MANY_PATHS, product * p.paths), 1),
  };
}

/** One or another, tried in turn: the ways add up, the costliest star count stands. */
function choice(parts: Spelled[]): Spelled {
  return {
    js: parts.map((p) => p.js).join('|'),
    re2: parts.map((p) => p.re2).join('|'),
    stars: Math.max(...parts.map((p) => p.stars)),
    paths: Math.min(MANY_PATHS, parts.reduce((sum, p) => sum + p.paths, 0)),
  };
}

function repeated(inner: Backtracking, min: number, max: number): Backtracking {
  if (max === 0) return ONE_WAY;
  if (max === Infinity) {
    // (a+)+ and (a|a)* are the exponential shapes: a star over anything that can match more than one way.
    return inner.stars > 0 || inner.paths > 1 ? { stars: Infinity, paths: 1 } : { stars: 1, paths: 1 };
  }
  let paths = 0;
  for (let k = min; k <= max && paths < MANY_PATHS; k++) paths += inner.paths ** k;
  return { stars: inner.stars * max, paths: Math.min(MANY_PATHS, paths) };
}

function both(set: CharSet): Spelled {
  return { js: jsClass(set), re2: re2Class(set), ...ONE_WAY };
}
