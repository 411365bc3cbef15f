import type { FlagChange, Marker } from '../contract/wire-types';

/**
 * One identity for a flip, whoever reports it: the core's own marker the moment the flip is
 * confirmed, and the same flip read back from Graphite events (whose times are whole seconds)
 * must be one marker, not two.
 */
export function flipMarkerId(key: string, environment: string, at: number): string {
  return `flip:${key}:${environment}:${Math.floor(at / 1000)}`;
}

/** What a flip did, in the words every copy of its marker uses (the reason follows after a colon). */
export function flipWhat(change: Pick<FlagChange, 'key' | 'after' | 'environment'>): string {
  return `flag ${change.key} ${change.after ? 'on' : 'off'} in ${change.environment}`;
}

/** The marker every graph draws for a flip, so cause and effect sit on one screen. */
export function flipMarker(change: FlagChange): Marker {
  return {
    id: flipMarkerId(change.key, change.environment, change.at),
    kind: 'flip',
    at: change.at,
    who: change.by,
    what: `${flipWhat(change)}: ${change.reason}`,
    link: null,
    tags: ['flag', change.key, change.environment],
  };
}
