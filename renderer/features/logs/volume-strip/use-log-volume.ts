import { useMemo } from 'react';

import type { LogVolumeBucket } from '../../../../src/contract/wire-types';
import { useCatalog } from '../../../api/catalog-context';
import { useOpsQuery } from '../../../api/use-ops-query';
import type { SourceWithStatus } from '../use-log-sources';

/** About this many bars across a panel: thin enough to line up with a spike, wide enough to see. */
const TARGET_BUCKETS = 120;
const SECOND = 1_000;
const NICE_BUCKETS = [1, 5, 10, 15, 30, 60, 120, 300, 600, 900, 1_800, 3_600, 7_200, 21_600, 43_200, 86_400].map((s) => s * SECOND);

/** The smallest round bucket that keeps the strip near TARGET_BUCKETS bars over `spanMs`. */
export function bucketFor(spanMs: number): number {
  return NICE_BUCKETS.find((b) => spanMs / b <= TARGET_BUCKETS) ?? Math.ceil(spanMs / TARGET_BUCKETS / 86_400_000) * 86_400_000;
}

/**
 * Lines per bucket for the sources of `service` over the dashboard's window, refreshed as the
 * window moves; nothing at all when the panel has no service or the service no log source.
 */
export function useLogVolume(service: string | undefined, domain: readonly [number, number]) {
  const { version } = useCatalog();
  const sources = useOpsQuery<SourceWithStatus[]>(service ? `log-sources|${version}` : null, (c) => c.request('logs.sources', {}));
  const sourceIds = useMemo(
    () => (sources.data ?? []).filter((e) => e.source.service === service).map((e) => e.source.id),
    [sources.data, service],
  );
  const bucketMs = bucketFor(domain[1] - domain[0]);
  const from = Math.floor(domain[0] / bucketMs) * bucketMs;
  const until = Math.max(from + bucketMs, Math.ceil(domain[1] / bucketMs) * bucketMs);
  const ids = sourceIds.join(',');
  const volume = useOpsQuery<LogVolumeBucket[]>(
    sourceIds.length ? `log-volume|${ids}|${bucketMs}|${from}|${until}` : null,
    (c) => c.request('logs.volume', { sourceIds, from, until, bucketMs, filter: null }),
    // A moving window asks again only once the last answer is in.
    { isRefreshOf: (next, running) => next.split('|').slice(0, 3).join('|') === running.split('|').slice(0, 3).join('|') },
  );
  return { buckets: volume.data ?? null, bucketMs, hasSources: sourceIds.length > 0, error: volume.error };
}
