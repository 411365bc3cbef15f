import type { RefObject } from 'react';

import type { FlagType } from '../../../src/contract/wire-types';
import { isFiltering, noFilter } from './filter-flags';
import type { FlagFilter } from './filter-flags';
import { FLAG_STATES } from './flag-state';
import { SHORTCUTS } from './use-flag-shortcuts';

export type FlagFiltersProps = {
  filter: FlagFilter;
  onChange: (filter: FlagFilter) => void;
  types: readonly FlagType[];
  tags: readonly string[];
  environments: readonly string[];
  shown: number;
  total: number;
  searchRef: RefObject<HTMLInputElement | null>;
};

const pick = <T extends string>(options: readonly T[], value: string, fallback: 'any'): T | 'any' => options.find((o) => o === value) ?? fallback;

/** Search, incident pins, and state per environment, type and tag, over the loaded list. */
export function FlagFilters({ filter, onChange, types, tags, environments, shown, total, searchRef }: FlagFiltersProps) {
  const environment = filter.environment ?? environments[0];
  return (
    <div className="flag-filters">
      <input
        ref={searchRef}
        type="search"
        className="flag-search"
        aria-label="Search flags"
        placeholder={`Search flags  ( ${SHORTCUTS.search} )`}
        aria-keyshortcuts={SHORTCUTS.search}
        value={filter.text}
        spellCheck={false}
        autoComplete="off"
        onChange={(event) => onChange({ ...filter, text: event.target.value })}
        onKeyDown={(event) => {
          if (event.key === 'Escape' && filter.text !== '') {
            event.preventDefault();
            onChange({ ...filter, text: '' });
          }
        }}
      />
      <button
        type="button"
        className={`button small flag-pins ${filter.pinsOnly ? 'active' : ''}`}
        aria-pressed={filter.pinsOnly}
        aria-keyshortcuts={SHORTCUTS.pins}
        title={`Incident pins: only pinned flags and kill switches (shortcut: ${SHORTCUTS.pins}, then Enter on a switch)`}
        onClick={() => onChange({ ...filter, pinsOnly: !filter.pinsOnly })}
      >
        ★ Pins ({SHORTCUTS.pins})
      </button>
      {environments.length > 1 && (
        <select aria-label="Environment of the state filter" value={environment} onChange={(event) => onChange({ ...filter, environment: event.target.value })}>
          {environments.map((env) => (
            <option key={env} value={env}>
              {env}
            </option>
          ))}
        </select>
      )}
      {environment !== undefined && (
        <select aria-label={`State in ${environment}`} value={filter.state} onChange={(event) => onChange({ ...filter, state: pick(FLAG_STATES, event.target.value, 'any') })}>
          <option value="any">any state</option>
          {FLAG_STATES.map((state) => (
            <option key={state} value={state}>
              {state}
            </option>
          ))}
        </select>
      )}
      <select aria-label="Flag type" value={filter.type} onChange={(event) => onChange({ ...filter, type: pick(types, event.target.value, 'any') })}>
        <option value="any">any type</option>
        {types.map((type) => (
          <option key={type} value={type}>
            {type}
          </option>
        ))}
      </select>
      {tags.length > 0 && (
        <select aria-label="Tag" value={filter.tag} onChange={(event) => onChange({ ...filter, tag: pick(tags, event.target.value, 'any') })}>
          <option value="any">any tag</option>
          {tags.map((tag) => (
            <option key={tag} value={tag}>
              {tag}
            </option>
          ))}
        </select>
      )}
      {isFiltering(filter) && (
        <button type="button" className="button small" onClick={() => onChange(noFilter)}>
          Clear filters
        </button>
      )}
      <span className="flag-count muted" data-testid="flag-count" role="status">
        {shown === total ? `${total} flags` : `${shown} of ${total}`}
      </span>
    </div>
  );
}
