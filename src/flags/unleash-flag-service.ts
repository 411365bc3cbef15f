import type { FlagService, FlagWrite } from '../backends/backend-set';
import { createHttpClient, requireSecret } from '../backends/http-client';
import type { SecretReader } from '../backends/http-client';
import type { FlagServiceDefinition } from '../contract/backend-definitions';
import type { Flag } from '../contract/wire-types';
import { describeUnleash } from './unleash-check';
import { createConditionalGet } from './unleash-conditional-get';
import { describeFlipFailure } from './unleash-errors';
import { UnleashEventTracker } from './unleash-event-tracker';
import { UnleashFlagDetails } from './unleash-flag-details';
import { toWireFlag } from './unleash-flag-mapping';
import { parseAnswer, UnleashFeature, UnleashFeatureList, UnleashOneEnvironment, UnleashUiConfig } from './unleash-schemas';
import type { UnleashListFeature } from './unleash-schemas';

/**
 * Unleash 8's Admin API as a FlagService. Reads poll cheaply (list by ETag, strategies only for
 * flags that changed, the event log for who and when); a flip writes, then reads back what
 * Unleash now reports. Unleash has no optimistic concurrency, so nothing here pretends to.
 */
export function createUnleashFlagService(def: FlagServiceDefinition, secrets: SecretReader): FlagService {
  const label = def.name ?? 'Unleash';
  const where = `${label} at ${def.url}`;
  // Unleash takes its API tokens as the raw Authorization header, without "Bearer".
  const client = createHttpClient({ name: label, baseURL: def.url, caFile: def.caFile, headers: () => ({ Authorization: requireSecret(secrets, def.tokenSecret, label) }) });
  const features = `/api/admin/projects/${encodeURIComponent(def.project)}/features`;
  const featurePath = (key: string) => `${features}/${encodeURIComponent(key)}`;
  const getList = createConditionalGet(client, UnleashFeatureList, where, 'the flag list');
  const events = new UnleashEventTracker(client, def.project, where);
  const details = new UnleashFlagDetails(client, featurePath, where);
  let listed = new Map<string, UnleashListFeature>();
  // Unleash records an admin token's name, which no endpoint tells its bearer: learnt from our own flips.
  let recordedAs: string | null = null;

  const flagOf = (entry: UnleashListFeature): Flag => toWireFlag(entry, (env) => details.strategies(entry.name, env), events.lastChange(entry.name));

  return {
    id: def.id,
    kind: 'flags',
    name: def.name ?? `Unleash at ${new URL(def.url).host}`,

    async list(signal) {
      // Events first: a change that lands after this read is seen by the next poll, never lost.
      details.invalidate(await events.refresh(signal));
      const { value } = await getList(features, signal);
      await details.refresh(value.features, signal);
      listed = new Map(value.features.map((f) => [f.name, f]));
      return value.features.map(flagOf);
    },

    async setEnabled({ key, environment, enabled }: FlagWrite, signal) {
      const target = { where, project: def.project, key, environment };
      const envPath = `${featurePath(key)}/environments/${encodeURIComponent(environment)}`;
      const seenUpTo = events.newestSeenId();
      try {
        // No body, but a JSON type: Unleash answers 415 to a POST whose (empty) body is typed as a form.
        await client.post(`${envPath}/${enabled ? 'on' : 'off'}`, undefined, { signal, headers: { 'Content-Type': 'application/json' } });
      } catch (error) {
        throw describeFlipFailure(error, target);
      }
      details.invalidate([key]);
      const entry = listed.get(key);
      const [flag, newest] = await Promise.all([
        (entry ? reReadEnvironment(entry, environment, signal) : reReadFlag(key, signal)).catch((error: unknown) => {
          throw describeFlipFailure(error, target);
        }),
        // Who and when are extras: the flip happened and is confirmed even if the event log will not say.
        events.newestFor(key, signal).catch((error: unknown) => {
          if (signal.aborted) throw error;
          return undefined;
        }),
      ]);
      const ours = newest && seenUpTo !== null && newest.id > seenUpTo && newest.environment === environment;
      if (ours && newest.type === `feature-environment-${enabled ? 'enabled' : 'disabled'}`) recordedAs = newest.createdBy;
      const last = events.lastChange(key);
      return { ...flag, updatedAt: last?.at ?? null, updatedBy: last?.by ?? null };
    },

    actor: () => recordedAs ?? `Unleash token (${def.project})`,

    async check(signal) {
      const response = await client.get<unknown>(features, { signal });
      const list = parseAnswer(UnleashFeatureList, response.data, where, 'the flag list');
      const version = await client
        .get<unknown>('/api/admin/ui-config', { signal })
        .then((r) => parseAnswer(UnleashUiConfig, r.data, where, 'its UI config'))
        // The version is a nicety: an Unleash without it still answers the question.
        .catch((error: unknown) => {
          if (signal.aborted) throw error;
          return null;
        });
      return describeUnleash(list.features, def.project, version);
    },
  };

  /** After a flip: this environment as Unleash now reports it, the others as the last list had them. */
  async function reReadEnvironment(entry: UnleashListFeature, environment: string, signal: AbortSignal): Promise<Flag> {
    const response = await client.get<unknown>(`${featurePath(entry.name)}/environments/${encodeURIComponent(environment)}`, { signal });
    const now = parseAnswer(UnleashOneEnvironment, response.data, where, `the flag ${entry.name} in ${environment}`);
    const known = entry.environments.some((e) => e.name === environment);
    const environments = known
      ? entry.environments.map((e) => (e.name === environment ? { name: environment, enabled: now.enabled } : e))
      : [...entry.environments, { name: environment, enabled: now.enabled }];
    return toWireFlag({ ...entry, environments }, (env) => (env === environment ? now.strategies : details.strategies(entry.name, env)), undefined);
  }

  /** A flip of a flag the console has not listed yet: read all of it. */
  async function reReadFlag(key: string, signal: AbortSignal): Promise<Flag> {
    const response = await client.get<unknown>(featurePath(key), { signal });
    const feature = parseAnswer(UnleashFeature, response.data, where, `the flag ${key}`);
    return toWireFlag(feature, (env) => feature.environments.find((e) => e.name === env)?.strategies, undefined);
  }
}
