import { useMemo } from 'react';

import type { Marker } from '../../../src/contract/wire-types';
import type { TimeZone } from '../../lib/format-time';
import { formatDateTime } from '../../lib/format-time';
import { AnomalyNote } from './anomaly-note';
import { useMarkerActions } from './marker-actions-context';
import { MarkerList } from './marker-list';
import { useCursorAnomaly } from './use-cursor-anomaly';
import { byNearness, formatDistance, formatFromOnset, rankFromOnset } from './what-changed';

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

/**
 * Deploys and flips nearest to where the anomaly pointed at started (or to the moment itself when
 * there is none): the first question when a graph jumps.
 */
export function WhatChangedList({ markers, cursor, end, zone }: WhatChangedListProps) {
  const anomaly = useCursorAnomaly();
  const onset = cursor === null ? null : (anomaly?.onset ?? null);
  const ref = onset?.at ?? cursor ?? end;
  const service = anomaly?.service ?? null;
  const sorted = useMemo(() => (onset ? rankFromOnset(markers, onset, service) : byNearness(markers, ref)), [markers, onset, service, ref]);
  const { whatChangedExtra } = useMarkerActions();
  const from = onset ? 'the onset' : cursor === null ? "the window's end" : 'the cursor';
  return (
    <aside className="panel what-changed" data-testid="what-changed" aria-label="What changed?">
      <div className="panel-body">
        <h2>What changed?</h2>
        {cursor !== null && anomaly && <AnomalyNote anomaly={anomaly} zone={zone} />}
        <p className="muted">
          {sorted.length} {sorted.length === 1 ? 'change' : 'changes'}, nearest {onset ? 'before' : 'to'} {from} ({formatDateTime(ref, zone)}) first
        </p>
        {whatChangedExtra?.(markers, cursor)}
        <MarkerList markers={sorted.slice(0, SHOWN)} zone={zone} note={(m) => (onset ? formatFromOnset(m.at, onset) : formatDistance(m.at, ref))} />
        {sorted.length > SHOWN && <p className="muted">and {sorted.length - SHOWN} further away</p>}
      </div>
    </aside>
  );
}
