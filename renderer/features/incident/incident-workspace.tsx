import { useEffect, useState } from 'react';
import type { ReactNode } from 'react';

import { isEscapeForTheGraphs } from '../../lib/keyboard';
import type { CursorOrigin } from '../graphs/time-cursor-context';
import { useTimeCursor } from '../graphs/time-cursor-context';
import { useCursorAnomaly } from '../graphs/use-cursor-anomaly';

export type IncidentWorkspaceProps = { children: ReactNode };

/**
 * The app's workspace, which a click on a spike (or Enter on one in the keyboard's cursor mode)
 * switches to the incident layout: the graph with the spike, "What changed?" with the suspect and
 * its lever, and that minute's logs on one screen (a 1366×768 laptop's included), the other
 * panels and the switchboard out of the way. While the arrows move the cursor it stays the
 * overview, every panel in sight. Escape returns to the overview and keeps the cursor; a second
 * Escape clears it, as before.
 */
export function IncidentWorkspace({ children }: IncidentWorkspaceProps) {
  const { at, origin } = useTimeCursor();
  const anomaly = useCursorAnomaly();
  const [dismissed, setDismissed] = useState<{ at: number | null; origin: CursorOrigin | null } | null>(null);
  const active = origin !== null && anomaly?.onset != null && !(dismissed?.at === at && dismissed.origin === origin);

  useEffect(() => {
    if (!active) return;
    // Ahead of the graphs' own Escape (which clears the cursor): the first one only leaves the layout.
    const onKey = (event: KeyboardEvent) => {
      if (!isEscapeForTheGraphs(event)) return;
      event.preventDefault();
      setDismissed({ at, origin });
    };
    window.addEventListener('keydown', onKey, true);
    return () => window.removeEventListener('keydown', onKey, true);
  }, [active, at, origin]);

  return (
    <main className={`workspace${active ? ' incident-layout' : ''}`} data-testid="workspace" data-layout={active ? 'incident' : 'overview'}>
      {children}
    </main>
  );
}
