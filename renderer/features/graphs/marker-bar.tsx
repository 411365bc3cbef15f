import type { TimeZone } from '../../lib/format-time';
import { formatDateTime } from '../../lib/format-time';
import type { MarkerFilter } from './marker-filter';
import { MarkerFilterBar } from './marker-filter-bar';
import type { TimeCursor } from './time-cursor-context';

export type MarkerBarProps = {
  filter: MarkerFilter;
  onFilter: (filter: MarkerFilter) => void;
  services: readonly string[];
  cursor: TimeCursor;
  zone: TimeZone;
  changesOpen: boolean;
  onToggleChanges: () => void;
};

/** The dashboard bar's marker controls: the filter, the time cursor (with its ×) and "What changed?". */
export function MarkerBar({ filter, onFilter, services, cursor, zone, changesOpen, onToggleChanges }: MarkerBarProps) {
  return (
    <>
      <MarkerFilterBar filter={filter} onChange={onFilter} services={services} />
      {cursor.at !== null && (
        <span className="badge time-cursor-badge" data-testid="time-cursor-badge" data-at={cursor.at}>
          cursor {formatDateTime(cursor.at, zone)}
          <button type="button" className="icon-button" aria-label="Clear the time cursor" title="Clear the time cursor (Esc)" onClick={() => cursor.set(null)}>
            ×
          </button>
        </span>
      )}
      <button type="button" className={`button small${changesOpen ? ' active' : ''}`} aria-pressed={changesOpen} onClick={onToggleChanges}>
        What changed?
      </button>
    </>
  );
}
