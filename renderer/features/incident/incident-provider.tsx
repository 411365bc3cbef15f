import { useCallback, useMemo } from 'react';
import type { ReactNode } from 'react';

import type { IncidentEntry } from '../../../src/contract/incident-types';
import type { FlagChange } from '../../../src/contract/wire-types';
import { useOpsEvent } from '../../api/use-ops-event';
import { useDialog } from '../../lib/dialog-focus';
import { MarkerActionsContext } from '../graphs/marker-actions-context';
import type { MarkerActions } from '../graphs/marker-actions-context';
import { TimeCursorContext } from '../graphs/time-cursor-context';
import { useTimeCursorState } from '../graphs/use-time-cursor-state';
import { useDeployFlipsMenu } from './deploy-flips-menu';
import { FlipGuardDialog } from './flip-guard-dialog';
import type { FlipRequest } from './flip-request';
import { IncidentContext } from './incident-context';
import type { IncidentMode } from './incident-context';
import { flipOnMarker } from './suspect';
import { SuspectOffer } from './suspect-offer';
import { useBreachWatch } from './use-breach-watch';
import { useIncidentStore } from './use-incident-store';
import { useLogLineToTimeline } from './use-log-line-to-timeline';
import { useRecoveryWatches } from './use-recovery-watches';

export type IncidentProviderProps = { children: ReactNode };

/**
 * The incident mode for the whole app: one time cursor every view follows, the flip guard, the
 * incident timeline and the recovery watches; and, through the graphs' marker actions, the
 * suspect flag in "What changed?", the inverse flip on a flip marker and, on a deploy marker, the
 * flags flipped near it.
 */
export function IncidentProvider({ children }: IncidentProviderProps) {
  const cursor = useTimeCursorState();
  const store = useIncidentStore();
  const put = useCallback((entry: IncidentEntry) => store.put(entry), [store]);
  const { watches, watch } = useRecoveryWatches(put, store.current?.id ?? null);
  useLogLineToTimeline(store);
  useBreachWatch(store.current, put);
  const { shown: flip, open: requestFlip, close } = useDialog<FlipRequest>('next-frame');
  const onFlipped = useCallback(
    (change: FlagChange) => {
      close();
      void watch({ key: change.key, environment: change.environment, at: change.at }).catch(() => {});
    },
    [close, watch],
  );
  // Any flip is watched, from the switchboard or made in the flag service itself; one watch per flip.
  useOpsEvent('flags.changed', ({ change }) => void watch({ key: change.key, environment: change.environment, at: change.at }).catch(() => {}));
  const deployFlips = useDeployFlipsMenu(requestFlip);
  const openDeployFlips = deployFlips.open;

  const actions = useMemo<MarkerActions>(
    () => ({
      whatChangedExtra: (markers, at) => <SuspectOffer markers={markers} cursor={at} />,
      onMarkerMenu: (marker) => {
        const flipped = flipOnMarker(marker);
        if (flipped) requestFlip({ key: flipped.key, environment: flipped.environment, intent: 'inverse' });
        else if (marker.kind === 'deploy') openDeployFlips(marker);
      },
    }),
    [requestFlip, openDeployFlips],
  );
  const mode = useMemo<IncidentMode>(() => ({ store, watches, requestFlip, showDeployFlips: openDeployFlips }), [store, watches, requestFlip, openDeployFlips]);

  return (
    <TimeCursorContext value={cursor}>
      <MarkerActionsContext value={actions}>
        <IncidentContext value={mode}>
          {children}
          {deployFlips.menu}
          {flip && <FlipGuardDialog key={`${flip.key}|${flip.environment}`} request={flip} onFlipped={onFlipped} onClose={close} />}
        </IncidentContext>
      </MarkerActionsContext>
    </TimeCursorContext>
  );
}
