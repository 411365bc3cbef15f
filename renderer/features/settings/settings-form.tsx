import { useState } from 'react';

import type { ApiError } from '../../../src/contract/api-error';
import type { AppInfo, Settings } from '../../../src/contract/wire-types';
import { asApiError } from '../../api/as-api-error';
import { useCatalog } from '../../api/catalog-context';
import { useOpsQuery } from '../../api/use-ops-query';
import { useSettings } from '../../api/settings-context';
import { RANGE_PRESETS as RANGES, refreshPreset, REFRESH_PRESETS as REFRESH } from '../../lib/time-presets';
import { ErrorText } from '../../ui/error-text';

/** Each control saves on change; what is shown is what the core saved. */
export function SettingsForm() {
  const { settings, update } = useSettings();
  const { version } = useCatalog();
  // A config file's `role:` is in force whatever the setting says; say so rather than offer a switch that does nothing.
  const info = useOpsQuery<AppInfo>(`app.info|${version}|${settings.role}`, (c) => c.request('app.info', {}));
  const roleFromConfig = info.data?.roleSource === 'config';
  const [error, setError] = useState<ApiError | null>(null);
  const save = (patch: Partial<Settings>) => {
    setError(null);
    update(patch).catch((cause: unknown) => setError(asApiError(cause)));
  };
  // A range saved by hand (not a preset) still shows, rather than silently picking another.
  const ranges = RANGES.some((r) => r.minutes === settings.rangeMinutes)
    ? RANGES
    : [...RANGES, { minutes: settings.rangeMinutes, label: `${settings.rangeMinutes} m` }];

  return (
    <section className="drawer-section">
      <h3>Display</h3>
      <label className="field">
        <span>Time zone</span>
        <select value={settings.timeZone} onChange={(e) => save({ timeZone: e.target.value === 'local' ? 'local' : 'utc' })}>
          <option value="utc">UTC</option>
          <option value="local">Local ({Intl.DateTimeFormat().resolvedOptions().timeZone})</option>
        </select>
      </label>
      <label className="field">
        <span>Graph range</span>
        <select value={settings.rangeMinutes} onChange={(e) => save({ rangeMinutes: Number(e.target.value) })}>
          {ranges.map((r) => (
            <option key={r.minutes} value={r.minutes}>
              last {r.label}
            </option>
          ))}
        </select>
      </label>
      <label className="field">
        <span>Auto refresh</span>
        <select
          value={settings.autoRefreshSeconds}
          onChange={(e) => {
            const picked = refreshPreset(Number(e.target.value));
            if (picked !== undefined) save({ autoRefreshSeconds: picked });
          }}
        >
          {REFRESH.map((r) => (
            <option key={r.seconds} value={r.seconds}>
              {r.label}
            </option>
          ))}
        </select>
      </label>
      <h3>Role</h3>
      <label className="field">
        <span>This window</span>
        <select
          value={roleFromConfig ? info.data?.role : settings.role}
          disabled={roleFromConfig}
          onChange={(e) => save({ role: e.target.value === 'viewer' ? 'viewer' : 'operator' })}
        >
          <option value="operator">operator: may flip flags</option>
          <option value="viewer">viewer: read-only, the core refuses flips</option>
        </select>
      </label>
      {roleFromConfig && <p className="field-hint">Set by the config file&apos;s <code>role:</code>; change it there.</p>}
      {error && <ErrorText error={error} prefix="Not saved" />}
    </section>
  );
}
