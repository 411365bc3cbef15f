import type { Marker } from '../../../src/contract/wire-types';
import { useSettings } from '../../api/settings-context';
import { formatClock } from '../../lib/format-time';
import { useCursorAnomaly } from '../graphs/use-cursor-anomaly';
import { formatFromOnset, onsetBoundary } from '../graphs/what-changed';
import { useIncidentMode } from './incident-context';
import { findSuspect } from './suspect';
import { useAnomalyLogs } from './use-anomaly-logs';

export type SuspectOfferProps = { markers: readonly Marker[]; cursor: number | null };

/**
 * At the top of "What changed?": the change just before the anomaly at the cursor started, with
 * the lever to undo it one click away when there is a safe one. Turning a flag off is the first
 * thing to try in an incident; no anomaly at the cursor, no suspect.
 */
export function SuspectOffer({ markers, cursor }: SuspectOfferProps) {
  const { requestFlip, showDeployFlips } = useIncidentMode();
  const { settings } = useSettings();
  const anomaly = useCursorAnomaly();
  const onset = cursor === null ? null : (anomaly?.onset ?? null);
  const suspect = onset && anomaly ? findSuspect(markers, onset, anomaly.service) : null;
  useAnomalyLogs(onset ? anomaly : null, suspect);
  if (!anomaly || !onset) return null;
  if (!suspect) {
    return <p className="suspect-offer none muted">No deploy or flip in the hour before it started: no suspect among the changes shown.</p>;
  }
  const when = (at: number) => `${formatClock(at, settings.timeZone)} (${formatFromOnset(at, onset)})`;

  if (suspect.kind === 'deploy') {
    const { marker } = suspect;
    return (
      <div className="suspect-offer" data-testid="suspect-deploy" data-at={marker.at} role="group" aria-label={`Suspect: ${marker.what}`}>
        <p>
          <strong>Suspect:</strong> deploy {marker.what} by {marker.who} at {when(marker.at)}. Roll it back with your deploy tool: Ops Console has no lever for a deploy.
        </p>
        <button type="button" className="button small" data-suspect-action="" onClick={() => showDeployFlips(marker, onsetBoundary(onset))}>
          Flags flipped near this deploy
        </button>
      </div>
    );
  }
  const { key, environment, marker, turnedOn } = suspect.flip;
  return (
    <div className="suspect-offer" data-testid="suspect-flag" data-flag={key} data-lever={suspect.lever ?? ''} role="group" aria-label={`Suspect: ${key}`}>
      <p>
        <strong>Suspect:</strong> {key} turned {turnedOn === false ? 'off' : 'on'} in {environment} by {marker.who} at {when(marker.at)}
        {suspect.lever === null && <>. It was turned off before the anomaly began: turning it back on is not offered here (ask for it by name in the switchboard or Ctrl+K if you mean to).</>}
      </p>
      {suspect.lever === 'off' && (
        <button type="button" className="button danger small" data-suspect-action="" onClick={() => requestFlip({ key, environment, intent: 'off' })}>
          Turn off in {environment}
        </button>
      )}
    </div>
  );
}
