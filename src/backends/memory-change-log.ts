import type { FlagChange, Marker } from '../contract/wire-types';
import { flipMarker } from '../deploys/flip-marker';
import type { ChangeRecorder, MarkerSource } from './backend-set';

/**
 * Where flips are kept when no Graphite is configured to publish them to: this session only,
 * so the graphs still show what was flipped here.
 */
export function createMemoryChangeLog(): ChangeRecorder & MarkerSource {
  const markers: Marker[] = [];
  return {
    id: 'session-flips',
    kind: 'deploys',
    name: 'Flips made in this session',
    check: async () => `${markers.length} flips recorded in this session`,
    record: async (change: FlagChange) => void markers.push(flipMarker(change)),
    list: async (from, until) => markers.filter((m) => m.at >= from && m.at <= until),
  };
}
