import { usePlotArea, useYAxisScale } from 'recharts';

import type { PanelDefinition } from '../../../../src/contract/backend-definitions';
import { linearMap } from '../../../lib/series-path';

export type ThresholdLinesProps = {
  thresholds: NonNullable<PanelDefinition['thresholds']>;
  yDomain: readonly [number, number];
};

/** A dashed line at each threshold and a faint band beyond it, so a breach reads as "in the red zone". */
export function ThresholdLines({ thresholds, yDomain }: ThresholdLinesProps) {
  const yScale = useYAxisScale();
  const plot = usePlotArea();
  if (!yScale || !plot) return null;
  const y = linearMap((v) => yScale(v), yDomain[0], yDomain[1]);
  if (!y) return null;
  const left = plot.x;
  const right = plot.x + plot.width;
  const top = plot.y;
  const bottom = plot.y + plot.height;
  const yOf = (v: number) => Math.min(bottom, Math.max(top, Math.round(y.a + y.b * v))) + 0.5;
  const { low, high } = thresholds;
  return (
    <g className="threshold-lines" pointerEvents="none">
      {high !== undefined && (
        <>
          <rect className="threshold-band" x={left} y={top} width={plot.width} height={Math.max(0, yOf(high) - top)} />
          <path className="threshold-line" data-testid="threshold-line" data-value={high} d={`M${left},${yOf(high)}H${right}`} />
        </>
      )}
      {low !== undefined && (
        <>
          <rect className="threshold-band" x={left} y={yOf(low)} width={plot.width} height={Math.max(0, bottom - yOf(low))} />
          <path className="threshold-line" data-testid="threshold-line" data-value={low} d={`M${left},${yOf(low)}H${right}`} />
        </>
      )}
    </g>
  );
}
