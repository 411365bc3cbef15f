import type { BackendIdentity, BackendSet, LogSource } from '../backends/backend-set';
import type { LogSourceStatus } from '../contract/wire-types';
import { SourcePipeline } from '../logs/source-pipeline';
import { createBackendHealth } from './backend-health';
import type { BackendHealth } from './backend-health';
import type { EventHub } from './event-hub';

interface RunningTail {
  source: LogSource;
  pipeline: SourcePipeline;
  status: LogSourceStatus;
  stop: () => void;
}

/**
 * The backends in use right now. Replacing them (a backend added in Settings) keeps every log
 * tail whose definition did not change, so its lines are neither lost nor shown twice.
 */
export class LiveBackends {
  current: BackendSet;
  health: BackendHealth;
  private readonly tails = new Map<string, RunningTail>();
  private running = false;

  constructor(
    initial: BackendSet,
    private readonly events: EventHub,
    private readonly now: () => number,
    private readonly bufferLines: number,
  ) {
    this.current = initial;
    this.health = this.newHealth(initial);
  }

  replace(next: BackendSet): void {
    this.current = next;
    this.health = this.newHealth(next);
    if (this.running) this.syncTails();
    this.events.emit('backends.changed', { statuses: this.health.statuses() });
  }

  /** The source's ring and connection state, while it is being followed. */
  tail(sourceId: string): Pick<RunningTail, 'pipeline' | 'status'> | undefined {
    return this.tails.get(sourceId);
  }

  start(): void {
    this.running = true;
    this.syncTails();
  }

  stop(): void {
    this.running = false;
    for (const tail of this.tails.values()) tail.stop();
    this.tails.clear();
  }

  private syncTails() {
    const wanted = new Map(this.current.logs.map((source) => [source.id, source]));
    const continueFrom = new Map<string, number>();
    for (const [id, tail] of this.tails) {
      const next = wanted.get(id);
      if (next && next.fingerprint !== undefined && next.fingerprint === tail.source.fingerprint) continue;
      tail.stop();
      this.tails.delete(id);
      continueFrom.set(id, tail.pipeline.ring.nextSeq);
    }
    for (const source of wanted.values()) {
      if (!this.tails.has(source.id)) this.follow(source, continueFrom.get(source.id));
    }
  }

  private follow(source: LogSource, previousSeq = 0) {
    const pipeline = new SourcePipeline(source.bufferLines ?? this.bufferLines, previousSeq, this.now);
    const health = () => this.health;
    const tail: RunningTail = {
      source,
      pipeline,
      status: { id: source.id, state: 'connecting', since: this.now(), message: null, hostKeyFingerprint: null },
      stop: () => undefined,
    };
    // Lines are handed on once per turn of the event loop, however many chunks came in it.
    let unsent: number | null = null;
    const send = () => {
      const from = unsent!;
      unsent = null;
      const lines = pipeline.ring.lines(from, pipeline.ring.nextSeq, source.id);
      if (lines.length > 0 && this.tails.get(source.id) === tail) this.events.emit('logs.lines', { sourceId: source.id, lines });
    };
    const added = (write: () => void) => {
      if (unsent === null) {
        unsent = pipeline.ring.nextSeq;
        setImmediate(send);
      }
      write();
    };
    this.tails.set(source.id, tail);
    tail.stop = source.follow({
      onLines: (chunk) => added(() => pipeline.ingest(chunk)),
      onGap: (gap) => added(() => pipeline.gap(gap)),
      onStatus: (status) => {
        tail.status = { ...status, id: source.id };
        if (status.state === 'live') health().report(source, null);
        if (this.tails.get(source.id) === tail) this.events.emit('logs.status', { status: tail.status });
      },
      onError: (error) => health().report(source, error),
    });
  }

  private newHealth(set: BackendSet): BackendHealth {
    const all: (BackendIdentity | null)[] = [set.metrics, ...set.markers, set.flags, set.changes, ...set.logs];
    const unique = new Map(all.filter((b): b is BackendIdentity => b !== null).map((b) => [b.id, b]));
    return createBackendHealth([...unique.values()], (statuses) => this.events.emit('backends.changed', { statuses }), this.now);
  }
}
