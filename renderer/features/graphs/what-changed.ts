import type { Marker } from '../../../src/contract/wire-types';
import type { Onset } from './onset';
import { belongsTo } from './panel-markers';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

/** Nearest to `ref` first; of two equally near, the earlier, since a cause comes before its effect. */
export function byNearness(markers: readonly Marker[], ref: number): Marker[] {
  return [...markers].sort((a, b) => Math.abs(a.at - ref) - Math.abs(b.at - ref) || a.at - b.at);
}

/**
 * A bucket is labelled with its start and holds what happened until its end: a change up to one
 * bucket after the onset's label can be what that bucket shows (DRAWN_EARLY_MS is the same
 * allowance for a cursor that knows no bucket).
 */
export function onsetBoundary(onset: Pick<Onset, 'at' | 'step'>): number {
  return onset.at + onset.step;
}

/**
 * "What changed?" from where the anomaly started: the changes that could have caused it (before
 * the onset's bucket ended) first, nearest first, counted in buckets; of equally near ones, the
 * anomaly's service first, then a flip before a deploy (a flip acts at once, a deploy rolls out);
 * then the changes after the onset, nearest first.
 */
export function rankFromOnset(markers: readonly Marker[], onset: Pick<Onset, 'at' | 'step'>, service: string | null): Marker[] {
  const boundary = onsetBoundary(onset);
  const bucketsBefore = (m: Marker) => Math.floor((boundary - m.at) / onset.step);
  const ours = (m: Marker) => (service !== null && belongsTo(m, service) ? 0 : 1);
  const kind = (m: Marker) => (m.kind === 'flip' ? 0 : 1);
  const before = markers
    .filter((m) => m.at < boundary)
    .sort((a, b) => bucketsBefore(a) - bucketsBefore(b) || ours(a) - ours(b) || kind(a) - kind(b) || b.at - a.at);
  const after = markers.filter((m) => m.at >= boundary).sort((a, b) => a.at - b.at);
  return [...before, ...after];
}

/** "in the bucket it started in", "2 min before the onset": how far a change is from where the anomaly started. */
export function formatFromOnset(at: number, onset: Pick<Onset, 'at' | 'step'>): string {
  if (at >= onset.at && at < onsetBoundary(onset)) return `in the ${Math.round(onset.step / 1_000)} s bucket it started in`;
  return `${formatDistance(at, onset.at)} the onset`;
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
