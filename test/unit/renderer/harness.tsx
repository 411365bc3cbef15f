import { render, screen } from '@testing-library/react';

import type { BackendSet } from '../../../src/backends/backend-set';
import { createMemorySecretVault } from '../../../src/config/secret-vault';
import { createMemorySettingsStore } from '../../../src/config/settings';
import { createStandInBackends } from '../../../src/demo/stand-in';
import { composeCore } from '../../../src/host/compose-core';
import { createInProcessBridge } from '../../../src/host/in-process-bridge';
import { createLogger } from '../../../src/log';
import { connect } from '../../../renderer/api/ops-client';
import { App } from '../../../renderer/app/app';

export interface TestCore {
  /** Pretend the event stream dropped and came back (what the HTTP bridge reports). */
  reconnect(): void;
  stop(): void;
  /** What another window on the same core would do. */
  dispatch(name: string, input: unknown): Promise<unknown>;
  requests: string[];
}

/**
 * The real core behind the in-process bridge, so the UI is tested against the real dispatcher,
 * validation and service; only the backends are swapped for failure cases.
 */
export function renderApp(options: { backends?: BackendSet; savedSettings?: unknown } = {}) {
  const core = composeCore({
    host: 'in-process',
    version: '0.0.0-test',
    settingsStore: createMemorySettingsStore(options.savedSettings),
    secretVault: createMemorySecretVault({ note: 'Tests keep secrets in memory only.' }),
    logger: createLogger(() => {}),
    factory: backendsFactory(options.backends ?? quietStandIn()),
    checkOutputs: true,
  });
  core.start();
  const bridge = createInProcessBridge(core);
  const requests: string[] = [];
  const reconnectListeners = new Set<() => void>();
  const connection = connect({
    request: (name, input) => (requests.push(name), bridge.request(name, input)),
    on: (listener) => bridge.on(listener),
    onReconnect: (listener) => (reconnectListeners.add(listener), () => void reconnectListeners.delete(listener)),
  });
  const view = render(<App connection={connection} />);
  const testCore: TestCore = {
    reconnect: () => reconnectListeners.forEach((listener) => listener()),
    stop: () => core.stop(),
    dispatch: (name, input) => core.dispatch(name, input),
    requests,
  };
  return { ...view, core: testCore };
}

/** Whatever backends a test hands in stand for the configured ones. */
function backendsFactory(backends: BackendSet) {
  return { build: () => backends, check: async () => 'test backends' };
}

/** The stand-in world with a log that does not tick on its own, so line counts are predictable. */
export function quietStandIn(): BackendSet {
  return createStandInBackends({ logIntervalMs: 60 * 60_000 });
}

export function deferred<T>() {
  let resolve!: (value: T) => void;
  let reject!: (error: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

export async function findFlagRow(key: string): Promise<HTMLElement> {
  const rows = await screen.findAllByTestId('flag-row');
  const row = rows.find((r) => r.dataset.key === key);
  if (!row) throw new Error(`no flag row for ${key}`);
  return row;
}
