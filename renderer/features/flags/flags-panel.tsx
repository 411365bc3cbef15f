import { useCallback } from 'react';

import type { FlagChange, FlagList } from '../../../src/contract/wire-types';
import { useReconnect } from '../../api/ops-client';
import { useSettings } from '../../api/settings-context';
import { useOpsEvent } from '../../api/use-ops-event';
import { useOpsQuery } from '../../api/use-ops-query';
import { Panel } from '../../ui/panel';
import { StaleNotice } from '../../ui/stale-notice';
import { TimeAgo } from '../../ui/time-ago';
import { FlagRow } from './flag-row';

const ENVIRONMENTS = ['production', 'staging'] as const;

/** The flag switchboard: every flag with a switch per environment, flips confirmed by the service. */
export function FlagsPanel() {
  const { settings } = useSettings();
  const flags = useOpsQuery<FlagList>('flags', (c) => c.request('flags.list', {}), { refreshSeconds: settings.autoRefreshSeconds });
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

  return (
    <Panel
      title="Feature flags"
      className="flags-panel"
      actions={flags.data && <span className="muted small">listed <TimeAgo at={flags.data.fetchedAt} /></span>}
    >
      {flags.error && flags.errorAt !== null && (
        <StaleNotice what="Flag service" error={flags.error} errorAt={flags.errorAt} fetchedAt={flags.data ? flags.fetchedAt : null} />
      )}
      {!flags.data && flags.loading && <p className="muted">Loading flags…</p>}
      {flags.data && (
        <table className="flags-table">
          <thead>
            <tr>
              <th>Flag</th>
              <th>Type</th>
              {ENVIRONMENTS.map((env) => (
                <th key={env} className="env-col">
                  {env}
                </th>
              ))}
              <th>Updated</th>
            </tr>
          </thead>
          {flags.data.flags.map((flag) => (
            <FlagRow key={flag.key} flag={flag} environments={ENVIRONMENTS} onFlipped={onFlipped} onFailed={refetch} />
          ))}
        </table>
      )}
    </Panel>
  );
}

function applyChange(list: FlagList | undefined, change: FlagChange): FlagList {
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
