import { createContext, useContext } from 'react';

import type { Marker } from '../../../src/contract/wire-types';
import type { FlipRequest } from './flip-request';
import type { RecoveryWatch } from './use-recovery-watches';
import type { IncidentStore } from './use-incident-store';

/** The incident mode as the rest of the app reaches it: the timeline, the watches, the guarded flip. */
export interface IncidentMode {
  store: IncidentStore;
  watches: readonly RecoveryWatch[];
  /** Opens the flip guard; focus returns where it was when the guard closes. */
  requestFlip: (request: FlipRequest) => void;
  /** The flags flipped near a deploy, each with its guarded inverse (the deploy marker's menu); `anomalySince`: see DeployFlipsMenu. */
  showDeployFlips: (deploy: Marker, anomalySince?: number | null) => void;
}

const inert: IncidentMode = {
  store: { incidents: [], current: null, start: async () => {}, end: async () => {}, put: async () => {} },
  watches: [],
  requestFlip: () => {},
  showDeployFlips: () => {},
};

export const IncidentContext = createContext<IncidentMode>(inert);

export function useIncidentMode(): IncidentMode {
  return useContext(IncidentContext);
}
