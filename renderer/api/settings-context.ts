import { createContext, useContext } from 'react';

import type { Settings } from '../../src/contract/wire-types';

export interface SettingsState {
  settings: Settings;
  /** From the core: the saved file was unreadable and defaults are in use. */
  warning: string | null;
  /** The saved settings arrived (or could not): until then `settings` are the defaults, not the user's range. */
  loaded: boolean;
  /** Saves a change; rejects with an ApiError the caller shows next to its control. */
  update: (patch: Partial<Settings>) => Promise<void>;
}

/** Used until `settings.get` answers (or if it cannot): the same values the core defaults to. */
export const fallbackSettings: Settings = { timeZone: 'utc', rangeMinutes: 60, autoRefreshSeconds: 10, backends: [], dashboards: [], role: 'operator', pinnedFlags: [], incidents: [] };

export const SettingsContext = createContext<SettingsState>({
  settings: fallbackSettings,
  warning: null,
  loaded: true,
  update: () => Promise.resolve(),
});

/** Settings every panel shares (time zone, range, refresh), read once at the top of the app. */
export function useSettings(): SettingsState {
  return useContext(SettingsContext);
}
