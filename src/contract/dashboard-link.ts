import { z } from './zod';

// A shareable place in the console: a dashboard and, optionally, its time range and zone. The
// same rules read the browser's `#/d/<id>?…` and the desktop's `ops-console://dashboards/<id>?…`,
// so a link means the same in both. Both arrive from outside (a chat message, the OS), so the
// parser refuses anything it does not fully understand rather than guessing.

export const MIN_RANGE_MINUTES = 5;
export const MAX_RANGE_MINUTES = 60 * 24 * 30;
const ID = /^[a-z0-9][a-z0-9_-]{0,63}$/;
/** Up to year ~2286 in epoch ms; no signs, exponents or fractions. */
const EPOCH_MS = /^\d{1,13}$/;
const RANGE = /^(\d{1,5})([mhd])$/;
const UNIT_MINUTES = { m: 1, h: 60, d: 24 * 60 } as const;
const MAX_LINK_LENGTH = 2048;
export const DEEP_LINK_PREFIX = 'ops-console://dashboards/';
const HASH_PREFIX = '#/d/';

export const DashboardLink = z
  .object({
    dashboardId: z.string().regex(ID),
    from: z.number().int().nonnegative().optional(),
    until: z.number().int().nonnegative().optional(),
    rangeMinutes: z.number().int().min(MIN_RANGE_MINUTES).max(MAX_RANGE_MINUTES).optional(),
    timeZone: z.enum(['utc', 'local']).optional(),
  })
  .strict();
export type DashboardLink = z.infer<typeof DashboardLink>;

/** `15m`, `1h`, `7d`: the largest unit that divides the range. */
export function formatRangeParam(minutes: number): string {
  if (minutes % UNIT_MINUTES.d === 0) return `${minutes / UNIT_MINUTES.d}d`;
  if (minutes % UNIT_MINUTES.h === 0) return `${minutes / UNIT_MINUTES.h}h`;
  return `${minutes}m`;
}

function parseRangeParam(text: string): number | null {
  const match = RANGE.exec(text);
  if (!match) return null;
  const minutes = Number(match[1]) * UNIT_MINUTES[match[2] as keyof typeof UNIT_MINUTES];
  return minutes >= MIN_RANGE_MINUTES && minutes <= MAX_RANGE_MINUTES ? minutes : null;
}

/** `from=…&to=…` (epoch ms) or `range=1h`, and `tz=utc|local`; each at most once, nothing else. */
function parseQuery(dashboardId: string, query: string): DashboardLink | null {
  if (!ID.test(dashboardId)) return null;
  const params = new Map<string, string>();
  for (const pair of query ? query.split('&') : []) {
    const [key, value, extra] = pair.split('=');
    if (key === undefined || value === undefined || extra !== undefined || params.has(key)) return null;
    params.set(key, value);
  }
  const link: DashboardLink = { dashboardId };
  for (const [key, value] of params) {
    if (key === 'from' || key === 'to') {
      if (!EPOCH_MS.test(value)) return null;
      link[key === 'from' ? 'from' : 'until'] = Number(value);
    } else if (key === 'range') {
      const minutes = parseRangeParam(value);
      if (minutes === null) return null;
      link.rangeMinutes = minutes;
    } else if (key === 'tz') {
      if (value !== 'utc' && value !== 'local') return null;
      link.timeZone = value;
    } else return null;
  }
  const absolute = link.from !== undefined || link.until !== undefined;
  if (absolute && (link.from === undefined || link.until === undefined || link.from >= link.until)) return null;
  if (absolute && link.rangeMinutes !== undefined) return null;
  return link;
}

function splitTarget(rest: string): DashboardLink | null {
  const at = rest.indexOf('?');
  const path = at < 0 ? rest : rest.slice(0, at);
  // Some launchers append a slash to a custom-scheme URL.
  const id = path.endsWith('/') ? path.slice(0, -1) : path;
  return parseQuery(id, at < 0 ? '' : rest.slice(at + 1));
}

/** `ops-console://dashboards/<id>?from=…&to=…`, as the OS hands it to the desktop app; null if anything is off. */
export function parseDeepLink(url: string): DashboardLink | null {
  if (url.length > MAX_LINK_LENGTH || !url.startsWith(DEEP_LINK_PREFIX)) return null;
  return splitTarget(url.slice(DEEP_LINK_PREFIX.length));
}

/** `#/d/<id>?…` from the browser's address bar; null for any other fragment. */
export function parseHashLink(hash: string): DashboardLink | null {
  if (hash.length > MAX_LINK_LENGTH || !hash.startsWith(HASH_PREFIX)) return null;
  return splitTarget(hash.slice(HASH_PREFIX.length));
}

function query(link: DashboardLink): string {
  const parts: string[] = [];
  if (link.from !== undefined && link.until !== undefined) parts.push(`from=${link.from}`, `to=${link.until}`);
  else if (link.rangeMinutes !== undefined) parts.push(`range=${formatRangeParam(link.rangeMinutes)}`);
  if (link.timeZone) parts.push(`tz=${link.timeZone}`);
  return parts.length ? `?${parts.join('&')}` : '';
}

export function formatHashLink(link: DashboardLink): string {
  return `${HASH_PREFIX}${link.dashboardId}${query(link)}`;
}

export function formatDeepLink(link: DashboardLink): string {
  return `${DEEP_LINK_PREFIX}${link.dashboardId}${query(link)}`;
}
