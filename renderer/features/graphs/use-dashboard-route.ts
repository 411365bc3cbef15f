import { useCallback, useEffect, useRef, useState } from 'react';

import type { DashboardDefaults } from '../../../src/contract/backend-definitions';
import type { DashboardLink } from '../../../src/contract/dashboard-link';
import { parseHashLink } from '../../../src/contract/dashboard-link';
import { useSettings } from '../../api/settings-context';
import { useOpsEvent } from '../../api/use-ops-event';
import type { TimeWindow } from './use-dashboard-window';

/** A range the dashboard showed: a fixed window, or live over `rangeMinutes` ending now. */
export interface ShownRange {
  absolute: TimeWindow | null;
  rangeMinutes: number;
}

/** Enough zoom-outs for any investigation, without growing for a whole shift. */
const HISTORY_LIMIT = 50;

/** Whether a link says which range to show, which then wins over the dashboard's own defaults. */
function saysRange(link: DashboardLink | null): boolean {
  return link !== null && (link.from !== undefined || link.rangeMinutes !== undefined);
}

function absoluteOf(link: DashboardLink | null): TimeWindow | null {
  return link?.from !== undefined && link.until !== undefined ? { from: link.from, until: link.until } : null;
}

/**
 * Which dashboard and which range are on screen, and the way back (Grafana's zoom-out history).
 * A link (the address bar's `#/d/<id>?…`, or the desktop's `app.navigate`) sets both; a relative
 * range or zone in a link is saved as the setting, as if picked by hand.
 */
export function useDashboardRoute() {
  const { settings, loaded, update } = useSettings();
  const [initial] = useState(() => parseHashLink(window.location.hash));
  const [dashboardId, setDashboardId] = useState<string | null>(initial?.dashboardId ?? null);
  const [absolute, setAbsolute] = useState<TimeWindow | null>(() => absoluteOf(initial));
  const [history, setHistory] = useState<ShownRange[]>([]);
  const shown = useRef<ShownRange>({ absolute, rangeMinutes: settings.rangeMinutes });
  shown.current = { absolute, rangeMinutes: settings.rangeMinutes };
  const saved = useRef(settings);
  saved.current = settings;
  /** The dashboard the last link opened with a range of its own: its defaults do not apply then. */
  const rangeLinkedFor = useRef<string | null>(saysRange(initial) ? initial!.dashboardId : null);

  const saveSettings = useCallback(
    (patch: { rangeMinutes?: number; timeZone?: 'utc' | 'local'; autoRefreshSeconds?: DashboardDefaults['refreshSeconds'] }) => {
      const changed = Object.entries(patch).filter(([key, value]) => saved.current[key as keyof typeof patch] !== value);
      // A refused save leaves the setting as it was; the drawer shows the saved value either way.
      if (changed.length) update(Object.fromEntries(changed)).catch(() => {});
    },
    [update],
  );

  /** Shows `next`, remembering what was shown so Back returns to it. */
  const show = useCallback(
    (next: ShownRange) => {
      const current = shown.current;
      setHistory((h) => [...h, current].slice(-HISTORY_LIMIT));
      setAbsolute(next.absolute);
      if (next.rangeMinutes !== current.rangeMinutes) saveSettings({ rangeMinutes: next.rangeMinutes });
    },
    [saveSettings],
  );

  const back = useCallback(() => {
    const previous = history[history.length - 1];
    if (!previous) return;
    setHistory(history.slice(0, -1));
    setAbsolute(previous.absolute);
    if (previous.rangeMinutes !== shown.current.rangeMinutes) saveSettings({ rangeMinutes: previous.rangeMinutes });
  }, [history, saveSettings]);

  const follow = useCallback(
    (link: DashboardLink) => {
      rangeLinkedFor.current = saysRange(link) ? link.dashboardId : null;
      setDashboardId(link.dashboardId);
      setAbsolute(absoluteOf(link));
      setHistory([]);
      saveSettings({
        ...(link.rangeMinutes !== undefined ? { rangeMinutes: link.rangeMinutes } : {}),
        ...(link.timeZone ? { timeZone: link.timeZone } : {}),
      });
    },
    [saveSettings],
  );

  // The opening link's range and zone are saved once the saved settings are known, so a link
  // that agrees with them writes nothing.
  const followedInitial = useRef(false);
  useEffect(() => {
    if (!initial || !loaded || followedInitial.current) return;
    followedInitial.current = true;
    follow(initial);
  }, [initial, loaded, follow]);
  useEffect(() => {
    const onHashChange = () => {
      const link = parseHashLink(window.location.hash);
      if (link) follow(link);
    };
    window.addEventListener('hashchange', onHashChange);
    return () => window.removeEventListener('hashchange', onHashChange);
  }, [follow]);
  useOpsEvent('app.navigate', follow);

  /**
   * A dashboard was opened (a tab, the first one, a link without a range): it shows its own
   * range and refresh (a Grafana import's), as Grafana opens a dashboard with its saved time.
   */
  const opened = useCallback(
    (id: string, defaults: DashboardDefaults | undefined) => {
      if (rangeLinkedFor.current === id) return;
      if (!defaults) return;
      if (defaults.from !== undefined && defaults.until !== undefined) setAbsolute({ from: defaults.from, until: defaults.until });
      else if (defaults.rangeMinutes !== undefined) setAbsolute(null);
      saveSettings({
        ...(defaults.rangeMinutes !== undefined ? { rangeMinutes: defaults.rangeMinutes } : {}),
        ...(defaults.refreshSeconds !== undefined ? { autoRefreshSeconds: defaults.refreshSeconds } : {}),
      });
    },
    [saveSettings],
  );

  return {
    dashboardId,
    setDashboardId: useCallback((id: string | null) => {
      // Picked by hand: whatever a link said no longer holds.
      rangeLinkedFor.current = null;
      setDashboardId(id);
    }, []),
    opened,
    absolute,
    canGoBack: history.length > 0,
    show,
    back,
    zoom: useCallback((w: TimeWindow) => show({ absolute: w, rangeMinutes: shown.current.rangeMinutes }), [show]),
  };
}

export type DashboardRoute = ReturnType<typeof useDashboardRoute>;
