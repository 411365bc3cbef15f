import { useCallback, useEffect, useState } from 'react';

import { isEscapeForTheGraphs } from '../../lib/keyboard';
import type { MarkerFilter } from './marker-filter';
import { ALL_MARKERS } from './marker-filter';
import { NO_TIME_CURSOR, useTimeCursor } from './time-cursor-context';
import { useTimeCursorState } from './use-time-cursor-state';

/**
 * The dashboard's marker filter, time cursor and "What changed?" toggle; Escape clears the cursor.
 * The cursor is the app's when one is provided above (every view follows it), else the dashboard's own.
 */
export function useMarkerControls() {
  const [filter, setFilter] = useState<MarkerFilter>(ALL_MARKERS);
  const shared = useTimeCursor();
  const own = useTimeCursorState();
  const cursor = shared === NO_TIME_CURSOR ? own : shared;
  const at = cursor.at;
  const setAt = useCallback((next: number | null) => cursor.set(next), [cursor]);
  const [changesOpen, setChangesOpen] = useState(false);
  // Pointing at a moment asks "what changed then?": the list opens beside it.
  useEffect(() => {
    if (at !== null) setChangesOpen(true);
  }, [at]);

  useEffect(() => {
    if (at === null) return;
    const onKey = (event: KeyboardEvent) => {
      if (isEscapeForTheGraphs(event)) setAt(null);
    };
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, [at, setAt]);

  return { filter, setFilter, cursor, changesOpen, toggleChanges: () => setChangesOpen((o) => !o) };
}
