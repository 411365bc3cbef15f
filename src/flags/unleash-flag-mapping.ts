import type { Flag } from '../contract/wire-types';

type FlagType = Flag['type'];
import type { LastChange } from './unleash-event-tracker';
import type { UnleashStrategy } from './unleash-schemas';

/** A flag as the list or the single-flag read gives it, before strategies are looked up. */
export interface FlagOutline {
  name: string;
  type: string;
  description?: string | null | undefined;
  environments: readonly { name: string; enabled: boolean }[];
}

/**
 * The wire Flag: state per environment from `outline`, the rollout from each environment's
 * strategies (undefined when not read yet: no percentage shown), and who changed it last.
 */
export function toWireFlag(
  outline: FlagOutline,
  strategiesOf: (environment: string) => readonly UnleashStrategy[] | undefined,
  last: LastChange | undefined,
): Flag {
  return {
    key: outline.name,
    type: wireFlagType(outline.type),
    description: outline.description ?? '',
    environments: outline.environments.map((env) => {
      const strategies = strategiesOf(env.name);
      return { name: env.name, enabled: env.enabled, rolloutPercent: strategies ? rolloutPercent(strategies) : null };
    }),
    updatedAt: last?.at ?? null,
    updatedBy: last?.by ?? null,
  };
}

const KNOWN_TYPES: readonly string[] = ['release', 'experiment', 'operational', 'kill-switch', 'permission'] satisfies FlagType[];

/** Unleash OSS has exactly our five types; anything else (a newer or custom type) shows as a release flag rather than hiding the flag. */
export function wireFlagType(type: string): FlagType {
  return KNOWN_TYPES.includes(type) ? (type as FlagType) : 'release';
}

/**
 * The share of users an environment serves, when that is what its strategies say: exactly one
 * active flexibleRollout without constraints or segments, below 100 %. Anything else (everyone,
 * staff-only by a userId constraint, several strategies) is not a percentage and gives null.
 * Unleash does not range-check rollouts, so a stored "150" is everyone, not 150 %.
 */
export function rolloutPercent(strategies: readonly UnleashStrategy[]): number | null {
  const active = strategies.filter((s) => s.disabled !== true);
  const only = active.length === 1 ? active[0]! : undefined;
  if (!only || only.name !== 'flexibleRollout') return null;
  if ((only.constraints?.length ?? 0) > 0 || (only.segments?.length ?? 0) > 0) return null;
  const raw = only.parameters?.rollout;
  const rollout = typeof raw === 'number' ? raw : typeof raw === 'string' && raw.trim() !== '' ? Number(raw) : NaN;
  return Number.isFinite(rollout) && rollout >= 0 && rollout < 100 ? rollout : null;
}
