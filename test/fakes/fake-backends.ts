import type { Flag, FlagChange, Marker, Series } from '../../src/contract/wire-types';
import type { BackendSet, FlagWrite, LogFollower, RawLogLine, RenderQuery } from '../../src/backends/backend-set';
import { flipMarker } from '../../src/deploys/flip-marker';
import { NotFoundError } from '../../src/errors';

/**
 * In-memory backends for component tests (never for the app, which runs the demo world through
 * the real adapters): one series for any target, a deploy every 47 minutes, four flags and a log
 * that ticks. Tests override single methods to inject slowness or failure.
 */
export function createFakeBackends(options: { now?: () => number; logIntervalMs?: number } = {}): BackendSet {
  const { now = Date.now, logIntervalMs = 1_000 } = options;
  const flags = initialFlags(now());
  const flips: Marker[] = [];

  return {
    dataSource: 'demo',
    metrics: {
      id: 'stand-in-graphite',
      kind: 'graphite',
      name: 'Stand-in Graphite',
      check: async () => 'the fake answers',
      render: async (query) => query.targets.map((target) => wave(target, query)),
    },
    markers: [
      {
        id: 'stand-in-deploys',
        kind: 'deploys',
        name: 'Stand-in deploy log',
        check: async () => 'the fake answers',
        list: async (from, until) =>
          [...deploysBetween(from, until), ...flips].filter((m) => m.at >= from && m.at <= until),
      },
    ],
    flags: {
      id: 'stand-in-flags',
      kind: 'flags',
      name: 'Stand-in flag service',
      check: async () => 'the fake answers',
      list: async () => structuredClone(flags),
      setEnabled: async (write: FlagWrite) => {
        const flag = flags.find((f) => f.key === write.key);
        const env = flag?.environments.find((e) => e.name === write.environment);
        if (!flag || !env) throw new NotFoundError(`No flag "${write.key}" in ${write.environment}.`);
        env.enabled = write.enabled;
        flag.updatedAt = now();
        flag.updatedBy = 'stand-in-token';
        return structuredClone(flag);
      },
      actor: () => 'stand-in-token',
    },
    changes: {
      id: 'stand-in-deploys',
      kind: 'deploys',
      name: 'Stand-in deploy log',
      check: async () => 'the fake answers',
      record: async (change: FlagChange) => void flips.push(flipMarker(change)),
    },
    logs: [
      {
        id: 'web-1-app',
        kind: 'logs',
        name: 'web-1 app.log (stand-in)',
        check: async () => 'the fake answers',
        info: { id: 'web-1-app', name: 'app.log', host: 'web-1', service: 'web' },
        follow: (follower) => tick(follower, now, logIntervalMs),
      },
    ],
  };
}

const MINUTE = 60_000;
const DEPLOY_EVERY = 47 * MINUTE;
const PEOPLE = ['allspaw', 'hammond', 'kastner', 'mcdonnell'];

/** A day-shaped request rate with a little deterministic noise, consolidated like Graphite would. */
function wave(target: string, { from, until, maxDataPoints }: RenderQuery): Series {
  const step = Math.max(MINUTE, Math.ceil((until - from) / maxDataPoints / MINUTE) * MINUTE);
  const timestamps: number[] = [];
  const values: (number | null)[] = [];
  for (let t = Math.ceil(from / step) * step; t <= until; t += step) {
    timestamps.push(t);
    const day = Math.sin((2 * Math.PI * t) / (24 * 60 * MINUTE));
    const noise = Math.sin(t / 7_919) * 15;
    values.push(Math.round(600 + 250 * day + noise));
  }
  return { target, name: target, timestamps, values };
}

function deploysBetween(from: number, until: number): Marker[] {
  const markers: Marker[] = [];
  for (let at = Math.ceil(from / DEPLOY_EVERY) * DEPLOY_EVERY; at <= until; at += DEPLOY_EVERY) {
    const n = Math.round(at / DEPLOY_EVERY);
    markers.push({
      id: `deploy:${n}`,
      kind: 'deploy',
      at,
      who: PEOPLE[n % PEOPLE.length]!,
      what: `web deploy #${n % 10_000}`,
      link: null,
      tags: ['deploy', 'web'],
    });
  }
  return markers;
}

function initialFlags(at: number): Flag[] {
  const flag = (key: string, type: Flag['type'], description: string, production: boolean): Flag => ({
    key,
    type,
    description,
    environments: [
      { name: 'production', enabled: production, rolloutPercent: null },
      { name: 'staging', enabled: true, rolloutPercent: null },
    ],
    updatedAt: at - 3 * 60 * MINUTE,
    updatedBy: 'kastner',
  });
  return [
    flag('checkout-new-tax-engine', 'release', 'New tax calculation in checkout', true),
    flag('search-kill-switch', 'kill-switch', 'Turns off search suggestions under load', false),
    flag('homepage-trending-experiment', 'experiment', 'Trending items on the home page', true),
    flag('image-resize-dark-launch', 'operational', 'New image resizer runs; result discarded', true),
  ];
}

const MESSAGES: RawLogLine[] = [
  { at: null, level: 'info', text: 'GET /listing/123 200 41ms user=8812' },
  { at: null, level: 'info', text: 'GET /search?q=lamp 200 88ms user=1204' },
  { at: null, level: 'warn', text: 'slow query on shard 12: 740ms (listings_by_shop)' },
  { at: null, level: 'info', text: 'POST /cart/add 201 23ms user=5531' },
  { at: null, level: 'error', text: 'checkout failed: tax service timeout after 2000ms user=772' },
];

function tick(follower: LogFollower, now: () => number, intervalMs: number): () => void {
  let n = 0;
  const next = (): RawLogLine => {
    const line = MESSAGES[n++ % MESSAGES.length]!;
    return { ...line, at: now(), text: `${new Date(now()).toISOString()} ${line.level?.toUpperCase()} ${line.text}` };
  };
  // A little history first, so the viewer is never empty on start.
  follower.onLines(Array.from({ length: 20 }, next));
  const timer = setInterval(() => follower.onLines([next()]), intervalMs);
  timer.unref();
  return () => clearInterval(timer);
}
