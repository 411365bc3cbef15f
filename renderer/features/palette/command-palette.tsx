import { useId, useMemo, useState } from 'react';
import type { KeyboardEvent } from 'react';

import type { Command } from './palette-commands';
import { matchCommands } from './palette-commands';

export type CommandPaletteProps = {
  commands: readonly Command[];
  /** Still loading some of them (the flags): said, so a missing flag is not taken for absent. */
  loading?: boolean;
  onClose: () => void;
};

/**
 * Ctrl/Cmd+K: type a few words, arrows to choose, Enter to run, Escape to leave. A combobox over
 * a listbox (the ARIA pattern), so a screen reader follows the choice as the keyboard does.
 */
export function CommandPalette({ commands, loading = false, onClose }: CommandPaletteProps) {
  const [query, setQuery] = useState('');
  const [chosen, setChosen] = useState(0);
  const shown = useMemo(() => matchCommands(commands, query), [commands, query]);
  const listId = useId();
  const index = Math.min(chosen, Math.max(0, shown.length - 1));

  const run = (command: Command | undefined) => {
    if (!command) return;
    onClose();
    command.run();
  };
  const onKeyDown = (event: KeyboardEvent) => {
    const moves: Record<string, number> = { ArrowDown: 1, ArrowUp: -1, PageDown: 10, PageUp: -10 };
    if (event.key in moves) {
      event.preventDefault();
      setChosen(Math.max(0, Math.min(shown.length - 1, index + moves[event.key]!)));
    } else if (event.key === 'Enter') {
      event.preventDefault();
      run(shown[index]);
    } else if (event.key === 'Escape') {
      event.preventDefault();
      event.stopPropagation();
      onClose();
    }
  };

  return (
    <div className="incident-dialog-backdrop" onMouseDown={(event) => event.target === event.currentTarget && onClose()}>
      <div className="incident-dialog command-palette" role="dialog" aria-modal="true" aria-label="Command palette" data-testid="command-palette">
        <input
          role="combobox"
          aria-expanded="true"
          aria-controls={listId}
          aria-activedescendant={shown[index] ? `${listId}-${index}` : undefined}
          aria-label="Command"
          placeholder="Flag, panel, dashboard, time range, incident…"
          value={query}
          autoFocus
          onChange={(event) => {
            setQuery(event.target.value);
            setChosen(0);
          }}
          onKeyDown={onKeyDown}
        />
        <ul id={listId} className="palette-list" role="listbox" aria-label="Commands">
          {shown.map((command, i) => (
            <li
              key={command.id}
              id={`${listId}-${i}`}
              role="option"
              aria-selected={i === index}
              className="palette-item"
              data-testid="palette-item"
              onMouseMove={() => i !== index && setChosen(i)}
              onClick={() => run(command)}
            >
              <span className="palette-item-group">{command.group}</span>
              <span className="palette-item-title">{command.title}</span>
              {command.hint && <span className="muted small">{command.hint}</span>}
            </li>
          ))}
        </ul>
        {shown.length === 0 && <p className="muted">Nothing matches “{query}”{loading ? ' yet: still loading the flags…' : '.'}</p>}
      </div>
    </div>
  );
}
