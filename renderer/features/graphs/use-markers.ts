import { useCallback, useMemo, useState } from 'react';

import type { Marker } from '../../../src/contract/wire-types';
import type { DashboardLoader, TimeWindow } from './dashboard-loader';
import { useMarkerLoad } from './use-dashboard-loader';

/**
 * Deploys and flips over the dashboard's window: the loader's one `markers.list` for all panels,
 * plus the markers pushed since. A failed list keeps the last good one; its error is the dashboard's.
 */
export function useMarkers(loader: DashboardLoader, window: TimeWindow) {
  const { from } = window;
  const listed = useMarkerLoad(loader);
  const [live, setLive] = useState<Marker[]>([]);
  const add = useCallback(
    (markers: readonly Marker[]) =>
      // Markers that slid out of the window are dropped, so a week-long session does not pile them up.
      setLive((current) => [...current.filter((m) => m.at >= from), ...markers]),
    [from],
  );

  const markers = useMemo(() => {
    const byId = new Map<string, Marker>();
    for (const m of listed.data ?? []) byId.set(m.id, m);
    for (const m of live) byId.set(m.id, m);
    return [...byId.values()].filter((m) => m.at >= from).sort((a, b) => a.at - b.at);
  }, [listed.data, live, from]);

  return { listed, markers, add };
}
