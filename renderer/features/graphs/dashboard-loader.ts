import type { ApiError } from '../../../src/contract/api-error';
import type { OpsClient } from '../../../src/contract/client';
import { renderChunks } from '../../../src/contract/render-chunks';
import type { LastKnownDashboard, Marker, Series } from '../../../src/contract/wire-types';
import { asApiError } from '../../api/as-api-error';

export interface TimeWindow {
  from: number;
  until: number;
}

/** What one panel (or the dashboard's markers) shows, and how fresh it is. */
export interface Loaded<T> {
  /** The last good answer: kept when a later one fails, so a dead backend still shows something. */
  data: T | undefined;
  /** When the core had `data` from its backend. */
  fetchedAt: number | null;
  /** `data` is the core's last-known drawing from before this window opened: shown with its age until a fresh answer replaces it. */
  lastKnown: boolean;
  /** The latest failure, cleared by the next success. */
  error: ApiError | null;
  errorAt: number | null;
  loading: boolean;
}

export interface DashboardLoaderOptions {
  /** Loads at once, markers included. */
  maxInFlight?: number;
  now?: () => number;
}

/**
 * At once per dashboard. More than the browser sends at once (six connections per host, one of
 * them the event stream): the next request already waits in the browser when one answers, so
 * Graphite is never idle while the window draws that answer (measured: with 4, a busy window left
 * gaps that cost a third of the cold load). Few enough that a 48-panel dashboard still asks for
 * the panels in view first, and a slow Graphite gets no pile from one console.
 */
export const MAX_LOADS_IN_FLIGHT = 8;
/** The longest a failing Graphite is left alone between refreshes. */
export const MAX_REST_MS = 5 * 60_000;
/**
 * Loads at once while Graphite is slow or failing (the refresh clock rests): each console then
 * queues less of its work at Graphite, so fifty of them leave it a shorter queue to work through.
 */
export const SLOW_LOADS_IN_FLIGHT = 2;

/** Failures that say the backend is down or overloaded: worth resting for (a typo in a target is not). */
const BACKEND_TROUBLE = new Set<ApiError['code']>(['backend_unavailable', 'timeout']);

/** One request's worth of a window: a panel also says how many points (about one per pixel). */
interface Ask extends TimeWindow {
  /** A window ending now: the core keeps the answer as the last-known drawing. */
  live: boolean;
  maxDataPoints: number;
}

interface Answer<T> {
  data: T;
  fetchedAt: number;
}

type Load<T> = (ask: Ask, signal: AbortSignal) => Promise<Answer<T>>;

const idle: Loaded<never> = { data: undefined, fetchedAt: null, lastKnown: false, error: null, errorAt: null, loading: false };

class Job<T> {
  state: Loaded<T> = idle;
  /** What should be on screen; null while the panel's width is not known yet. */
  wanted: Ask | null = null;
  /** What `state.data` answers (null for a last-known drawing or nothing). */
  fetched: Ask | null = null;
  running: { ask: Ask; controller: AbortController } | null = null;
  queued = false;
  /** null until the panel was seen in or out of view; unknown counts as in view. */
  visible: boolean | null = null;

  constructor(
    readonly key: string,
    /** Queue order: markers first (-1), then the panels top to bottom. */
    public order: number,
    readonly load: Load<T>,
  ) {}
}

/**
 * Everything one dashboard asks of the core, in one place. Each panel has at most one render in
 * flight, never two of the same; at most `maxInFlight` loads run at once, the markers first and
 * then the panels in view, top to bottom. A new range or zoom aborts what runs for the old one; a
 * refresh tick leaves a running load alone (a slow Graphite gets one request per panel, never a
 * pile), and so does a width change (its load follows once the running one answered). While a
 * refresh still runs, or was slow, or failed, `readyForRefresh` holds the refresh clock back.
 */
export class DashboardLoader {
  private panels: Job<Series[]>[] = [];
  private readonly markers: Job<Marker[]>;
  private readonly widths: (number | null)[] = [];
  private shown: (TimeWindow & { live: boolean }) | null = null;
  private inFlight = 0;
  private readonly listeners = new Set<() => void>();
  private readonly maxInFlight: number;
  private readonly now: () => number;
  /** The busy stretch now running (loads queued or in flight), and the last one's length and end. */
  private busySince: number | null = null;
  private busyFailed = false;
  private last: { ms: number; endedAt: number } | null = null;
  private failures = 0;
  /** The refresh clock's interval, as it last asked: what "slow" is measured against. */
  private intervalMs = 0;

  constructor(
    private readonly client: OpsClient,
    panels: readonly (readonly string[])[],
    options: DashboardLoaderOptions = {},
  ) {
    this.maxInFlight = options.maxInFlight ?? MAX_LOADS_IN_FLIGHT;
    this.now = options.now ?? Date.now;
    this.markers = new Job<Marker[]>('markers', -1, async ({ from, until, live }, signal) => {
      const data = await this.client.request('markers.list', { from, until, ...(live ? { remember: true } : {}) }, signal);
      return { data, fetchedAt: this.now() };
    });
    this.setPanels(panels);
  }

  /** The dashboard's panels (again, after an edit): a panel whose targets stay keeps its data. */
  setPanels(panels: readonly (readonly string[])[]): void {
    const old = new Map(this.panels.map((job) => [job.key, job]));
    this.panels = panels.map((targets, index) => {
      const key = `${index}|${JSON.stringify(targets)}`;
      const kept = old.get(key);
      old.delete(key);
      return kept ?? new Job<Series[]>(key, index, (ask, signal) => this.render(targets, ask, signal));
    });
    for (const gone of old.values()) this.cancel(gone);
    this.widths.length = panels.length;
    if (this.shown) this.wantAll();
    this.pump();
    // A removed panel's render may have been all that was running.
    this.endBusyIfIdle();
  }

  /**
   * Draws every panel that has nothing yet from the core's last-known drawing (its age shown),
   * until fresh answers replace it; a drawing of another range than the one shown is not used.
   */
  seed(known: LastKnownDashboard): void {
    if (this.shown && known.spanMs !== this.shown.until - this.shown.from) return;
    known.panels.forEach((render, index) => {
      const job = this.panels[index];
      if (render && job && job.state.data === undefined) job.state = { ...job.state, data: render.series, fetchedAt: render.fetchedAt, lastKnown: true };
    });
    if (known.markers && this.markers.state.data === undefined) {
      this.markers.state = { ...this.markers.state, data: known.markers.markers, fetchedAt: known.markers.fetchedAt, lastKnown: true };
    }
    this.emit();
  }

  /** The window every panel shows: a refresh tick moves it on to now, a range or zoom replaces it. */
  show(window: TimeWindow, live: boolean): void {
    this.shown = { from: window.from, until: window.until, live };
    this.wantAll();
    this.pump();
  }

  /** The panel's plot width in pixels: Graphite consolidates to about one point per pixel. */
  setPlotWidth(index: number, plotWidth: number): void {
    if (this.widths[index] === plotWidth) return;
    this.widths[index] = plotWidth;
    const job = this.panels[index];
    if (job && this.shown) this.want(job, this.askFor(index));
    this.pump();
  }

  setVisible(index: number, visible: boolean): void {
    const job = this.panels[index];
    if (!job || job.visible === visible) return;
    job.visible = visible;
    if (job.queued) this.pump();
  }

  panel(index: number): Loaded<Series[]> {
    return this.panels[index]?.state ?? idle;
  }

  markerList(): Loaded<Marker[]> {
    return this.markers.state;
  }

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => void this.listeners.delete(listener);
  };

  /**
   * Whether the refresh clock may move the window on now. Not while the last refresh still runs;
   * after a slow one, not before as long again has passed (so a slow Graphite is asked at most
   * half the time); after failures, a rest that doubles with each (up to MAX_REST_MS).
   */
  readyForRefresh(intervalMs: number): boolean {
    this.intervalMs = intervalMs;
    if (this.busySince !== null) return false;
    if (!this.last) return true;
    return this.now() - this.last.endedAt >= this.restMs(intervalMs);
  }

  /** How long after a refresh ends the next may start, now: 0 while Graphite keeps up. */
  restMs(intervalMs: number): number {
    if (this.failures > 0) return Math.min(MAX_REST_MS, intervalMs * 2 ** (this.failures - 1));
    return this.last && this.last.ms > intervalMs / 2 ? this.last.ms : 0;
  }

  /** Aborts everything running and forgets the queue (the dashboard is going away); `show` starts again. */
  stop(): void {
    for (const job of [this.markers, ...this.panels]) this.cancel(job);
    this.busySince = null;
  }

  private wantAll(): void {
    const shown = this.shown!;
    this.want(this.markers, { from: shown.from, until: shown.until, live: shown.live, maxDataPoints: 0 });
    this.panels.forEach((job, index) => this.want(job, this.askFor(index)));
  }

  private askFor(index: number): Ask | null {
    const width = this.widths[index];
    const shown = this.shown;
    // Refetch for a new size only when it moved by a noticeable step, not on every resize pixel.
    return shown && width != null ? { from: shown.from, until: shown.until, live: shown.live, maxDataPoints: Math.max(10, Math.round(width / 20) * 20) } : null;
  }

  private want<T>(job: Job<T>, ask: Ask | null): void {
    job.wanted = ask;
    if (ask === null) return;
    const running = job.running?.ask;
    if (running) {
      // The same window (maybe another width), or the same one moved on by the refresh clock:
      // the running load stays; what is still wanted afterwards is decided when it answers.
      if (sameWindow(ask, running) || isLaterWindow(ask, running)) return;
      this.cancel(job);
    } else if (job.fetched && sameAsk(ask, job.fetched)) {
      return;
    }
    this.queue(job);
  }

  /** Queues `job`; the caller pumps once it queued all it wanted, so the queue's order decides what goes first. */
  private queue(job: Job<unknown>): void {
    if (!job.queued) {
      job.queued = true;
      this.busySince ??= this.now();
    }
  }

  private pump(): void {
    const limit = this.intervalMs > 0 && this.restMs(this.intervalMs) > 0 ? Math.min(SLOW_LOADS_IN_FLIGHT, this.maxInFlight) : this.maxInFlight;
    while (this.inFlight < limit) {
      const next = this.nextQueued();
      if (!next) return;
      this.start(next);
    }
  }

  private nextQueued(): Job<unknown> | undefined {
    let best: Job<unknown> | undefined;
    const rank = (job: Job<unknown>) => (job.visible === false ? 1 : 0);
    for (const job of [this.markers as Job<unknown>, ...this.panels]) {
      if (!job.queued) continue;
      if (!best || rank(job) < rank(best) || (rank(job) === rank(best) && job.order < best.order)) best = job;
    }
    return best;
  }

  private start<T>(job: Job<T>): void {
    const ask = job.wanted!;
    const controller = new AbortController();
    job.queued = false;
    job.running = { ask, controller };
    this.inFlight += 1;
    this.update(job, { loading: true });
    job.load(ask, controller.signal).then(
      (answer) => {
        if (job.running?.controller !== controller) return;
        job.fetched = ask;
        this.settle(job, 'answered', { data: answer.data, fetchedAt: answer.fetchedAt, lastKnown: false, error: null, errorAt: null });
      },
      (error: unknown) => {
        if (job.running?.controller !== controller) return;
        const failure = asApiError(error);
        this.settle(job, BACKEND_TROUBLE.has(failure.code) ? 'backend trouble' : 'failed', { error: failure, errorAt: this.now() });
      },
    );
  }

  /**
   * `outcome`: how its load ended; `patch`: what it brought. The next loads go out before the
   * answer is drawn, so Graphite never waits for the window to finish drawing a panel.
   */
  private settle<T>(job: Job<T>, outcome: 'answered' | 'failed' | 'backend trouble', patch: Partial<Loaded<T>>): void {
    job.running = null;
    this.inFlight -= 1;
    this.busyFailed ||= outcome === 'backend trouble';
    // A width that changed while it ran is asked for now; a refresh that came meanwhile waits for the next tick.
    const wanted = job.wanted;
    if (outcome === 'answered' && wanted && job.fetched && sameWindow(wanted, job.fetched) && wanted.maxDataPoints !== job.fetched.maxDataPoints) job.queued = true;
    this.pump();
    this.endBusyIfIdle();
    this.update(job, { ...patch, loading: job.running !== null || job.queued });
  }

  /** Nothing runs or waits any more: the refresh is over, and its length and outcome decide the next rest. */
  private endBusyIfIdle(): void {
    if (this.inFlight > 0 || this.busySince === null || this.nextQueued()) return;
    this.last = { ms: this.now() - this.busySince, endedAt: this.now() };
    this.failures = this.busyFailed ? this.failures + 1 : 0;
    this.busySince = null;
    this.busyFailed = false;
  }

  private cancel(job: Job<unknown>): void {
    if (job.running) {
      job.running.controller.abort();
      job.running = null;
      this.inFlight -= 1;
    }
    job.queued = false;
    if (job.state.loading) this.update(job, { loading: false });
  }

  private update<T>(job: Job<T>, patch: Partial<Loaded<T>>): void {
    job.state = { ...job.state, ...patch };
    this.emit();
  }

  private emit(): void {
    for (const listener of this.listeners) listener();
  }

  private async render(targets: readonly string[], ask: Ask, signal: AbortSignal): Promise<Answer<Series[]>> {
    const { from, until, maxDataPoints, live } = ask;
    const sets = await Promise.all(
      renderChunks(targets).map((chunk) => this.client.request('graphs.render', { targets: chunk, from, until, maxDataPoints, ...(live ? { remember: true } : {}) }, signal)),
    );
    return { data: sets.flatMap((set) => set.series), fetchedAt: Math.min(...sets.map((set) => set.fetchedAt)) };
  }
}

function sameWindow(a: TimeWindow, b: TimeWindow): boolean {
  return a.from === b.from && a.until === b.until;
}

function sameAsk(a: Ask, b: Ask): boolean {
  return sameWindow(a, b) && a.maxDataPoints === b.maxDataPoints;
}

/** The same span, moved on in time but overlapping: what the refresh clock does. A pan or zoom is not. */
export function isLaterWindow(next: TimeWindow, running: TimeWindow): boolean {
  return next.until - next.from === running.until - running.from && next.until > running.until && next.from < running.until;
}
