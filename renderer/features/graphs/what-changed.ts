import type { Marker } from '../../../src/contract/wire-types';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

/** Nearest to `ref` first; of two equally near, the earlier, since a cause comes before its effect. */
export function byNearness(markers: readonly Marker[], ref: number): Marker[] {
  return [...markers].sort((a, b) => Math.abs(a.at - ref) - Math.abs(b.at - ref) || a.at - b.at);
}

/** "3 min before", "40 s after", "2.5 h before": how far a change is from the moment pointed at. */
export function formatDistance(at: number, ref: number): string {
  const gap = Math.abs(at - ref);
  if (gap < 1_000) return 'at that moment';
  const side = at < ref ? 'before' : 'after';
  if (gap < MINUTE) return `${Math.round(gap / 1_000)} s ${side}`;
  if (gap < HOUR) return `${Math.round(gap / MINUTE)} min ${side}`;
  return `${Math.round((gap / HOUR) * 10) / 10} h ${side}`;
}
