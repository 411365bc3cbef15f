import type { Marker } from '../../../../src/contract/wire-types';

/**
 * How far apart two ticks' centres must be: a "+12" tick is about this wide, so closer ticks would
 * overlap, and the one on top would take the other's hover and clicks (seen in e2e at 24 h). Markers
 * closer than this (not only those under ~6 px) therefore share a tick.
 */
export const CLUSTER_PX = 18;

export interface MarkerCluster {
  /** Ascending by `at`, as the panel's markers are. */
  markers: readonly Marker[];
  /** Where the one tick sits: the middle of the cluster's span. */
  x: number;
  kind: Marker['kind'] | 'mixed';
}

/**
 * Groups a panel's markers (ascending) in one pass: a marker joins the current cluster when its own
 * tick would sit closer than `gapPx` to the cluster's tick (at the middle of its span). So ticks never
 * overlap, and since the middle only moves half as far as the span grows, a cluster spans under
 * 2 × `gapPx`: a day of deploys 3 px apart makes many small clusters, not one over the whole plot.
 */
export function clusterMarkers(markers: readonly Marker[], xOf: (t: number) => number, gapPx = CLUSTER_PX): MarkerCluster[] {
  const clusters: MarkerCluster[] = [];
  let run: Marker[] = [];
  let start = 0;
  let end = 0;
  const flush = () => {
    if (run.length === 0) return;
    const kinds = new Set(run.map((m) => m.kind));
    clusters.push({ markers: run, x: (start + end) / 2, kind: kinds.size > 1 ? 'mixed' : run[0]!.kind });
  };
  for (const m of markers) {
    const x = xOf(m.at);
    if (run.length > 0 && x - (start + end) / 2 < gapPx) {
      run.push(m);
      end = x;
      continue;
    }
    flush();
    run = [m];
    start = end = x;
  }
  flush();
  return clusters;
}
