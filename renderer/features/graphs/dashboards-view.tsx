import { useEffect, useRef, useState } from 'react';

import type { DashboardDefinition, DashboardEntry } from '../../../src/contract/backend-definitions';
import { useCatalog } from '../../api/catalog-context';
import { useReconnect } from '../../api/ops-client';
import { useSettings } from '../../api/settings-context';
import { useOpsQuery } from '../../api/use-ops-query';
import { useBoot } from '../../app/boot';
import { ErrorText } from '../../ui/error-text';
import { Dashboard } from './dashboard';
import { DashboardTabs } from './dashboard-tabs';
import { DashboardRouteContext } from './dashboard-route-context';
import { DashboardsEmpty } from './dashboards-empty';
import { DashboardEditActions } from './editor/dashboard-edit-actions';
import { DashboardEditor } from './editor/dashboard-editor';
import { GrafanaImport } from './editor/grafana-import';
import { useDashboardRoute } from './use-dashboard-route';

type Mode = { kind: 'view' } | { kind: 'edit'; dashboard: DashboardDefinition | null; saved: boolean; fixedId: boolean } | { kind: 'import' };

/** The graphs area: the dashboards the core lists (config file, settings or demo), one at a time, or one being edited. */
export function DashboardsView() {
  const { version } = useCatalog();
  const { state: boot } = useBoot();
  const { loaded: settingsLoaded } = useSettings();
  const list = useOpsQuery<DashboardEntry[]>(boot.state === 'pending' ? null : `dashboards|${version}`, (c) => c.request('dashboards.list', {}), {
    initial: boot.state === 'answered' ? boot.answer.dashboards : undefined,
  });
  useReconnect(list.refetch);
  // Which dashboard and range: from the address bar or a deep link, then from the tabs and the picker.
  const route = useDashboardRoute();
  const [mode, setMode] = useState<Mode>({ kind: 'view' });
  const currentEntry = list.data ? (list.data.find((e) => e.dashboard.id === route.dashboardId) ?? list.data[0] ?? null) : null;
  // Each time another dashboard is on screen, it opens with its own range and refresh, if it has
  // them; only then: a range picked while it is open stays picked.
  const openedId = currentEntry?.dashboard.id;
  const open = useRef(() => {});
  open.current = () => {
    if (openedId !== undefined) route.opened(openedId, currentEntry?.dashboard.defaults);
  };
  useEffect(() => {
    open.current();
  }, [openedId]);

  // Panels wait for the saved range too: drawing the default range first would ask Graphite for a
  // window nobody wants and abort it a moment later.
  if (!list.data || !settingsLoaded) {
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
  const current = entries.find((e) => e.dashboard.id === route.dashboardId) ?? entries[0] ?? null;
  const view = () => setMode({ kind: 'view' });
  // Shown as a tab at once; a saved copy of a demo dashboard takes the demo one's place.
  const onSaved = (entry: DashboardEntry) => {
    const id = entry.dashboard.id;
    list.setData((old = []) => (old.some((e) => e.dashboard.id === id) ? old.map((e) => (e.dashboard.id === id ? entry : e)) : [...old, entry]));
    route.setDashboardId(id);
    view();
  };
  const onRemoved = (id: string) => {
    list.setData((old = []) => old.filter((e) => e.dashboard.id !== id));
    // A removed copy of a demo dashboard brings the demo one back: only the core knows.
    list.refetch();
    route.setDashboardId(null);
    view();
  };

  if (mode.kind === 'edit') {
    return <DashboardEditor key={mode.dashboard?.id ?? 'new'} initial={mode.dashboard} saved={mode.saved} fixedId={mode.fixedId} onSaved={onSaved} onRemoved={onRemoved} onCancel={view} />;
  }
  if (mode.kind === 'import') {
    return <GrafanaImport existing={entries} onSaved={onSaved} onEdit={(dashboard) => setMode({ kind: 'edit', dashboard, saved: false, fixedId: false })} onCancel={view} />;
  }
  const actions = (
    <DashboardEditActions
      current={current}
      onEdit={() => current && setMode({ kind: 'edit', dashboard: current.dashboard, saved: current.origin === 'settings', fixedId: true })}
      onNew={() => setMode({ kind: 'edit', dashboard: null, saved: false, fixedId: false })}
      onImport={() => setMode({ kind: 'import' })}
    />
  );
  if (!current) return <DashboardsEmpty actions={actions} />;
  const heading = (
    <div className="dashboard-heading">
      {entries.length > 1 ? (
        <DashboardTabs entries={entries} selected={current.dashboard.id} onSelect={route.setDashboardId} />
      ) : (
        <h2 className="dashboard-title">{current.dashboard.title}</h2>
      )}
      {actions}
    </div>
  );
  return (
    <DashboardRouteContext value={route}>
      <Dashboard key={current.dashboard.id} dashboard={current.dashboard} heading={heading} />
    </DashboardRouteContext>
  );
}
