import { CartesianGrid, LineChart, XAxis, YAxis } from 'recharts';

import type { PanelDefinition } from '../../../../src/contract/backend-definitions';
import type { Marker, Series } from '../../../../src/contract/wire-types';
import type { TimeZone } from '../../../lib/format-time';
import { formatAxisTime } from '../../../lib/format-time';
import { niceDomain, niceTicks } from '../../../lib/series-path';
import { timeTicks } from '../../../lib/time-ticks';
import { plainTick } from './axis-tick';
import { CHART_HEIGHT, MARGIN, plotRect, X_AXIS_HEIGHT, Y_AXIS_WIDTH } from './chart-geometry';
import { ChartOverlay } from './chart-overlay';
import { MarkerLines } from './marker-lines';
import { OnsetLine } from './onset-line';
import { SeriesLayer } from './series-layer';
import { ThresholdLines } from './threshold-lines';
import { useDragZoom } from './use-drag-zoom';
import { TimeCursorLine } from './time-cursor-line';

export type TimeSeriesChartProps = {
  width: number;
  series: readonly Series[];
  /** Ascending by `at`, already limited to the domain. */
  markers: readonly Marker[];
  domain: readonly [number, number];
  zone: TimeZone;
  unit: string;
  thresholds?: PanelDefinition['thresholds'];
  /** The panel's id in the series registry: a click sets the time cursor from this panel. */
  originId?: string;
  /** Where the anomaly at the time cursor started, when it is on this panel. */
  onsetAt?: number | null;
};

/**
 * recharts draws only the frame (axes, grid) from explicit domains; our layers draw the series and
 * markers, and an HTML overlay does hover. See graphs-performance.md for why.
 */
export function TimeSeriesChart({ width, series, markers, domain, zone, unit, thresholds, originId, onsetAt = null }: TimeSeriesChartProps) {
  const plot = plotRect(width);
  // Thresholds are part of the y range, so the line is always on screen and the headroom to it
  // reads at a glance.
  const yDomain = niceDomain([...series.flatMap((s) => s.values), thresholds?.low ?? null, thresholds?.high ?? null]);
  const yTicks = niceTicks(yDomain);
  const xDomain: [number, number] = [domain[0], domain[1]];
  const span = domain[1] - domain[0];
  const zoom = useDragZoom(plot, xDomain);
  return (
    <div className="chart" data-from={domain[0]} data-until={domain[1]} style={{ width, height: CHART_HEIGHT }} onMouseDown={zoom.onMouseDown} onClickCapture={zoom.onClickCapture}>
      <LineChart width={width} height={CHART_HEIGHT} margin={MARGIN}>
        <CartesianGrid className="chart-grid" vertical={false} />
        <XAxis
          type="number"
          dataKey="t"
          domain={xDomain}
          allowDataOverflow
          ticks={timeTicks(domain[0], domain[1], plot.width, zone)}
          // Our ticks never collide (timeTicks spaces them for the width): no label measuring, no tick search.
          interval={0}
          niceTicks="none"
          tick={plainTick((t) => formatAxisTime(t, zone, span), '0.71em')}
          height={X_AXIS_HEIGHT}
          tickLine={false}
          stroke="currentColor"
        />
        <YAxis
          type="number"
          domain={yDomain}
          allowDataOverflow
          width={Y_AXIS_WIDTH}
          tickLine={false}
          axisLine={false}
          ticks={yTicks}
          interval={0}
          niceTicks="none"
          tick={plainTick(String, '0.355em')}
          stroke="currentColor"
        />
        {thresholds && <ThresholdLines thresholds={thresholds} yDomain={yDomain} />}
        <SeriesLayer series={series} xDomain={xDomain} yDomain={yDomain} />
        <MarkerLines markers={markers} xDomain={xDomain} />
      </LineChart>
      <TimeCursorLine domain={xDomain} plot={plot} />
      {onsetAt !== null && <OnsetLine at={onsetAt} domain={xDomain} plot={plot} zone={zone} />}
      <ChartOverlay series={series} markers={markers} domain={xDomain} yDomain={yDomain} plot={plot} zone={zone} unit={unit} originId={originId} />
      <div ref={zoom.band} className="chart-zoom-band" data-testid="zoom-band" style={{ top: plot.top, height: plot.height }} />
    </div>
  );
}
