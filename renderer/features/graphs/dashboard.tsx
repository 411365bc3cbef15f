import { useMemo, useState } from 'react';
import type { ReactNode } from 'react';

import type { DashboardDefinition } from '../../../src/contract/backend-definitions';
import { useReconnect } from '../../api/ops-client';
import { useSettings } from '../../api/settings-context';
import { useOpsEvent } from '../../api/use-ops-event';
import { StaleNotice } from '../../ui/stale-notice';
import { ChartPanel } from './chart-panel';
import { createCrosshairSync, CrosshairContext } from './chart/crosshair-sync';
import { RangeControls } from './range-controls';
import { RefreshRestNote } from './refresh-rest-note';
import { LastKnownBadge } from './last-known-badge';
import { MarkerBar } from './marker-bar';
import { filterMarkers } from './marker-filter';
import { markerServices } from './panel-markers';
import { TimeCursorContext } from './time-cursor-context';
import { useDashboardWindow } from './use-dashboard-window';
import { useMarkerControls } from './use-marker-controls';
import { useDashboardLoader } from './use-dashboard-loader';
import { useMarkers } from './use-markers';
import { WhatChangedList } from './what-changed-list';

export type DashboardProps = {
  dashboard: DashboardDefinition;
  /** The dashboard picker, or just the title when there is one dashboard. */
  heading: ReactNode;
};

/**
 * A grid of panels over one shared window: one markers fetch for all of them, one refresh clock,
 * one crosshair. A deploy or flip moves the window to now, so its effect shows within seconds.
 */
export function Dashboard({ dashboard, heading }: DashboardProps) {
  const { settings } = useSettings();
  const { window, advance, nudge, live, holdRefresh } = useDashboardWindow(settings.rangeMinutes, settings.autoRefreshSeconds);
  const loader = useDashboardLoader(dashboard.id, dashboard.panels, window, live);
  // A refresh still running, or a slow or failing Graphite, holds the refresh clock back.
  holdRefresh((intervalMs) => !loader.readyForRefresh(intervalMs));
  const { listed, markers, add } = useMarkers(loader, window);
  const [sync] = useState(createCrosshairSync);
  const { filter, setFilter, cursor, changesOpen, toggleChanges } = useMarkerControls();
  const shown = useMemo(() => filterMarkers(markers, filter), [markers, filter]);
  const services = useMemo(() => markerServices(markers), [markers]);
  useOpsEvent('markers.added', ({ markers: added }) => {
    add(added);
    nudge();
  });
  // Markers added while the stream was down are only in the deploy log now.
  useReconnect(advance);

  // A marker pushed after the window's end still shows: the range stretches to it until the
  // refetch the marker triggered catches up.
  const lastAt = markers.length ? markers[markers.length - 1]!.at : 0;
  // A fixed range (a zoom, a link) stays as it was asked for.
  const until = live ? Math.max(window.until, lastAt) : window.until;
  const domain = useMemo<readonly [number, number]>(() => [window.from, until], [window.from, until]);

  return (
    <CrosshairContext value={sync}>
      <TimeCursorContext value={cursor}>
        <div className="dashboard-bar">
          {heading}
          <div className="dashboard-bar-actions">
            <RangeControls dashboardId={dashboard.id} window={window} />
            <MarkerBar
              filter={filter}
              onFilter={setFilter}
              services={services}
              cursor={cursor}
              zone={settings.timeZone}
              changesOpen={changesOpen}
              onToggleChanges={toggleChanges}
            />
            {listed.lastKnown && listed.fetchedAt !== null && <LastKnownBadge what="markers" fetchedAt={listed.fetchedAt} />}
            {live && <RefreshRestNote loader={loader} refreshSeconds={settings.autoRefreshSeconds} />}
            <button type="button" className="icon-button" onClick={advance} aria-label={`Refresh ${dashboard.title}`} title="Refresh every panel">
              ↻
            </button>
          </div>
        </div>
        {listed.error && listed.errorAt !== null && (
          <StaleNotice what="Deploy markers" error={listed.error} errorAt={listed.errorAt} fetchedAt={listed.data ? listed.fetchedAt : null} />
        )}
        <div className="dashboard-body">
          <div className="panel-grid" data-testid="dashboard" data-id={dashboard.id}>
            {dashboard.panels.map((panel, i) => (
              <ChartPanel key={`${i}:${panel.title}`} panel={panel} loader={loader} index={i} domain={domain} markers={shown} markerTags={dashboard.markerTags} />
            ))}
          </div>
          {/* A dragged selection in the shared window state would narrow this; there is none yet. */}
          {changesOpen && <WhatChangedList markers={shown} cursor={cursor.at} end={until} zone={settings.timeZone} />}
        </div>
      </TimeCursorContext>
    </CrosshairContext>
  );
}
