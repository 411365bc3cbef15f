import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { MouseEvent } from 'react';

import type { Marker, Series } from '../../../../src/contract/wire-types';
import type { TimeZone } from '../../../lib/format-time';
import { formatClock, formatDateTime } from '../../../lib/format-time';
import { formatValue } from '../../../lib/format-value';
import { nearestIndex } from '../../../lib/sorted-search';
import { useTimeCursor } from '../time-cursor-context';
import { timeToX } from './chart-geometry';
import type { PlotRect } from './chart-geometry';
import type { CrosshairSource } from './crosshair-sync';
import { useCrosshairSync } from './crosshair-sync';
import { describeMarker } from './describe-marker';
import { MarkerTicks } from './marker-ticks';
import { DRAG_THRESHOLD_PX } from './use-drag-zoom';

export type ChartOverlayProps = {
  series: readonly Series[];
  /** Ascending by `at`. */
  markers: readonly Marker[];
  domain: readonly [number, number];
  yDomain: readonly [number, number];
  plot: PlotRect;
  zone: TimeZone;
  unit: string;
  /** The panel's id: a click sets the cursor from it, with the value under the pointer. */
  originId?: string | undefined;
};

const MARKER_HIT_PX = 4;
/** A click this close to a line (vertically) is on that line: it names the series clicked. */
const ON_LINE_PX = 16;
const TOOLTIP_WIDTH = 260;

/**
 * Crosshair, tooltip and marker hit-testing over the plot. Mouse moves never touch React state:
 * refs, binary search and textContent keep a move well under a frame (graphs-performance.md),
 * and recharts' wrapper never sees the events. The hovered panel tells the dashboard's other
 * panels the time under the mouse, and they move their own line to it.
 */
export function ChartOverlay({ series, markers, domain, yDomain, plot, zone, unit, originId }: ChartOverlayProps) {
  const crosshair = useRef<HTMLDivElement>(null);
  const tooltip = useRef<HTMLDivElement>(null);
  const nearMarker = useRef<Marker | null>(null);
  const sync = useCrosshairSync();
  const [self] = useState<CrosshairSource>(() => ({}));
  const markerTimes = useMemo(() => markers.map((m) => m.at), [markers]);
  const xOf = useCallback((t: number) => timeToX(t, domain, plot), [domain, plot]);
  const cursor = useTimeCursor();
  const pressX = useRef<number | null>(null);

  const placeLine = (x: number) => {
    const line = crosshair.current;
    if (!line) return;
    line.style.transform = `translateX(${Math.round(x)}px)`;
    line.style.visibility = 'visible';
  };

  /** Draws the tooltip for the mouse at `x`; returns the time the line snapped to. */
  const show = (x: number, marker: Marker | null): number => {
    const t = domain[0] + ((x - plot.left) / plot.width) * (domain[1] - domain[0]);
    const tip = tooltip.current;
    if (!tip) return t;
    const [timeRow, markerRow, ...valueRows] = Array.from(tip.children) as HTMLElement[];
    let snapped = t;
    series.forEach((s, k) => {
      const i = nearestIndex(s.timestamps, t);
      const row = valueRows[k];
      if (i < 0 || !row) return;
      const v = s.values[i];
      row.textContent = `${s.name}  ${v === null || v === undefined ? '–' : formatValue(v, unit)}`;
      if (k === 0) snapped = s.timestamps[i]!;
    });
    if (timeRow) timeRow.textContent = formatClock(snapped, zone);
    if (markerRow) {
      markerRow.textContent = marker
        ? `${marker.kind === 'deploy' ? '▲ deploy' : '◆ flip'}: ${describeMarker(marker, formatDateTime(marker.at, zone))}${marker.link ? ' (click to open)' : ''}`
        : '';
      markerRow.hidden = !marker;
    }
    const at = marker ? marker.at : snapped;
    // The newest bucket may be labelled after the range's end; it is drawn at the end (seriesPath).
    placeLine(xOf(Math.min(at, domain[1])));
    const left = x + 12 + TOOLTIP_WIDTH > plot.left + plot.width ? x - 12 - TOOLTIP_WIDTH : x + 12;
    tip.style.transform = `translate(${Math.round(left)}px, ${plot.top + 8}px)`;
    tip.style.visibility = 'visible';
    return at;
  };

  const hide = () => {
    if (crosshair.current) crosshair.current.style.visibility = 'hidden';
    if (tooltip.current) tooltip.current.style.visibility = 'hidden';
    nearMarker.current = null;
  };

  /** Another panel is hovered: only the line moves here, to the same moment. */
  const follow = (at: number | null) => {
    if (tooltip.current) tooltip.current.style.visibility = 'hidden';
    if (at === null || at < domain[0] || at > domain[1]) {
      if (crosshair.current) crosshair.current.style.visibility = 'hidden';
      return;
    }
    placeLine(xOf(at));
  };

  const onMove = (event: MouseEvent<HTMLDivElement>) => {
    const x = event.clientX - event.currentTarget.getBoundingClientRect().left + plot.left;
    const t = domain[0] + ((x - plot.left) / plot.width) * (domain[1] - domain[0]);
    const i = nearestIndex(markerTimes, t);
    const candidate = i >= 0 ? markers[i]! : null;
    nearMarker.current = candidate && Math.abs(xOf(candidate.at) - x) <= MARKER_HIT_PX ? candidate : null;
    event.currentTarget.classList.toggle('over-link', Boolean(nearMarker.current?.link));
    sync.move(show(x, nearMarker.current), self);
  };

  const onLeave = () => {
    hide();
    sync.move(null, self);
  };

  const onClick = (event: MouseEvent<HTMLDivElement>) => {
    const pressedAt = pressX.current;
    pressX.current = null;
    // A drag ends in a click too; the zoom swallows it, and without a zoom this still tells them apart.
    if (pressedAt !== null && Math.abs(event.clientX - pressedAt) >= DRAG_THRESHOLD_PX) return;
    const link = nearMarker.current?.link;
    if (link) return void window.open(link, '_blank', 'noopener,noreferrer');
    // Next to a marker, the cursor is its moment exactly; anywhere else, the time under the mouse.
    const box = event.currentTarget.getBoundingClientRect();
    const x = event.clientX - box.left;
    const span = yDomain[1] - yDomain[0];
    const value = yDomain[1] - ((event.clientY - box.top) / plot.height) * span;
    const origin = originId === undefined ? null : { panel: originId, value: Number.isFinite(value) ? value : null, tolerance: (ON_LINE_PX / plot.height) * span };
    cursor.set(nearMarker.current?.at ?? Math.round(domain[0] + (x / plot.width) * (domain[1] - domain[0])), origin);
  };

  // Ticks are memoised and the sync outlives renders: both get stable callbacks that always reach
  // the latest show/hide/follow (the domain moves on every refresh).
  const latest = useRef({ show, hide, follow, xOf });
  latest.current = { show, hide, follow, xOf };
  const onFocusMarker = useCallback(
    (marker: Marker | null) => {
      const { show: showNow, hide: hideNow, xOf: xNow } = latest.current;
      if (marker) sync.move(showNow(xNow(marker.at), marker), self);
      else {
        hideNow();
        sync.move(null, self);
      }
    },
    [sync, self],
  );
  useEffect(() => sync.subscribe((at, source) => source !== self && latest.current.follow(at)), [sync, self]);

  return (
    <div className="chart-overlay">
      <MarkerTicks markers={markers} xOf={xOf} zone={zone} onFocusMarker={onFocusMarker} />
      <div
        className="chart-hit-layer"
        style={{ left: plot.left, top: plot.top, width: plot.width, height: plot.height }}
        onMouseMove={onMove}
        onMouseLeave={onLeave}
        onMouseDown={(event) => (pressX.current = event.clientX)}
        onClick={onClick}
      />
      <div ref={crosshair} className="chart-crosshair" data-testid="crosshair" style={{ top: plot.top, height: plot.height }} />
      <div ref={tooltip} className="chart-tooltip" style={{ width: TOOLTIP_WIDTH }} role="tooltip">
        <div className="chart-tooltip-time" />
        <div className="chart-tooltip-marker" hidden />
        {series.map((s, k) => (
          <div key={k} className={`chart-tooltip-value series-${k % 6}`} />
        ))}
      </div>
    </div>
  );
}
