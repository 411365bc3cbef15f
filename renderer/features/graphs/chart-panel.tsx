import { memo, useId, useMemo } from 'react';

import type { PanelDefinition } from '../../../src/contract/backend-definitions';
import type { Marker } from '../../../src/contract/wire-types';
import { useSettings } from '../../api/settings-context';
import { formatValue } from '../../lib/format-value';
import { Panel } from '../../ui/panel';
import { StaleNotice } from '../../ui/stale-notice';
import { useLogsFollowClicks } from '../logs/use-logs-follow-clicks';
import { LogVolumeStrip } from '../logs/volume-strip/log-volume-strip';
import { CHART_HEIGHT, plotRect } from './chart/chart-geometry';
import { TimeSeriesChart } from './chart/time-series-chart';
import { LastDeployBadge } from './last-deploy-badge';
import { markersForPanel } from './panel-markers';
import { SeriesLegend } from './series-legend';
import { useRegisterPanelSeries } from './panel-series-registry';
import { panelBreach, seriesStats } from './series-stats';
import { useOnsetOnPanel } from './use-cursor-anomaly';
import type { DashboardLoader } from './dashboard-loader';
import { LastKnownBadge } from './last-known-badge';
import { usePanelLoad } from './use-dashboard-loader';
import { useElementWidth } from './use-element-width';
import { useInView } from './use-in-view';

export type ChartPanelProps = {
  panel: PanelDefinition;
  /** The dashboard's loader, which asks for this panel's series over the shared window. */
  loader: DashboardLoader;
  /** The panel's place on the dashboard. */
  index: number;
  /** The dashboard's x range: the window, stretched to a marker pushed after it. Shared by every panel. */
  domain: readonly [number, number];
  /** Every marker in the domain, ascending; this panel keeps its service's, and its tags'. */
  markers: readonly Marker[];
  /** The dashboard's marker tag filter, for a panel without its own. */
  markerTags?: readonly string[] | undefined;
};

/** A panel re-renders as its load starts and ends; the chart only when what it draws changed. */
const Chart = memo(TimeSeriesChart);

/** One panel of a dashboard: its targets over the shared window, its thresholds, its service's markers. */
export function ChartPanel({ panel, loader, index, domain, markers, markerTags }: ChartPanelProps) {
  const { settings } = useSettings();
  // Measured before the first paint and before the dashboard shows its window, so the first
  // render asked of Graphite is already at this size.
  const { ref, width } = useElementWidth<HTMLDivElement>((measured) => loader.setPlotWidth(index, plotRect(measured).width));
  const render = usePanelLoad(loader, index);
  // The chart is drawn once there is something to draw (series, a failure to show beside the
  // markers): an empty frame first would be drawn again in full when the series arrive, and on a
  // cold load those frames took the window's time just as the first answers came in.
  const hasAnswer = render.data !== undefined || render.error !== null;
  useInView(ref, (visible) => loader.setVisible(index, visible));
  // A fixed range ends where it ends: a deploy pushed after it is not drawn past the axis.
  const tags = panel.markerTags ?? markerTags;
  const shown = useMemo(() => markersForPanel(markers, panel.service, tags).filter((m) => m.at <= domain[1]), [markers, panel.service, tags, domain]);
  const series = useMemo(() => render.data ?? [], [render.data]);
  // What a click on this panel is read against: its own series, where the anomaly at the cursor is looked for.
  const originId = useId();
  useRegisterPanelSeries(originId, panel, series);
  const onsetAt = useOnsetOnPanel(originId);
  const stats = useMemo(() => series.map((s) => seriesStats(s.values)), [series]);
  const breach = panelBreach(stats, panel.thresholds);
  const limit = breach === 'high' ? panel.thresholds?.high : breach === 'low' ? panel.thresholds?.low : undefined;
  // Not a failure to retry but something to set up (no Graphite, or its secret is missing): the
  // core's message says what and where, so it replaces the stale notice.
  const setup = render.error?.code === 'not_configured' ? render.error : null;
  const onChartClick = useLogsFollowClicks(panel.service);

  return (
    <Panel
      title={panel.title}
      subtitle={panel.unit || undefined}
      testId="chart-panel"
      className={`chart-panel${breach ? ' breach' : ''}${onsetAt !== null ? ' has-onset' : ''}`}
      data={{ 'data-breach': breach ?? undefined, 'data-service': panel.service, 'data-origin': originId }}
      actions={
        <>
          {limit !== undefined && (
            <span className="badge breach-badge" role="status">
              {breach === 'high' ? 'above' : 'below'} {formatValue(limit, panel.unit)}
            </span>
          )}
          {panel.service && <span className="badge muted">{panel.service}</span>}
          {render.lastKnown && render.fetchedAt !== null && <LastKnownBadge fetchedAt={render.fetchedAt} />}
          <LastDeployBadge markers={shown} />
        </>
      }
    >
      {setup ? (
        <p className="not-configured" data-testid="not-configured" role="status">
          {setup.message}
        </p>
      ) : (
        render.error &&
        render.errorAt !== null && <StaleNotice what="Graphite" error={render.error} errorAt={render.errorAt} fetchedAt={render.data ? render.fetchedAt : null} />
      )}
      {/* The chart's room is kept until its first answer, so nothing below moves when it appears. */}
      <div ref={ref} className="chart-host" style={{ minHeight: CHART_HEIGHT }} aria-busy={render.loading} onClick={onChartClick}>
        {width !== null && hasAnswer && (
          <Chart
            width={width}
            series={series}
            markers={shown}
            domain={domain}
            zone={settings.timeZone}
            unit={panel.unit}
            thresholds={panel.thresholds}
            originId={originId}
            onsetAt={onsetAt}
          />
        )}
      </div>
      <LogVolumeStrip service={panel.service} domain={domain} width={width ?? 0} />
      <SeriesLegend series={series} stats={stats} unit={panel.unit} thresholds={panel.thresholds} />
    </Panel>
  );
}
