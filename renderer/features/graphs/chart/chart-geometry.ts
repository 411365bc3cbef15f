// Where the plot sits inside the chart; recharts and the HTML overlay both use these numbers.
/** Short enough that two rows of panels and the switchboard fit a laptop screen. */
export const CHART_HEIGHT = 220;
export const MARGIN = { top: 18, right: 18, bottom: 0, left: 0 } as const;
export const Y_AXIS_WIDTH = 56;
export const X_AXIS_HEIGHT = 24;

export interface PlotRect {
  left: number;
  top: number;
  width: number;
  height: number;
}

export function plotRect(chartWidth: number): PlotRect {
  const left = MARGIN.left + Y_AXIS_WIDTH;
  const top = MARGIN.top;
  return {
    left,
    top,
    width: Math.max(1, chartWidth - MARGIN.right - left),
    height: CHART_HEIGHT - MARGIN.bottom - X_AXIS_HEIGHT - top,
  };
}

/** Time → x within the overlay, the same linear map recharts uses for the explicit domain. */
export function timeToX(t: number, [from, until]: readonly [number, number], plot: PlotRect): number {
  return plot.left + ((t - from) / (until - from)) * plot.width;
}
