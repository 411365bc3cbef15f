import { useState } from 'react';

import type { ApiError } from '../../../src/contract/api-error';
import type { Settings } from '../../../src/contract/wire-types';
import { asApiError } from '../../api/as-api-error';
import { useSettings } from '../../api/settings-context';
import { ErrorText } from '../../ui/error-text';

const RANGES = [
  { minutes: 15, label: '15 m' },
  { minutes: 60, label: '1 h' },
  { minutes: 360, label: '6 h' },
  { minutes: 1440, label: '24 h' },
  { minutes: 10080, label: '7 d' },
];
const REFRESH: { seconds: Settings['autoRefreshSeconds']; label: string }[] = [
  { seconds: 0, label: 'off' },
  { seconds: 10, label: '10 s' },
  { seconds: 30, label: '30 s' },
  { seconds: 60, label: '1 min' },
  { seconds: 300, label: '5 min' },
];

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
            const picked = REFRESH.find((r) => r.seconds === Number(e.target.value));
            if (picked) save({ autoRefreshSeconds: picked.seconds });
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
