import { useEffect, useRef } from 'react';

import type { Flag } from '../../../src/contract/wire-types';
import type { FlagFilter, StateFilter } from './filter-flags';

export type FlagFiltersProps = {
  filter: FlagFilter;
  onChange: (filter: FlagFilter) => void;
  types: readonly Flag['type'][];
  /** The environment the on/off filter looks at (production when there is one). */
  stateEnvironment: string | undefined;
  shown: number;
  total: number;
};

const STATES: readonly StateFilter[] = ['any', 'on', 'off'];

/** Search, state and type over the loaded list; `/` anywhere outside a field jumps to the search. */
export function FlagFilters({ filter, onChange, types, stateEnvironment, shown, total }: FlagFiltersProps) {
  const search = useRef<HTMLInputElement>(null);
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (event.key !== '/' || event.ctrlKey || event.metaKey || event.altKey || isTyping(event.target)) return;
      event.preventDefault();
      search.current?.focus();
      search.current?.select();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);

  return (
    <div className="flag-filters">
      <input
        ref={search}
        type="search"
        className="flag-search"
        aria-label="Search flags"
        placeholder="Search flags  ( / )"
        aria-keyshortcuts="/"
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
      {stateEnvironment !== undefined && (
        <select
          aria-label={`State in ${stateEnvironment}`}
          value={filter.state}
          onChange={(event) => onChange({ ...filter, state: STATES.find((s) => s === event.target.value) ?? 'any' })}
        >
          <option value="any">{stateEnvironment}: on or off</option>
          <option value="on">on in {stateEnvironment}</option>
          <option value="off">off in {stateEnvironment}</option>
        </select>
      )}
      <select
        aria-label="Flag type"
        value={filter.type}
        onChange={(event) => onChange({ ...filter, type: types.find((t) => t === event.target.value) ?? 'any' })}
      >
        <option value="any">any type</option>
        {types.map((type) => (
          <option key={type} value={type}>
            {type}
          </option>
        ))}
      </select>
      <span className="flag-count muted" data-testid="flag-count" role="status">
        {shown === total ? `${total} flags` : `${shown} of ${total}`}
      </span>
    </div>
  );
}

function isTyping(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  return target.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(target.tagName);
}
