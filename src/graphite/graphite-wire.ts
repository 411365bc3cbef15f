import type { Series } from '../contract/wire-types';
import { BackendUnavailableError } from '../errors';

// graphite-web's JSON, read defensively: it is another team's server, possibly another version,
// possibly a proxy's login page answering in its place.

export interface GraphiteNode {
  /** The full path: `web.web-1`. */
  id: string;
  /** The last element: `web-1`. */
  text: string;
  leaf: boolean;
}

export interface GraphiteEvent {
  id: string;
  what: string;
  /** Epoch milliseconds (Graphite sends whole seconds). */
  at: number;
  /** Free text; often JSON or `who=alice sha=abc`, by convention only. */
  data: string;
  tags: string[];
}

/** JSON text, with the bare NaN / Infinity that graphite-web lets through at the end of a list made null. */
export function parseGraphiteJson(text: string, describe: () => string): unknown {
  try {
    return JSON.parse(text.replace(/([[,]\s*)-?(?:NaN|Infinity)(?=\s*[,\]])/g, '$1null'));
  } catch {
    const start = text.replace(/<[^>]*>/g, ' ').replace(/\s+/g, ' ').trim().slice(0, 80);
    throw new BackendUnavailableError(`${describe()} answered with something other than Graphite's JSON${start ? ` ("${start}…")` : ''}. Is the URL graphite-web's own address?`);
  }
}

/**
 * Render JSON to wire series: seconds become milliseconds, nulls stay gaps. `name` is what
 * Graphite calls the series (the alias, if any) and `target` the series' identity (its
 * `tags.name`, kept unique), so two aliases of one metric never collide.
 */
export function toSeries(body: unknown, describe: () => string): Series[] {
  if (!Array.isArray(body)) throw notRender(describe);
  const seen = new Map<string, number>();
  return body.map((raw: unknown) => {
    if (!isRecord(raw) || !Array.isArray(raw.datapoints)) throw notRender(describe);
    const tags = isRecord(raw.tags) ? raw.tags : {};
    // `alias(x, unquoted)` makes graphite-web send a list as the target; fall back to the tag.
    const name = typeof raw.target === 'string' ? raw.target : typeof tags.name === 'string' ? tags.name : JSON.stringify(raw.target);
    const identity = typeof tags.name === 'string' ? tags.name : name;
    const count = (seen.get(identity) ?? 0) + 1;
    seen.set(identity, count);
    const timestamps: number[] = [];
    const values: (number | null)[] = [];
    for (const point of raw.datapoints as unknown[]) {
      if (!Array.isArray(point) || typeof point[1] !== 'number' || !Number.isFinite(point[1])) throw notRender(describe);
      const value: unknown = point[0];
      timestamps.push(Math.round(point[1] * 1000));
      values.push(typeof value === 'number' && Number.isFinite(value) ? value : null);
    }
    return { target: count === 1 ? identity : `${identity} #${count}`, name, timestamps, values };
  });
}

export function toNodes(body: unknown, describe: () => string): GraphiteNode[] {
  if (!Array.isArray(body)) throw new BackendUnavailableError(`${describe()} did not answer with a list of metrics.`);
  return body.filter(isRecord).flatMap((n) => (typeof n.id === 'string' ? [{ id: n.id, text: typeof n.text === 'string' ? n.text : n.id, leaf: n.leaf === 1 || n.leaf === true }] : []));
}

/** Events as get_data lists them; `when` is epoch seconds there (an ISO string on other endpoints and versions). */
export function toEvents(body: unknown, describe: () => string): GraphiteEvent[] {
  if (!Array.isArray(body)) throw new BackendUnavailableError(`${describe()} did not answer with a list of events.`);
  return body.filter(isRecord).flatMap((e) => {
    const at = typeof e.when === 'number' ? e.when * 1000 : typeof e.when === 'string' ? Date.parse(e.when) : NaN;
    if (!Number.isFinite(at) || at < 0) return [];
    const tags = Array.isArray(e.tags) ? e.tags.map(String) : typeof e.tags === 'string' ? e.tags.split(/\s+/).filter(Boolean) : [];
    const data = typeof e.data === 'string' ? e.data : e.data === undefined || e.data === null ? '' : JSON.stringify(e.data);
    return [{ id: String(e.id), what: typeof e.what === 'string' ? e.what : JSON.stringify(e.what ?? ''), at: Math.round(at), data, tags }];
  });
}

function notRender(describe: () => string): Error {
  return new BackendUnavailableError(`${describe()} answered /render with JSON that is not a list of series with datapoints.`);
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
