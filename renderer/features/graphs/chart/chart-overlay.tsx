import { useCallback, useMemo, useRef } from 'react';
import type { MouseEvent } from 'react';

import type { Marker, Series } from '../../../src/contract/wire-types';
import type { TimeZone } from '../../lib/format-time';
import { formatClock, formatDateTime } from '../../lib/format-time';
import { nearestIndex } from '../../lib/sorted-search';
import { timeToX } from './chart-geometry';
import type { PlotRect } from './chart-geometry';
import { describeMarker } from './describe-marker';
import { MarkerTicks } from './marker-ticks';

export type ChartOverlayProps = {
  series: readonly Series[];
  /** Ascending by `at`. */
  markers: readonly Marker[];
  domain: readonly [number, number];
  plot: PlotRect;
  zone: TimeZone;
};

const MARKER_HIT_PX = 4;
const TOOLTIP_WIDTH = 260;

/**
 * Crosshair, tooltip and marker hit-testing over the plot. Mouse moves never touch React state:
 * refs, binary search and textContent keep a move well under a frame (graphs-performance.md),
 * and recharts' wrapper never sees the events.
 */
export function ChartOverlay({ series, markers, domain, plot, zone }: ChartOverlayProps) {
  const crosshair = useRef<HTMLDivElement>(null);
  const tooltip = useRef<HTMLDivElement>(null);
  const nearMarker = useRef<Marker | null>(null);
  const markerTimes = useMemo(() => markers.map((m) => m.at), [markers]);
  const xOf = useCallback((t: number) => timeToX(t, domain, plot), [domain, plot]);

  const show = (x: number, marker: Marker | null) => {
    const line = crosshair.current;
    const tip = tooltip.current;
    if (!line || !tip) return;
    const t = domain[0] + ((x - plot.left) / plot.width) * (domain[1] - domain[0]);
    const [timeRow, markerRow, ...valueRows] = Array.from(tip.children) as HTMLElement[];
    let snapX = x;
    series.forEach((s, k) => {
      const i = nearestIndex(s.timestamps, t);
      const row = valueRows[k];
      if (i < 0 || !row) return;
      const v = s.values[i];
      row.textContent = `${s.name}  ${v === null || v === undefined ? '–' : formatValue(v)}`;
      if (k === 0) {
        snapX = xOf(s.timestamps[i]!);
        if (timeRow) timeRow.textContent = formatClock(s.timestamps[i]!, zone);
      }
    });
    if (series.length === 0 && timeRow) timeRow.textContent = formatClock(t, zone);
    if (markerRow) {
      markerRow.textContent = marker
        ? `${marker.kind === 'deploy' ? '▲ deploy' : '◆ flip'}: ${describeMarker(marker, formatDateTime(marker.at, zone))}${marker.link ? ' (click to open)' : ''}`
        : '';
      markerRow.hidden = !marker;
    }
    line.style.transform = `translateX(${Math.round(marker ? xOf(marker.at) : snapX)}px)`;
    line.style.visibility = 'visible';
    const left = x + 12 + TOOLTIP_WIDTH > plot.left + plot.width ? x - 12 - TOOLTIP_WIDTH : x + 12;
    tip.style.transform = `translate(${Math.round(left)}px, ${plot.top + 8}px)`;
    tip.style.visibility = 'visible';
  };

  const hide = () => {
    if (crosshair.current) crosshair.current.style.visibility = 'hidden';
    if (tooltip.current) tooltip.current.style.visibility = 'hidden';
    nearMarker.current = null;
  };

  const onMove = (event: MouseEvent<HTMLDivElement>) => {
    const x = event.clientX - event.currentTarget.getBoundingClientRect().left + plot.left;
    const t = domain[0] + ((x - plot.left) / plot.width) * (domain[1] - domain[0]);
    const i = nearestIndex(markerTimes, t);
    const candidate = i >= 0 ? markers[i]! : null;
    nearMarker.current = candidate && Math.abs(xOf(candidate.at) - x) <= MARKER_HIT_PX ? candidate : null;
    event.currentTarget.classList.toggle('over-link', Boolean(nearMarker.current?.link));
    show(x, nearMarker.current);
  };

  const onClick = () => {
    const link = nearMarker.current?.link;
    if (link) window.open(link, '_blank', 'noopener,noreferrer');
  };

  // Ticks are memoised; they get one stable callback that always reaches the latest show/hide.
  const latest = useRef({ show, hide, xOf });
  latest.current = { show, hide, xOf };
  const onFocusMarker = useCallback((marker: Marker | null) => {
    const { show: showNow, hide: hideNow, xOf: xNow } = latest.current;
    if (marker) showNow(xNow(marker.at), marker);
    else hideNow();
  }, []);

  return (
    <div className="chart-overlay">
      <MarkerTicks markers={markers} xOf={xOf} zone={zone} onFocusMarker={onFocusMarker} />
      <div
        className="chart-hit-layer"
        style={{ left: plot.left, top: plot.top, width: plot.width, height: plot.height }}
        onMouseMove={onMove}
        onMouseLeave={hide}
        onClick={onClick}
      />
      <div ref={crosshair} className="chart-crosshair" style={{ top: plot.top, height: plot.height }} />
      <div ref={tooltip} className="chart-tooltip" style={{ width: TOOLTIP_WIDTH }} role="tooltip">
        <div className="chart-tooltip-time" />
        <div className="chart-tooltip-marker" hidden />
        {series.map((s, k) => (
          <div key={s.target} className={`chart-tooltip-value series-${k % 6}`} />
        ))}
      </div>
    </div>
  );
}

function formatValue(v: number): string {
  return Math.abs(v) >= 100 ? v.toFixed(0) : v.toFixed(2);
}
