import { useMemo } from 'react';
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
  const x = xScale ? linearMap((v) => xScale(v), xDomain[0], xDomain[1]) : null;
  const y = yScale ? linearMap((v) => yScale(v), yDomain[0], yDomain[1]) : null;
  // recharts re-renders its children several times while it settles a chart: the paths are
  // built once per series and scale, not on each of those passes.
  const paths = useMemo(
    () => (x && y ? series.map((s) => seriesPath(s.timestamps, s.values, x, y, xDomain[1])) : null),
    // eslint-disable-next-line react-hooks/exhaustive-deps -- the maps are compared by their numbers
    [series, x?.a, x?.b, y?.a, y?.b, xDomain[1]],
  );
  if (!paths) return null;
  return (
    <g className="series-layer">
      {series.map((s, k) => (
        <path
          // Position, not target: one wildcard target comes back as several series.
          key={k}
          className={`series-line series-${k % 6}`}
          data-target={s.target}
          d={paths[k]}
          fill="none"
        />
      ))}
    </g>
  );
}
