import type { BackendKind, Flag, FlagChange, LogSourceInfo, Marker, Series } from '../contract/wire-types';

/** What every backend adapter has: an id, a kind and a name a person recognises ("Graphite at graphite.internal"). */
export interface BackendIdentity {
  readonly id: string;
  readonly kind: BackendKind;
  readonly name: string;
  /** Changes whenever the backend's definition changes, so live work (a log tail) restarts only when it must. */
  readonly fingerprint?: string;
  /** "Test connection": what answered (version, counts), or throws what failed and why. */
  check(signal: AbortSignal): Promise<string>;
}

export interface RenderQuery {
  targets: string[];
  from: number;
  until: number;
  maxDataPoints: number;
}

/** Graphite's render API, or anything that answers like it. */
export interface MetricsSource extends BackendIdentity {
  render(query: RenderQuery, signal: AbortSignal): Promise<Series[]>;
  /** The metric tree's nodes matching a pattern; optional because not every source can browse. */
  find?(query: string, signal: AbortSignal): Promise<MetricNode[]>;
}

export interface MetricNode {
  path: string;
  text: string;
  leaf: boolean;
  expandable: boolean;
}

/** Deploy logs, Graphite events, flag-flip records: anything that yields markers for the graphs. */
export interface MarkerSource extends BackendIdentity {
  list(from: number, until: number, signal: AbortSignal): Promise<Marker[]>;
}

export interface FlagWrite {
  key: string;
  environment: string;
  enabled: boolean;
}

export interface FlagService extends BackendIdentity {
  list(signal: AbortSignal): Promise<Flag[]>;
  /** Writes, then re-reads: resolves with the flag as the service now reports it. */
  setEnabled(write: FlagWrite, signal: AbortSignal): Promise<Flag>;
  /** Who the service records as the author of a write (the token's owner). */
  actor(): string;
}

export interface RawLogLine {
  at: number | null;
  level: 'error' | 'warn' | 'info' | 'debug' | null;
  text: string;
}

export interface LogFollower {
  onLines(lines: RawLogLine[]): void;
  onError(error: Error): void;
}

/** A read-only tail of one log. No write or exec API exists here, by design. */
export interface LogSource extends BackendIdentity {
  readonly info: LogSourceInfo;
  /** Starts following from the recent past; returns the function that stops it. */
  follow(follower: LogFollower): () => void;
}

/**
 * Where confirmed flips are published so every graph shows them (Graphite events, in the real
 * world), and read back by a `MarkerSource`.
 */
export interface ChangeRecorder extends BackendIdentity {
  record(change: FlagChange, signal: AbortSignal): Promise<void>;
}

/** Everything the core talks to, built from backend definitions. Kinds not configured are null. */
export interface BackendSet {
  dataSource: 'demo' | 'configured';
  metrics: MetricsSource | null;
  markers: MarkerSource[];
  flags: FlagService | null;
  changes: ChangeRecorder | null;
  logs: LogSource[];
}
