import type { EventEnvelope } from '../contract/events';
import type { EventHub } from '../service/event-hub';

/** A window's stream id: 16 random bytes as hex, made by the page (renderer/api/http-bridge.ts). */
export const STREAM_ID = /^[0-9a-f]{32}$/;

export interface EarlyEventLimits {
  /** Events kept per window; beyond, the window is told to re-fetch instead. */
  maxEvents: number;
  /** Windows waiting at once. */
  maxWindows: number;
  /** How long a window's events are kept for a stream that never opens. */
  keepMs: number;
}

const defaultLimits: EarlyEventLimits = { maxEvents: 1_000, maxWindows: 32, keepMs: 60_000 };

interface Waiting {
  events: EventEnvelope[];
  overflowed: boolean;
  stop: () => void;
}

/** What a window missed before its stream opened: the events in order, or `resync` when there were too many to keep. */
export type Missed = { events: EventEnvelope[]; resync: boolean };

/**
 * The events of a window whose requests arrived before its event stream opened. A page asks for
 * its first paint at once instead of waiting for its stream; what happens meanwhile (a backend
 * saved, a deploy marker) is kept here and sent first when the stream opens, so an answer can
 * never be newer than an event the window did not get.
 */
export class EarlyEvents {
  private readonly waiting = new Map<string, Waiting>();
  private readonly open = new Set<string>();

  constructor(
    private readonly hub: EventHub,
    private readonly limits: EarlyEventLimits = defaultLimits,
  ) {}

  /** A request from window `id`: while its stream is not open, its events are kept. */
  hold(id: string): void {
    if (this.open.has(id) || this.waiting.has(id) || this.waiting.size >= this.limits.maxWindows) return;
    const entry: Waiting = { events: [], overflowed: false, stop: () => {} };
    const unsubscribe = this.hub.subscribe((event) => {
      if (entry.events.length < this.limits.maxEvents) entry.events.push(event);
      else entry.overflowed = true;
    });
    const timer = setTimeout(() => this.drop(id), this.limits.keepMs);
    timer.unref?.();
    entry.stop = () => {
      clearTimeout(timer);
      unsubscribe();
    };
    this.waiting.set(id, entry);
  }

  /** Window `id`'s stream opened: what it missed, and from now on its events go to the stream. */
  opened(id: string): Missed {
    this.open.add(id);
    const entry = this.waiting.get(id);
    this.drop(id);
    return entry ? { events: entry.events, resync: entry.overflowed } : { events: [], resync: false };
  }

  /** Window `id`'s stream closed: requests until it reopens are held again. */
  closed(id: string): void {
    this.open.delete(id);
  }

  /** Windows whose events are being kept: for tests and the host's shutdown. */
  get size(): number {
    return this.waiting.size;
  }

  close(): void {
    for (const id of [...this.waiting.keys()]) this.drop(id);
  }

  private drop(id: string): void {
    this.waiting.get(id)?.stop();
    this.waiting.delete(id);
  }
}
