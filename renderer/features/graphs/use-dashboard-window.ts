import { useCallback, useEffect, useRef, useState } from 'react';

const MINUTE = 60_000;
/** Markers often come in bursts (a deploy to nine hosts): one refetch for the burst. */
const NUDGE_DELAY_MS = 250;
/** Graphite's finest step is 10 s, so a flip's effect is only in the data one step later: look again then. */
const FOLLOW_UP_MS = 10_000;

export interface TimeWindow {
  from: number;
  until: number;
}

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
 */
export function useDashboardWindow(rangeMinutes: number, refreshSeconds: number) {
  const [state, setState] = useState(() => endingNow(rangeMinutes));
  // A new range in Settings applies at once, without waiting for the next tick.
  if (state.rangeMinutes !== rangeMinutes) setState(endingNow(rangeMinutes));

  const advance = useCallback(() => setState((s) => endingNow(s.rangeMinutes)), []);

  useEffect(() => {
    if (refreshSeconds <= 0) return;
    const timer = setInterval(advance, refreshSeconds * 1000);
    return () => clearInterval(timer);
  }, [advance, refreshSeconds]);

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

  const window: TimeWindow = state;
  return { window, advance, nudge };
}
