import type { BackendIdentity, ChangeRecorder } from '../backends/backend-set';
import { SESSION_FLIPS_ID } from '../backends/memory-change-log';
import type { AuditEntry, FlagChange, PublishState } from '../contract/wire-types';
import { describeError } from '../errors';
import type { AuditLog } from './audit-log';

export interface FlipPublisherOptions {
  audit: AuditLog;
  /** The recorder in use now: Settings may add or change the Graphite while an event waits. */
  recorder: () => ChangeRecorder | null;
  /** Told every new publish state, for the `audit.changed` event. */
  onChange: (entry: AuditEntry) => void;
  onError: (error: unknown) => void;
  /** Runs each attempt through the backends' health table, so Settings shows the events API as down too. */
  track?: <T>(backend: BackendIdentity, call: () => Promise<T>) => Promise<T>;
  now?: () => number;
  /** Waits between attempts; the last one repeats until `giveUpAfterMs`. */
  retryDelaysMs?: readonly number[];
  /** How long after the flip an event is still worth retrying. */
  giveUpAfterMs?: number;
  attemptTimeoutMs?: number;
}

const DEFAULT_DELAYS = [1_000, 2_000, 5_000, 15_000, 30_000, 60_000, 120_000, 300_000, 600_000];
const DAY = 24 * 3_600_000;

/**
 * Sends each confirmed flip to Graphite as an event, in the background: a dead Graphite never
 * blocks or fails a flip. Failed attempts are retried with backoff; every state (queued, sent,
 * failed) lands in the audit log, which is also the queue a restart resumes from.
 */
export class FlipPublisher {
  private readonly timers = new Map<string, NodeJS.Timeout>();
  private readonly stopping = new AbortController();
  private readonly now: () => number;
  private readonly delays: readonly number[];

  constructor(private readonly options: FlipPublisherOptions) {
    this.now = options.now ?? Date.now;
    this.delays = options.retryDelaysMs ?? DEFAULT_DELAYS;
  }

  /**
   * The state a confirmed flip starts with. Without a Graphite the flip is kept in the session's
   * own marker list (so this window's graphs still show it) and published nowhere.
   */
  async initialState(change: FlagChange): Promise<PublishState> {
    const recorder = this.options.recorder();
    if (recorder && recorder.id !== SESSION_FLIPS_ID) return { state: 'queued', attempts: 0, lastError: null };
    await recorder?.record(change, this.stopping.signal);
    return { state: 'not-configured', attempts: 0, lastError: null };
  }

  /** Starts sending an entry whose publish state is `queued`; returns at once. */
  enqueue(entry: AuditEntry): void {
    if (entry.publish?.state === 'queued' && !this.timers.has(entry.id)) this.schedule(entry, 0);
  }

  /** After a restart: everything still queued in the audit log is sent again. */
  async resume(): Promise<void> {
    for (const entry of await this.options.audit.pending()) this.enqueue(entry);
  }

  stop(): void {
    this.stopping.abort();
    for (const timer of this.timers.values()) clearTimeout(timer);
    this.timers.clear();
  }

  private schedule(entry: AuditEntry, delayMs: number) {
    const timer = setTimeout(() => void this.attempt(entry), delayMs);
    timer.unref();
    this.timers.set(entry.id, timer);
  }

  private async attempt(entry: AuditEntry): Promise<void> {
    const attempts = (entry.publish?.attempts ?? 0) + 1;
    let next: PublishState;
    try {
      const recorder = this.options.recorder();
      if (!recorder || recorder.id === SESSION_FLIPS_ID) throw new Error('No Graphite is configured to publish the flip to.');
      const signal = AbortSignal.any([this.stopping.signal, AbortSignal.timeout(this.options.attemptTimeoutMs ?? 10_000)]);
      const track = this.options.track ?? ((_backend, call) => call());
      await track(recorder, () => recorder.record(changeOf(entry), signal));
      next = { state: 'sent', attempts, lastError: null };
    } catch (error) {
      if (this.stopping.signal.aborted) return;
      const lastError = describeError(error);
      const late = this.now() - entry.at > (this.options.giveUpAfterMs ?? DAY);
      next = { state: late ? 'failed' : 'queued', attempts, lastError };
    }
    this.timers.delete(entry.id);
    const updated = await this.record(entry, next);
    if (next.state === 'queued' && !this.stopping.signal.aborted) {
      this.schedule(updated, this.delays[Math.min(attempts - 1, this.delays.length - 1)] ?? 60_000);
    }
  }

  private async record(entry: AuditEntry, publish: PublishState): Promise<AuditEntry> {
    const updated = { ...entry, publish };
    try {
      await this.options.audit.updatePublish(entry.id, publish, this.now());
    } catch (error) {
      // The event itself went out (or will be retried); only its record line is missing.
      this.options.onError(error);
    }
    this.options.onChange(updated);
    return updated;
  }
}

/** The confirmed flip an audit entry records, as the Graphite event describes it. */
export function changeOf(entry: AuditEntry): FlagChange {
  if (!entry.before || !entry.after) throw new Error(`The audit entry ${entry.id} is not a confirmed flip.`);
  return { key: entry.key, environment: entry.environment, before: entry.before, after: entry.after, at: entry.at, by: entry.who, reason: entry.reason, via: 'console' };
}
