import { createHash, randomUUID } from 'node:crypto';

import type { DemoFlag, DemoFlagEnvironment, DemoFlagEvent, DemoStrategy } from './demo-flags';

// Unleash 8.2's JSON, built from the demo store: the fields the console reads and the ones a
// careless client might lean on, so the demo cannot pass a client the real server would fail.

/** What the demo server answers: a status and a JSON body (none for 200 flips), or Express's own HTML page. */
export interface DemoReply {
  status: number;
  body?: unknown;
  page?: string;
}

/** Unleash's default environments: their type and sortOrder as a fresh 8.2 install has them. */
const ENVIRONMENT_META: Record<string, { type: string; sortOrder: number }> = {
  development: { type: 'development', sortOrder: 2 },
  production: { type: 'production', sortOrder: 3 },
};

/** INIT admin tokens are recorded as user -42 ("Unleash Admin Token User"); people get stable ids. */
const ADMIN_TOKEN_USER_ID = -42;

export function unleashError(status: number, name: string, message: string, extra: Record<string, unknown> = {}): DemoReply {
  return { status, body: { id: randomUUID(), name, message, details: [{ message }], ...extra } };
}

export function noSuchFeature(name: string, project: string): DemoReply {
  return unleashError(404, 'NotFoundError', `There's no feature named "${name}" in project "${project}".`);
}

export function noSuchEnvironment(name: string, environment: string): DemoReply {
  return unleashError(404, 'NotFoundError', `Could not find environment ${environment} for feature: ${name}`);
}

export function environmentMeta(name: string): { type: string; sortOrder: number } {
  return ENVIRONMENT_META[name] ?? { type: 'development', sortOrder: 9 };
}

/** An entry of `GET /api/admin/projects/:p/features`: enabled per environment, no strategy details. */
export function listEntry(flag: DemoFlag): unknown {
  return {
    name: flag.name,
    type: flag.type,
    description: flag.description,
    stale: flag.stale,
    createdAt: flag.createdAt,
    impressionData: false,
    favorite: false,
    tags: flag.tags,
    environments: flag.environments.map((env) => ({
      name: env.name,
      enabled: env.enabled,
      ...environmentMeta(env.name),
      variantCount: 0,
      lastSeenAt: null,
      hasStrategies: env.strategies.length > 0,
      hasEnabledStrategies: env.strategies.some((s) => !s.disabled),
    })),
  };
}

export function strategy(s: DemoStrategy): unknown {
  return { ...s, segments: [] };
}

/** `GET /api/admin/projects/:p/features/:name`: the flag with every environment's strategies. */
export function fullFeature(flag: DemoFlag): unknown {
  return {
    name: flag.name,
    type: flag.type,
    description: flag.description,
    stale: flag.stale,
    project: flag.project,
    archived: false,
    createdAt: flag.createdAt,
    createdBy: { id: ADMIN_TOKEN_USER_ID, name: 'Unleash Admin Token User' },
    impressionData: false,
    lastSeenAt: null,
    variants: [],
    environments: flag.environments.map((env) => ({
      name: env.name,
      enabled: env.enabled,
      ...environmentMeta(env.name),
      lastSeenAt: null,
      strategies: env.strategies.map(strategy),
      variants: [],
    })),
  };
}

/** `GET …/features/:name/environments/:env`. */
export function featureEnvironment(flag: DemoFlag, env: DemoFlagEnvironment): unknown {
  return { name: flag.name, environment: env.name, enabled: env.enabled, strategies: env.strategies.map(strategy) };
}

const LABELS: Record<DemoFlagEvent['type'], string> = {
  'feature-environment-enabled': 'Flag enabled',
  'feature-environment-disabled': 'Flag disabled',
  'feature-strategy-add': 'Flag strategy added',
  'feature-strategy-update': 'Flag strategy updated',
};

/** An event as `/api/admin/search/events` and `/api/admin/events` give it (the timeline's label and summary included). */
export function eventShape(event: DemoFlagEvent): unknown {
  const verb = { 'feature-environment-enabled': 'enabled', 'feature-environment-disabled': 'disabled', 'feature-strategy-add': 'added a strategy to', 'feature-strategy-update': 'updated a strategy of' }[event.type];
  return {
    ...event,
    createdByUserId: event.createdBy === 'admin' ? ADMIN_TOKEN_USER_ID : 1 + (parseInt(createHash('sha1').update(event.createdBy).digest('hex').slice(0, 6), 16) % 1000),
    tags: [],
    groupType: 'transaction',
    groupId: `demo-${event.id}`,
    label: LABELS[event.type],
    summary: `**${event.createdBy}** ${verb} **${event.featureName}** for the **${event.environment}** environment in project **${event.project}**`,
  };
}

/** Express's default ETag: weak, the body's length in hex and the start of its SHA-1 in base64. */
export function weakEtag(body: string): string {
  const hash = createHash('sha1').update(body, 'utf8').digest('base64').slice(0, 27);
  return `W/"${Buffer.byteLength(body, 'utf8').toString(16)}-${hash}"`;
}

/** Express's `fresh()`: does If-None-Match name this ETag (weak comparison, lists and `*` allowed)? */
export function matchesIfNoneMatch(header: string | undefined, etag: string): boolean {
  if (!header) return false;
  if (header.trim() === '*') return true;
  const bare = (tag: string) => tag.trim().replace(/^W\//, '');
  return header.split(',').some((tag) => bare(tag) === bare(etag));
}
