import type { BackendSet } from '../../src/backends/backend-set';
import { createMemorySecretVault } from '../../src/config/secret-vault';
import { createMemorySettingsStore } from '../../src/config/settings';
import type { SettingsStore } from '../../src/config/settings';
import { composeCore } from '../../src/host/compose-core';
import type { Core } from '../../src/host/compose-core';
import { createLogger } from '../../src/log';

/** A real core with memory stores, as every in-process test needs it; `logLines` is what it logged. */
export function startTestCore(options: { backends?: BackendSet; settingsStore?: SettingsStore } = {}) {
  const logLines: string[] = [];
  const logger = createLogger((line) => logLines.push(line));
  const core: Core = composeCore({
    host: 'in-process',
    version: '0.0.0-test',
    settingsStore: options.settingsStore ?? createMemorySettingsStore(),
    secretVault: createMemorySecretVault({ note: 'test vault', onValue: (v) => logger.redactValue(v) }),
    logger,
    checkOutputs: true,
    // A given backend set stands for whatever is configured (tests inject failures this way).
    ...(options.backends ? { factory: { build: () => options.backends!, check: async () => 'test backends' } } : {}),
  });
  core.start();
  return { core, logger, logLines };
}
