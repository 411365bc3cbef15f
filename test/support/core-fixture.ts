import type { BackendSet } from '../../src/backends/backend-set';
import { createBackendFactory } from '../../src/backends/create-backend-set';
import { createMemorySecretVault } from '../../src/config/secret-vault';
import { createMemorySettingsStore } from '../../src/config/settings';
import type { SettingsStore } from '../../src/config/settings';
import { startDemoWorld } from '../../src/demo/start-demo-world';
import { composeCore } from '../../src/host/compose-core';
import type { Core } from '../../src/host/compose-core';
import { createLogger } from '../../src/log';

/**
 * A real core on the real demo world (Graphite, Unleash and log servers on loopback, the real
 * adapters), with memory stores; `logLines` is what it logged. `backends` replaces the
 * configured set, for the few tests that inject a failure.
 */
export async function startTestCore(options: { backends?: BackendSet; settingsStore?: SettingsStore } = {}) {
  const logLines: string[] = [];
  const logger = createLogger((line) => logLines.push(line));
  const demo = await startDemoWorld({ logTickMs: 100 });
  const secretVault = createMemorySecretVault({ note: 'test vault', onValue: (v) => logger.redactValue(v) });
  const realFactory = createBackendFactory({ reveal: (name) => secretVault.reveal(name) ?? demo.secrets[name] });
  const core: Core = composeCore({
    host: 'in-process',
    version: '0.0.0-test',
    settingsStore: options.settingsStore ?? createMemorySettingsStore(),
    secretVault,
    logger,
    checkOutputs: true,
    demo: demo.catalog,
    factory: options.backends ? { build: () => options.backends!, check: async () => 'test backends' } : realFactory,
  });
  core.start();
  const stop = async () => {
    core.stop();
    await demo.stop();
  };
  return { core, logger, logLines, demo, stop };
}
