import type { FlagService } from '../backends/backend-set';
import { authHeaders, createHttpClient } from '../backends/http-client';
import type { SecretReader } from '../backends/http-client';
import type { Flag } from '../contract/wire-types';
import { BackendUnavailableError, NotFoundError } from '../errors';
import { guardedWrite } from './guarded-write';
import { valueAt } from '../backends/json-fields';
import { flipBody, flipPath, itemToFlag } from './http-json-flag-mapping';
import type { HttpJsonFlagDefinition } from './http-json-flag-mapping';
import { httpAnswer } from '../backends/http-answer';

/**
 * An in-house, config-driven flag service (Etsy-style) over HTTP/JSON: a list endpoint mapped
 * field by field, an optional single-flag endpoint, a flip endpoint with a path and body
 * template. The same guarded write as Unleash: re-read, refuse a change made since the user
 * looked, write, re-read; a 409 or 412 from the service's own guard is a conflict too.
 */
export function createHttpJsonFlagService(def: HttpJsonFlagDefinition, secrets: SecretReader, options: { timeoutMs?: number } = {}): FlagService {
  const name = def.name ?? def.id;
  const where = `${name} at ${def.url}`;
  const client = createHttpClient({ name, baseURL: def.url, caFile: def.caFile, timeoutMs: options.timeoutMs ?? 5_000, headers: () => authHeaders(def.auth, secrets, name) });

  async function list(signal: AbortSignal): Promise<Flag[]> {
    const response = await client.get<unknown>(def.list.path, { signal });
    const items = valueAt(response.data, def.list.itemsPath);
    if (!Array.isArray(items)) {
      const place = def.list.itemsPath ? `"${def.list.itemsPath}" in its answer` : 'its answer';
      throw new BackendUnavailableError(`${where} answered, but ${place} is not a list of flags: check the items path in its settings.`);
    }
    return items.map((item) => itemToFlag(item, def)).filter((flag): flag is Flag => flag !== null);
  }

  async function read(key: string, signal: AbortSignal): Promise<Flag> {
    const found = def.read ? await readOne(key, signal) : (await list(signal)).find((flag) => flag.key === key);
    if (!found) throw new NotFoundError(`${where} has no flag "${key}": it may have been removed or renamed. Reload the list.`);
    return found;
  }

  async function readOne(key: string, signal: AbortSignal): Promise<Flag | undefined> {
    const { path, itemPath } = def.read!;
    try {
      const response = await client.get<unknown>(flipPath(path, key, ''), { signal });
      return itemToFlag(valueAt(response.data, itemPath), def) ?? undefined;
    } catch (error) {
      if (httpAnswer(error)?.status === 404) return undefined;
      throw error;
    }
  }

  return {
    id: def.id,
    kind: 'flags',
    name,
    list,
    read,
    write({ key, environment, expected, to }, signal) {
      const env = def.environments.find((e) => e.name === environment);
      return guardedWrite(
        {
          key,
          environment,
          expected,
          to,
          where,
          read: (s) => read(key, s),
          settingOf: (flag) => {
            const setting = flag.environments.find((e) => e.name === environment);
            if (!setting || !env) throw new NotFoundError(`${where} has no environment "${environment}" for the flag "${key}".`);
            return { enabled: setting.enabled, audience: setting.audience, rolloutPercent: setting.rolloutPercent };
          },
          lastChange: async (s) => {
            const flag = await read(key, s);
            return flag.updatedBy !== null && flag.updatedAt !== null ? { by: flag.updatedBy, at: flag.updatedAt } : null;
          },
          apply: async (_flag, s) => {
            const data = flipBody(def, key, env!, to);
            await client.request({ method: def.flip.method, url: flipPath(def.flip.path, key, env!.serviceName ?? env!.name), data, signal: s });
            // The service's flip endpoint is idempotent as far as we know: always sent.
            return true;
          },
          refusedByGuard: (error) => [409, 412].includes(httpAnswer(error)?.status ?? 0),
          readBack: (s) => read(key, s),
        },
        signal,
      );
    },
    actor: () => (def.auth.type === 'basic' ? def.auth.username : `${name} (${def.auth.type === 'bearer' ? 'API token' : 'no login'})`),
    async check(signal) {
      const flags = await list(signal);
      const environments = def.environments.map((e) => e.name).join(', ');
      return `${where} answered: ${flags.length === 1 ? '1 flag' : `${flags.length} flags`}, environments ${environments}`;
    },
  };
}
