import type { Marker } from '../../../src/contract/wire-types';

/**
 * Whether a marker belongs to a service. A deploy carries its service as a tag. A flip carries its
 * flag's key, and keys are namespaced by service (`checkout.new-tax-engine`), so checkout's
 * flips belong to checkout: the flip that caused a spike must sit next to it.
 */
export function belongsTo(marker: Marker, service: string): boolean {
  const prefix = `${service}.`;
  return marker.tags.some((tag) => tag === service || (marker.kind === 'flip' && tag.startsWith(prefix)));
}

/**
 * Whether a marker passes a tag filter (a Grafana annotation of Graphite events by tags, once
 * imported): a deploy carrying every one of the tags, as Graphite matches event tags, or a flip
 * of a service named among them, so the flip behind a spike still sits next to it.
 */
export function matchesTags(marker: Marker, tags: readonly string[]): boolean {
  if (marker.kind === 'flip') return tags.some((tag) => belongsTo(marker, tag));
  return tags.every((tag) => marker.tags.includes(tag));
}

/** The markers one panel shows: all of them, or its service's when it names one, and those of its tags when it has a tag filter. */
export function markersForPanel(markers: readonly Marker[], service: string | undefined, tags: readonly string[] | undefined): readonly Marker[] {
  if (!service && !tags?.length) return markers;
  return markers.filter((m) => (!service || belongsTo(m, service)) && (!tags?.length || matchesTags(m, tags)));
}

/** The services markers name, for the filter's chips: deploys' tags and the namespace of flipped flags. */
export function markerServices(markers: readonly Marker[]): string[] {
  const services = new Set<string>();
  for (const m of markers) {
    if (m.kind === 'deploy') for (const tag of m.tags) if (tag !== 'deploy') services.add(tag);
    if (m.kind === 'flip') for (const tag of m.tags) if (tag.includes('.')) services.add(tag.slice(0, tag.indexOf('.')));
  }
  return [...services].sort();
}
