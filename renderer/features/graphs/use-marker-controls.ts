import { useCallback, useEffect, useMemo, useState } from 'react';

import type { MarkerFilter } from './marker-filter';
import { ALL_MARKERS } from './marker-filter';
import { NO_TIME_CURSOR, useTimeCursor } from './time-cursor-context';
import type { TimeCursor } from './time-cursor-context';

/**
 * The dashboard's marker filter, time cursor and "What changed?" toggle; Escape clears the cursor.
 * The cursor is the app's when one is provided above (every view follows it), else the dashboard's own.
 */
export function useMarkerControls() {
  const [filter, setFilter] = useState<MarkerFilter>(ALL_MARKERS);
  const shared = useTimeCursor();
  const [ownAt, setOwnAt] = useState<number | null>(null);
  const own = useMemo<TimeCursor>(() => ({ at: ownAt, set: setOwnAt }), [ownAt]);
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
    // Escape in a field (a flip's reason), a dialog or the time picker means "cancel that", not
    // "forget the moment"; a popover that handled it has stopped it already.
    const onKey = (event: KeyboardEvent) => {
      if (event.key !== 'Escape' || event.defaultPrevented) return;
      const target = event.target instanceof Element ? event.target : null;
      if (target?.closest('input, textarea, select, [role="dialog"], .time-picker')) return;
      setAt(null);
    };
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, [at, setAt]);

  return { filter, setFilter, cursor, changesOpen, toggleChanges: () => setChangesOpen((o) => !o) };
}
