import type { MouseEvent } from 'react';

import type { Marker } from '../../../src/contract/wire-types';
import type { TimeZone } from '../../lib/format-time';
import { formatDateTime } from '../../lib/format-time';

export type MarkerListProps = {
  /** Shown in this order: the caller decides (newest first in a cluster, nearest first in "What changed?"). */
  markers: readonly Marker[];
  zone: TimeZone;
  /** An extra word per marker, such as "3 min before". */
  note?: (marker: Marker) => string;
  /** Right-click, or Shift+F10 / the context-menu key, on a row: what its tick would offer (the inverse of a flip). */
  onMenu?: ((marker: Marker) => void) | undefined;
};

/** Who, what, when and the link of each marker: the change-management questions, one row each. */
export function MarkerList({ markers, zone, note, onMenu }: MarkerListProps) {
  const menu = (marker: Marker) =>
    onMenu &&
    ((event: MouseEvent) => {
      event.preventDefault();
      onMenu(marker);
    });
  return (
    <ul className="marker-list">
      {markers.map((m) => (
        <li
          key={m.id}
          className={`marker-list-item ${m.kind}`}
          data-testid="marker-list-item"
          data-kind={m.kind}
          data-at={m.at}
          // Focusable where it has a menu, so the keyboard reaches it too.
          tabIndex={onMenu ? 0 : undefined}
          onContextMenu={menu(m)}
        >
          <span className="marker-list-kind">{m.kind === 'deploy' ? '▲ deploy' : '◆ flip'}</span>{' '}
          <span className="marker-list-who">{m.who}</span> — <span className="marker-list-what">{m.what}</span> —{' '}
          <time dateTime={new Date(m.at).toISOString()}>{formatDateTime(m.at, zone)}</time>
          {note && <span className="marker-list-note"> ({note(m)})</span>}
          {m.link && (
            <>
              {' '}
              <a href={m.link} target="_blank" rel="noopener noreferrer">
                open
              </a>
            </>
          )}
        </li>
      ))}
    </ul>
  );
}
