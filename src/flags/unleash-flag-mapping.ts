import type { Flag, FlagType } from '../contract/wire-types';
import { readAudience } from './unleash-audience';
import type { LastChange } from './unleash-event-tracker';
import type { UnleashStrategy } from './unleash-schemas';

/** A flag as the list or the single-flag read gives it, before strategies are looked up. */
export interface FlagOutline {
  name: string;
  type: string;
  description?: string | null | undefined;
  stale?: boolean | null | undefined;
  environments: readonly { name: string; enabled: boolean; type?: string | null | undefined }[];
  tags?: readonly { type: string; value: string }[] | null | undefined;
}

/**
 * The wire Flag: state per environment from `outline`, the audience from each environment's
 * strategies (undefined when not read: shown as everyone, which is what Unleash's `on` adds),
 * and who changed it last. An environment is production when Unleash's type says so.
 */
export function toWireFlag(
  outline: FlagOutline,
  project: string,
  strategiesOf: (environment: string) => readonly UnleashStrategy[] | undefined,
  last: LastChange | undefined,
): Flag {
  return {
    key: outline.name,
    project,
    type: wireFlagType(outline.type),
    description: outline.description ?? '',
    tags: (outline.tags ?? []).map(tagText),
    stale: outline.stale === true,
    environments: outline.environments.map((env) => ({
      name: env.name,
      production: env.type === 'production',
      enabled: env.enabled,
      ...readAudience(strategiesOf(env.name) ?? []),
    })),
    updatedAt: last?.at ?? null,
    updatedBy: last?.by ?? null,
  };
}

/** Unleash's default tag type `simple` shows as the bare value; others as `type:value`, as Unleash's UI does. */
function tagText(tag: { type: string; value: string }): string {
  return tag.type === 'simple' ? tag.value : `${tag.type}:${tag.value}`;
}

const KNOWN_TYPES: readonly string[] = ['release', 'experiment', 'operational', 'kill-switch', 'permission'] satisfies FlagType[];

/** Unleash OSS has exactly our five types; anything else (a newer or custom type) shows as a release flag rather than hiding the flag. */
export function wireFlagType(type: string): FlagType {
  return KNOWN_TYPES.includes(type) ? (type as FlagType) : 'release';
}
