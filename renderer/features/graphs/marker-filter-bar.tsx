import type { Marker } from '../../../src/contract/wire-types';
import type { MarkerFilter } from './marker-filter';
import { toggled } from './marker-filter';

export type MarkerFilterBarProps = {
  filter: MarkerFilter;
  onChange: (filter: MarkerFilter) => void;
  /** The services the window's markers name: one chip each. */
  services: readonly string[];
};

const KINDS: { kind: Marker['kind']; label: string }[] = [
  { kind: 'deploy', label: 'deploys' },
  { kind: 'flip', label: 'flips' },
];

/** Which markers every panel draws: by kind, and by service when some are picked (none picked = all). */
export function MarkerFilterBar({ filter, onChange, services }: MarkerFilterBarProps) {
  // A picked service that left the window stays picked, or its markers would come back unasked.
  const chips = [...new Set([...services, ...filter.services])].sort();
  return (
    <div className="marker-filter" role="group" aria-label="Marker filter">
      {KINDS.map(({ kind, label }) => (
        <button
          key={kind}
          type="button"
          className={`chip kind-chip ${kind}`}
          aria-pressed={filter.kinds.includes(kind)}
          onClick={() => onChange({ ...filter, kinds: toggled(filter.kinds, kind) })}
        >
          <span className={`legend-swatch ${kind}`} /> {label}
        </button>
      ))}
      {chips.map((service) => (
        <button
          key={service}
          type="button"
          className="chip service-chip"
          data-service={service}
          aria-pressed={filter.services.includes(service)}
          onClick={() => onChange({ ...filter, services: toggled(filter.services, service) })}
        >
          {service}
        </button>
      ))}
    </div>
  );
}
