import { useCallback, useMemo } from 'react';
import type { ReactNode } from 'react';

import type { Settings } from '../../src/contract/wire-types';
import { useOpsClient } from '../api/ops-client';
import { fallbackSettings, SettingsContext } from '../api/settings-context';
import type { SettingsState } from '../api/settings-context';
import { useOpsQuery } from '../api/use-ops-query';

export type SettingsProviderProps = { children: ReactNode };

/** Loads settings once for the whole window; a change is shown only after the core saved it. */
export function SettingsProvider({ children }: SettingsProviderProps) {
  const client = useOpsClient();
  const query = useOpsQuery('settings', (c) => c.request('settings.get', {}));
  const { setData } = query;
  const update = useCallback(
    async (patch: Partial<Settings>) => {
      const view = await client.request('settings.update', patch);
      setData(() => view);
    },
    [client, setData],
  );
  const value = useMemo<SettingsState>(
    () => ({ settings: query.data?.settings ?? fallbackSettings, warning: query.data?.warning ?? null, update }),
    [query.data, update],
  );
  return <SettingsContext value={value}>{children}</SettingsContext>;
}
