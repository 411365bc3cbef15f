import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import type { BackendSet } from '../../src/backends/backend-set';
import { createBackendFactory } from '../../src/backends/create-backend-set';
import { createMemorySecretVault } from '../../src/config/secret-vault';
import { createMemorySettingsStore } from '../../src/config/settings';
import type { SettingsStore } from '../../src/config/settings';
import { startDemoWorld } from '../../src/demo/start-demo-world';
import { composeCore } from '../../src/host/compose-core';
import type { Core, CoreOptions } from '../../src/host/compose-core';
import { createLogger } from '../../src/log';

/**
 * A real core on the real demo world (Graphite, Unleash and log servers on loopback, the real
 * adapters), with memory stores; `logLines` is what it logged. `backends` replaces the
 * configured set, for the few tests that inject a failure; `wrap` changes the real demo set (a
 * flag service that fails, a Graphite that is down). Flips are recorded under `stateDir`, a
 * temporary directory of its own unless given (a restart test passes the previous one).
 */
export async function startTestCore(
  options: {
    backends?: BackendSet;
    settingsStore?: SettingsStore;
    wrap?: (set: BackendSet) => BackendSet;
    stateDir?: string;
    config?: CoreOptions['config'];
    flipTiming?: CoreOptions['flipTiming'];
    /** One clock for the demo world and the core (flips, guarded ramps), which the test drives. */
    now?: () => number;
    /** How often guarded ramps are looked at; null: only when the test calls `core.checkRamps()`. */
    rampWatchEveryMs?: number | null;
  } = {},
) {
  const logLines: string[] = [];
  const logger = createLogger((line) => logLines.push(line));
  const demo = await startDemoWorld({ logTickMs: 100, ...(options.now ? { now: options.now } : {}) });
  const ownStateDir = options.stateDir ? null : mkdtempSync(path.join(os.tmpdir(), 'ops-core-'));
  const stateDir = options.stateDir ?? ownStateDir!;
  const secretVault = createMemorySecretVault({ note: 'test vault' });
  const realFactory = createBackendFactory({ reveal: (name) => secretVault.reveal(name) ?? demo.secrets[name] });
  const core: Core = composeCore({
    host: 'in-process',
    version: '0.0.0-test',
    settingsStore: options.settingsStore ?? createMemorySettingsStore(),
    secretVault,
    logger,
    checkOutputs: true,
    demo: demo.catalog,
    factory: options.backends
      ? { build: () => options.backends!, check: async () => 'test backends' }
      : { ...realFactory, build: (definitions, dataSource) => (options.wrap ?? ((set) => set))(realFactory.build(definitions, dataSource)) },
    stateDir,
    ...(options.config ? { config: options.config } : {}),
    ...(options.flipTiming ? { flipTiming: options.flipTiming } : {}),
    ...(options.now ? { now: options.now } : {}),
    ...(options.rampWatchEveryMs !== undefined ? { rampWatchEveryMs: options.rampWatchEveryMs } : {}),
    drill: demo.drill,
  });
  core.start();
  const stop = async () => {
    await core.stop();
    await demo.stop();
    if (ownStateDir) rmSync(ownStateDir, { recursive: true, force: true });
  };
  return { core, logger, logLines, demo, stop, stateDir };
}
