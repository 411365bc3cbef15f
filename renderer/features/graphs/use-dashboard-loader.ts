import { useEffect, useLayoutEffect, useState, useSyncExternalStore } from 'react';

import type { PanelDefinition } from '../../../src/contract/backend-definitions';
import type { Marker, Series } from '../../../src/contract/wire-types';
import { useOpsClient } from '../../api/ops-client';
import { useBoot } from '../../app/boot';
import { DashboardLoader } from './dashboard-loader';
import type { Loaded, TimeWindow } from './dashboard-loader';

/**
 * The dashboard's loader, created once per dashboard: drawn at once from the boot's last-known
 * drawing when it is of this dashboard and range (another dashboard, a tab picked later, asks the
 * core for its own alongside its fresh renders), then shown `window`. The panels' layout effects
 * (their widths) run before this one, so the first window is asked for at every panel's real size.
 */
export function useDashboardLoader(id: string, panels: readonly PanelDefinition[], window: TimeWindow, live: boolean): DashboardLoader {
  const client = useOpsClient();
  const { boot } = useBoot();
  const [{ loader, seeded }] = useState(() => {
    const created = new DashboardLoader(client, panels.map((p) => p.targets));
    const known = live ? boot.takeLastKnown(id, window.until - window.from) : null;
    if (known) created.seed(known);
    return { loader: created, seeded: known !== null };
  });
  const [spanMs] = useState(window.until - window.from);
  useEffect(() => {
    if (seeded || !live) return;
    const asked = new AbortController();
    client.request('graphs.lastKnown', { dashboardId: id, spanMs }, asked.signal).then(
      (known) => loader.seed(known),
      // Nothing known is no loss: the fresh renders are on their way anyway.
      () => {},
    );
    return () => asked.abort();
    // Once, for the range the dashboard opened with.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [loader]);
  useLayoutEffect(() => loader.setPanels(panels.map((p) => p.targets)), [loader, panels]);
  useLayoutEffect(() => loader.show(window, live), [loader, window, live]);
  useEffect(() => () => loader.stop(), [loader]);
  return loader;
}

export function usePanelLoad(loader: DashboardLoader, index: number): Loaded<Series[]> {
  return useSyncExternalStore(loader.subscribe, () => loader.panel(index));
}

export function useMarkerLoad(loader: DashboardLoader): Loaded<Marker[]> {
  return useSyncExternalStore(loader.subscribe, () => loader.markerList());
}
