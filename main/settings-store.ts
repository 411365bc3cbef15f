import { keepCopyOf } from '../src/config/keep-copy';
import type { SettingsStore } from '../src/config/settings';

/** The part of electron-store (and of `conf`, which it extends) the settings need. */
export interface JsonStoreFile {
  readonly size: number;
  store: Record<string, unknown>;
}

/**
 * Opens the settings file. `replaceUnreadable` is false for reading, so a broken file is
 * reported, and true only for saving, the one moment the user has chosen to overwrite it.
 */
export type OpenJsonStore = (options: { replaceUnreadable: boolean }) => JsonStoreFile;

/**
 * electron-store behind `SettingsStore`. The store is opened lazily because electron-store
 * parses the file in its constructor and throws on bad JSON: that must become the settings
 * service's visible warning, not a crash before the window opens.
 */
export function createElectronSettingsStore(open: OpenJsonStore, location: string): SettingsStore {
  let opened: JsonStoreFile | undefined;
  return {
    location,
    load() {
      opened ??= open({ replaceUnreadable: false });
      return opened.size === 0 ? undefined : opened.store;
    },
    save(settings) {
      opened ??= open({ replaceUnreadable: true });
      // The whole object replaces the file, so keys a later version dropped do not linger.
      opened.store = { ...settings };
    },
    // Before the save that would replace (or, unreadable, clear) the file: the file as it is on disk.
    keepCopy: () => keepCopyOf(location),
  };
}
