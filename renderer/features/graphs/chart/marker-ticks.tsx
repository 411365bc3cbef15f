import { memo } from 'react';

import type { Marker } from '../../../../src/contract/wire-types';
import type { TimeZone } from '../../../lib/format-time';
import { formatDateTime } from '../../../lib/format-time';
import { describeMarker } from './describe-marker';

export type MarkerTicksProps = {
  markers: readonly Marker[];
  xOf: (t: number) => number;
  zone: TimeZone;
  onFocusMarker: (marker: Marker | null) => void;
};

/**
 * A small tick per marker along the top edge: focusable, so who/what/when is reachable from the
 * keyboard, and a stable hook for tests. The lines themselves are one path in the chart.
 */
export const MarkerTicks = memo(function MarkerTicks({ markers, xOf, zone, onFocusMarker }: MarkerTicksProps) {
  return (
    <div className="marker-ticks">
      {markers.map((m) => {
        const common = {
          className: `marker-tick ${m.kind}`,
          'data-testid': `${m.kind}-marker`,
          'data-at': m.at,
          title: describeMarker(m, formatDateTime(m.at, zone)),
          'aria-label': `${m.kind}: ${describeMarker(m, formatDateTime(m.at, zone))}`,
          style: { transform: `translateX(${Math.round(xOf(m.at))}px)` },
          onFocus: () => onFocusMarker(m),
          onBlur: () => onFocusMarker(null),
        };
        return m.link ? (
          <a key={m.id} {...common} href={m.link} target="_blank" rel="noopener noreferrer" />
        ) : (
          <span key={m.id} {...common} tabIndex={0} />
        );
      })}
    </div>
  );
});
