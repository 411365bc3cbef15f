import type { Marker } from '../../../../src/contract/wire-types';

/** "allspaw — web deploy #12 — 14:02:10": the same words in the tick's title and the tooltip. */
export function describeMarker(marker: Marker, when: string): string {
  return `${marker.who} — ${marker.what} — ${when}`;
}
