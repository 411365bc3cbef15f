import type { Series } from '../../../src/contract/wire-types';
import { useOpsQuery } from '../../api/use-ops-query';
import type { TimeWindow } from './use-dashboard-window';

/** `graphs.render` takes at most this many targets; a bigger panel asks in several requests. */
const TARGETS_PER_REQUEST = 20;

/**
 * One panel's series over the dashboard's window, with Graphite consolidating to about one point
 * per pixel of plot (graphs-performance.md, rule 4). The last good answer stays when a refetch
 * fails.
 */
export function usePanelSeries(targets: readonly string[], window: TimeWindow, plotWidth: number) {
  // Refetch for a new size only when it moved by a noticeable step, not on every resize pixel.
  const maxDataPoints = Math.max(10, Math.round(plotWidth / 20) * 20);
  const { from, until } = window;
  return useOpsQuery<Series[]>(`${JSON.stringify(targets)}|${from}|${until}|${maxDataPoints}`, async (client) => {
    const chunks: string[][] = [];
    for (let i = 0; i < targets.length; i += TARGETS_PER_REQUEST) chunks.push(targets.slice(i, i + TARGETS_PER_REQUEST));
    const sets = await Promise.all(chunks.map((chunk) => client.request('graphs.render', { targets: chunk, from, until, maxDataPoints })));
    return sets.flatMap((set) => set.series);
  });
}
