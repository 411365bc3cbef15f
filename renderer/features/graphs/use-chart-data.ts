import { useCallback, useMemo, useState } from 'react';

import type { Marker, SeriesSet } from '../../../src/contract/wire-types';
import { useReconnect } from '../../api/ops-client';
import { useOpsEvent } from '../../api/use-ops-event';
import { useOpsQuery } from '../../api/use-ops-query';

const MINUTE = 60_000;

export interface RenderResult {
  from: number;
  until: number;
  set: SeriesSet;
}

/**
 * The series of one panel and the markers over the same range. They come from different backends,
 * so each keeps its own last good data and error: a dead Graphite does not hide the deploys.
 */
export function useChartData(target: string, rangeMinutes: number, plotWidth: number, refreshSeconds: number) {
  // Refetch for a new size only when it moved by a noticeable step, not on every resize pixel.
  const maxDataPoints = Math.max(10, Math.round(plotWidth / 20) * 20);
  const render = useOpsQuery<RenderResult>(
    `${target}|${rangeMinutes}|${maxDataPoints}`,
    async (client) => {
      const until = Date.now();
      const from = until - rangeMinutes * MINUTE;
      const set = await client.request('graphs.render', { targets: [target], from, until, maxDataPoints });
      return { from, until, set };
    },
    { refreshSeconds },
  );
  const listed = useOpsQuery<Marker[]>(
    `markers|${rangeMinutes}`,
    (client) => {
      const until = Date.now();
      return client.request('markers.list', { from: until - rangeMinutes * MINUTE, until });
    },
    { refreshSeconds },
  );
  const [live, setLive] = useState<Marker[]>([]);
  const { refetch: refetchRender } = render;
  useOpsEvent(
    'markers.added',
    useCallback(
      ({ markers }: { markers: Marker[] }) => {
        setLive((current) => [...current, ...markers]);
        // Slide the window to now so the new marker has data around it.
        refetchRender();
      },
      [refetchRender],
    ),
  );

  const markers = useMemo(() => {
    const byId = new Map<string, Marker>();
    for (const m of listed.data ?? []) byId.set(m.id, m);
    for (const m of live) byId.set(m.id, m);
    return [...byId.values()].sort((a, b) => a.at - b.at);
  }, [listed.data, live]);

  const { refetch: refetchListed } = listed;
  const refetch = useCallback(() => {
    refetchRender();
    refetchListed();
  }, [refetchRender, refetchListed]);
  // Markers added while the stream was down are only in the deploy log now.
  useReconnect(refetch);

  return { render, listed, markers, refetch };
}
