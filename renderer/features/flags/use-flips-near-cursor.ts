import { useMemo } from 'react';

import type { Flag, Marker } from '../../../src/contract/wire-types';
import { useReconnect } from '../../api/ops-client';
import { useOpsEvent } from '../../api/use-ops-event';
import { useOpsQuery } from '../../api/use-ops-query';
import { useTimeCursor } from '../graphs/time-cursor-context';
import { formatDistance } from '../graphs/what-changed';

/** How far from the moment pointed at a flip still counts as "near it". */
export const NEAR_CURSOR_MS = 10 * 60_000;

/** Per flag key, its flip nearest the time cursor, in words: "flipped 2 min before cursor". */
export type FlipsNearCursor = ReadonlyMap<string, string>;

/**
 * The flags flipped within ±10 min of the app's time cursor, read from the flip markers (tagged
 * `flag <key> <environment>`), so pointing at a spike brings the flags that changed around it to
 * the top of the switchboard. Nothing is read while no moment is pointed at.
 */
export function useFlipsNearCursor(): FlipsNearCursor {
  const { at } = useTimeCursor();
  const markers = useOpsQuery<Marker[]>(at === null ? null : `flips-near|${at}`, (c) =>
    c.request('markers.list', { from: at! - NEAR_CURSOR_MS, until: at! + NEAR_CURSOR_MS }),
  );
  // A flip made just now may be near a cursor on the live edge.
  useOpsEvent('markers.added', markers.refetch);
  useReconnect(markers.refetch);
  const data = at === null ? undefined : markers.data;
  return useMemo(() => (at === null || !data ? new Map() : nearestFlips(data, at)), [data, at]);
}

export function nearestFlips(markers: readonly Marker[], at: number): Map<string, string> {
  const nearest = new Map<string, Marker>();
  for (const marker of markers) {
    const [tag, key] = marker.tags;
    if (marker.kind !== 'flip' || tag !== 'flag' || !key || Math.abs(marker.at - at) > NEAR_CURSOR_MS) continue;
    const known = nearest.get(key);
    if (!known || Math.abs(marker.at - at) < Math.abs(known.at - at)) nearest.set(key, marker);
  }
  return new Map([...nearest].map(([key, marker]) => [key, nearWords(marker.at, at)]));
}

function nearWords(flippedAt: number, cursor: number): string {
  const distance = formatDistance(flippedAt, cursor);
  return distance === 'at that moment' ? 'flipped at the cursor' : `flipped ${distance} cursor`;
}

/** Pins stay first; right after them, the flags flipped near the cursor; each group keeps its order. */
export function nearCursorFirst(flags: readonly Flag[], near: FlipsNearCursor, isPinned: (flag: Flag) => boolean): readonly Flag[] {
  if (near.size === 0) return flags;
  const rank = (flag: Flag) => (isPinned(flag) ? 0 : near.has(flag.key) ? 1 : 2);
  return flags.map((flag, index) => ({ flag, index, rank: rank(flag) })).sort((a, b) => a.rank - b.rank || a.index - b.index).map((r) => r.flag);
}
