import type { FlagServiceDefinition } from '../contract/backend-definitions';
import type { Flag, FlagSetting } from '../contract/wire-types';
import { parseWhen, text, valueAt } from '../backends/json-fields';
import { InvalidInputError } from '../errors';
import { wireFlagType } from './unleash-flag-mapping';

export type HttpJsonFlagDefinition = Extract<FlagServiceDefinition, { type: 'http-json' }>;

/**
 * One item of an in-house service's list as a Flag. Such services know on/off and at most a
 * percentage: a share below 100 is a percentage rollout, anything else is everyone. Returns null
 * for an item without a key (it cannot be flipped, so it is not shown).
 */
export function itemToFlag(item: unknown, def: HttpJsonFlagDefinition): Flag | null {
  const { fields } = def;
  const key = text(valueAt(item, fields.key));
  if (key === null) return null;
  const optional = (path: string | undefined) => (path === undefined ? undefined : valueAt(item, path));
  return {
    key,
    project: def.name ?? def.id,
    type: wireFlagType(normaliseType(text(optional(fields.type)))),
    description: text(optional(fields.description)) ?? '',
    tags: tagsOf(optional(fields.tags)),
    stale: truthy(optional(fields.stale)),
    environments: def.environments.map((env) => ({ name: env.name, production: env.production, ...settingOf(item, env) })),
    updatedAt: parseWhen(optional(fields.updatedAt)),
    updatedBy: text(optional(fields.updatedBy)),
  };
}

export function settingOf(item: unknown, env: HttpJsonFlagDefinition['environments'][number]): FlagSetting {
  const percent = env.rolloutPercent === undefined ? null : numberOf(valueAt(item, env.rolloutPercent));
  const enabled = truthy(valueAt(item, env.enabled));
  return percent !== null && percent < 100 ? { enabled, audience: 'percentage', rolloutPercent: percent } : { enabled, audience: 'everyone', rolloutPercent: null };
}

/** The flip request's path: `{key}` and `{environment}` (the service's own name for it) URL-encoded. */
export function flipPath(template: string, key: string, environment: string): string {
  return template.replaceAll('{key}', encodeURIComponent(key)).replaceAll('{environment}', encodeURIComponent(environment));
}

/**
 * The flip request's body from the template. Typed placeholders are whole JSON strings
 * (`"{enabled}"` → true, `"{rolloutPercent}"` → 25 or null); `{key}` and `{environment}` are
 * replaced inside any string. Refuses an audience the service cannot hold, rather than send a
 * different one.
 */
export function flipBody(def: HttpJsonFlagDefinition, key: string, env: HttpJsonFlagDefinition['environments'][number], to: FlagSetting): unknown {
  const environment = env.serviceName ?? env.name;
  if (to.audience === 'staff' || to.audience === 'dark') {
    throw new InvalidInputError(`${def.name ?? def.id} switches flags on and off${env.rolloutPercent ? ' and by percentage' : ''} only: it has no ${to.audience} audience.`);
  }
  if (to.audience === 'percentage' && env.rolloutPercent === undefined) {
    throw new InvalidInputError(`${def.name ?? def.id} has no rollout percentage configured for ${env.name}: it can only turn ${key} on or off.`);
  }
  const percent = to.audience === 'percentage' ? to.rolloutPercent : 100;
  if (percent === null || !Number.isInteger(percent) || percent < 0 || percent > 100) throw new InvalidInputError(`a rollout is a whole share from 0 to 100, not ${String(percent)}`);
  let template: unknown;
  try {
    template = JSON.parse(def.flip.body);
  } catch (error) {
    throw new InvalidInputError(`${def.name ?? def.id}: the flip body template is not JSON (${(error as Error).message}); fix it in its settings.`);
  }
  const fill = (node: unknown): unknown => {
    if (node === '{enabled}') return to.enabled;
    if (node === '{rolloutPercent}') return env.rolloutPercent === undefined ? null : percent;
    if (typeof node === 'string') return node.replaceAll('{key}', key).replaceAll('{environment}', environment);
    if (Array.isArray(node)) return node.map(fill);
    if (typeof node === 'object' && node !== null) return Object.fromEntries(Object.entries(node).map(([k, v]) => [k, fill(v)]));
    return node;
  };
  return fill(template);
}

/** In-house spellings of the types: `kill_switch`, `Kill Switch`, `killswitch`. */
function normaliseType(type: string | null): string {
  const plain = (type ?? 'release').toLowerCase().replace(/[\s_]+/g, '-');
  return plain === 'killswitch' ? 'kill-switch' : plain;
}

function tagsOf(value: unknown): string[] {
  if (Array.isArray(value)) return value.map(text).filter((t): t is string => t !== null);
  const single = text(value);
  return single === null ? [] : single.split(',').map((t) => t.trim()).filter(Boolean);
}

/** Config-driven services write a switch as true, "true", "on", 1 or "1". */
function truthy(value: unknown): boolean {
  if (typeof value === 'boolean') return value;
  if (typeof value === 'number') return value !== 0;
  return typeof value === 'string' && ['true', 'on', '1', 'yes', 'enabled'].includes(value.trim().toLowerCase());
}

function numberOf(value: unknown): number | null {
  const n = typeof value === 'number' ? value : typeof value === 'string' && value.trim() !== '' ? Number(value) : NaN;
  return Number.isFinite(n) ? n : null;
}
