import type { BackendKind, Flag, FlagChange, FlagSetting, LogSourceInfo, LogSourceStatus, Marker, Series } from '../contract/wire-types';

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
  /** Already validated by the contract (0-100, audience and percentage agree). */
  to: FlagSetting;
  /** The environment as the user saw it; a fresh read that differs is a conflict, never overwritten. */
  expected: FlagSetting;
}

export interface FlagService extends BackendIdentity {
  list(signal: AbortSignal): Promise<Flag[]>;
  /** One flag read fresh from the service (no cache): the re-read before and after a write. */
  read(key: string, signal: AbortSignal): Promise<Flag>;
  /**
   * Re-reads; throws `FlagConflictError` (src/flags/flag-conflict.ts) when the environment no
   * longer matches `expected`; writes (guarded by JSON-Patch `test` operations where the service
   * has them); re-reads. Resolves with the flag as the service now reports it.
   */
  write(write: FlagWrite, signal: AbortSignal): Promise<Flag>;
  /** Who the service records as the author of a write (the token's owner). */
  actor(): string;
}

/** A rotation or truncation made an exact resume impossible: what was lost, in the user's words. */
export interface LogGapNotice {
  from: number | null;
  until: number | null;
  reason: string;
}

/**
 * What a log source reports while following. Bytes arrive as whole lines: each chunk ends with
 * `\n` (a partial last line is held back by the source until it is complete), in file order,
 * never repeated, so the pipeline splits without carrying state between chunks.
 */
export interface LogFollower {
  onLines(chunk: Buffer): void;
  /** Bytes that cannot be read any more; the pipeline writes one explicit gap row. */
  onGap(gap: LogGapNotice): void;
  /** Connected, dropped (and reconnecting), waiting for a host key to be trusted. */
  onStatus(status: Omit<LogSourceStatus, 'id'>): void;
  /** A failure for the backend's health dot; the source keeps retrying by itself. */
  onError(error: Error): void;
  /**
   * For a source whose lines name their host (a journal: `_HOSTNAME`): where one host's lines go.
   * Each host becomes a source of its own, listed instead of this one; `onGap` then applies to
   * all of them. Without it, every host's lines go to `onLines`.
   */
  forHost?(host: string): Pick<LogFollower, 'onLines'>;
}

/** Bytes of a log around a moment, for jump-to-time beyond the ring buffer. */
export interface LogExcerpt {
  /** Whole lines, `\n`-terminated. */
  chunk: Buffer;
  /** Range requests it took (the bench's goal: at most 20 on a 1 GB file). */
  requests: number;
}

/** A read-only tail of one log. No write or exec API exists here, by design. */
export interface LogSource extends BackendIdentity {
  readonly info: LogSourceInfo;
  /** Lines the core keeps for this source (the definition's `bufferLines`); the core's default when absent. */
  readonly bufferLines?: number;
  /** Starts following from the recent past; returns the function that stops it. */
  follow(follower: LogFollower): () => void;
  /** Lines around `at` read from the file itself (by bisection over Range); absent where the transport cannot seek. */
  readAround?(at: number, bytes: number, signal: AbortSignal): Promise<LogExcerpt>;
  /** SSH only: trusts the host key the user compared (`logs.trustHostKey`); a changed key is refused. */
  trustHostKey?(fingerprint: string): Promise<void>;
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
