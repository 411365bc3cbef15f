import { useEffect, useId, useRef, useState } from 'react';
import type { FocusEvent, KeyboardEvent } from 'react';

import type { TimeZone } from '../../../lib/format-time';
import { formatDateTime } from '../../../lib/format-time';
import type { Marker } from '../../../../src/contract/wire-types';
import { useMarkerActions } from '../marker-actions-context';
import { MarkerList } from '../marker-list';
import { describeMarker } from './describe-marker';
import type { MarkerCluster } from './marker-clusters';

export type MarkerClusterTickProps = {
  cluster: MarkerCluster;
  zone: TimeZone;
  /** Whether this cluster's list is the panel's open one (hover, focus or a click). */
  open: boolean;
  onOpen: (open: boolean) => void;
};

/**
 * "+N" for markers too close to tell apart. Hover or focus lists them all (newest first); a click
 * pins the list as a popover whose links can be reached, until Escape, a second click or a click
 * elsewhere. The tick and its list share one wrapper, so moving onto the list keeps it open. A
 * right-click on a row offers what the marker's own tick would (the inverse of a flip): a flip
 * a few pixels from another change is no further from its lever.
 */
export function MarkerClusterTick({ cluster, zone, open, onOpen }: MarkerClusterTickProps) {
  const id = useId();
  const wrap = useRef<HTMLDivElement>(null);
  const button = useRef<HTMLButtonElement>(null);
  const [pinned, setPinned] = useState(false);
  const { onMarkerMenu } = useMarkerActions();
  // Focus goes to the tick first: what the menu opens gives it back there, where the list may have closed.
  const onMenu =
    onMarkerMenu &&
    ((marker: Marker) => {
      button.current?.focus();
      onMarkerMenu(marker);
    });
  // In the right half of the chart the list opens leftwards, so it is never cut off at the edge.
  const [leftwards, setLeftwards] = useState(false);
  const openHere = () => {
    setLeftwards(cluster.x > (wrap.current?.parentElement?.clientWidth ?? 0) / 2);
    onOpen(true);
  };
  const newestFirst = [...cluster.markers].reverse();
  const count = cluster.markers.length;
  const label = `${count} markers: ${newestFirst.map((m) => `${m.kind}: ${describeMarker(m, formatDateTime(m.at, zone))}`).join('; ')}`;
  const shown = open || pinned;

  useEffect(() => {
    if (!pinned) return;
    const away = (event: MouseEvent) => {
      if (!wrap.current?.contains(event.target as Node)) setPinned(false);
    };
    document.addEventListener('mousedown', away);
    return () => document.removeEventListener('mousedown', away);
  }, [pinned]);

  const onBlur = (event: FocusEvent) => {
    if (!wrap.current?.contains(event.relatedTarget)) onOpen(false);
  };
  const onKeyDown = (event: KeyboardEvent) => {
    if (event.key !== 'Escape' || !shown) return;
    event.stopPropagation();
    setPinned(false);
    onOpen(false);
    button.current?.focus();
  };

  return (
    <div
      ref={wrap}
      className="marker-cluster-wrap"
      style={{ transform: `translateX(${Math.round(cluster.x)}px)` }}
      onMouseEnter={openHere}
      onMouseLeave={() => onOpen(false)}
      onKeyDown={onKeyDown}
    >
      <button
        ref={button}
        type="button"
        className={`marker-tick marker-cluster ${cluster.kind}`}
        data-testid="marker-cluster"
        data-count={count}
        data-kind={cluster.kind}
        data-deploys={cluster.markers.filter((m) => m.kind === 'deploy').length}
        data-flips={cluster.markers.filter((m) => m.kind === 'flip').length}
        data-at={cluster.markers[0]!.at}
        aria-label={label}
        aria-expanded={pinned}
        aria-describedby={shown ? id : undefined}
        onFocus={openHere}
        onBlur={onBlur}
        onClick={() => setPinned((p) => !p)}
      >
        +{count}
      </button>
      {shown && (
        <div id={id} className={`marker-cluster-list${pinned ? ' pinned' : ''}${leftwards ? ' leftwards' : ''}`} role={pinned ? 'dialog' : 'tooltip'} aria-label={`${count} markers`} onBlur={onBlur}>
          <MarkerList markers={newestFirst} zone={zone} onMenu={onMenu} />
        </div>
      )}
    </div>
  );
}
