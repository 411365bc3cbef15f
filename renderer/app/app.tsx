import { useEffect, useState } from 'react';

import { OpsConnectionContext } from '../api/ops-client';
import type { OpsConnection } from '../api/ops-client';
import { FlagsPanel } from '../features/flags/flags-panel';
import { IncidentPane } from '../features/incident/incident-pane';
import { IncidentProvider } from '../features/incident/incident-provider';
import { IncidentWorkspace } from '../features/incident/incident-workspace';
import { DashboardsView } from '../features/graphs/dashboards-view';
import { LogsPanel } from '../features/logs/logs-panel';
import { KeyboardLayer } from '../features/palette/keyboard-layer';
import { SettingsDrawer } from '../features/settings/settings-drawer';
import { CatalogProvider } from './catalog-provider';
import { ConfigFileBanner } from './config-file-banner';
import { FeatureBoundary } from './feature-boundary';
import { Header } from './header';
import { SettingsProvider } from './settings-provider';
import { SignInNeeded } from './sign-in-needed';

export type AppProps = { connection: OpsConnection };

/** The shell: header, the dashboards above the switchboard and the logs, settings in a drawer. */
export function App({ connection }: AppProps) {
  const [signInNeeded, setSignInNeeded] = useState(false);
  const [settingsOpen, setSettingsOpen] = useState(false);
  useEffect(() => connection.onSignInNeeded(() => setSignInNeeded(true)), [connection]);

  if (signInNeeded) return <SignInNeeded />;
  return (
    <OpsConnectionContext value={connection}>
      <SettingsProvider>
        <CatalogProvider>
          <IncidentProvider>
            <div className="app">
              <Header settingsOpen={settingsOpen} onOpenSettings={() => setSettingsOpen((open) => !open)} />
              <ConfigFileBanner />
              <IncidentWorkspace>
                <div className="area-graphs">
                  <FeatureBoundary name="Graphs">
                    <DashboardsView />
                  </FeatureBoundary>
                </div>
                <div className="area-incident">
                  <FeatureBoundary name="Incident">
                    <IncidentPane />
                  </FeatureBoundary>
                </div>
                <div className="area-flags">
                  <FeatureBoundary name="Flags">
                    <FlagsPanel />
                  </FeatureBoundary>
                </div>
                <div className="area-logs">
                  <FeatureBoundary name="Logs">
                    <LogsPanel />
                  </FeatureBoundary>
                </div>
              </IncidentWorkspace>
              {settingsOpen && (
                <FeatureBoundary name="Settings">
                  <SettingsDrawer onClose={() => setSettingsOpen(false)} />
                </FeatureBoundary>
              )}
              <KeyboardLayer />
            </div>
          </IncidentProvider>
        </CatalogProvider>
      </SettingsProvider>
    </OpsConnectionContext>
  );
}
