import { useSettings } from '../../api/settings-context';
import { formatMinutes } from '../../lib/format-time';
import { Panel } from '../../ui/panel';
import { StaleNotice } from '../../ui/stale-notice';
import { useNow } from '../../ui/use-now';
import { plotRect } from './chart-geometry';
import { LastDeployBadge } from './last-deploy-badge';
import { TimeSeriesChart } from './time-series-chart';
import { useChartData } from './use-chart-data';
import { useElementWidth } from './use-element-width';

export type ChartPanelProps = { title: string; target: string };

const MINUTE = 60_000;

/** One Graphite target over the chosen range, with deploy and flip markers. */
export function ChartPanel({ title, target }: ChartPanelProps) {
  const { settings } = useSettings();
  const { ref, width } = useElementWidth<HTMLDivElement>();
  const { render, listed, markers, refetch } = useChartData(target, settings.rangeMinutes, plotRect(width).width, settings.autoRefreshSeconds);
  const now = useNow(60_000);

  // Before the first answer (or if there never is one) the frame still shows the requested range.
  const from = render.data?.from ?? now - settings.rangeMinutes * MINUTE;
  const renderedUntil = render.data?.until ?? now;
  const lastMarkerAt = markers.length ? markers[markers.length - 1]!.at : 0;
  const domain: [number, number] = [from, Math.max(renderedUntil, lastMarkerAt)];
  const visible = markers.filter((m) => m.at >= domain[0] && m.at <= domain[1]);

  return (
    <Panel
      title={title}
      testId="chart-panel"
      className="chart-panel"
      actions={
        <>
          <LastDeployBadge markers={visible} />
          <span className="badge muted">last {formatMinutes(settings.rangeMinutes)}</span>
          <span className="legend">
            <span className="legend-swatch deploy" /> deploy <span className="legend-swatch flip" /> flip
          </span>
          <button type="button" className="icon-button" onClick={refetch} aria-label={`Refresh ${title}`} title="Refresh">
            ↻
          </button>
        </>
      }
    >
      {render.error && render.errorAt !== null && (
        <StaleNotice what="Graphite" error={render.error} errorAt={render.errorAt} fetchedAt={render.data ? render.fetchedAt : null} />
      )}
      {listed.error && listed.errorAt !== null && (
        <StaleNotice what="Deploy markers" error={listed.error} errorAt={listed.errorAt} fetchedAt={listed.data ? listed.fetchedAt : null} />
      )}
      <div ref={ref} className="chart-host" aria-busy={render.loading}>
        <TimeSeriesChart width={width} series={render.data?.set.series ?? []} markers={visible} domain={domain} zone={settings.timeZone} />
      </div>
    </Panel>
  );
}
