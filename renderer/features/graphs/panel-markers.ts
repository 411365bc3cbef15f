import type { Marker } from '../../../src/contract/wire-types';

/**
 * The markers one panel shows: all of them, or its service's when it names one. A deploy carries
 * its service as a tag. A flip carries its flag's key, and keys are namespaced by service
 * (`checkout.new-tax-engine`), so a checkout panel shows checkout's flips as well: the flip
 * that caused a spike must sit next to it.
 */
export function markersForService(markers: readonly Marker[], service: string | undefined): readonly Marker[] {
  if (!service) return markers;
  const prefix = `${service}.`;
  return markers.filter((m) => m.tags.some((tag) => tag === service || (m.kind === 'flip' && tag.startsWith(prefix))));
}
