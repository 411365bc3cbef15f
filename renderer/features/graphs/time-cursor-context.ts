import { createContext, useContext } from 'react';

/**
 * The moment the user pointed at by clicking a graph: one for the whole dashboard, drawn on every
 * panel, and the reference "What changed?" measures from. A context (not the crosshair's
 * callbacks) because it changes on a click, not on every mouse move, and other views (logs) will
 * read it to show the same moment.
 */
export interface TimeCursor {
  /** Epoch ms, or null when no moment is picked. */
  at: number | null;
  set(at: number | null): void;
}

/** No cursor store above: the dashboard keeps its own (the incident mode puts one at the app's top, shared by every view). */
export const NO_TIME_CURSOR: TimeCursor = { at: null, set: () => {} };

export const TimeCursorContext = createContext<TimeCursor>(NO_TIME_CURSOR);

export function useTimeCursor(): TimeCursor {
  return useContext(TimeCursorContext);
}
