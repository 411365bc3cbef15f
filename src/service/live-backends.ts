import type { BackendIdentity, BackendSet, LogSource } from '../backends/backend-set';
import { hostSourceId } from '../contract/log-source-id';
import type { LogSourceInfo, LogSourceStatus } from '../contract/wire-types';
import { SourcePipeline } from '../logs/source-pipeline';
import { createBackendHealth } from './backend-health';
import type { BackendHealth } from './backend-health';
import type { EventHub } from './event-hub';

/** One ring the viewer can pick: a log source, or one host of a journal. */
interface Feed {
  info: LogSourceInfo;
  pipeline: SourcePipeline;
  /** The first seq not yet sent as a `logs.lines` event, while a send is due. */
  unsent: number | null;
}

interface RunningTail {
  source: LogSource;
  /** The source's own ring; a journal's stays empty once its hosts have their own. */
  own: Feed;
  /** A journal's hosts (`_HOSTNAME`), each a source of its own, in the order they showed up. */
  hosts: Map<string, Feed>;
  status: LogSourceStatus;
  /** Where the rings of the tail this one replaced ended, by feed id, so seqs go on from there. */
  continueFrom: Map<string, number>;
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
  /** Every feed by its id (a source's own, and each journal host's), with its tail. */
  private readonly feeds = new Map<string, { tail: RunningTail; feed: Feed }>();
  /** Sources with new hosts not yet announced. */
  private readonly changedSources = new Set<string>();
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

  /** The ring and connection state of a source or a journal host, while it is being followed. */
  tail(sourceId: string): { pipeline: SourcePipeline; status: LogSourceStatus } | undefined {
    const found = this.feeds.get(sourceId);
    return found && { pipeline: found.feed.pipeline, status: { ...found.tail.status, id: sourceId } };
  }

  /** The log source a source id (or a journal host's) belongs to. */
  sourceOf(sourceId: string): LogSource | undefined {
    return this.feeds.get(sourceId)?.tail.source ?? this.current.logs.find((s) => s.id === sourceId);
  }

  /** What the viewer can pick: each source, or a journal's hosts instead once they have shown up. */
  sources(): LogSourceInfo[] {
    return this.current.logs.flatMap((source) => {
      const hosts = this.tails.get(source.id)?.hosts;
      return hosts && hosts.size > 0 ? [...hosts.values()].map((feed) => feed.info) : [source.info];
    });
  }

  start(): void {
    this.running = true;
    this.syncTails();
  }

  stop(): void {
    this.running = false;
    for (const tail of this.tails.values()) tail.stop();
    this.tails.clear();
    this.feeds.clear();
  }

  private syncTails() {
    const wanted = new Map(this.current.logs.map((source) => [source.id, source]));
    const continueFrom = new Map<string, Map<string, number>>();
    for (const [id, tail] of this.tails) {
      const next = wanted.get(id);
      if (next && next.fingerprint !== undefined && next.fingerprint === tail.source.fingerprint) continue;
      tail.stop();
      this.tails.delete(id);
      const ends = new Map<string, number>();
      for (const feed of [tail.own, ...tail.hosts.values()]) {
        ends.set(feed.info.id, feed.pipeline.ring.nextSeq);
        this.feeds.delete(feed.info.id);
      }
      continueFrom.set(id, ends);
    }
    for (const source of wanted.values()) {
      if (!this.tails.has(source.id)) this.follow(source, continueFrom.get(source.id) ?? new Map<string, number>());
    }
  }

  private newFeed(source: LogSource, continueFrom: Map<string, number>, info: LogSourceInfo): Feed {
    return { info, pipeline: new SourcePipeline(source.bufferLines ?? this.bufferLines, continueFrom.get(info.id) ?? 0, this.now), unsent: null };
  }

  /** A journal host seen for the first time becomes a source of its own, and the viewer is told. */
  private hostFeed(tail: RunningTail, host: string): Feed {
    let feed = tail.hosts.get(host);
    if (!feed) {
      feed = this.newFeed(tail.source, tail.continueFrom, { ...tail.source.info, id: hostSourceId(tail.source.id, host), host });
      tail.hosts.set(host, feed);
      this.feeds.set(feed.info.id, { tail, feed });
      if (this.isCurrent(tail)) this.sourcesChanged(tail.source.id);
    }
    return feed;
  }

  /** Once per turn of the event loop: a journal's first entries often name many hosts at once. */
  private sourcesChanged(sourceId: string) {
    if (this.changedSources.size === 0) {
      setImmediate(() => {
        for (const id of this.changedSources) this.events.emit('logs.sourcesChanged', { sourceId: id });
        this.changedSources.clear();
      });
    }
    this.changedSources.add(sourceId);
  }

  private isCurrent(tail: RunningTail): boolean {
    return this.tails.get(tail.source.id) === tail;
  }

  /** Lines are handed on once per turn of the event loop, however many chunks came in it. */
  private added(tail: RunningTail, feed: Feed, write: () => void) {
    if (feed.unsent === null) {
      feed.unsent = feed.pipeline.ring.nextSeq;
      setImmediate(() => {
        const lines = feed.pipeline.ring.lines(feed.unsent!, feed.pipeline.ring.nextSeq, feed.info.id);
        feed.unsent = null;
        if (lines.length > 0 && this.isCurrent(tail)) this.events.emit('logs.lines', { sourceId: feed.info.id, lines });
      });
    }
    write();
  }

  private follow(source: LogSource, continueFrom: Map<string, number>) {
    const health = () => this.health;
    const tail: RunningTail = {
      source,
      own: this.newFeed(source, continueFrom, source.info),
      hosts: new Map(),
      status: { id: source.id, state: 'connecting', since: this.now(), message: null, hostKeyFingerprint: null },
      continueFrom,
      stop: () => undefined,
    };
    this.tails.set(source.id, tail);
    this.feeds.set(source.id, { tail, feed: tail.own });
    tail.stop = source.follow({
      onLines: (chunk) => this.added(tail, tail.own, () => tail.own.pipeline.ingest(chunk)),
      forHost: (host) => {
        const feed = this.hostFeed(tail, host);
        return { onLines: (chunk) => this.added(tail, feed, () => feed.pipeline.ingest(chunk)) };
      },
      // Lost entries of a journal are lost for each of its hosts.
      onGap: (gap) => {
        for (const feed of tail.hosts.size > 0 ? tail.hosts.values() : [tail.own]) this.added(tail, feed, () => feed.pipeline.gap(gap));
      },
      onStatus: (status) => {
        tail.status = { ...status, id: source.id };
        if (status.state === 'live') health().report(source, null);
        if (!this.isCurrent(tail)) return;
        for (const feed of [tail.own, ...tail.hosts.values()]) this.events.emit('logs.status', { status: { ...tail.status, id: feed.info.id } });
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
