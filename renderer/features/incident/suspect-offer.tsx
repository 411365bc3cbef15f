import type { Marker } from '../../../src/contract/wire-types';
import { useSettings } from '../../api/settings-context';
import { formatClock } from '../../lib/format-time';
import { formatDistance } from '../graphs/what-changed';
import { useIncidentMode } from './incident-context';
import { suspectFlip } from './suspect';

export type SuspectOfferProps = { markers: readonly Marker[]; cursor: number | null };

/**
 * At the top of "What changed?": the flip nearest before the moment pointed at, with the lever to
 * undo it one click away. Turning a flag off is the first thing to try in an incident.
 */
export function SuspectOffer({ markers, cursor }: SuspectOfferProps) {
  const { requestFlip } = useIncidentMode();
  const { settings } = useSettings();
  if (cursor === null) return null;
  const suspect = suspectFlip(markers, cursor);
  if (!suspect) return null;
  const { key, environment, marker, turnedOn } = suspect;
  const intent = turnedOn === false ? 'on' : 'off';
  return (
    <div className="suspect-offer" data-testid="suspect-flag" data-flag={key} role="group" aria-label={`Suspect: ${key}`}>
      <p>
        <strong>Suspect:</strong> {key} turned {turnedOn === false ? 'off' : 'on'} in {environment} by {marker.who} at {formatClock(marker.at, settings.timeZone)} ({formatDistance(marker.at, cursor)})
      </p>
      <button type="button" className="button danger small" data-suspect-action="" onClick={() => requestFlip({ key, environment, intent })}>
        Turn {intent} in {environment}
      </button>
    </div>
  );
}
