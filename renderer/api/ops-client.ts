import { createContext, useContext, useEffect, useRef } from 'react';

import type { OpsBridge } from '../../src/contract/bridge';
import { createOpsClient } from '../../src/contract/client';
import type { OpsClient } from '../../src/contract/client';
import type { Boot } from '../app/boot';

/** The one client of this window, plus the transport signals only some bridges have. */
export interface OpsConnection {
  client: OpsClient;
  onReconnect: (listener: () => void) => () => void;
  onSignInNeeded: (listener: () => void) => () => void;
  /** The window's first question (renderer/app/boot.ts), asked before React renders; absent, every provider asks for itself. */
  boot?: Boot;
}

type MaybeSignals = OpsBridge & Partial<Pick<OpsConnection, 'onReconnect' | 'onSignInNeeded'>>;

const never = () => () => {};

/** Wraps any bridge (HTTP, Electron preload, a test's in-process one) into the connection the app uses. */
export function connect(bridge: MaybeSignals): OpsConnection {
  return {
    client: createOpsClient(bridge),
    onReconnect: bridge.onReconnect ?? never,
    onSignInNeeded: bridge.onSignInNeeded ?? never,
  };
}

export const OpsConnectionContext = createContext<OpsConnection | null>(null);

export function useOpsConnection(): OpsConnection {
  const connection = useContext(OpsConnectionContext);
  if (!connection) throw new Error('useOpsConnection outside <OpsConnectionContext>');
  return connection;
}

export function useOpsClient(): OpsClient {
  return useOpsConnection().client;
}

/** Calls `listener` after the event stream reconnected (events may have been missed). */
export function useReconnect(listener: () => void): void {
  const { onReconnect } = useOpsConnection();
  const latest = useRef(listener);
  latest.current = listener;
  useEffect(() => onReconnect(() => latest.current()), [onReconnect]);
}
