import type { PanelDefinition } from '../../../src/contract/backend-definitions';
import { findPanelOnset } from './onset';
import type { Onset } from './onset';
import type { PanelSeriesRegistry } from './panel-series-registry';
import type { CursorOrigin } from './time-cursor-context';

/** What the time cursor points at on the graphs: the anomaly holding it, and where it started. */
export interface CursorAnomaly {
  at: number;
  /** Pointed at a panel (a click, or Enter on an anomaly: that panel is the one read), or not (every panel is read). */
  clicked: boolean;
  /** The panel the anomaly is on: the clicked one, or the one furthest out of line; null when none is. */
  panelId: string | null;
  panel: PanelDefinition | null;
  /** Null: the moment is in line with what came before it, no anomaly there. */
  onset: Onset | null;
  /** Whose anomaly it is: the panel's service, or on a panel of several the series' name (Graphite aliases them by service). */
  service: string | null;
}

/**
 * The anomaly at the cursor: on the panel pointed at only (a click where it is in line finds none),
 * or, for a cursor the arrows move, on whichever panel is furthest out of line there.
 */
export function cursorAnomaly(registry: PanelSeriesRegistry, at: number, origin: CursorOrigin | null): CursorAnomaly {
  const found = (panelId: string | null, panel: PanelDefinition | null, onset: Onset | null): CursorAnomaly => ({
    at,
    clicked: origin !== null,
    panelId,
    panel,
    onset,
    service: panel?.service ?? onset?.series ?? null,
  });
  if (origin) {
    const entry = registry.get(origin.panel);
    return found(origin.panel, entry?.panel ?? null, entry ? findPanelOnset(entry.series, at, origin) : null);
  }
  let best: CursorAnomaly | null = null;
  for (const [id, entry] of registry.entries()) {
    const onset = findPanelOnset(entry.series, at);
    if (onset && (!best?.onset || onset.peakScore > best.onset.peakScore)) best = found(id, entry.panel, onset);
  }
  return best ?? found(null, null, null);
}

/** The last answer, so every reader of one cursor and one set of series gets the same object, computed once. */
export function cachedCursorAnomaly(): (registry: PanelSeriesRegistry, at: number | null, origin: CursorOrigin | null) => CursorAnomaly | null {
  let last: { registry: PanelSeriesRegistry; version: number; at: number | null; origin: CursorOrigin | null; anomaly: CursorAnomaly | null } | null = null;
  return (registry, at, origin) => {
    const version = registry.version();
    if (last && last.registry === registry && last.version === version && last.at === at && last.origin === origin) return last.anomaly;
    const anomaly = at === null ? null : cursorAnomaly(registry, at, origin);
    last = { registry, version, at, origin, anomaly };
    return anomaly;
  };
}
