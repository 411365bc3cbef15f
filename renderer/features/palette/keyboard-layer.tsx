import { useCallback, useEffect, useState } from 'react';

import { useSettings } from '../../api/settings-context';
import { formatDateTime } from '../../lib/format-time';
import { useDialog } from '../../lib/dialog-focus';
import { isTyping } from '../../lib/keyboard';
import { cursorAnomaly } from '../graphs/cursor-anomaly';
import { newestReading, usePanelSeriesRegistry } from '../graphs/panel-series-registry';
import type { PanelSeriesRegistry } from '../graphs/panel-series-registry';
import { useTimeCursor } from '../graphs/time-cursor-context';
import type { TimeCursor } from '../graphs/time-cursor-context';
import { useLogsNavigation } from '../logs/logs-navigation';
import type { LogsNavigation } from '../logs/logs-navigation';
import { CommandPalette } from './command-palette';
import { ShortcutHelp } from './shortcut-help';
import { focusFirst, usePaletteCommands } from './use-palette-commands';
import { CURSOR_STEP_MS, latestPoint } from './shortcuts';

type Overlay = 'palette' | 'help' | null;

/**
 * The keyboard-first layer over the whole app: Ctrl/Cmd+K, `?`, `t` and the arrows for the time
 * cursor, `i` for the incident. Whatever it opens, focus goes back where it was when it closes.
 */
export function KeyboardLayer() {
  // Focus goes back at once, so a command run next (the flip guard) sees the element the user came from.
  const { shown: overlay, open, close } = useDialog<Exclude<Overlay, null>>('at-once');
  const [cursorMode, setCursorMode] = useState(false);
  const cursor = useTimeCursor();
  const registry = usePanelSeriesRegistry();
  const navigation = useLogsNavigation();
  const { settings } = useSettings();
  const newest = useCallback(() => latestPoint(Date.now(), newestReading(registry)), [registry]);

  const enterCursorMode = useCallback(() => {
    if (cursor.at === null) cursor.set(newest());
    setCursorMode(true);
  }, [cursor, newest]);
  const { commands, loading } = usePaletteCommands(overlay === 'palette', () => open('help'), enterCursorMode);

  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if ((event.ctrlKey || event.metaKey) && event.key.toLowerCase() === 'k') {
        event.preventDefault();
        if (overlay === 'palette') close();
        else open('palette');
        return;
      }
      if (cursorMode) return moveCursor(event);
      if (overlay || event.ctrlKey || event.metaKey || event.altKey || isTyping(event.target)) return;
      if (document.querySelector('[aria-modal="true"]')) return;
      const act: Record<string, () => unknown> = {
        '?': () => open('help'),
        t: enterCursorMode,
        i: () => focusFirst('[aria-label="Incident name"]') || focusFirst('[aria-label="Add a note to the incident"]'),
      };
      const action = act[event.key];
      if (!action) return;
      event.preventDefault();
      action();
    };
    const moveCursor = (event: KeyboardEvent) => {
      const at = cursor.at ?? newest();
      const step = event.shiftKey ? 6 * CURSOR_STEP_MS : CURSOR_STEP_MS;
      if (event.key === 'ArrowLeft' || event.key === 'ArrowRight') {
        event.preventDefault();
        cursor.set(Math.min(newest(), at + (event.key === 'ArrowLeft' ? -step : step)));
      } else if (event.key === 'Enter') {
        event.preventDefault();
        setCursorMode(false);
        pointAtAnomaly(registry, cursor, navigation);
        // "What changed?" opened with the cursor; the suspect's lever is the next thing to press.
        requestAnimationFrame(() => focusFirst('[data-suspect-action]') || focusFirst('[data-testid="what-changed"]'));
      } else if (event.key === 'Escape') {
        // Leaves the mode and keeps the cursor: the graphs' own Escape (clear it) is not reached.
        event.preventDefault();
        setCursorMode(false);
      }
    };
    window.addEventListener('keydown', onKey, true);
    return () => window.removeEventListener('keydown', onKey, true);
  }, [overlay, cursorMode, cursor, registry, navigation, newest, open, close, enterCursorMode]);

  return (
    <>
      {overlay === 'palette' && <CommandPalette commands={commands} loading={loading} onClose={close} />}
      {overlay === 'help' && <ShortcutHelp onClose={close} />}
      {cursorMode && (
        <div className="cursor-mode-hint" role="status" data-testid="cursor-mode">
          Time cursor {cursor.at === null ? '' : formatDateTime(cursor.at, settings.timeZone)}: ← → move (Shift: 1 min) · Enter: what changed · Esc: done
        </div>
      )}
    </>
  );
}

/**
 * Enter in cursor mode is the keyboard's click: on an anomaly, the cursor points at the panel out
 * of line there, so the incident layout, that panel's onset and that moment's logs follow as they
 * do for a click. A panel of one service opens its service's logs here, as a click on its chart
 * does; on a panel of several the incident mode opens the series' (useAnomalyLogs).
 */
function pointAtAnomaly(registry: PanelSeriesRegistry, cursor: TimeCursor, navigation: LogsNavigation): void {
  if (cursor.at === null) return;
  const anomaly = cursorAnomaly(registry, cursor.at, null);
  if (!anomaly.onset || anomaly.panelId === null) return;
  cursor.set(anomaly.at, { panel: anomaly.panelId, value: null, tolerance: 0 });
  const service = anomaly.panel?.service;
  if (service) navigation.openAt({ service, at: anomaly.at, reveal: false });
}
