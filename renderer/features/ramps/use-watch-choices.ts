import { useMemo } from 'react';

import type { DashboardEntry } from '../../../src/contract/backend-definitions';
import { useOpsQuery } from '../../api/use-ops-query';
import { renderTargets } from '../graphs/render-targets';
import { watchChoices } from './ramp-watches';
import type { WatchChoice } from './ramp-watches';

/** How far back a panel of several services is read to learn which series it draws. */
const SERIES_LOOKBACK_MS = 10 * 60_000;

/**
 * The series a ramp of `flagKey` may watch (ramp-watches.ts): the dashboards' panels with
 * thresholds, the series of a mixed panel read once from Graphite.
 */
export function useWatchChoices(flagKey: string): { choices: WatchChoice[]; loading: boolean } {
  const dashboards = useOpsQuery<DashboardEntry[]>('ramp-watch-dashboards', (c) => c.request('dashboards.list', {}));
  const mixed = useMemo(
    () => (dashboards.data ?? []).flatMap((d) => d.dashboard.panels).filter((p) => !p.service && (p.thresholds?.high !== undefined || p.thresholds?.low !== undefined)),
    [dashboards.data],
  );
  const series = useOpsQuery<Map<string, string[]>>(dashboards.data ? `ramp-watch-series|${mixed.map((p) => p.title).join('|')}` : null, async (c) => {
    const until = Date.now();
    const named = await Promise.all(
      mixed.map(async (panel) => {
        const drawn = await renderTargets(c, panel.targets, { from: until - SERIES_LOOKBACK_MS, until, maxDataPoints: 10 });
        return [panel.title, drawn.map((s) => s.name)] as const;
      }),
    );
    return new Map(named);
  });
  const choices = useMemo(() => watchChoices(dashboards.data ?? [], flagKey, series.data ?? new Map()), [dashboards.data, flagKey, series.data]);
  return { choices, loading: dashboards.loading || series.loading };
}
