import { useState } from 'react';

import type { DashboardLink } from '../../../src/contract/dashboard-link';
import { useSettings } from '../../api/settings-context';
import { refreshPreset, REFRESH_PRESETS } from '../../lib/time-presets';
import { CopyLinkButton } from './copy-link-button';
import { useDashboardRouteContext } from './dashboard-route-context';
import { TimePicker } from './time-picker';
import type { TimeWindow } from './use-dashboard-window';
import { useBackKey } from './use-back-key';
import { shareableLink, useHashLink } from './use-hash-link';

export type RangeControlsProps = {
  dashboardId: string;
  /** The window on screen. */
  window: TimeWindow;
};

/** The dashboard bar's time controls: range, back, live, auto refresh, and the link to all of it. */
export function RangeControls({ dashboardId, window }: RangeControlsProps) {
  const { settings, update } = useSettings();
  const route = useDashboardRouteContext();
  if (!route) throw new Error('RangeControls outside <DashboardRouteContext>');
  const [refreshRefused, setRefreshRefused] = useState(false);
  const { absolute } = route;
  const link: DashboardLink = {
    dashboardId,
    ...(absolute ? { from: absolute.from, until: absolute.until } : { rangeMinutes: settings.rangeMinutes }),
    timeZone: settings.timeZone,
  };
  useHashLink(link);
  useBackKey(route.canGoBack, route.back);

  return (
    <div className="range-controls">
      <TimePicker absolute={absolute} rangeMinutes={settings.rangeMinutes} window={window} zone={settings.timeZone} onPick={route.show} />
      {route.canGoBack && (
        <button type="button" className="button small" onClick={route.back} title="Back to the previous range (Backspace or u)">
          ← Back
        </button>
      )}
      {absolute && (
        <button type="button" className="button small" onClick={() => route.show({ absolute: null, rangeMinutes: settings.rangeMinutes })}>
          Back to live
        </button>
      )}
      <select
        aria-label="Auto refresh"
        className={refreshRefused ? 'invalid' : undefined}
        value={settings.autoRefreshSeconds}
        disabled={absolute !== null}
        title={absolute ? 'A fixed range does not refresh' : 'Auto refresh'}
        onChange={(e) => {
          const picked = refreshPreset(Number(e.target.value));
          if (picked === undefined) return;
          setRefreshRefused(false);
          update({ autoRefreshSeconds: picked }).catch(() => setRefreshRefused(true));
        }}
      >
        {REFRESH_PRESETS.map((r) => (
          <option key={r.seconds} value={r.seconds}>
            {r.seconds === 0 ? 'refresh off' : `every ${r.label}`}
          </option>
        ))}
      </select>
      <CopyLinkButton link={shareableLink(link)} />
    </div>
  );
}
