import { useCallback, useSyncExternalStore } from 'react';

import { cachedCursorAnomaly } from './cursor-anomaly';
import type { CursorAnomaly } from './cursor-anomaly';
import { usePanelSeriesRegistry } from './panel-series-registry';
import { useTimeCursor } from './time-cursor-context';

const read = cachedCursorAnomaly();

/** The anomaly at the time cursor (null without a cursor), kept current as the panels refresh. */
export function useCursorAnomaly(): CursorAnomaly | null {
  const registry = usePanelSeriesRegistry();
  const { at, origin } = useTimeCursor();
  const snapshot = useCallback(() => read(registry, at, origin), [registry, at, origin]);
  return useSyncExternalStore(registry.subscribe, snapshot);
}

/** Where the anomaly at the cursor started, when it is on this panel: a number, so other panels do not re-render. */
export function useOnsetOnPanel(panelId: string): number | null {
  const registry = usePanelSeriesRegistry();
  const { at, origin } = useTimeCursor();
  const snapshot = useCallback(() => {
    const anomaly = read(registry, at, origin);
    return anomaly?.panelId === panelId ? (anomaly.onset?.at ?? null) : null;
  }, [registry, at, origin, panelId]);
  return useSyncExternalStore(registry.subscribe, snapshot);
}
