import { compileLogPattern } from './log-pattern';
import type { LogPattern } from './log-pattern';
import type { LogFilter, LogLevel } from './wire-types';

/** A filter ready to run on every line, or the reason it cannot be (shown inline, under the box). */
export type CompiledLogFilter =
  | {
      ok: true;
      /** False for no filter at all, so a caller can skip the work. */
      active: boolean;
      matches(text: string, level: LogLevel | null): boolean;
      /** Where the filter's text occurs in a line, for highlighting: [start, end) pairs, in order. */
      ranges(text: string): [number, number][];
    }
  | { ok: false; error: string };

/**
 * How a runtime tests lines against a checked pattern. Every engine must give the pattern's own
 * answer (`pattern.test`, RE2: linear in the line); the core passes a faster one of the same meaning.
 */
export type PatternEngine = (pattern: LogPattern) => (text: string) => boolean;

const boundedEngine: PatternEngine = (pattern) => pattern.test;

/**
 * What a log filter means, defined once: the core filters its ring buffers with it and the
 * viewer filters and highlights live lines with it, so both always agree on what matches. No
 * pattern can stall either: see compileLogPattern.
 */
export function compileLogFilter(filter: LogFilter | null, engine: PatternEngine = boundedEngine): CompiledLogFilter {
  const levels = new Set(filter?.levels ?? []);
  const levelOk = (level: LogLevel | null) => levels.size === 0 || (level !== null && levels.has(level));
  if (!filter || filter.text === '') {
    return { ok: true, active: levels.size > 0, matches: (_text, level) => levelOk(level), ranges: () => [] };
  }
  const compiled = compileLogPattern(filter.text, filter.mode, filter.caseSensitive);
  if (!compiled.ok) return compiled;
  const { pattern } = compiled;
  const test = engine(pattern);
  return { ok: true, active: true, matches: (text, level) => levelOk(level) && test(text), ranges: (text) => pattern.ranges(text) };
}
