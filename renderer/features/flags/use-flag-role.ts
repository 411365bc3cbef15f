import type { AppInfo } from '../../../src/contract/wire-types';
import { useCatalog } from '../../api/catalog-context';
import { useSettings } from '../../api/settings-context';
import { useOpsQuery } from '../../api/use-ops-query';

/**
 * Why this window may not flip, in the words of the switch's tooltip; null for an operator. The
 * role in force comes from the core (a config file's `role:` beats the settings), re-read when
 * the settings' role changes. The core refuses a viewer's flip by itself: this only says so first.
 */
export function useFlagRole(): string | null {
  const { version } = useCatalog();
  const { role } = useSettings().settings;
  const info = useOpsQuery<AppInfo>(`app.info|${version}|${role}`, (c) => c.request('app.info', {}));
  if (info.data?.role !== 'viewer') return null;
  return info.data.roleSource === 'config'
    ? 'Read-only: the config file sets your role to viewer, so flips are refused.'
    : 'Read-only: your role is viewer (Settings), so flips are refused.';
}
