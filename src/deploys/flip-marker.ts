import type { FlagChange, Marker } from '../contract/wire-types';
import { describeSetting } from '../flags/describe-setting';

/**
 * One identity for a flip, whoever reports it: the core's own marker the moment the flip is
 * confirmed, and the same flip read back from Graphite events (whose times are whole seconds)
 * must be one marker, not two.
 */
export function flipMarkerId(key: string, environment: string, at: number): string {
  return `flip:${key}:${environment}:${Math.floor(at / 1000)}`;
}

/**
 * What a flip did, before → after, in the words every copy of its marker uses: the live marker,
 * the Graphite event's `what` (so Grafana shows the same), and the marker read back from it.
 */
export function flipWhat(change: Pick<FlagChange, 'key' | 'environment' | 'before' | 'after'>): string {
  return `flag ${change.key} ${describeSetting(change.before)} → ${describeSetting(change.after)} in ${change.environment}`;
}

/** The marker every graph draws for a flip (kind `flip`, drawn unlike a deploy), so cause and effect sit on one screen. */
export function flipMarker(change: FlagChange): Marker {
  return {
    id: flipMarkerId(change.key, change.environment, change.at),
    kind: 'flip',
    at: change.at,
    who: change.by,
    // The reason after a colon, as the Graphite events source writes it when reading the flip back.
    what: change.reason ? `${flipWhat(change)}: ${change.reason}` : flipWhat(change),
    link: null,
    tags: ['flag', change.key, change.environment],
  };
}
