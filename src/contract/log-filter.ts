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
 * What a log filter means, defined once: the core filters its ring buffers with it and the
 * viewer filters and highlights live lines with it, so both always agree on what matches.
 */
export function compileLogFilter(filter: LogFilter | null): CompiledLogFilter {
  const levels = new Set(filter?.levels ?? []);
  const levelOk = (level: LogLevel | null) => levels.size === 0 || (level !== null && levels.has(level));
  if (!filter || filter.text === '') {
    return { ok: true, active: levels.size > 0, matches: (_text, level) => levelOk(level), ranges: () => [] };
  }
  const flags = filter.caseSensitive ? 'g' : 'gi';
  let pattern: RegExp;
  try {
    pattern = new RegExp(filter.mode === 'regex' ? filter.text : escapeRegExp(filter.text), flags);
  } catch (error) {
    return { ok: false, error: `Not a valid regular expression: ${(error as Error).message.replace(/^Invalid regular expression: /, '')}` };
  }
  const test = new RegExp(pattern.source, filter.caseSensitive ? '' : 'i');
  return {
    ok: true,
    active: true,
    matches: (text, level) => levelOk(level) && test.test(text),
    ranges: (text) => {
      const found: [number, number][] = [];
      pattern.lastIndex = 0;
      for (let m = pattern.exec(text); m !== null; m = pattern.exec(text)) {
        // An empty match (`a*`) highlights nothing and must not loop forever.
        if (m[0].length === 0) pattern.lastIndex++;
        else found.push([m.index, m.index + m[0].length]);
      }
      return found;
    },
  };
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
