import type { TimeZone } from '../../lib/format-time';
import { formatClock } from '../../lib/format-time';
import { formatValue } from '../../lib/format-value';
import type { CursorAnomaly } from './cursor-anomaly';
import { ONSET_METHOD } from './onset';

export type AnomalyNoteProps = { anomaly: CursorAnomaly; zone: TimeZone };

/** Where the anomaly at the cursor started, and by what rule, or that there is none where it was clicked. */
export function AnomalyNote({ anomaly, zone }: AnomalyNoteProps) {
  const { onset, panel } = anomaly;
  if (!onset) {
    const where = panel ? ` on ${panel.title}` : '';
    return (
      <p className="anomaly-note none" data-testid="anomaly-note" data-onset="">
        No anomaly at {formatClock(anomaly.at, zone)}{where}: {anomaly.clicked ? 'it is in line with the level before it' : 'no panel is out of line there'}.
      </p>
    );
  }
  const unit = panel?.unit ?? '';
  const series = panel && onset.series !== panel.title ? ` · ${onset.series}` : '';
  return (
    <p className="anomaly-note" data-testid="anomaly-note" data-onset={onset.at} data-series={onset.series}>
      <strong>
        {panel?.title ?? 'Anomaly'}
        {series}
      </strong>{' '}
      {onset.afterGap ? 'started at or before' : 'started'} <strong>{formatClock(onset.at, zone)}</strong>: {formatValue(onset.level, unit)} → {formatValue(onset.clicked, unit)}.{' '}
      <span className="muted small">Onset: {ONSET_METHOD}.</span>
    </p>
  );
}
