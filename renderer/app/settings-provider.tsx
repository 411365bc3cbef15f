import { useCallback, useMemo } from 'react';
import type { ReactNode } from 'react';

import type { Settings } from '../../src/contract/wire-types';
import { useOpsClient } from '../api/ops-client';
import { fallbackSettings, SettingsContext } from '../api/settings-context';
import type { SettingsState } from '../api/settings-context';
import { useOpsQuery } from '../api/use-ops-query';
import { useBoot } from './boot';

export type SettingsProviderProps = { children: ReactNode };

/** Loads settings once for the whole window (from the boot's answer when there is one); a change is shown only after the core saved it. */
export function SettingsProvider({ children }: SettingsProviderProps) {
  const client = useOpsClient();
  const { state: boot } = useBoot();
  const query = useOpsQuery(boot.state === 'pending' ? null : 'settings', (c) => c.request('settings.get', {}), {
    initial: boot.state === 'answered' ? boot.answer.settings : undefined,
  });
  const { setData } = query;
  const update = useCallback(
    async (patch: Partial<Settings>) => {
      const view = await client.request('settings.update', patch);
      setData(() => view);
    },
    [client, setData],
  );
  const value = useMemo<SettingsState>(
    () => ({
      settings: query.data?.settings ?? fallbackSettings,
      warning: query.data?.warning ?? null,
      // An unreadable answer must not hold the graphs back forever: they go ahead on the defaults.
      loaded: query.data !== undefined || query.error !== null,
      update,
    }),
    [query.data, query.error, update],
  );
  return <SettingsContext value={value}>{children}</SettingsContext>;
}
