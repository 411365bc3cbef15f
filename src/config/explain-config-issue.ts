import type { Document, LineCounter } from 'yaml';
import { isMap, isPair, isScalar } from 'yaml';
import type { z } from 'zod';

const TOP_LEVEL_KEYS = ['graphite', 'deploys', 'flags', 'logs', 'dashboards'];

/** One zod issue as a person reads it: `line 7, graphite[0].url: expected an http:// or https:// URL, got "htp://x"`. */
export function explainIssue(issue: z.core.$ZodIssue, document: Document, lines: LineCounter, raw: unknown): string {
  const path = issue.path.map((p) => (typeof p === 'number' ? p : String(p)));
  if (issue.code === 'unrecognized_keys') {
    const key = issue.keys[0]!;
    const where = lineOf(document, lines, path, key);
    const expected = path.length === 0 ? ` (the sections are ${TOP_LEVEL_KEYS.join(', ')})` : '';
    return `${where}${fieldName([...path, key])}: unknown field${expected}`;
  }
  const where = lineOf(document, lines, path);
  return `${where}${fieldName(path) || 'the file'}: ${describeProblem(issue, valueAt(raw, path))}`;
}

/** What is wrong with `value`, as a person reads it: `expected one of "utc", "local", got "mars"`, `at most 100 items, got 150`. */
export function describeProblem(issue: z.core.$ZodIssue, value: unknown): string {
  if (issue.code === 'unrecognized_keys') return `unknown ${issue.keys.length === 1 ? 'field' : 'fields'} ${issue.keys.map((key) => JSON.stringify(key)).join(', ')}`;
  if (issue.code === 'too_big' && (typeof value === 'string' || Array.isArray(value))) {
    const unit = typeof value === 'string' ? 'characters' : 'items';
    return `at most ${Number(issue.maximum)} ${unit}, got ${value.length}`;
  }
  if (value === undefined) return `missing (${expectation(issue)})`;
  return `${expectation(issue)}, got ${JSON.stringify(value)?.slice(0, 80)}`;
}

function expectation(issue: z.core.$ZodIssue): string {
  if (issue.code === 'invalid_type') return `expected ${issue.expected}`;
  if (issue.code === 'invalid_value') return `expected one of ${issue.values.map((v) => JSON.stringify(v)).join(', ')}`;
  if (issue.code === 'invalid_union' && 'note' in issue && issue.note === 'No matching discriminator') {
    return `expected ${issue.discriminator ? `"${issue.discriminator}" to be one of the known types` : 'a known type'}`;
  }
  const message = issue.message.replace(/^Invalid input: /, '');
  return /^(expected|must|names|the id|one )/.test(message) ? message : `expected ${message}`;
}

/** `graphite[0].url`, as a person would point at it. */
function fieldName(path: (string | number)[]): string {
  return path.map((p, i) => (typeof p === 'number' ? `[${p}]` : i === 0 ? p : `.${p}`)).join('');
}

function valueAt(raw: unknown, path: (string | number)[]): unknown {
  let value = raw;
  for (const key of path) value = value && typeof value === 'object' ? (value as Record<string, unknown>)[key] : undefined;
  return value;
}

/** The line of the deepest node that exists along the path (a missing field points at its parent). */
function lineOf(document: Document, lines: LineCounter, path: (string | number)[], key?: string): string {
  for (let depth = path.length; depth >= 0; depth--) {
    const node: unknown = depth === 0 ? document.contents : document.getIn(path.slice(0, depth), true);
    if (key !== undefined && depth === path.length && isMap(node)) {
      const pair = node.items.find((item) => isPair(item) && isScalar(item.key) && item.key.value === key);
      const range = pair && isScalar(pair.key) ? pair.key.range : undefined;
      if (range) return `line ${lines.linePos(range[0]).line}, `;
    }
    const range = (node as { range?: [number, number, number] } | null)?.range;
    if (range) return `line ${lines.linePos(range[0]).line}, `;
  }
  return '';
}
