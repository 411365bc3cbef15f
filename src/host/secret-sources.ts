import { readFileSync, statSync } from 'node:fs';

import { SecretName } from '../contract/wire-types';
import { InvalidInputError } from '../errors';

export const SECRET_ENV_PREFIX = 'OPS_CONSOLE_SECRET_';

/**
 * Secrets browser mode starts with: `OPS_CONSOLE_SECRET_GRAPHITE_PASSWORD=…` becomes
 * `graphite.password`, and a JSON file of `{ "name": "value" }` that only its owner can read.
 */
export function readSecretSeeds(env: NodeJS.ProcessEnv, file?: string): Record<string, string> {
  const seeds: Record<string, string> = {};
  for (const [key, value] of Object.entries(env)) {
    if (!key.startsWith(SECRET_ENV_PREFIX) || !value) continue;
    const name = key.slice(SECRET_ENV_PREFIX.length).toLowerCase().replace(/_/g, '.');
    if (SecretName.safeParse(name).success) seeds[name] = value;
  }
  if (file) Object.assign(seeds, readSecretFile(file));
  return seeds;
}

function readSecretFile(file: string): Record<string, string> {
  const mode = statSync(file).mode & 0o777;
  if (mode & 0o077) {
    throw new InvalidInputError(
      `${file} can be read by other users (mode ${mode.toString(8)}). Run: chmod 600 ${file}`,
    );
  }
  const parsed: unknown = JSON.parse(readFileSync(file, 'utf8'));
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw new InvalidInputError(`${file} must hold a JSON object of secret names to values.`);
  }
  const seeds: Record<string, string> = {};
  for (const [name, value] of Object.entries(parsed)) {
    if (!SecretName.safeParse(name).success || typeof value !== 'string') {
      throw new InvalidInputError(`${file}: "${name}" is not a valid secret name with a string value.`);
    }
    seeds[name] = value;
  }
  return seeds;
}
