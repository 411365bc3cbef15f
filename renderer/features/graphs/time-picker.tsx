import { useState } from 'react';

import type { TimeZone } from '../../lib/format-time';
import { formatMinutes } from '../../lib/format-time';
import { RANGE_PRESETS } from '../../lib/time-presets';
import { formatRangeText } from '../../lib/time-range-text';
import { AbsoluteRangeForm } from './absolute-range-form';
import type { ShownRange } from './use-dashboard-route';
import type { TimeWindow } from './use-dashboard-window';

export type TimePickerProps = {
  /** A fixed range, or null when live. */
  absolute: TimeWindow | null;
  rangeMinutes: number;
  /** The window on screen, which the absolute fields start from. */
  window: TimeWindow;
  zone: TimeZone;
  onPick: (range: ShownRange) => void;
};

/** The dashboard's range: a relative preset (saved as the setting) or a fixed from–to. */
export function TimePicker({ absolute, rangeMinutes, window, zone, onPick }: TimePickerProps) {
  const [open, setOpen] = useState(false);
  const label = absolute ? formatRangeText(absolute.from, absolute.until, zone) : `last ${formatMinutes(rangeMinutes)}`;
  const pick = (range: ShownRange) => {
    setOpen(false);
    onPick(range);
  };

  return (
    <div className="time-picker" onKeyDown={(e) => e.key === 'Escape' && setOpen(false)}>
      <button
        type="button"
        className={`button small time-picker-toggle${absolute ? ' absolute' : ''}`}
        data-testid="time-range"
        aria-expanded={open}
        aria-label={`Time range: ${label}`}
        onClick={() => setOpen((o) => !o)}
      >
        {label}
      </button>
      {open && (
        <div className="time-picker-popover" role="dialog" aria-label="Pick a time range">
          <div className="time-picker-presets" role="group" aria-label="Relative ranges">
            {RANGE_PRESETS.map((p) => (
              <button
                key={p.minutes}
                type="button"
                className="button small"
                aria-pressed={!absolute && p.minutes === rangeMinutes}
                onClick={() => pick({ absolute: null, rangeMinutes: p.minutes })}
              >
                last {p.label}
              </button>
            ))}
          </div>
          <AbsoluteRangeForm initial={absolute ?? window} zone={zone} onApply={(w) => pick({ absolute: w, rangeMinutes })} />
        </div>
      )}
    </div>
  );
}
