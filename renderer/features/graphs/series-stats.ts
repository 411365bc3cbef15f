import type { PanelDefinition } from '../../../src/contract/backend-definitions';

export interface SeriesStats {
  /** The latest reading that is not a gap. */
  last: number | null;
  min: number | null;
  max: number | null;
}

export function seriesStats(values: readonly (number | null)[]): SeriesStats {
  let last: number | null = null;
  let min: number | null = null;
  let max: number | null = null;
  for (const v of values) {
    if (v === null || Number.isNaN(v)) continue;
    last = v;
    if (min === null || v < min) min = v;
    if (max === null || v > max) max = v;
  }
  return { last, min, max };
}

export type Breach = 'high' | 'low';

/** Beyond a threshold, judged by the latest reading: a spike hours ago is history, not an alarm. */
export function breachOf(value: number | null, thresholds: PanelDefinition['thresholds']): Breach | null {
  if (value === null || !thresholds) return null;
  if (thresholds.high !== undefined && value > thresholds.high) return 'high';
  if (thresholds.low !== undefined && value < thresholds.low) return 'low';
  return null;
}

/** The panel's state: the worst of its series. */
export function panelBreach(stats: readonly SeriesStats[], thresholds: PanelDefinition['thresholds']): Breach | null {
  for (const s of stats) {
    const breach = breachOf(s.last, thresholds);
    if (breach) return breach;
  }
  return null;
}
