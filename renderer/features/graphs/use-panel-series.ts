import { useEffect, useState } from 'react';

import type { Series } from '../../../src/contract/wire-types';
import { useOpsQuery } from '../../api/use-ops-query';
import { renderTargets } from './render-targets';
import type { TimeWindow } from './use-dashboard-window';

/**
 * One panel's series over the dashboard's window, with Graphite consolidating to about one point
 * per pixel of plot (graphs-performance.md, rule 4). The last good answer stays when a refetch
 * fails. One load at a time per panel: a new range or size aborts the load running, while a
 * refresh tick that only moves the window on to now is skipped while the last one still runs,
 * so a slow Graphite gets one request per panel, never a pile of them.
 */
export function usePanelSeries(targets: readonly string[], window: TimeWindow, plotWidth: number) {
  // Refetch for a new size only when it moved by a noticeable step, not on every resize pixel.
  const maxDataPoints = Math.max(10, Math.round(plotWidth / 20) * 20);
  const { from, until } = window;
  // The first render has the width hook's guess, not the panel's measured width: asking then
  // cost every panel a render that the measured size aborted at once (the graphs bench saw 12 of
  // 24). The measurement and this flag land in the same re-render, so the first load is sized.
  const [mounted, setMounted] = useState(false);
  useEffect(() => setMounted(true), []);
  return useOpsQuery<Series[]>(
    mounted ? panelKey(targets, maxDataPoints, window) : null,
    (client) => renderTargets(client, targets, { from, until, maxDataPoints }),
    { isRefreshOf: isLaterWindow },
  );
}

function panelKey(targets: readonly string[], maxDataPoints: number, { from, until }: TimeWindow): string {
  return `${JSON.stringify([targets, maxDataPoints])}|${from}|${until}`;
}

function parseKey(key: string): { what: string; from: number; until: number } {
  const end = key.lastIndexOf('|');
  const mid = key.lastIndexOf('|', end - 1);
  return { what: key.slice(0, mid), from: Number(key.slice(mid + 1, end)), until: Number(key.slice(end + 1)) };
}

/** The same panel and span, moved on in time but overlapping: what the refresh clock does. A pan or zoom is not. */
export function isLaterWindow(next: string, running: string): boolean {
  const a = parseKey(next);
  const b = parseKey(running);
  return a.what === b.what && a.until - a.from === b.until - b.from && a.until > b.until && a.from < b.until;
}
