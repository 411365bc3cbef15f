import { useCallback, useEffect, useRef, useState } from 'react';

import { useDashboardRouteContext } from './dashboard-route-context';
import type { TimeWindow } from './dashboard-loader';

const MINUTE = 60_000;
/** Markers often come in bursts (a deploy to nine hosts): one refetch for the burst. */
const NUDGE_DELAY_MS = 250;
/** Graphite's finest step is 10 s, so a flip's effect is only in the data one step later: look again then. */
const FOLLOW_UP_MS = 10_000;

export type { TimeWindow };

interface State extends TimeWindow {
  rangeMinutes: number;
}

function endingNow(rangeMinutes: number): State {
  const until = Date.now();
  return { rangeMinutes, from: until - rangeMinutes * MINUTE, until };
}

/**
 * The one time range every panel of a dashboard shows. Panels and markers all ask for exactly
 * this window, so one timestamp is at the same x on every panel and the crosshair can be shared.
 * It moves to "now" on the auto-refresh tick, on `advance()` (the refresh button, a reconnect)
 * and shortly after `nudge()` (a deploy or flip just happened), and then every panel refetches.
 * A fixed window (a zoom, a shared link: the dashboard route's `absolute`) is shown as it is and never moves.
 */
export function useDashboardWindow(rangeMinutes: number, refreshSeconds: number) {
  const absolute = useDashboardRouteContext()?.absolute ?? null;
  const [state, setState] = useState(() => endingNow(rangeMinutes));
  // A new range in Settings, or the way back to live, applies at once, without waiting for the next tick.
  const [wasAbsolute, setWasAbsolute] = useState(absolute !== null);
  if (state.rangeMinutes !== rangeMinutes || wasAbsolute !== (absolute !== null)) {
    setWasAbsolute(absolute !== null);
    setState(endingNow(rangeMinutes));
  }

  const live = absolute === null;
  const advance = useCallback(() => {
    if (live) setState((s) => endingNow(s.rangeMinutes));
  }, [live]);

  // The clock ticks on its interval, but a tick the hold refuses (a refresh still running, a slow
  // or failing Graphite resting) is skipped: the window moves on only with data to show for it.
  const hold = useRef<((intervalMs: number) => boolean) | null>(null);
  const holdRefresh = useCallback((refuses: (intervalMs: number) => boolean) => void (hold.current = refuses), []);
  useEffect(() => {
    if (refreshSeconds <= 0 || !live) return;
    const intervalMs = refreshSeconds * 1000;
    const timer = setInterval(() => {
      if (!hold.current?.(intervalMs)) advance();
    }, intervalMs);
    return () => clearInterval(timer);
  }, [advance, refreshSeconds, live]);

  const soon = useRef<ReturnType<typeof setTimeout> | null>(null);
  const followUp = useRef<ReturnType<typeof setTimeout> | null>(null);
  const nudge = useCallback(() => {
    soon.current ??= setTimeout(() => {
      soon.current = null;
      advance();
    }, NUDGE_DELAY_MS);
    if (followUp.current) clearTimeout(followUp.current);
    followUp.current = setTimeout(() => {
      followUp.current = null;
      advance();
    }, FOLLOW_UP_MS);
  }, [advance]);
  useEffect(
    () => () => {
      if (soon.current) clearTimeout(soon.current);
      if (followUp.current) clearTimeout(followUp.current);
    },
    [],
  );

  const window: TimeWindow = absolute ?? state;
  return { window, advance, nudge, live, holdRefresh };
}
