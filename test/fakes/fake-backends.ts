import type { Flag, FlagChange, FlagSetting, Marker, Series } from '../../src/contract/wire-types';
import type { BackendSet, FlagService, FlagWrite, LogFollower, RenderQuery } from '../../src/backends/backend-set';
import { flipMarker } from '../../src/deploys/flip-marker';
import { FlagConflictError } from '../../src/flags/flag-conflict';
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
    flags: flagServiceOver(flags, { now, actor: 'stand-in-token', name: 'Stand-in flag service' }),
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
        info: { id: 'web-1-app', name: 'app.log', host: 'web-1', service: 'web', kind: 'http', path: '/web-1/app.log' },
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
  const on = { enabled: true, audience: 'everyone', rolloutPercent: null } as const;
  const off = { ...on, enabled: false };
  const flag = (key: string, type: Flag['type'], description: string, production: FlagSetting): Flag => ({
    key,
    project: 'default',
    type,
    description,
    tags: [],
    stale: false,
    environments: [
      { name: 'production', production: true, ...production },
      { name: 'staging', production: false, ...on },
    ],
    updatedAt: at - 3 * 60 * MINUTE,
    updatedBy: 'kastner',
  });
  return [
    flag('checkout-new-tax-engine', 'release', 'New tax calculation in checkout', { enabled: true, audience: 'percentage', rolloutPercent: 25 }),
    flag('search-kill-switch', 'kill-switch', 'Turns off search suggestions under load', off),
    flag('homepage-trending-experiment', 'experiment', 'Trending items on the home page', on),
    flag('image-resize-dark-launch', 'operational', 'New image resizer runs; result discarded', { enabled: true, audience: 'dark', rolloutPercent: null }),
  ];
}

/**
 * A flag service in memory over `flags`, behaving as the contract asks of a real one: a write
 * whose `expected` no longer matches is a conflict and writes nothing; a confirmed write is
 * re-read. Component tests override single methods to inject slowness or failure.
 */
export function flagServiceOver(flags: Flag[], options: { now?: () => number; actor: string; name: string }): FlagService {
  const { now = Date.now, actor, name } = options;
  const find = (key: string) => {
    const flag = flags.find((f) => f.key === key);
    if (!flag) throw new NotFoundError(`No flag "${key}".`);
    return flag;
  };
  return {
    id: 'stand-in-flags',
    kind: 'flags',
    name,
    check: async () => 'the fake answers',
    list: async () => structuredClone(flags),
    read: async (key) => structuredClone(find(key)),
    write: async (write: FlagWrite) => {
      const flag = find(write.key);
      const env = flag.environments.find((e) => e.name === write.environment);
      if (!env) throw new NotFoundError(`No flag "${write.key}" in ${write.environment}.`);
      const current: FlagSetting = { enabled: env.enabled, audience: env.audience, rolloutPercent: env.rolloutPercent };
      if (!sameSetting(current, write.expected)) {
        throw new FlagConflictError({ key: write.key, environment: write.environment, current, changedBy: flag.updatedBy, changedAt: flag.updatedAt });
      }
      Object.assign(env, write.to);
      flag.updatedAt = now();
      flag.updatedBy = actor;
      return structuredClone(flag);
    },
    actor: () => actor,
  };
}

const sameSetting = (a: FlagSetting, b: FlagSetting) => a.enabled === b.enabled && a.audience === b.audience && a.rolloutPercent === b.rolloutPercent;

const MESSAGES = [
  'INFO GET /listing/123 200 41ms user=8812',
  'INFO GET /search?q=lamp 200 88ms user=1204',
  'WARN slow query on shard 12: 740ms (listings_by_shop)',
  'INFO POST /cart/add 201 23ms user=5531',
  'ERROR checkout failed: tax service timeout after 2000ms user=772',
];

/** Whole lines as a real source hands them on: bytes, each ending in a newline. */
function tick(follower: LogFollower, now: () => number, intervalMs: number): () => void {
  let n = 0;
  const next = () => `${new Date(now()).toISOString()} ${MESSAGES[n++ % MESSAGES.length]}\n`;
  follower.onStatus({ state: 'live', since: now(), message: null, hostKeyFingerprint: null });
  // A little history first, so the viewer is never empty on start.
  follower.onLines(Buffer.from(Array.from({ length: 20 }, next).join('')));
  const timer = setInterval(() => follower.onLines(Buffer.from(next())), intervalMs);
  timer.unref();
  return () => clearInterval(timer);
}
