import { memo, useMemo, useState } from 'react';
import type { MouseEvent } from 'react';

import type { Marker } from '../../../../src/contract/wire-types';
import type { TimeZone } from '../../../lib/format-time';
import { formatDateTime } from '../../../lib/format-time';
import { useMarkerActions } from '../marker-actions-context';
import { describeMarker } from './describe-marker';
import { MarkerClusterTick } from './marker-cluster-tick';
import { clusterMarkers } from './marker-clusters';

export type MarkerTicksProps = {
  markers: readonly Marker[];
  xOf: (t: number) => number;
  zone: TimeZone;
  onFocusMarker: (marker: Marker | null) => void;
};

/**
 * One small tick per cluster of markers along the top edge: focusable, so who/what/when is
 * reachable from the keyboard, and a stable hook for tests. Markers a few pixels apart share one
 * tick ("+3"), so a thousand markers cost a few dozen elements and none hides another
 * (Grafana draws only one of several markers at a pixel). The lines are one path in the chart.
 */
export const MarkerTicks = memo(function MarkerTicks({ markers, xOf, zone, onFocusMarker }: MarkerTicksProps) {
  const clusters = useMemo(() => clusterMarkers(markers, xOf), [markers, xOf]);
  // Only one cluster's list is open per panel; keyed by its first marker so a refresh keeps it.
  const [open, setOpen] = useState<string | null>(null);
  const { onMarkerMenu } = useMarkerActions();
  return (
    <div className="marker-ticks">
      {clusters.map((cluster) => {
        const first = cluster.markers[0]!;
        if (cluster.markers.length > 1) {
          return <MarkerClusterTick key={first.id} cluster={cluster} zone={zone} open={open === first.id} onOpen={(o) => setOpen(o ? first.id : null)} />;
        }
        const description = describeMarker(first, formatDateTime(first.at, zone));
        const common = {
          className: `marker-tick ${first.kind}`,
          'data-testid': `${first.kind}-marker`,
          'data-at': first.at,
          title: description,
          'aria-label': `${first.kind}: ${description}`,
          style: { transform: `translateX(${Math.round(cluster.x)}px)` },
          onFocus: () => onFocusMarker(first),
          onBlur: () => onFocusMarker(null),
          // What to do about this change (the inverse of a flip), where another feature offers it.
          onContextMenu: onMarkerMenu
            ? (event: MouseEvent) => {
                event.preventDefault();
                onMarkerMenu(first);
              }
            : undefined,
        };
        return first.link ? (
          <a key={first.id} {...common} href={first.link} target="_blank" rel="noopener noreferrer" />
        ) : (
          <span key={first.id} {...common} tabIndex={0} />
        );
      })}
    </div>
  );
});
