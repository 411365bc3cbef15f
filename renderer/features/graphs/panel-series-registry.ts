import { createContext, useContext, useEffect } from 'react';

import type { PanelDefinition } from '../../../src/contract/backend-definitions';
import type { Series } from '../../../src/contract/wire-types';

export interface RegisteredPanel {
  panel: PanelDefinition;
  series: readonly Series[];
}

/**
 * The series every panel on screen draws, by the panel's id: what the time cursor's anomaly is
 * read from (the clicked panel's, or every panel's when the keyboard set the cursor). A store
 * outside React state, so a panel's refresh re-renders only what reads it.
 */
export interface PanelSeriesRegistry {
  put: (id: string, entry: RegisteredPanel) => void;
  remove: (id: string) => void;
  get: (id: string) => RegisteredPanel | undefined;
  entries: () => readonly (readonly [string, RegisteredPanel])[];
  /** Changes whenever an entry does: a snapshot for useSyncExternalStore. */
  version: () => number;
  subscribe: (listener: () => void) => () => void;
}

export function createPanelSeriesRegistry(): PanelSeriesRegistry {
  const panels = new Map<string, RegisteredPanel>();
  const listeners = new Set<() => void>();
  let version = 0;
  const changed = () => {
    version++;
    listeners.forEach((listener) => listener());
  };
  return {
    put: (id, entry) => (panels.set(id, entry), changed()),
    remove: (id) => void (panels.delete(id) && changed()),
    get: (id) => panels.get(id),
    entries: () => [...panels.entries()],
    version: () => version,
    subscribe: (listener) => (listeners.add(listener), () => void listeners.delete(listener)),
  };
}

/**
 * The newest moment any panel has a reading for; null before the first has loaded. The keyboard's
 * cursor stops there: past it no panel can say whether the moment is out of line, and the panels'
 * refresh may lag the clock by several seconds on a busy machine.
 */
export function newestReading(registry: PanelSeriesRegistry): number | null {
  let newest: number | null = null;
  for (const [, { series }] of registry.entries()) {
    for (const { timestamps, values } of series) {
      for (let i = values.length - 1; i >= 0 && (newest === null || timestamps[i]! > newest); i--) {
        const value = values[i];
        if (value != null && !Number.isNaN(value)) {
          newest = timestamps[i]!;
          break;
        }
      }
    }
  }
  return newest;
}

/** One for the window, like the logs' navigation: the graphs and the incident mode are siblings. Tests give each render its own. */
export const PanelSeriesRegistryContext = createContext<PanelSeriesRegistry>(createPanelSeriesRegistry());

export function usePanelSeriesRegistry(): PanelSeriesRegistry {
  return useContext(PanelSeriesRegistryContext);
}

/** Keeps a panel's current series in the registry while it is mounted. */
export function useRegisterPanelSeries(id: string, panel: PanelDefinition, series: readonly Series[]): void {
  const registry = usePanelSeriesRegistry();
  useEffect(() => registry.put(id, { panel, series }), [registry, id, panel, series]);
  useEffect(() => () => registry.remove(id), [registry, id]);
}
