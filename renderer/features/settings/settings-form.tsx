import { useState } from 'react';

import type { ApiError } from '../../../src/contract/api-error';
import type { Settings } from '../../../src/contract/wire-types';
import { asApiError } from '../../api/as-api-error';
import { useSettings } from '../../api/settings-context';
import { RANGE_PRESETS as RANGES, refreshPreset, REFRESH_PRESETS as REFRESH } from '../../lib/time-presets';
import { ErrorText } from '../../ui/error-text';

/** Each control saves on change; what is shown is what the core saved. */
export function SettingsForm() {
  const { settings, update } = useSettings();
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
      {error && <ErrorText error={error} prefix="Not saved" />}
    </section>
  );
}
