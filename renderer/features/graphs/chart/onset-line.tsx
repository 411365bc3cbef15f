import type { TimeZone } from '../../../lib/format-time';
import { formatClock } from '../../../lib/format-time';
import { ONSET_METHOD } from '../onset';
import { timeToX } from './chart-geometry';
import type { PlotRect } from './chart-geometry';

const LABEL_ROOM_PX = 110;

export type OnsetLineProps = { at: number; domain: readonly [number, number]; plot: PlotRect; zone: TimeZone };

/** Where the anomaly at the time cursor started, on the panel it was found on: "started 16:24:20". */
export function OnsetLine({ at, domain, plot, zone }: OnsetLineProps) {
  if (at < domain[0] || at > domain[1]) return null;
  const x = Math.round(timeToX(at, domain, plot));
  // Near the right edge (an anomaly happening now) the label goes on the line's left.
  const side = x > plot.left + plot.width - LABEL_ROOM_PX ? ' label-left' : '';
  return (
    <div className={`chart-onset${side}`} data-testid="anomaly-onset" data-at={at} style={{ top: plot.top, height: plot.height, transform: `translateX(${x}px)` }} title={`Onset: ${ONSET_METHOD}`}>
      <span className="chart-onset-label">started {formatClock(at, zone)}</span>
    </div>
  );
}
