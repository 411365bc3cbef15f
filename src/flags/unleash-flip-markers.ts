import type { AxiosInstance } from 'axios';

import type { MarkerSource } from '../backends/backend-set';
import type { Marker } from '../contract/wire-types';
import { readAudience } from './unleash-audience';
import { createConditionalGet } from './unleash-conditional-get';
import { UnleashEventPage } from './unleash-schemas';
import type { UnleashEvent, UnleashStrategy } from './unleash-schemas';

/** The events that change who gets a flag: a flip, or a strategy added, changed or removed. */
const FLIP_TYPES = ['feature-environment-enabled', 'feature-environment-disabled', 'feature-strategy-add', 'feature-strategy-update', 'feature-strategy-remove'];
const PAGE = 1000;
const MAX_PAGES = 5;
/** A console's own flip and Unleash's event of it are this close in time (the write, then the confirming re-read). */
export const SAME_FLIP_MS = 10_000;

/** Flips this console confirmed itself: their markers come from Graphite (or this session), not from here. */
export class ConsoleWrites {
  private readonly writes: { key: string; environment: string; at: number }[] = [];

  note(key: string, environment: string, at: number) {
    this.writes.push({ key, environment, at });
    if (this.writes.length > 10_000) this.writes.shift();
  }

  covers(key: string, environment: string, at: number): boolean {
    return this.writes.some((w) => w.key === key && w.environment === environment && Math.abs(w.at - at) <= SAME_FLIP_MS);
  }
}

export interface UnleashFlipMarkerOptions {
  id: string;
  name: string;
  client: AxiosInstance;
  where: string;
  project: string;
  /** Unleash's UI, for the marker's link. */
  url: string;
  ownWrites: ConsoleWrites;
  /** The flips every console publishes (Graphite events tagged `flag`): a flip found there is not drawn twice. */
  consoleFlips?: MarkerSource | undefined;
}

/**
 * Flips made elsewhere (Unleash's UI, another tool, a script) as markers, read from Unleash's
 * event log. A flip made through a console is left out: by this one (it knows its writes) or by
 * any console (its Graphite event for the same flag and environment is within SAME_FLIP_MS).
 */
export function createUnleashFlipMarkers(options: UnleashFlipMarkerOptions): MarkerSource {
  const { client, where, project } = options;
  // Every dashboard refresh reads the same pages: by ETag, so a quiet Unleash answers 304s.
  const page = createConditionalGet(client, UnleashEventPage, where, 'its event log');

  async function eventsBetween(from: number, until: number, signal: AbortSignal): Promise<UnleashEvent[]> {
    const found: UnleashEvent[] = [];
    for (let n = 0; n < MAX_PAGES; n++) {
      const query = new URLSearchParams({ project: `IS:${project}`, type: `IS_ANY_OF:${FLIP_TYPES.join(',')}`, limit: String(PAGE), offset: String(n * PAGE) });
      const { events } = (await page(`/api/admin/search/events?${query.toString()}`, signal)).value;
      for (const event of events) {
        const at = Date.parse(event.createdAt);
        if (at >= from && at <= until) found.push(event);
      }
      // Newest first: once a page reaches back before `from`, older pages cannot matter.
      const oldest = events.at(-1);
      if (events.length < PAGE || (oldest && Date.parse(oldest.createdAt) < from)) break;
    }
    return found;
  }

  return {
    id: options.id,
    // A marker source, like the deploy logs and Graphite's flip events: its health shows with theirs.
    kind: 'deploys',
    name: options.name,
    async list(from, until, signal) {
      const [events, consoleMarkers] = await Promise.all([
        eventsBetween(from, until, signal),
        // Without Graphite's copy the console's own record still applies; the markers are not lost for it.
        options.consoleFlips?.list(from - SAME_FLIP_MS, until + SAME_FLIP_MS, signal).catch(() => []) ?? [],
      ]);
      const byConsole = (key: string, environment: string, at: number) =>
        options.ownWrites.covers(key, environment, at) ||
        consoleMarkers.some((m) => m.kind === 'flip' && m.tags.includes(key) && m.tags.includes(environment) && Math.abs(m.at - at) <= SAME_FLIP_MS);
      return oneEventPerChange(events)
        .map((event) => toMarker(event, options.url, project))
        .filter((marker): marker is Marker & { key: string; environment: string } => marker !== null)
        .filter((marker) => !byConsole(marker.key, marker.environment, marker.at))
        .map(({ key: _key, environment: _environment, ...marker }) => marker);
    },
    async check(signal) {
      const events = await eventsBetween(Date.now() - 86_400_000, Date.now(), signal);
      return `${where} answered: ${events.length} flag changes in the last 24 h.`;
    },
  };
}

/** Unleash's `on` on an environment without strategies adds one in the same transaction (one groupId): that is one change. */
function oneEventPerChange(events: UnleashEvent[]): UnleashEvent[] {
  const flips = new Set(events.filter((e) => e.type.startsWith('feature-environment-')).map((e) => e.groupId).filter(Boolean));
  return events.filter((e) => e.type.startsWith('feature-environment-') || !e.groupId || !flips.has(e.groupId));
}

function toMarker(event: UnleashEvent, url: string, project: string): (Marker & { key: string; environment: string }) | null {
  const key = event.featureName;
  const environment = event.environment;
  const at = Date.parse(event.createdAt);
  if (!key || !environment || !Number.isFinite(at)) return null;
  return {
    id: `unleash-event:${event.id}`,
    kind: 'flip',
    at,
    who: event.createdBy,
    what: `flag ${key} ${changeWords(event)} in ${environment} (in Unleash)`,
    link: `${url.replace(/\/+$/, '')}/projects/${encodeURIComponent(project)}/features/${encodeURIComponent(key)}`,
    tags: ['flag', key, environment],
    key,
    environment,
  };
}

function changeWords(event: UnleashEvent): string {
  if (event.type === 'feature-environment-enabled') return 'on';
  if (event.type === 'feature-environment-disabled') return 'off';
  const words = (strategy: UnleashStrategy | null | undefined) => {
    if (!strategy) return 'no strategy';
    const { audience, rolloutPercent } = readAudience([strategy]);
    return audience === 'percentage' ? `${rolloutPercent} %` : audience === 'dark' ? 'dark launch' : audience === 'staff' ? 'staff only' : 'everyone';
  };
  return `audience ${words(event.preData)} → ${words(event.data)}`;
}
