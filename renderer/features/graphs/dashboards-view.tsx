import type { DashboardEntry } from '../../../src/contract/backend-definitions';
import { useCatalog } from '../../api/catalog-context';
import { useReconnect } from '../../api/ops-client';
import { useOpsQuery } from '../../api/use-ops-query';
import { ErrorText } from '../../ui/error-text';
import { Dashboard } from './dashboard';
import { DashboardTabs } from './dashboard-tabs';
import { DashboardRouteContext } from './dashboard-route-context';
import { DashboardsEmpty } from './dashboards-empty';
import { useDashboardRoute } from './use-dashboard-route';

/** The graphs area: the dashboards the core lists (config file, settings or demo), one at a time. */
export function DashboardsView() {
  const { version } = useCatalog();
  const list = useOpsQuery<DashboardEntry[]>(`dashboards|${version}`, (c) => c.request('dashboards.list', {}));
  useReconnect(list.refetch);
  // Which dashboard and range: from the address bar or a deep link, then from the tabs and the picker.
  const route = useDashboardRoute();

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
  const current = entries.find((e) => e.dashboard.id === route.dashboardId) ?? entries[0];
  if (!current) return <DashboardsEmpty />;
  const heading =
    entries.length > 1 ? (
      <DashboardTabs entries={entries} selected={current.dashboard.id} onSelect={route.setDashboardId} />
    ) : (
      <h2 className="dashboard-title">{current.dashboard.title}</h2>
    );
  return (
    <DashboardRouteContext value={route}>
      <Dashboard key={current.dashboard.id} dashboard={current.dashboard} heading={heading} />
    </DashboardRouteContext>
  );
}
