import { useCallback, useEffect, useRef } from 'react';

import { useTimeCursor } from '../graphs/time-cursor-context';
import { useLogsNavigation } from './logs-navigation';

/** A cursor change this soon after a click on the panel is that click's doing. */
const CLICK_TO_CURSOR_MS = 1_000;

/**
 * The one time cursor reaching the logs: a click on a panel's graph sets the cursor (the chart
 * does that), and the logs of the panel's service open at that moment. The page does not scroll
 * to them (the strip's "Logs at …" button does), so clicking through graphs stays where it is.
 * Returns the click handler for the panel's chart.
 */
export function useLogsFollowClicks(service: string | undefined): () => void {
  const navigation = useLogsNavigation();
  const { at } = useTimeCursor();
  const clickedAt = useRef(Number.NEGATIVE_INFINITY);
  useEffect(() => {
    if (at === null || !service || performance.now() - clickedAt.current > CLICK_TO_CURSOR_MS) return;
    clickedAt.current = Number.NEGATIVE_INFINITY;
    navigation.openAt({ service, at, reveal: false });
  }, [at, service, navigation]);
  return useCallback(() => {
    clickedAt.current = performance.now();
  }, []);
}
