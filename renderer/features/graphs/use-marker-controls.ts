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
  }, [at]);

  return { filter, setFilter, cursor, changesOpen, toggleChanges: () => setChangesOpen((o) => !o) };
}
