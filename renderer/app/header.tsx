import { useState } from 'react';

import type { ApiError } from '../../src/contract/api-error';
import { asApiError } from '../api/as-api-error';
import { useCatalog } from '../api/catalog-context';
import { useSettings } from '../api/settings-context';
import { useOpsQuery } from '../api/use-ops-query';
import { BackendStatusStrip } from '../features/status/backend-status-strip';
import { ErrorText } from '../ui/error-text';

export type HeaderProps = { onOpenSettings: () => void; settingsOpen: boolean };

export function Header({ onOpenSettings, settingsOpen }: HeaderProps) {
  const { version } = useCatalog();
  // The data source changes when the first backend is added (demo → configured).
  const info = useOpsQuery(`app.info|${version}`, (c) => c.request('app.info', {}));
  const { settings, update } = useSettings();
  const [zoneError, setZoneError] = useState<ApiError | null>(null);

  const setZone = (timeZone: 'utc' | 'local') => {
    setZoneError(null);
    update({ timeZone }).catch((error: unknown) => setZoneError(asApiError(error)));
  };

  return (
    <header className="app-header">
      <div className="brand">
        <span className="brand-mark" aria-hidden="true" />
        <h1>Ops Console</h1>
        {info.data && (
          <span className="app-meta" title={`Started ${new Date(info.data.startedAt).toISOString()}`}>
            {info.data.host} · v{info.data.version}
          </span>
        )}
        {info.data?.dataSource === 'demo' && (
          <span className="demo-badge" title="Built-in demo world; add your backends in Settings → Backends or a config file">
            DEMO DATA
          </span>
        )}
      </div>
      <BackendStatusStrip />
      <div className="header-controls">
        {zoneError && <ErrorText error={zoneError} />}
        <div className="segmented" role="group" aria-label="Time zone">
          {(['utc', 'local'] as const).map((zone) => (
            <button
              key={zone}
              type="button"
              aria-pressed={settings.timeZone === zone}
              className={settings.timeZone === zone ? 'active' : ''}
              onClick={() => setZone(zone)}
            >
              {zone === 'utc' ? 'UTC' : 'Local'}
            </button>
          ))}
        </div>
        <button type="button" className="button" aria-expanded={settingsOpen} onClick={onOpenSettings}>
          Settings
        </button>
      </div>
    </header>
  );
}
