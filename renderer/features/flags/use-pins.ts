import { useCallback, useMemo, useState } from 'react';

import type { ApiError } from '../../../src/contract/api-error';
import { asApiError } from '../../api/as-api-error';
import { useSettings } from '../../api/settings-context';

/** Flags pinned for the incident, kept in the settings (so every window and the next start see them). */
export function usePins() {
  const { settings, update } = useSettings();
  const [error, setError] = useState<ApiError | null>(null);
  const pinned = useMemo(() => new Set(settings.pinnedFlags), [settings.pinnedFlags]);
  const togglePin = useCallback(
    (key: string) => {
      const next = pinned.has(key) ? settings.pinnedFlags.filter((k) => k !== key) : [...settings.pinnedFlags, key];
      setError(null);
      update({ pinnedFlags: next }).catch((cause: unknown) => setError(asApiError(cause)));
    },
    [pinned, settings.pinnedFlags, update],
  );
  return { pinned, togglePin, error };
}
