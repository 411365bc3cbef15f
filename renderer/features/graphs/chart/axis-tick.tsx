import type { ReactElement } from 'react';

/** What recharts hands a custom tick. */
interface TickProps {
  x?: number | string;
  y?: number | string;
  textAnchor?: 'start' | 'middle' | 'end' | 'inherit' | undefined;
  payload?: { value?: unknown };
}

/**
 * An axis label as plain SVG text. recharts' own <Text> measures every label in the DOM so it can
 * wrap it; times and numbers never wrap, and the measuring was a large share of drawing a panel.
 * `dy` puts the label where recharts would: below the x axis ('0.71em'), centred on a y tick ('0.355em').
 */
export function plainTick(format: (value: number) => string, dy: string) {
  return ({ x, y, textAnchor, payload }: TickProps): ReactElement => (
    <text x={x} y={y} dy={dy} textAnchor={textAnchor} className="recharts-cartesian-axis-tick-value">
      {format(Number(payload?.value))}
    </text>
  );
}
