import { useId, useMemo } from 'react';

import type { PanelDefinition } from '../../../src/contract/backend-definitions';
import type { Marker } from '../../../src/contract/wire-types';
import { useSettings } from '../../api/settings-context';
import { formatValue } from '../../lib/format-value';
import { Panel } from '../../ui/panel';
import { StaleNotice } from '../../ui/stale-notice';
import { useLogsFollowClicks } from '../logs/use-logs-follow-clicks';
import { LogVolumeStrip } from '../logs/volume-strip/log-volume-strip';
import { plotRect } from './chart/chart-geometry';
import { TimeSeriesChart } from './chart/time-series-chart';
import { LastDeployBadge } from './last-deploy-badge';
import { markersForPanel } from './panel-markers';
import { SeriesLegend } from './series-legend';
import { useRegisterPanelSeries } from './panel-series-registry';
import { panelBreach, seriesStats } from './series-stats';
import { useOnsetOnPanel } from './use-cursor-anomaly';
import type { TimeWindow } from './use-dashboard-window';
import { useElementWidth } from './use-element-width';
import { usePanelSeries } from './use-panel-series';

export type ChartPanelProps = {
  panel: PanelDefinition;
  window: TimeWindow;
  /** The dashboard's x range: the window, stretched to a marker pushed after it. Shared by every panel. */
  domain: readonly [number, number];
  /** Every marker in the domain, ascending; this panel keeps its service's, and its tags'. */
  markers: readonly Marker[];
  /** The dashboard's marker tag filter, for a panel without its own. */
  markerTags?: readonly string[] | undefined;
};

/** One panel of a dashboard: its targets over the shared window, its thresholds, its service's markers. */
export function ChartPanel({ panel, window, domain, markers, markerTags }: ChartPanelProps) {
  const { settings } = useSettings();
  const { ref, width } = useElementWidth<HTMLDivElement>();
  const render = usePanelSeries(panel.targets, window, plotRect(width).width);
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
      <div ref={ref} className="chart-host" aria-busy={render.loading} onClick={onChartClick}>
        <TimeSeriesChart
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
      </div>
      <LogVolumeStrip service={panel.service} domain={domain} width={width} />
      <SeriesLegend series={series} stats={stats} unit={panel.unit} thresholds={panel.thresholds} />
    </Panel>
  );
}
