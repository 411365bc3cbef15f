import { usePlotArea, useXAxisScale } from 'recharts';

import type { Marker } from '../../../../src/contract/wire-types';
import { linearMap, markerPath } from '../../../lib/series-path';

export type MarkerLinesProps = { markers: readonly Marker[]; xDomain: readonly [number, number] };

/** Every vertical line of one kind in a single path: a thousand deploys cost two elements, not a thousand. */
export function MarkerLines({ markers, xDomain }: MarkerLinesProps) {
  const xScale = useXAxisScale();
  const plot = usePlotArea();
  if (!xScale || !plot) return null;
  const x = linearMap((v) => xScale(v), xDomain[0], xDomain[1]);
  if (!x) return null;
  const top = plot.y;
  const bottom = plot.y + plot.height;
  const at = (kind: Marker['kind']) => markers.filter((m) => m.kind === kind).map((m) => m.at);
  return (
    <g className="marker-lines" pointerEvents="none">
      <path className="marker-line deploy" d={markerPath(at('deploy'), x, top, bottom)} />
      <path className="marker-line flip" d={markerPath(at('flip'), x, top, bottom)} />
    </g>
  );
}
