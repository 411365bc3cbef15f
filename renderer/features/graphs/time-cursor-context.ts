import { createContext, useContext } from 'react';

/**
 * The panel the cursor points at (its registry id): the one clicked, with the value under the
 * pointer, or the one out of line where Enter settled the keyboard's cursor (no value).
 */
export interface CursorOrigin {
  panel: string;
  /** The y value under the pointer, which picks the clicked series on a panel of several; null when unknown. */
  value: number | null;
  /** How near a line's value the pointer must be to be on it (a few pixels' worth of the y axis). */
  tolerance: number;
}

/**
 * The moment the user pointed at by clicking a graph: one for the whole dashboard, drawn on every
 * panel, and the reference "What changed?" measures from. A context (not the crosshair's
 * callbacks) because it changes on a click, not on every mouse move, and other views (logs) will
 * read it to show the same moment.
 */
export interface TimeCursor {
  /** Epoch ms, or null when no moment is picked. */
  at: number | null;
  /** The panel pointed at (a click, or Enter on an anomaly in the keyboard's cursor mode); null while the arrows move it. */
  origin: CursorOrigin | null;
  set(at: number | null, origin?: CursorOrigin | null): void;
}

/** No cursor store above: the dashboard keeps its own (the incident mode puts one at the app's top, shared by every view). */
export const NO_TIME_CURSOR: TimeCursor = { at: null, origin: null, set: () => {} };

export const TimeCursorContext = createContext<TimeCursor>(NO_TIME_CURSOR);

export function useTimeCursor(): TimeCursor {
  return useContext(TimeCursorContext);
}
