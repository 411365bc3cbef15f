import { GraphiteInputError } from './graphite-errors';

/** One node of the metric tree, as graphite-web's finders report it. */
export interface MetricNode {
  /** The last path element: `requests` of `web.web-1.requests`. */
  name: string;
  path: string;
  isLeaf: boolean;
}

/**
 * Whether a metric path matches a Graphite pattern. As graphite-web's whisper finder does, the
 * pattern is matched node by node (a `*` never crosses a dot), `{a,b}` alternatives are expanded
 * first, and each node is then an fnmatch glob (`*`, `?`, `[0-9]`, `[!x]`).
 */
export function pathMatcher(pattern: string): (path: string) => boolean {
  const nodes = pattern.split('.').map(nodeMatcher);
  return (path) => {
    const parts = path.split('.');
    return parts.length === nodes.length && nodes.every((matches, i) => matches(parts[i]!));
  };
}

/** What `/metrics/find?query=` lists: the distinct nodes at the query's depth, sorted by name. */
export function findNodes(leafPaths: string[], query: string): MetricNode[] {
  const nodes = query.split('.').map(nodeMatcher);
  const found = new Map<string, MetricNode>();
  for (const leaf of leafPaths) {
    const parts = leaf.split('.');
    if (parts.length < nodes.length || !nodes.every((matches, i) => matches(parts[i]!))) continue;
    const path = parts.slice(0, nodes.length).join('.');
    if (!found.has(path)) found.set(path, { name: parts[nodes.length - 1]!, path, isLeaf: parts.length === nodes.length });
  }
  return [...found.values()].sort((a, b) => compare(a.name, b.name) || compare(a.path, b.path));
}

/** More alternatives than this in one query is refused: `{a,b}` eighteen times over would be 262,144 names to try. */
export const MAX_BRACE_VARIANTS = 1_024;

function nodeMatcher(node: string): (part: string) => boolean {
  const variants = expandBraces(node).map(parseGlob);
  return (part) => variants.some((glob) => globMatches(glob, part));
}

/**
 * `a{b,c}d{e,f}` → abde, abdf, acde, acdf (graphite-web's expand_braces, innermost first), or a
 * GraphiteInputError once there would be more than MAX_BRACE_VARIANTS: counted before any is made.
 */
function expandBraces(text: string): string[] {
  let count = 1;
  for (const group of text.matchAll(/\{([^{}]*)\}/g)) {
    count *= new Set(group[1]!.split(',')).size;
    if (count > MAX_BRACE_VARIANTS) {
      throw new GraphiteInputError(`the {…} alternatives in ${JSON.stringify(text)} make more than ${MAX_BRACE_VARIANTS.toLocaleString('en')} names`);
    }
  }
  return expandFirst(text);
}

function expandFirst(text: string): string[] {
  const match = /\{([^{}]*)\}/.exec(text);
  if (!match) return [text];
  const before = text.slice(0, match.index);
  const after = text.slice(match.index + match[0].length);
  return [...new Set(match[1]!.split(',').flatMap((option) => expandFirst(before + option + after)))];
}

/** One element of an fnmatch glob: any run (`*`), any one character (`?`), a set (`[0-9]`, `[!x]`), or a literal. */
type GlobToken = { kind: 'star' } | { kind: 'one'; test: (c: string) => boolean };

/** Python's fnmatch rules for one path element; runs of `*` are one `*`, as they match the same. */
function parseGlob(glob: string): GlobToken[] {
  const tokens: GlobToken[] = [];
  for (let i = 0; i < glob.length; i++) {
    const c = glob[i]!;
    if (c === '*') {
      if (tokens.at(-1)?.kind !== 'star') tokens.push({ kind: 'star' });
    } else if (c === '?') tokens.push({ kind: 'one', test: () => true });
    else if (c === '[') {
      let j = i + 1;
      if (glob[j] === '!') j++;
      if (glob[j] === ']') j++;
      while (j < glob.length && glob[j] !== ']') j++;
      if (j >= glob.length) {
        tokens.push({ kind: 'one', test: (x) => x === '[' });
        continue;
      }
      tokens.push({ kind: 'one', test: setTest(glob.slice(i + 1, j)) });
      i = j;
    } else tokens.push({ kind: 'one', test: (x) => x === c });
  }
  return tokens;
}

/** A `[…]` body as fnmatch reads it: a leading `!` negates, `a-z` is a range, anything else itself. */
function setTest(body: string): (c: string) => boolean {
  const negate = body.startsWith('!');
  const items = negate ? body.slice(1) : body;
  const ranges: [string, string][] = [];
  for (let i = 0; i < items.length; i++) {
    if (items[i + 1] === '-' && i + 2 < items.length) {
      ranges.push([items[i]!, items[i + 2]!]);
      i += 2;
    } else ranges.push([items[i]!, items[i]!]);
  }
  return (c) => ranges.some(([lo, hi]) => c >= lo && c <= hi) !== negate;
}

/**
 * Whether the whole of `text` matches: the classic wildcard walk that, on a mismatch, only ever
 * goes back to the last `*` (a later star supersedes an earlier one), so it takes at most
 * glob × text steps. The regex fnmatch builds (`.*.*.*…x`) backtracks exponentially instead.
 */
function globMatches(glob: GlobToken[], text: string): boolean {
  let g = 0;
  let t = 0;
  let starAt = -1;
  let resumeAt = 0;
  while (t < text.length) {
    const token = glob[g];
    if (token?.kind === 'star') {
      starAt = g++;
      resumeAt = t;
    } else if (token && token.test(text[t]!)) {
      g++;
      t++;
    } else if (starAt >= 0) {
      g = starAt + 1;
      t = ++resumeAt;
    } else return false;
  }
  while (glob[g]?.kind === 'star') g++;
  return g === glob.length;
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
