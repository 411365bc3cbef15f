import type { BackendIdentity, BackendSet, LogSource } from '../backends/backend-set';
import { LogBuffer } from '../logs/log-buffer';
import { createBackendHealth } from './backend-health';
import type { BackendHealth } from './backend-health';
import type { EventHub } from './event-hub';

interface RunningTail {
  source: LogSource;
  buffer: LogBuffer;
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

  buffer(sourceId: string): LogBuffer | undefined {
    return this.tails.get(sourceId)?.buffer;
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
      continueFrom.set(id, tail.buffer.seq);
    }
    for (const source of wanted.values()) {
      if (!this.tails.has(source.id)) this.follow(source, continueFrom.get(source.id));
    }
  }

  private follow(source: LogSource, previousSeq = 0) {
    const buffer = new LogBuffer(source.id, this.bufferLines, previousSeq);
    const health = () => this.health;
    const stop = source.follow({
      onLines: (raw) => {
        health().report(source, null);
        // An empty batch only says the source answered again after an outage.
        if (raw.length > 0) this.events.emit('logs.lines', { sourceId: source.id, lines: buffer.append(raw) });
      },
      onError: (error) => health().report(source, error),
    });
    this.tails.set(source.id, { source, buffer, stop });
  }

  private newHealth(set: BackendSet): BackendHealth {
    const all: (BackendIdentity | null)[] = [set.metrics, ...set.markers, set.flags, set.changes, ...set.logs];
    const unique = new Map(all.filter((b): b is BackendIdentity => b !== null).map((b) => [b.id, b]));
    return createBackendHealth([...unique.values()], (statuses) => this.events.emit('backends.changed', { statuses }), this.now);
  }
}
