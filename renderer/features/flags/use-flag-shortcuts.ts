import { useEffect, useRef } from 'react';
import type { RefObject } from 'react';

import { isTyping } from '../../lib/keyboard';

export interface FlagShortcuts {
  /** `/`: jump to the search. */
  search: () => void;
  /** `P`: the incident pins (pinned flags and kill switches) on or off. */
  pins: () => void;
}

/** Documented where the user looks: the search's placeholder, the Pins button's tooltip, and the README's Flags section. */
export const SHORTCUTS = { search: '/', pins: 'P' } as const;

/**
 * The switchboard's keys, anywhere in the window except while typing in a field (a reason, a
 * search in the logs) or with a modifier held (the browser's own shortcuts). After `P`, focus
 * goes to the first switch of `list`, so Enter starts the flip without a click.
 */
export function useFlagShortcuts(shortcuts: FlagShortcuts, list: RefObject<HTMLElement | null>): void {
  const latest = useRef(shortcuts);
  latest.current = shortcuts;
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (event.ctrlKey || event.metaKey || event.altKey || isTyping(event.target)) return;
      if (event.key === SHORTCUTS.search) {
        event.preventDefault();
        latest.current.search();
      } else if (event.key.toUpperCase() === SHORTCUTS.pins) {
        event.preventDefault();
        latest.current.pins();
        requestAnimationFrame(() => list.current?.querySelector<HTMLElement>('[role="switch"]')?.focus());
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [list]);
}
