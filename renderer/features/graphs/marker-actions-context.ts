import { createContext, useContext } from 'react';
import type { ReactNode } from 'react';

import type { Marker } from '../../../src/contract/wire-types';

/**
 * What other features add to the graphs' markers without the graphs knowing them: the incident
 * mode offers the suspect flag in "What changed?", the inverse flip on a flip marker and the
 * flips near a deploy marker. Empty by default, so the graphs work alone.
 */
export interface MarkerActions {
  /** Shown at the top of "What changed?": `markers` are the window's, `cursor` the moment pointed at (null: none). */
  whatChangedExtra?: (markers: readonly Marker[], cursor: number | null) => ReactNode;
  /** Right-click, or Shift+F10 / the context-menu key, on a marker's tick. */
  onMarkerMenu?: (marker: Marker) => void;
}

export const MarkerActionsContext = createContext<MarkerActions>({});

export function useMarkerActions(): MarkerActions {
  return useContext(MarkerActionsContext);
}
