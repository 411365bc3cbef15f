import { useEffect, useRef } from 'react';
import type { MouseEvent } from 'react';

import { useDashboardRouteContext } from '../dashboard-route-context';
import { useTimeCursor } from '../time-cursor-context';
import type { PlotRect } from './chart-geometry';

/**
 * Below this a press is a click (the time cursor's), not a zoom: a hand never holds still to
 * the pixel, and a 4 px band is too narrow to mean a range anyway.
 */
export const DRAG_THRESHOLD_PX = 4;

/**
 * Drag across the plot to zoom every panel to the range dragged over. The band is moved with
 * style writes from window listeners, never React state, so a drag costs what a hover costs
 * (graphs-performance.md). A drag swallows the click that ends it; a plain click passes on.
 * Listens on the chart's wrapper, so the overlay's hover and click handling stay as they are.
 * A range asks what a click asks: the time cursor goes to its start, so "What changed?" opens on
 * the range's changes (the zoomed window's) nearest its start, and the logs are offered from there.
 */
export function useDragZoom(plot: PlotRect, domain: readonly [number, number]) {
  const zoomTo = useDashboardRouteContext()?.zoom ?? null;
  const cursor = useTimeCursor();
  const band = useRef<HTMLDivElement>(null);
  const swallowClick = useRef(false);
  const stop = useRef<(() => void) | null>(null);
  const latest = useRef({ plot, domain, zoomTo, cursor });
  latest.current = { plot, domain, zoomTo, cursor };
  useEffect(() => () => stop.current?.(), []);

  const onMouseDown = (event: MouseEvent<HTMLElement>) => {
    const target = event.target as HTMLElement;
    if (!zoomTo || event.button !== 0 || !target.classList.contains('chart-hit-layer')) return;
    const layer = target.getBoundingClientRect();
    const startX = event.clientX;
    let dragging = false;
    swallowClick.current = false;
    // Inside the plot, in plot pixels: a drag past the edge stops at the edge.
    const clamp = (clientX: number) => Math.min(layer.width, Math.max(0, clientX - layer.left));

    const onMove = (move: globalThis.MouseEvent) => {
      if (!dragging && Math.abs(move.clientX - startX) < DRAG_THRESHOLD_PX) return;
      dragging = true;
      const [a, b] = [clamp(startX), clamp(move.clientX)].sort((x, y) => x - y) as [number, number];
      const el = band.current;
      if (!el) return;
      el.style.transform = `translateX(${Math.round(latest.current.plot.left + a)}px)`;
      el.style.width = `${Math.round(b - a)}px`;
      el.style.visibility = 'visible';
    };
    const onUp = (up: globalThis.MouseEvent) => {
      stop.current?.();
      if (!dragging) return;
      swallowClick.current = true;
      const { plot: p, domain: [from, until], zoomTo: zoom, cursor: time } = latest.current;
      const [a, b] = [clamp(startX), clamp(up.clientX)].sort((x, y) => x - y) as [number, number];
      const at = (x: number) => Math.round(from + (x / p.width) * (until - from));
      if (b - a < DRAG_THRESHOLD_PX || at(b) <= at(a) || !zoom) return;
      zoom({ from: at(a), until: at(b) });
      time.set(at(a));
    };
    stop.current = () => {
      window.removeEventListener('mousemove', onMove);
      window.removeEventListener('mouseup', onUp);
      if (band.current) band.current.style.visibility = 'hidden';
      stop.current = null;
    };
    window.addEventListener('mousemove', onMove);
    window.addEventListener('mouseup', onUp);
    // No text selection while dragging across the page.
    event.preventDefault();
  };

  const onClickCapture = (event: MouseEvent<HTMLElement>) => {
    if (!swallowClick.current) return;
    swallowClick.current = false;
    event.stopPropagation();
  };

  return { band, onMouseDown, onClickCapture };
}
