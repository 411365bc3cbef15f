import type { Marker } from '../../../src/contract/wire-types';
import { belongsTo } from './panel-markers';

/** The dashboard-wide marker filter; it applies on top of each panel's own service. */
export interface MarkerFilter {
  kinds: readonly Marker['kind'][];
  /** Empty: every service. */
  services: readonly string[];
}

export const ALL_MARKERS: MarkerFilter = { kinds: ['deploy', 'flip'], services: [] };

export function filterMarkers(markers: readonly Marker[], filter: MarkerFilter): readonly Marker[] {
  if (filter.kinds.length === 2 && filter.services.length === 0) return markers;
  return markers.filter((m) => filter.kinds.includes(m.kind) && (filter.services.length === 0 || filter.services.some((s) => belongsTo(m, s))));
}

/** Adds `item` when absent, removes it when present. */
export function toggled<T>(items: readonly T[], item: T): T[] {
  return items.includes(item) ? items.filter((i) => i !== item) : [...items, item];
}
