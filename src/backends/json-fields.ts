/**
 * Reading the JSON of an in-house service (a deploy log, a flag service) through the field
 * paths its definition names: one meaning of a path, a time and a text for every such adapter.
 */

/** The value at a dotted path (`deploy.author.name`); list items by index (`items.0`); empty is the value itself. */
export function valueAt(value: unknown, path: string): unknown {
  if (path === '') return value;
  return path.split('.').reduce<unknown>((node, key) => (typeof node === 'object' && node !== null ? (node as Record<string, unknown>)[key] : undefined), value);
}

/**
 * A deploy time as deploy logs write it: an ISO-8601 string, or epoch seconds or milliseconds
 * (as a number or digits). Below 1e11 it is seconds: 1e11 ms is 1973, 1e11 s the year 5138.
 */
export function parseWhen(value: unknown): number | null {
  const numeric = typeof value === 'number' ? value : typeof value === 'string' && /^\d+(\.\d+)?$/.test(value.trim()) ? Number(value) : null;
  if (numeric !== null) return Number.isFinite(numeric) && numeric > 0 ? Math.round(numeric < 1e11 ? numeric * 1000 : numeric) : null;
  if (typeof value !== 'string') return null;
  const parsed = Date.parse(value);
  return Number.isFinite(parsed) ? parsed : null;
}

/** A string, number or boolean as trimmed text; null for anything else or an empty string. */
export function text(value: unknown): string | null {
  if (typeof value === 'string') return value.trim() || null;
  return typeof value === 'number' || typeof value === 'boolean' ? String(value) : null;
}
