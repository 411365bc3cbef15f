import type { DemoFlagEvent, DemoFlagStore } from './demo-flags';
import { eventShape, unleashError } from './unleash-demo-shapes';
import type { DemoReply } from './unleash-demo-shapes';

/** Unleash's event search: limit defaults to 50 and is capped at 1000. */
const SEARCH_LIMIT_DEFAULT = 50;
const SEARCH_LIMIT_MAX = 1000;
/** The deprecated `/api/admin/events` returns the newest 100 only. */
const LEGACY_LIMIT = 100;

const FILTERS: Record<string, (event: DemoFlagEvent) => string | number> = {
  feature: (e) => e.featureName,
  environment: (e) => e.environment,
  project: (e) => e.project,
  type: (e) => e.type,
  createdBy: (e) => e.createdBy,
  id: (e) => e.id,
};

/** `GET /api/admin/search/events?feature=IS:<name>&environment=IS:<env>&limit=&offset=` → `{ events, total }`, newest first. */
export function searchEvents(store: DemoFlagStore, query: URLSearchParams): DemoReply {
  const tests: ((event: DemoFlagEvent) => boolean)[] = [];
  for (const [name, read] of Object.entries(FILTERS)) {
    const raw = query.get(name);
    if (raw === null) continue;
    const match = /^(IS|IS_ANY_OF):(.*)$/.exec(raw);
    if (!match) return unleashError(400, 'BadDataError', `Request validation failed: "${name}" must look like IS:value or IS_ANY_OF:a,b.`);
    const wanted = new Set(match[1] === 'IS' ? [match[2]!] : match[2]!.split(','));
    tests.push((event) => wanted.has(String(read(event))));
  }
  const matching = newestFirst(store.events()).filter((event) => tests.every((test) => test(event)));
  const limit = Math.min(SEARCH_LIMIT_MAX, Math.max(1, whole(query.get('limit')) ?? SEARCH_LIMIT_DEFAULT));
  const offset = Math.max(0, whole(query.get('offset')) ?? 0);
  return { status: 200, body: { events: matching.slice(offset, offset + limit).map(eventShape), total: matching.length } };
}

/** `GET /api/admin/events[/:featureName]`, the deprecated log: `{ version: 1, events }`, the newest 100. */
export function legacyEvents(store: DemoFlagStore, featureName: string | undefined): DemoReply {
  const events = newestFirst(store.events()).filter((e) => featureName === undefined || e.featureName === featureName);
  const body = { version: 1, ...(featureName === undefined ? {} : { toggleName: featureName }), events: events.slice(0, LEGACY_LIMIT).map(eventShape) };
  return { status: 200, body };
}

function newestFirst(events: readonly DemoFlagEvent[]): DemoFlagEvent[] {
  return [...events].sort((a, b) => b.createdAt.localeCompare(a.createdAt) || b.id - a.id);
}

function whole(raw: string | null): number | undefined {
  const value = raw === null ? NaN : Number.parseInt(raw, 10);
  return Number.isFinite(value) ? value : undefined;
}
