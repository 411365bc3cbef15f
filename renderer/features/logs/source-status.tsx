import type { LogSourceInfo, LogSourceStatus } from '../../../src/contract/wire-types';
import type { TimeZone } from '../../lib/format-time';
import { formatClock } from '../../lib/format-time';

export type SourceStatusProps = {
  /** One source, or every source waiting for the same host key (one Accept trusts it for all of them). */
  sources: readonly LogSourceInfo[];
  status: LogSourceStatus;
  zone: TimeZone;
  /** Offered for an unknown SSH host key only, after the fingerprint is on screen. */
  onTrust: (sourceId: string, fingerprint: string) => void;
  /** The trust request failed: why, next to the button. */
  trustError: string | null;
};

/** A source's connection in words: live, since when it is gone, or a host key waiting for a person. */
export function SourceStatus({ sources, status, zone, onTrust, trustError }: SourceStatusProps) {
  const source = sources[0]!;
  const name = `${source.host} · ${source.name}${sources.length > 1 ? ` and ${sources.length - 1} more there` : ''}`;
  const since = formatClock(status.since, zone);
  return (
    <div
      className={`log-source-status state-${status.state}`}
      data-testid="log-source-status"
      data-source={source.id}
      data-sources={sources.length}
      data-state={status.state}
      role="status"
    >
      <span className="log-source-name">{name}</span>
      <span className="log-source-state">{describe(status, since)}</span>
      {status.message && <span className="muted">{status.message}</span>}
      {status.state === 'host-key-unknown' && status.hostKeyFingerprint && (
        <>
          <code className="fingerprint">{status.hostKeyFingerprint}</code>
          <button type="button" className="button" onClick={() => onTrust(source.id, status.hostKeyFingerprint!)}>
            Accept host key
          </button>
        </>
      )}
      {status.state === 'host-key-changed' && status.hostKeyFingerprint && <code className="fingerprint">{status.hostKeyFingerprint}</code>}
      {trustError && <span className="error-text">{trustError}</span>}
    </div>
  );
}

function describe(status: LogSourceStatus, since: string): string {
  switch (status.state) {
    case 'live':
      return `live since ${since}`;
    case 'connecting':
      return 'connecting…';
    case 'reconnecting':
      return `reconnecting since ${since}`;
    case 'stopped':
      return `stopped at ${since}`;
    case 'host-key-unknown':
      return 'host key not yet trusted: compare this fingerprint with the host’s, then accept it';
    case 'host-key-changed':
      return 'host key CHANGED since it was trusted: refused (ask the host’s owner before anything else)';
  }
}

/** Short word for the picker's list. */
export function stateWord(status: LogSourceStatus): string {
  switch (status.state) {
    case 'live':
      return 'live';
    case 'connecting':
      return 'connecting';
    case 'reconnecting':
      return 'reconnecting';
    case 'stopped':
      return 'stopped';
    case 'host-key-unknown':
      return 'host key?';
    case 'host-key-changed':
      return 'key changed';
  }
}
