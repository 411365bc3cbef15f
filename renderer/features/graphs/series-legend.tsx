import type { PanelDefinition } from '../../../src/contract/backend-definitions';
import type { Series } from '../../../src/contract/wire-types';
import { formatValue } from '../../lib/format-value';
import { breachOf } from './series-stats';
import type { SeriesStats } from './series-stats';

export type SeriesLegendProps = {
  series: readonly Series[];
  /** One per series, same order. */
  stats: readonly SeriesStats[];
  unit: string;
  thresholds: PanelDefinition['thresholds'];
};

/** Last, min and max of every series: the numbers people read off a graph during an incident. */
export function SeriesLegend({ series, stats, unit, thresholds }: SeriesLegendProps) {
  if (series.length === 0) return null;
  const show = (v: number | null) => (v === null ? '–' : formatValue(v, unit));
  return (
    <table className="series-legend">
      <thead>
        <tr>
          <th scope="col">
            <span className="visually-hidden">Series</span>
          </th>
          <th scope="col">last</th>
          <th scope="col">min</th>
          <th scope="col">max</th>
        </tr>
      </thead>
      <tbody>
        {series.map((s, k) => {
          const { last, min, max } = stats[k] ?? { last: null, min: null, max: null };
          const breach = breachOf(last, thresholds);
          return (
            <tr key={k} data-testid="legend-row" data-breach={breach ?? undefined} className={breach ? 'breach' : ''}>
              <th scope="row" className="legend-name" title={s.target}>
                <span className={`legend-line series-${k % 6}`} aria-hidden="true" />
                {s.name}
              </th>
              <td className="legend-last">{show(last)}</td>
              <td>{show(min)}</td>
              <td>{show(max)}</td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}
