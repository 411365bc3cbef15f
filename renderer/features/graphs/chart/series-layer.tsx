import { useXAxisScale, useYAxisScale } from 'recharts';

import type { Series } from '../../../../src/contract/wire-types';
import { linearMap, seriesPath } from '../../../lib/series-path';

export type SeriesLayerProps = {
  series: readonly Series[];
  xDomain: readonly [number, number];
  yDomain: readonly [number, number];
};

/**
 * Draws every series as one <path> inside recharts' frame, using its scales. Much cheaper than
 * <Line> (see graphs-performance.md): no per-point objects, no animation, no tooltip machinery.
 */
export function SeriesLayer({ series, xDomain, yDomain }: SeriesLayerProps) {
  const xScale = useXAxisScale();
  const yScale = useYAxisScale();
  if (!xScale || !yScale) return null;
  const x = linearMap((v) => xScale(v), xDomain[0], xDomain[1]);
  const y = linearMap((v) => yScale(v), yDomain[0], yDomain[1]);
  if (!x || !y) return null;
  return (
    <g className="series-layer">
      {series.map((s, k) => (
        <path
          // Position, not target: one wildcard target comes back as several series.
          key={k}
          className={`series-line series-${k % 6}`}
          data-target={s.target}
          d={seriesPath(s.timestamps, s.values, x, y, xDomain[1])}
          fill="none"
        />
      ))}
    </g>
  );
}
