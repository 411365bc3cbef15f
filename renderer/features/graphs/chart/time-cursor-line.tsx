import { useTimeCursor } from '../time-cursor-context';
import { timeToX } from './chart-geometry';
import type { PlotRect } from './chart-geometry';

export type TimeCursorLineProps = { domain: readonly [number, number]; plot: PlotRect };

/** The dashboard's time cursor on this panel: a line that stays put while the crosshair moves. */
export function TimeCursorLine({ domain, plot }: TimeCursorLineProps) {
  const { at } = useTimeCursor();
  if (at === null || at < domain[0] || at > domain[1]) return null;
  return (
    <div
      className="chart-time-cursor"
      data-testid="time-cursor"
      data-at={at}
      style={{ top: plot.top, height: plot.height, transform: `translateX(${Math.round(timeToX(at, domain, plot))}px)` }}
    />
  );
}
