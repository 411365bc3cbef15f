import type { Marker } from '../../../src/contract/wire-types';
import type { Onset } from '../graphs/onset';
import { onsetBoundary, rankFromOnset } from '../graphs/what-changed';

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

/** Further back than this before the onset, a change is history rather than a suspect. */
const LOOKBACK_MS = 60 * 60_000;

/**
 * The change most likely to have caused an anomaly, with the lever to pull:
 * - a flip that turned something on (or changed who gets it): turn it off, the first thing to try;
 * - a flip that turned something off: no lever. Turning it back on could make things worse, so
 *   that is done only by asking for that flag by name (the switchboard, the palette, its marker);
 * - a deploy: no lever of ours (it is rolled back with the deploy tool); the flips near it are offered beside it.
 */
export type Suspect = { kind: 'flip'; flip: FlipOnMarker; lever: 'off' | null } | { kind: 'deploy'; marker: Marker };

/**
 * The change just before the anomaly started (see `rankFromOnset`): the same suspect wherever in
 * the anomaly the user clicked. Of changes equally near, a flip that turned something on wins:
 * turning things on breaks more than turning them off.
 */
export function findSuspect(markers: readonly Marker[], onset: Pick<Onset, 'at' | 'step'>, service: string | null): Suspect | null {
  const boundary = onsetBoundary(onset);
  // A flip whose marker does not name its flag (tagged otherwise) cannot be acted on: the next change is the suspect.
  const actionable = (m: Marker) => m.kind === 'deploy' || flipOnMarker(m) !== null;
  const candidates = rankFromOnset(markers, onset, service).filter((m) => m.at < boundary && m.at >= onset.at - LOOKBACK_MS && actionable(m));
  const first = candidates[0];
  if (!first) return null;
  const bucketOf = (m: Marker) => Math.floor((boundary - m.at) / onset.step);
  const turnedOn = candidates.filter((m) => bucketOf(m) === bucketOf(first)).find((m) => flipOnMarker(m)?.turnedOn === true);
  const chosen = turnedOn ?? first;
  const flip = flipOnMarker(chosen);
  return flip ? { kind: 'flip', flip, lever: flip.turnedOn === false ? null : 'off' } : { kind: 'deploy', marker: chosen };
}
