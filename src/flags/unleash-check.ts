import type { z } from '../contract/zod';
import type { UnleashListFeature, UnleashUiConfig } from './unleash-schemas';

/**
 * "Test connection"'s answer: the version, how many flags and which environments. Unleash lists
 * an unknown project as empty rather than 404, so an empty project is called out as a likely typo.
 */
export function describeUnleash(features: readonly UnleashListFeature[], project: string, uiConfig: z.infer<typeof UnleashUiConfig> | null): string {
  const version = uiConfig?.versionInfo?.current?.oss || uiConfig?.version;
  const who = version ? `Unleash ${version}` : 'Unleash';
  if (features.length === 0) {
    return `${who} answered, but project "${project}" has no flags: check the project name (Unleash lists an unknown project as empty).`;
  }
  const environments = [...new Set(features.flatMap((f) => f.environments.map((e) => e.name)))];
  const count = features.length === 1 ? '1 flag' : `${features.length} flags`;
  return `${who} answered: ${count} in project ${project}, environments ${environments.join(', ')}`;
}
