import { useMemo } from 'react';

import type { Marker } from '../../../src/contract/wire-types';
import type { TimeZone } from '../../lib/format-time';
import { formatDateTime } from '../../lib/format-time';
import { useMarkerActions } from './marker-actions-context';
import { MarkerList } from './marker-list';
import { byNearness, formatDistance } from './what-changed';

/** Enough to find the cause; the rest are further away than anyone reads at 3 a.m. */
const SHOWN = 200;

export type WhatChangedListProps = {
  /** The window's markers, already filtered as the panels show them. */
  markers: readonly Marker[];
  /** The time cursor, or null to measure from `end`. */
  cursor: number | null;
  /** The end of the window (or of a selection). */
  end: number;
  zone: TimeZone;
};

/** Deploys and flips nearest to the moment pointed at: the first question when a graph jumps. */
export function WhatChangedList({ markers, cursor, end, zone }: WhatChangedListProps) {
  const ref = cursor ?? end;
  const sorted = useMemo(() => byNearness(markers, ref), [markers, ref]);
  const { whatChangedExtra } = useMarkerActions();
  return (
    <aside className="panel what-changed" data-testid="what-changed" aria-label="What changed?">
      <div className="panel-body">
        <h2>What changed?</h2>
        <p className="muted">
          {sorted.length} {sorted.length === 1 ? 'change' : 'changes'}, nearest to {cursor === null ? "the window's end" : 'the cursor'} ({formatDateTime(ref, zone)}) first
        </p>
        {whatChangedExtra?.(markers, cursor)}
        <MarkerList markers={sorted.slice(0, SHOWN)} zone={zone} note={(m) => formatDistance(m.at, ref)} />
        {sorted.length > SHOWN && <p className="muted">and {sorted.length - SHOWN} further away</p>}
      </div>
    </aside>
  );
}
