import { useCallback, useMemo, useState } from 'react';

import type { FlagChange, FlagList as FlagListData } from '../../../src/contract/wire-types';
import { useCatalog } from '../../api/catalog-context';
import { useReconnect } from '../../api/ops-client';
import { useSettings } from '../../api/settings-context';
import { useOpsEvent } from '../../api/use-ops-event';
import { useOpsQuery } from '../../api/use-ops-query';
import { Panel } from '../../ui/panel';
import { StaleNotice } from '../../ui/stale-notice';
import { TimeAgo } from '../../ui/time-ago';
import { environmentsOf, filterFlags, isFiltering, noFilter } from './filter-flags';
import type { FlagFilter } from './filter-flags';
import { FlagFilters } from './flag-filters';
import { FlagList } from './flag-list';
import { useFlips } from './use-flips';

/** The flag switchboard: every flag with a switch per environment, flips confirmed by the service. */
export function FlagsPanel() {
  const { settings } = useSettings();
  const { version } = useCatalog();
  const flags = useOpsQuery<FlagListData>(`flags|${version}`, (c) => c.request('flags.list', {}), {
    refreshSeconds: settings.autoRefreshSeconds,
  });
  const { refetch, setData } = flags;
  // Another console (or a person in the flag service's UI) may flip too.
  useOpsEvent('flags.changed', refetch);
  useReconnect(refetch);

  // Show what the service confirmed at once; the refetch then brings the rest (updatedBy/At).
  const onFlipped = useCallback(
    (change: FlagChange) => {
      setData((list) => applyChange(list, change));
      refetch();
    },
    [setData, refetch],
  );
  const flips = useFlips(onFlipped, refetch);

  const [filter, setFilter] = useState<FlagFilter>(noFilter);
  const all = useMemo(() => flags.data?.flags ?? [], [flags.data]);
  const environments = useMemo(() => environmentsOf(all), [all]);
  const types = useMemo(() => [...new Set(all.map((f) => f.type))].sort(), [all]);
  const shown = useMemo(() => filterFlags(all, filter, environments[0]), [all, filter, environments]);
  // Something to set up (no flag service, or its token is not set), not a failure to retry: the
  // core's message says what and where.
  const setup = flags.error?.code === 'not_configured' ? flags.error : null;

  return (
    <Panel
      title="Feature flags"
      className="flags-panel"
      actions={flags.data && <span className="muted small">listed <TimeAgo at={flags.data.fetchedAt} /></span>}
    >
      {setup ? (
        <p className="not-configured" data-testid="not-configured" role="status">
          {setup.message}
        </p>
      ) : (
        flags.error &&
        flags.errorAt !== null && <StaleNotice what="Flag service" error={flags.error} errorAt={flags.errorAt} fetchedAt={flags.data ? flags.fetchedAt : null} />
      )}
      {!flags.data && flags.loading && <p className="muted">Loading flags…</p>}
      {flags.data && (
        <>
          <FlagFilters filter={filter} onChange={setFilter} types={types} stateEnvironment={environments[0]} shown={shown.length} total={all.length} />
          {shown.length === 0 && isFiltering(filter) ? (
            <p className="muted">
              No flag matches.{' '}
              <button type="button" className="button small" onClick={() => setFilter(noFilter)}>
                Clear filters
              </button>
            </p>
          ) : (
            <FlagList
              flags={shown}
              environments={environments}
              confirming={flips.confirming}
              pending={flips.pending}
              errors={flips.errors}
              onToggle={flips.toggle}
              onConfirm={flips.flip}
              onCancel={flips.cancel}
            />
          )}
        </>
      )}
    </Panel>
  );
}

function applyChange(list: FlagListData | undefined, change: FlagChange): FlagListData {
  if (!list) return { flags: [], fetchedAt: change.at };
  return {
    ...list,
    flags: list.flags.map((flag) =>
      flag.key !== change.key
        ? flag
        : {
            ...flag,
            updatedAt: change.at,
            updatedBy: change.by,
            environments: flag.environments.map((env) => (env.name === change.environment ? { ...env, enabled: change.after } : env)),
          },
    ),
  };
}
