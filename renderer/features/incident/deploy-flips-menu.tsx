import { useCallback, useEffect, useRef } from 'react';
import type { KeyboardEvent } from 'react';

import type { Marker } from '../../../src/contract/wire-types';
import { useOpsQuery } from '../../api/use-ops-query';
import { useDialog } from '../../lib/dialog-focus';
import { ErrorText } from '../../ui/error-text';
import { formatDistance } from '../graphs/what-changed';
import type { FlipRequest } from './flip-request';
import { flipOnMarker } from './suspect';
import type { FlipOnMarker } from './suspect';

/** A flip this close to a deploy may be what the deploy was waiting for, or what it broke. */
export const NEAR_DEPLOY_MS = 15 * 60_000;

export type DeployFlipsMenuProps = {
  deploy: Marker;
  /**
   * When the deploy is the suspect of an anomaly that started at this moment: a flag turned off
   * before it is not offered to be turned back on (that could make it worse; ask for it by name).
   */
  anomalySince?: number | null;
  onChoose: (request: FlipRequest) => void;
  onClose: () => void;
};

/** "on for everyone → off", or "→ off" when the flip was made in the flag service and only its result is known. */
const beforeAfter = ({ change }: FlipOnMarker) => (change.includes('→') ? change : `→ ${change || '?'}`);

/**
 * Right-click (or Shift+F10) on a deploy marker: the flags flipped within 15 min of it, each with
 * the lever to undo it, which goes through the flip guard like any flip. Arrows move between the
 * levers, Escape closes.
 */
export function DeployFlipsMenu({ deploy, anomalySince = null, onChoose, onClose }: DeployFlipsMenuProps) {
  const listed = useOpsQuery<Marker[]>(`deploy-flips|${deploy.id}|${deploy.at}`, (c) =>
    c.request('markers.list', { from: deploy.at - NEAR_DEPLOY_MS, until: deploy.at + NEAR_DEPLOY_MS }),
  );
  const flips = (listed.data ?? []).map(flipOnMarker).filter((f): f is FlipOnMarker => f !== null && Math.abs(f.marker.at - deploy.at) <= NEAR_DEPLOY_MS);
  const menu = useRef<HTMLDivElement>(null);
  const levers = () => [...(menu.current?.querySelectorAll<HTMLElement>('button') ?? [])];
  // The first lever once they are read (the Close button until then), so the keyboard can act at once.
  const ready = listed.data !== undefined;
  useEffect(() => levers()[0]?.focus(), [ready]);

  const onKeyDown = (event: KeyboardEvent) => {
    if (event.key === 'Escape') return (event.preventDefault(), onClose());
    if (event.key !== 'ArrowDown' && event.key !== 'ArrowUp') return;
    event.preventDefault();
    const all = levers();
    const at = all.indexOf(document.activeElement as HTMLElement);
    all[(at + (event.key === 'ArrowDown' ? 1 : all.length - 1)) % all.length]?.focus();
  };

  return (
    <div className="incident-dialog-backdrop" onClick={(e) => e.target === e.currentTarget && onClose()}>
      <div ref={menu} className="incident-dialog deploy-flips" role="dialog" aria-label={`Flags flipped near ${deploy.what}`} data-testid="deploy-flips" onKeyDown={onKeyDown}>
        <h2>Flags flipped within 15 min of {deploy.what}</h2>
        {!ready && !listed.error && <p className="muted">Reading the flips near this deploy…</p>}
        {listed.error && <ErrorText error={listed.error} prefix="Deploy log" />}
        {ready && flips.length === 0 && <p className="muted">No flag was flipped within 15 min of this deploy.</p>}
        <ul className="deploy-flips-list">
          {flips.map((flip) => {
            const intent = flip.turnedOn === false ? 'on' : 'off';
            const offBeforeAnomaly = intent === 'on' && anomalySince !== null && flip.marker.at < anomalySince;
            return (
              <li key={flip.marker.id} data-testid="deploy-flip" data-flag={flip.key}>
                <span>
                  <strong>{flip.key}</strong> in {flip.environment}: {beforeAfter(flip)} by {flip.marker.who} ({formatDistance(flip.marker.at, deploy.at)} the deploy)
                </span>{' '}
                {offBeforeAnomaly ? (
                  <span className="muted small">off before the anomaly began: not offered here</span>
                ) : (
                  <button type="button" className="button danger small" onClick={() => onChoose({ key: flip.key, environment: flip.environment, intent })}>
                    Turn {intent} in {flip.environment}
                  </button>
                )}
              </li>
            );
          })}
        </ul>
        <div className="incident-dialog-actions">
          <button type="button" className="button small" onClick={onClose}>
            Close
          </button>
        </div>
      </div>
    </div>
  );
}

/** The menu's state for the provider: which deploy it is open on (and since when an anomaly runs), and the element to give focus back to. */
export function useDeployFlipsMenu(requestFlip: (request: FlipRequest) => void) {
  const { shown, open: openMenu, close } = useDialog<{ deploy: Marker; anomalySince: number | null }>('at-once');
  const open = useCallback((deploy: Marker, anomalySince: number | null = null) => openMenu({ deploy, anomalySince }), [openMenu]);
  // Focus goes back to the marker first, so the flip guard returns it there too when it closes.
  const choose = useCallback((request: FlipRequest) => (close(), requestFlip(request)), [close, requestFlip]);
  const menu = shown && <DeployFlipsMenu key={shown.deploy.id} deploy={shown.deploy} anomalySince={shown.anomalySince} onChoose={choose} onClose={close} />;
  return { open, menu };
}
