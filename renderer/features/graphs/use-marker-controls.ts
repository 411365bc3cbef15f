import { useEffect, useMemo, useState } from 'react';

import type { MarkerFilter } from './marker-filter';
import { ALL_MARKERS } from './marker-filter';
import type { TimeCursor } from './time-cursor-context';

/** The dashboard's marker filter, time cursor and "What changed?" toggle; Escape clears the cursor. */
export function useMarkerControls() {
  const [filter, setFilter] = useState<MarkerFilter>(ALL_MARKERS);
  const [at, setAt] = useState<number | null>(null);
  const cursor = useMemo<TimeCursor>(() => ({ at, set: setAt }), [at]);
  const [changesOpen, setChangesOpen] = useState(false);

  useEffect(() => {
    if (at === null) return;
    // A popover or drawer that handled Escape itself has stopped it or marked it handled.
    const onKey = (event: KeyboardEvent) => {
      if (event.key === 'Escape' && !event.defaultPrevented) setAt(null);
    };
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, [at]);

  return { filter, setFilter, cursor, changesOpen, toggleChanges: () => setChangesOpen((o) => !o) };
}
