import { deployErrorBump, deploysBetween } from './demo-deploys';
import type { DemoDeploy } from './demo-deploys';
import { DemoFlagStore, MISBEHAVING_FLAG, RAMPED_RELEASE } from './demo-flags';
import { unit } from './noise';

/**
 * The demo's production: services on hosts, with request rate, error rate and latency as
 * functions of time, deploys every few minutes, ~300 flags, and cause and effect between them.
 * The demo servers (Graphite, Unleash, HTTP logs) all read this one model, so turning the
 * misbehaving flag off in the flag service brings checkout's errors down in Graphite and in the
 * logs alike.
 */
export interface DemoService {
  name: string;
  hosts: string[];
  /** Requests per second per host at the daily peak. */
  peakRps: number;
  latencyMs: number;
}

export const DEMO_SERVICES: DemoService[] = [
  { name: 'web', hosts: ['web-1', 'web-2', 'web-3'], peakRps: 420, latencyMs: 90 },
  { name: 'api', hosts: ['api-1', 'api-2'], peakRps: 260, latencyMs: 45 },
  { name: 'search', hosts: ['search-1', 'search-2'], peakRps: 180, latencyMs: 120 },
  { name: 'checkout', hosts: ['checkout-1', 'checkout-2'], peakRps: 60, latencyMs: 210 },
];

/** Graphite's finest retention here: one point every 10 s. */
export const RAW_STEP_MS = 10_000;
/** Time compression where it matters: a flip takes full effect in 2 s, not over minutes of traffic. */
const FLIP_EFFECT_MS = 2_000;
/**
 * Share of search's requests that fail with the ramped release on for everyone: 0.12 of a point
 * per percent of users, so 5 % stays well under a 2 % error rate and 25 % is well over it.
 */
const RAMPED_RELEASE_HARM = 0.12;
const RAMPED_SERVICE = RAMPED_RELEASE.split('.')[0]!;
const DAY = 24 * 3_600_000;

export const METRICS = ['requests', 'errors', 'latency.p95'] as const;
export type DemoMetric = (typeof METRICS)[number];

export interface RawSeries {
  path: string;
  start: number;
  step: number;
  /** null after "now": the future has no data yet. */
  values: (number | null)[];
}

export class DemoWorld {
  readonly flags: DemoFlagStore;
  readonly startedAt: number;
  /** Stretches in which a service's deploys do it no harm (the drill's quiet checkout). */
  private readonly calm: { service: string; from: number; until: number }[] = [];

  constructor(readonly now: () => number = Date.now) {
    this.startedAt = now();
    this.flags = new DemoFlagStore(now);
  }

  services(): DemoService[] {
    return DEMO_SERVICES;
  }

  /** Every leaf metric, as Graphite would list it: `<service>.<host>.<metric>` and `deploys.<service>`. */
  metricPaths(): string[] {
    const paths = DEMO_SERVICES.flatMap((s) => s.hosts.flatMap((h) => METRICS.map((m) => `${s.name}.${h}.${m}`)));
    return [...paths, ...DEMO_SERVICES.map((s) => `deploys.${s.name}`)];
  }

  deploys(from: number, until: number): DemoDeploy[] {
    return deploysBetween(
      DEMO_SERVICES.map((s) => s.name),
      from,
      Math.min(until, this.now()),
    );
  }

  /** From `from` to `until`, no deploy of `service` raises its errors: only the misbehaving flag can. */
  keepCalm(service: string, from: number, until: number): void {
    this.calm.push({ service, from, until });
  }

  /** Share of requests that fail in a service at a moment: a baseline, bad deploys, the misbehaving flag and the ramped release. */
  errorRatio(service: string, at: number): number {
    const rampedShare = service === RAMPED_SERVICE ? this.flags.shareAt(RAMPED_RELEASE, 'production', at) : 0;
    // While its release is partly out, the service holds its deploys' harm (a team does not deploy into a ramp):
    // the ramp's graphs move with the release alone.
    const calm = this.calm.some((c) => c.service === service && at >= c.from && at < c.until) || (rampedShare > 0 && rampedShare < 100);
    const recentDeploys = calm ? [] : this.deploys(at - 10 * 60_000, at).filter((d) => d.service === service);
    let ratio = 0.004 + recentDeploys.reduce((sum, d) => sum + deployErrorBump(d, at), 0);
    if (service === 'checkout') ratio += 0.07 * this.flagEffect(at);
    ratio += (RAMPED_RELEASE_HARM * rampedShare) / 100;
    return ratio;
  }

  /** Raw points of one metric path at RAW_STEP_MS, aligned to the step; null for unknown paths' points after now. */
  series(path: string, from: number, until: number): RawSeries | undefined {
    const value = this.valueFunction(path);
    if (!value) return undefined;
    const start = Math.floor(from / RAW_STEP_MS) * RAW_STEP_MS;
    const now = this.now();
    const values: (number | null)[] = [];
    for (let t = start; t < until; t += RAW_STEP_MS) values.push(t > now ? null : value(t));
    return { path, start, step: RAW_STEP_MS, values };
  }

  private valueFunction(path: string): ((t: number) => number) | undefined {
    const deploy = /^deploys\.([a-z]+)$/.exec(path);
    if (deploy) {
      const service = deploy[1]!;
      // One at the step holding a deploy, zero elsewhere: Etsy's deploys.* drawn with drawAsInfinite().
      return (t) => (this.deploys(t, t + RAW_STEP_MS - 1).some((d) => d.service === service) ? 1 : 0);
    }
    const match = /^([a-z]+)\.([a-z]+-\d+)\.(requests|errors|latency\.p95)$/.exec(path);
    const service = DEMO_SERVICES.find((s) => s.name === match?.[1]);
    if (!match || !service || !service.hosts.includes(match[2]!)) return undefined;
    const host = match[2]!;
    // A point sums its whole 10 s interval and is written when the interval closes; the state at
    // the close is what it shows, so a flip appears in the first point written after it.
    const closing = (t: number) => t + RAW_STEP_MS - 1;
    const rps = (t: number) => service.peakRps * dailyShape(t) * (0.92 + 0.16 * unit('rps', host, Math.floor(t / RAW_STEP_MS)));
    switch (match[3] as DemoMetric) {
      case 'requests':
        return (t) => round(rps(t));
      case 'errors':
        return (t) => round(rps(t) * this.errorRatio(service.name, closing(t)) * (0.7 + 0.6 * unit('err', host, Math.floor(t / RAW_STEP_MS))));
      case 'latency.p95':
        return (t) =>
          round(service.latencyMs * (0.9 + 0.25 * dailyShape(t)) * (1 + 6 * this.errorRatio(service.name, closing(t))) * (0.9 + 0.2 * unit('lat', host, Math.floor(t / RAW_STEP_MS))));
    }
  }

  /** 0..1: how much of the misbehaving flag's harm is in effect at `at`, ramping over FLIP_EFFECT_MS after each flip. */
  private flagEffect(at: number): number {
    const { enabled, since } = this.flags.stateAt(MISBEHAVING_FLAG, 'production', at);
    const ramp = Math.min(1, Math.max(0, (at - since) / FLIP_EFFECT_MS));
    if (since === 0) return enabled ? 1 : 0;
    return enabled ? ramp : 1 - ramp;
  }
}

/** Traffic peaks in the (UTC) afternoon and bottoms out at night. */
function dailyShape(t: number): number {
  return 0.55 + 0.45 * Math.sin((2 * Math.PI * ((t % DAY) - 0.3 * DAY)) / DAY);
}

function round(value: number): number {
  return Math.round(value * 100) / 100;
}
