import { useState } from 'react';

import type { DashboardEntry } from '../../../src/contract/backend-definitions';
import { useCatalog } from '../../api/catalog-context';
import { useReconnect } from '../../api/ops-client';
import { useOpsQuery } from '../../api/use-ops-query';
import { ErrorText } from '../../ui/error-text';
import { Dashboard } from './dashboard';
import { DashboardTabs } from './dashboard-tabs';
import { DashboardsEmpty } from './dashboards-empty';

/** The graphs area: the dashboards the core lists (config file, settings or demo), one at a time. */
export function DashboardsView() {
  const { version } = useCatalog();
  const list = useOpsQuery<DashboardEntry[]>(`dashboards|${version}`, (c) => c.request('dashboards.list', {}));
  useReconnect(list.refetch);
  const [picked, setPicked] = useState<string | null>(null);

  if (!list.data) {
    return (
      <div className="dashboards-loading">
        {list.error ? (
          <>
            <ErrorText error={list.error} prefix="Dashboards" />{' '}
            <button type="button" className="button small" onClick={list.refetch}>
              Try again
            </button>
          </>
        ) : (
          <p className="muted">Loading dashboards…</p>
        )}
      </div>
    );
  }
  const entries = list.data;
  // The picked dashboard may be gone after a backend change: fall back to the first.
  const current = entries.find((e) => e.dashboard.id === picked) ?? entries[0];
  if (!current) return <DashboardsEmpty />;
  const heading =
    entries.length > 1 ? (
      <DashboardTabs entries={entries} selected={current.dashboard.id} onSelect={setPicked} />
    ) : (
      <h2 className="dashboard-title">{current.dashboard.title}</h2>
    );
  return <Dashboard key={current.dashboard.id} dashboard={current.dashboard} heading={heading} />;
}
