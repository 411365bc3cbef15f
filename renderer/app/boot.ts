import { useSyncExternalStore } from 'react';

import type { OpsClient } from '../../src/contract/client';
import { parseHashLink } from '../../src/contract/dashboard-link';
import type { RequestOutput } from '../../src/contract/requests';
import type { LastKnownDashboard } from '../../src/contract/wire-types';
import { useOpsConnection } from '../api/ops-client';
import type { OpsConnection } from '../api/ops-client';

export type BootAnswer = RequestOutput<'dashboards.open'>;

export type BootState = { state: 'pending' } | { state: 'answered'; answer: BootAnswer } | { state: 'failed' };

/** The window's first question to the core, asked before React renders anything. */
export interface Boot {
  current: () => BootState;
  /** Resolves once the boot's question was answered or failed. */
  settled: Promise<void>;
  subscribe: (listener: () => void) => () => void;
  /**
   * The last-known drawing of `dashboardId` over a live range of `spanMs`, once: a dashboard
   * opened later (another tab, a range changed back) never gets this old snapshot.
   */
  takeLastKnown: (dashboardId: string, spanMs: number) => LastKnownDashboard | null;
}

/**
 * Asks `dashboards.open` at once: the settings, the dashboards and the last-known drawing of the
 * one the address names (or the first), in one round trip, so the first paint waits for nothing
 * else. A failure only means the providers ask for themselves, as without a boot.
 */
export function startBoot(client: OpsClient, hash: string): Boot {
  const link = parseHashLink(hash);
  let state: BootState = { state: 'pending' };
  let taken = false;
  const listeners = new Set<() => void>();
  const settle = (next: BootState) => {
    state = next;
    for (const listener of listeners) listener();
  };
  const settled = client.request('dashboards.open', { dashboardId: link?.dashboardId ?? null, rangeMinutes: link?.rangeMinutes ?? null }).then(
    (answer) => settle({ state: 'answered', answer }),
    () => settle({ state: 'failed' }),
  );
  return {
    current: () => state,
    settled,
    subscribe: (listener) => {
      listeners.add(listener);
      return () => void listeners.delete(listener);
    },
    takeLastKnown: (dashboardId, spanMs) => {
      const known = state.state === 'answered' ? state.answer.lastKnown : null;
      if (taken || !known || known.dashboardId !== dashboardId || known.spanMs !== spanMs) return null;
      taken = true;
      return known;
    },
  };
}

/** The connection with its boot started: what main.tsx (and the component tests, like it) render the app with. */
export function withBoot(connection: OpsConnection, hash: string): OpsConnection & { boot: Boot } {
  return { ...connection, boot: startBoot(connection.client, hash) };
}

/** Without a boot (a test rendering one feature), every provider asks for itself at once. */
const unbooted: BootState = { state: 'failed' };
const noBoot: Boot = { current: () => unbooted, settled: Promise.resolve(), subscribe: () => () => {}, takeLastKnown: () => null };

export function useBoot(): { boot: Boot; state: BootState } {
  const boot = useOpsConnection().boot ?? noBoot;
  return { boot, state: useSyncExternalStore(boot.subscribe, boot.current) };
}
