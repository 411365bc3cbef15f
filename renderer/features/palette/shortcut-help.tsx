import type { KeyboardEvent } from 'react';

import { SHORTCUTS } from './shortcuts';

export type ShortcutHelpProps = { onClose: () => void };

/** `?`: every shortcut, from the same table the handler uses. */
export function ShortcutHelp({ onClose }: ShortcutHelpProps) {
  const onKeyDown = (event: KeyboardEvent) => {
    if (event.key !== 'Escape' && event.key !== '?') return;
    event.preventDefault();
    event.stopPropagation();
    onClose();
  };
  return (
    <div className="incident-dialog-backdrop" onMouseDown={(event) => event.target === event.currentTarget && onClose()}>
      <div className="incident-dialog shortcut-help" role="dialog" aria-modal="true" aria-label="Keyboard shortcuts" tabIndex={-1} ref={(el) => el?.focus()} onKeyDown={onKeyDown}>
        <h2>Keyboard shortcuts</h2>
        <dl>
          {SHORTCUTS.map(([keys, what]) => (
            <div key={keys} style={{ display: 'contents' }}>
              <dt>{keys}</dt>
              <dd>{what}</dd>
            </div>
          ))}
        </dl>
        <div className="incident-dialog-actions">
          <button type="button" className="button" onClick={onClose}>
            Close
          </button>
        </div>
      </div>
    </div>
  );
}
