import type { PanelDefinition } from '../../../src/contract/backend-definitions';
import type { Series } from '../../../src/contract/wire-types';

export interface Breach {
  /**
   * The end of the first interval past the threshold, on or after `from`: a Graphite point is
   * stamped at its interval's start but known only when the interval closes, which is when an
   * alert on it could fire (and after the change that caused it).
   */
  at: number;
  series: string;
  value: number;
  side: 'above' | 'below';
  limit: number;
}

/**
 * When each series of a panel first went past the panel's thresholds from `from` on: the moment
 * an alert would have fired, for the timeline. A series already past at `from` counts from there.
 */
export function firstBreaches(series: readonly Series[], thresholds: PanelDefinition['thresholds'], from: number): Breach[] {
  if (!thresholds || (thresholds.high === undefined && thresholds.low === undefined)) return [];
  const found: Breach[] = [];
  for (const s of series) {
    const step = s.timestamps.length > 1 ? s.timestamps[1]! - s.timestamps[0]! : 0;
    for (let i = 0; i < s.timestamps.length; i++) {
      const at = s.timestamps[i]! + step;
      const value = s.values[i];
      if (at < from || value === null || value === undefined) continue;
      if (thresholds.high !== undefined && value > thresholds.high) {
        found.push({ at, series: s.name, value, side: 'above', limit: thresholds.high });
        break;
      }
      if (thresholds.low !== undefined && value < thresholds.low) {
        found.push({ at, series: s.name, value, side: 'below', limit: thresholds.low });
        break;
      }
    }
  }
  return found;
}
