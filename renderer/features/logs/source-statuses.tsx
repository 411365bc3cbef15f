import type { LogSourceStatus } from '../../../src/contract/wire-types';
import type { TimeZone } from '../../lib/format-time';
import { formatClock } from '../../lib/format-time';
import { SourceStatus } from './source-status';
import type { SourceWithStatus } from './use-log-sources';

/** More picked sources than this (a service on a fleet of hosts) are summed up in one line. */
export const MANY_SOURCES = 3;

export type SourceStatusesProps = {
  picked: readonly SourceWithStatus[];
  zone: TimeZone;
  onTrust: (sourceId: string, fingerprint: string) => void;
  trustError: { sourceId: string; message: string } | null;
};

/**
 * The picked sources' connections: a row for each one that is not live, or, where there are
 * many, one line of counts ("49 live, 1 reconnecting since 14:02:10") with the rows folded
 * under it. A host key waiting for a person is always shown, once per key: one Accept trusts it
 * for every source on that host.
 */
export function SourceStatuses({ picked, zone, onTrust, trustError }: SourceStatusesProps) {
  const troubled = picked.filter(({ status }) => status.state !== 'live' && status.state !== 'connecting');
  const errorFor = (ids: readonly string[]) => (trustError && ids.includes(trustError.sourceId) ? trustError.message : null);
  const keyRows = hostKeyGroups(troubled).map(({ status, entries }) => (
    <SourceStatus
      key={`${status.state}:${status.hostKeyFingerprint}`}
      sources={entries.map((e) => e.source)}
      status={status}
      zone={zone}
      onTrust={onTrust}
      trustError={errorFor(entries.map((e) => e.source.id))}
    />
  ));
  const rows = troubled
    .filter(({ status }) => !isHostKeyState(status.state))
    .map(({ source, status }) => <SourceStatus key={source.id} sources={[source]} status={status} zone={zone} onTrust={onTrust} trustError={errorFor([source.id])} />);
  if (picked.length <= MANY_SOURCES) {
    return (
      <>
        {keyRows}
        {rows}
      </>
    );
  }
  return (
    <>
      <p className={`log-sources-summary${troubled.length > 0 ? ' troubled' : ''}`} data-testid="log-sources-summary" role="status">
        {summarize(picked, zone)}
      </p>
      {keyRows}
      {rows.length > 0 && (
        <details className="log-sources-details">
          <summary>{rows.length === 1 ? 'Which one' : `Which ${rows.length}`}</summary>
          {rows}
        </details>
      )}
    </>
  );
}

const ORDER: readonly LogSourceStatus['state'][] = ['live', 'connecting', 'reconnecting', 'stopped', 'host-key-unknown', 'host-key-changed'];

/** "49 live, 1 reconnecting since 14:02:10": counts by state, with the earliest moment a trouble began. */
export function summarize(entries: readonly SourceWithStatus[], zone: TimeZone): string {
  return ORDER.flatMap((state) => {
    const inState = entries.filter((e) => e.status.state === state);
    if (inState.length === 0) return [];
    const since = formatClock(Math.min(...inState.map((e) => e.status.since)), zone);
    const n = inState.length;
    switch (state) {
      case 'live':
        return [`${n} live`];
      case 'connecting':
        return [`${n} connecting`];
      case 'reconnecting':
        return [`${n} reconnecting since ${since}`];
      case 'stopped':
        return [`${n} stopped since ${since}`];
      case 'host-key-unknown':
        return [`${n} waiting for a host key to be accepted`];
      case 'host-key-changed':
        return [`${n} refused: host key changed`];
    }
  }).join(', ');
}

const isHostKeyState = (state: LogSourceStatus['state']) => state === 'host-key-unknown' || state === 'host-key-changed';

/** Sources waiting on the same host key (same state and fingerprint), in the order first seen. */
function hostKeyGroups(entries: readonly SourceWithStatus[]): { status: LogSourceStatus; entries: SourceWithStatus[] }[] {
  const groups = new Map<string, { status: LogSourceStatus; entries: SourceWithStatus[] }>();
  for (const entry of entries) {
    if (!isHostKeyState(entry.status.state)) continue;
    const key = `${entry.status.state}:${entry.status.hostKeyFingerprint}`;
    const group = groups.get(key) ?? { status: entry.status, entries: [] };
    group.entries.push(entry);
    groups.set(key, group);
  }
  return [...groups.values()];
}
