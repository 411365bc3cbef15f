import path from 'node:path';

import { app, ipcMain, safeStorage } from 'electron';
import Store from 'electron-store';
import type { Options } from 'electron-store';

import type { SecretVault } from '../src/config/secret-vault';
import type { SettingsStore } from '../src/config/settings';
import type { Logger } from '../src/log';
import { createEncryptedSecretVault, secretFileFrom } from './secret-vault';
import type { Keyring } from './secret-vault';
import { createElectronSettingsStore } from './settings-store';

/** Settings and secrets in the user-data folder, in two files so the secrets one can be 0600. */
export function openPersistence(logger: Logger): { settingsStore: SettingsStore; secretVault: SecretVault } {
  const dir = app.getPath('userData');
  const settingsStore = createElectronSettingsStore(
    ({ replaceUnreadable }) => openStore({ name: 'settings', cwd: dir, clearInvalidConfig: replaceUnreadable }),
    path.join(dir, 'settings.json'),
  );
  const secretVault = createEncryptedSecretVault({
    keyring: safeStorageKeyring(),
    openFile: () =>
      secretFileFrom(
        openStore({
          name: 'secrets',
          cwd: dir,
          configFileMode: 0o600,
          // Secret names contain dots (`graphite.password`); they are keys, not paths.
          accessPropertiesByDotNotation: false,
        }),
      ),
    onWarning: (event, fields) => logger.warn(event, fields),
  });
  return { settingsStore, secretVault };
}

/**
 * electron-store answers `electron-store-get-data` on ipcMain, for renderer-side stores we never
 * use. The app has exactly two channels, so that one goes as soon as a store has added it.
 */
function openStore(options: Options<Record<string, unknown>>): Store<Record<string, unknown>> {
  const store = new Store<Record<string, unknown>>(options);
  ipcMain.removeAllListeners('electron-store-get-data');
  return store;
}

/** Call only after `app` is ready: before that, Linux reports no encryption. */
function safeStorageKeyring(): Keyring {
  return {
    isEncryptionAvailable: () => safeStorage.isEncryptionAvailable(),
    backend: () =>
      process.platform === 'linux'
        ? safeStorage.getSelectedStorageBackend()
        : process.platform === 'darwin'
          ? 'macOS Keychain'
          : 'Windows DPAPI',
    encrypt: (plain) => safeStorage.encryptString(plain).toString('base64'),
    decrypt: (base64) => safeStorage.decryptString(Buffer.from(base64, 'base64')),
  };
}
