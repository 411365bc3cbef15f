import type { Marker } from '../../../src/contract/wire-types';

/** A flip marker read as the flag it changed: tagged `flag <key> <environment>` by this console and the drill. */
export interface FlipOnMarker {
  marker: Marker;
  key: string;
  environment: string;
  /** What the flip did, from its words ("flag x off → on for everyone in production"); null when they do not say. */
  turnedOn: boolean | null;
  /** Its words for the change: "on for everyone → off" (this console), "off" (made in the flag service); '' when none. */
  change: string;
}

export function flipOnMarker(marker: Marker): FlipOnMarker | null {
  const [tag, key, environment] = marker.tags;
  if (marker.kind !== 'flip' || tag !== 'flag' || !key || !environment) return null;
  // "flag k on for everyone → off in production: why" (this console), "flag k off in production (in Unleash)" (made
  // there): the words between the key and the environment say what it became.
  const head = `flag ${key} `;
  const end = marker.what.indexOf(` in ${environment}`, head.length);
  const change = marker.what.startsWith(head) && end > 0 ? marker.what.slice(head.length, end) : '';
  const after = change.split('→').at(-1)!.trim();
  return { marker, key, environment, change, turnedOn: after.startsWith('on') ? true : after.startsWith('off') ? false : null };
}

/**
 * A point on a 10 s graph is stamped at its interval's start but shows the state at its end, so a
 * spike can be drawn up to one interval before the flip that caused it (more when consolidated).
 */
const DRAWN_EARLY_MS = 60_000;
/** Further back than this, a flip is history rather than a suspect. */
const LOOKBACK_MS = 60 * 60_000;

/**
 * The change most likely to have caused what the user pointed at: the latest flip at or just
 * before the moment, the first lever to pull. Turning things on breaks more than turning them
 * off, so of two flips the one that turned a flag on wins when both are equally recent.
 */
export function suspectFlip(markers: readonly Marker[], cursor: number): FlipOnMarker | null {
  let best: FlipOnMarker | null = null;
  for (const marker of markers) {
    if (marker.at > cursor + DRAWN_EARLY_MS || marker.at < cursor - LOOKBACK_MS) continue;
    const flip = flipOnMarker(marker);
    if (!flip) continue;
    if (!best || flip.marker.at > best.marker.at || (flip.marker.at === best.marker.at && flip.turnedOn === true)) best = flip;
  }
  return best;
}

/** Where a flag's harm shows first: the flag `checkout.new-tax-engine` belongs to the `checkout` service. */
export function flagService(key: string): string {
  return key.split(/[.:/]/)[0] ?? key;
}
