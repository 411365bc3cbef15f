import type { HostKind } from '../contract/wire-types';
import { createBackendFactory } from '../backends/create-backend-set';
import { defaultConfigPath, loadConfigFile } from '../config/config-file';
import type { LoadedConfig } from '../config/config-file';
import type { SecretVault } from '../config/secret-vault';
import type { SettingsStore } from '../config/settings';
import { startDemoWorld } from '../demo/start-demo-world';
import type { Logger } from '../log';
import { composeCore } from './compose-core';
import type { Core } from './compose-core';

export interface StartCoreOptions {
  host: HostKind;
  version: string;
  settingsStore: SettingsStore;
  secretVault: SecretVault;
  logger: Logger;
  /** Defaults to the platform's config directory. */
  configPath?: string | undefined;
  /** Where the audit log of flips is kept (browser mode's --state-dir, the desktop app's userData). */
  stateDir: string;
}

export interface StartedCore {
  core: Core;
  config: LoadedConfig;
  stop: () => Promise<void>;
}

/**
 * How every host starts the core: read the config file, start the demo world when there is
 * none, wire the real adapters, begin the live work. The desktop app and browser mode both
 * call this, so they cannot start differently.
 */
export async function startCore(options: StartCoreOptions): Promise<StartedCore> {
  const { logger, secretVault } = options;
  const config = loadConfigFile(options.configPath ?? defaultConfigPath());
  if (config.status.error) logger.warn('config.invalid', { error: config.status.error });
  const demo = config.status.state === 'absent' ? await startDemoWorld() : null;
  const demoSecrets = demo?.secrets ?? {};
  const factory = createBackendFactory({
    // The demo's own token resolves for the demo backends; it never enters the user's vault.
    reveal: (name) => secretVault.reveal(name) ?? demoSecrets[name],
  }, { stateDir: options.stateDir });
  const core = composeCore({ ...options, config, demo: demo?.catalog ?? null, factory, drill: demo?.drill ?? null });
  core.start();
  return {
    core,
    config,
    async stop() {
      await core.stop();
      await demo?.stop();
    },
  };
}
