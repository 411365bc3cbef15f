import type { MouseEvent } from 'react';

import { useSettings } from '../../../api/settings-context';
import { formatClock } from '../../../lib/format-time';
import { plotRect, timeToX } from '../../graphs/chart/chart-geometry';
import { useTimeCursor } from '../../graphs/time-cursor-context';
import { useLogsNavigation } from '../logs-navigation';
import { useLogVolume } from './use-log-volume';

export type LogVolumeStripProps = {
  /** The panel's service: its log sources are counted (the config maps sources to services). */
  service: string | undefined;
  /** The dashboard's x range, shared with the chart above. */
  domain: readonly [number, number];
  /** The chart's width: the strip uses the same plot rectangle, so a bar sits under its moment. */
  width: number;
};

const STRIP_PX = 26;

/**
 * Log lines per bucket under a panel, on the chart's own time axis: a burst of errors lines up
 * with the spike above it. With a moment picked on a graph it offers that minute's logs; a click
 * on the strip opens the logs at the moment clicked.
 */
export function LogVolumeStrip({ service, domain, width }: LogVolumeStripProps) {
  const { settings } = useSettings();
  const { buckets, bucketMs, hasSources } = useLogVolume(service, domain);
  const cursor = useTimeCursor();
  const navigation = useLogsNavigation();
  if (!service || !hasSources || width <= 0) return null;

  const plot = plotRect(width);
  const xOf = (t: number) => timeToX(t, domain, plot);
  const barWidth = Math.max(1, (bucketMs / (domain[1] - domain[0])) * plot.width - 1);
  const peak = Math.max(1, ...(buckets ?? []).map((b) => b.total));
  const errors = (buckets ?? []).reduce((sum, b) => sum + b.errors, 0);
  const cursorShown = cursor.at !== null && cursor.at >= domain[0] && cursor.at <= domain[1];
  const open = (at: number) => navigation.openAt({ service, at });
  const onClick = (event: MouseEvent<SVGSVGElement>) => {
    const x = event.clientX - event.currentTarget.getBoundingClientRect().left;
    open(Math.round(domain[0] + ((x - plot.left) / plot.width) * (domain[1] - domain[0])));
  };

  return (
    <div className="log-volume-strip" data-testid="log-volume-strip" data-service={service} style={{ height: STRIP_PX }}>
      <svg
        width={width}
        height={STRIP_PX}
        role="img"
        aria-label={`Log lines of ${service} per ${bucketMs / 1000} s: ${errors} errors in view. Click to open the logs at that moment.`}
        onClick={onClick}
      >
        {(buckets ?? []).map((b) => {
          const x = xOf(b.at);
          if (x + barWidth < plot.left || x > plot.left + plot.width) return null;
          const total = (b.total / peak) * (STRIP_PX - 2);
          const bad = (b.errors / peak) * (STRIP_PX - 2);
          return (
            <g key={b.at} data-testid="log-volume-bucket" data-at={b.at} data-errors={b.errors}>
              <rect className="volume-total" x={x} y={STRIP_PX - total} width={barWidth} height={total} />
              {b.errors > 0 && <rect className="volume-errors" x={x} y={STRIP_PX - bad} width={barWidth} height={Math.max(1, bad)} />}
            </g>
          );
        })}
      </svg>
      {cursorShown && (
        <button type="button" className="log-volume-open" style={{ left: Math.min(xOf(cursor.at!), width - 150) }} onClick={() => open(cursor.at!)}>
          {`Logs at ${formatClock(cursor.at!, settings.timeZone, false)} →`}
        </button>
      )}
    </div>
  );
}
