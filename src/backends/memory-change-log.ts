import type { FlagChange, Marker } from '../contract/wire-types';
import { flipMarker } from '../deploys/flip-marker';
import type { ChangeRecorder, MarkerSource } from './backend-set';

/** The id of the session log, so the audit log can say a flip was published nowhere (`not-configured`). */
export const SESSION_FLIPS_ID = 'session-flips';

/**
 * Where flips are kept when no Graphite is configured to publish them to: this session only,
 * so the graphs still show what was flipped here.
 */
export function createMemoryChangeLog(): ChangeRecorder & MarkerSource {
  const markers: Marker[] = [];
  return {
    id: SESSION_FLIPS_ID,
    kind: 'deploys',
    name: 'Flips made in this session',
    check: async () => `${markers.length} flips recorded in this session`,
    record: async (change: FlagChange) => void markers.push(flipMarker(change)),
    list: async (from, until) => markers.filter((m) => m.at >= from && m.at <= until),
  };
}
