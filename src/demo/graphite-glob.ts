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

function nodeMatcher(node: string): (part: string) => boolean {
  const variants = expandBraces(node).map(globToRegExp);
  return (part) => variants.some((re) => re.test(part));
}

/** `a{b,c}d{e,f}` → abde, abdf, acde, acdf (graphite-web's expand_braces, innermost first). */
function expandBraces(text: string): string[] {
  const match = /\{([^{}]*)\}/.exec(text);
  if (!match) return [text];
  const before = text.slice(0, match.index);
  const after = text.slice(match.index + match[0].length);
  return [...new Set(match[1]!.split(',').flatMap((option) => expandBraces(before + option + after)))];
}

/** Python's fnmatch.translate, for one path element. */
function globToRegExp(glob: string): RegExp {
  let re = '';
  for (let i = 0; i < glob.length; i++) {
    const c = glob[i]!;
    if (c === '*') re += '.*';
    else if (c === '?') re += '.';
    else if (c === '[') {
      let j = i + 1;
      if (glob[j] === '!') j++;
      if (glob[j] === ']') j++;
      while (j < glob.length && glob[j] !== ']') j++;
      if (j >= glob.length) {
        re += '\\[';
        continue;
      }
      let body = glob.slice(i + 1, j).replace(/\\/g, '\\\\').replace(/]/g, '\\]');
      if (body.startsWith('!')) body = `^${body.slice(1)}`;
      else if (body.startsWith('^')) body = `\\${body}`;
      re += `[${body}]`;
      i = j;
    } else re += c.replace(/[.*+?^${}()|[\]\\/-]/g, '\\$&');
  }
  return new RegExp(`^(?:${re})$`, 's');
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
