import { useId } from 'react';

import { PATTERN_SYNTAX } from '../../../src/contract/log-pattern';
import type { LogFilter, LogLevel } from '../../../src/contract/wire-types';

const LEVELS: LogLevel[] = ['error', 'warn', 'info', 'debug'];

export type LogFilterBoxProps = {
  filter: LogFilter;
  onChange: (filter: LogFilter) => void;
  /** From `compileLogFilter`: an invalid regex, said under the box where the user is typing. */
  error: string | null;
};

/** Substring or regex, case, and level chips; what they mean is `compileLogFilter`'s, shared with the core. */
export function LogFilterBox({ filter, onChange, error }: LogFilterBoxProps) {
  const errorId = useId();
  const toggleLevel = (level: LogLevel) =>
    onChange({ ...filter, levels: filter.levels.includes(level) ? filter.levels.filter((l) => l !== level) : [...filter.levels, level] });
  return (
    <div className="log-filter">
      <div className="log-filter-row">
        <input
          type="text"
          className="log-filter-text"
          aria-label="Filter log lines"
          placeholder={filter.mode === 'regex' ? 'regular expression' : 'text in the line'}
          value={filter.text}
          maxLength={1_000}
          spellCheck={false}
          aria-invalid={error !== null}
          aria-describedby={error ? errorId : undefined}
          onChange={(e) => onChange({ ...filter, text: e.target.value })}
        />
        <button
          type="button"
          className={`chip${filter.mode === 'regex' ? ' active' : ''}`}
          aria-pressed={filter.mode === 'regex'}
          aria-label="Regular expression"
          title={`Regular expression (${PATTERN_SYNTAX})`}
          onClick={() => onChange({ ...filter, mode: filter.mode === 'regex' ? 'substring' : 'regex' })}
        >
          .*
        </button>
        <button
          type="button"
          className={`chip${filter.caseSensitive ? ' active' : ''}`}
          aria-pressed={filter.caseSensitive}
          aria-label="Match case"
          title="Match case"
          onClick={() => onChange({ ...filter, caseSensitive: !filter.caseSensitive })}
        >
          Aa
        </button>
        {LEVELS.map((level) => (
          <button
            key={level}
            type="button"
            className={`chip level-chip level-${level}${filter.levels.includes(level) ? ' active' : ''}`}
            aria-pressed={filter.levels.includes(level)}
            onClick={() => toggleLevel(level)}
          >
            {level}
          </button>
        ))}
      </div>
      {error ? (
        <p id={errorId} className="log-filter-error error-text" role="alert" data-testid="log-filter-error">
          {error}
        </p>
      ) : (
        filter.mode === 'regex' && (
          <p className="log-filter-syntax muted" data-testid="log-filter-syntax">
            Regular expression: {PATTERN_SYNTAX}. Aa matches case.
          </p>
        )
      )}
    </div>
  );
}
