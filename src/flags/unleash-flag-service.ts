import type { AxiosInstance } from 'axios';

import type { FlagService } from '../backends/backend-set';
import { createHttpClient, requireSecret } from '../backends/http-client';
import type { SecretReader } from '../backends/http-client';
import type { FlagServiceDefinition } from '../contract/backend-definitions';
import type { Flag } from '../contract/wire-types';
import { guardedWrite } from './guarded-write';
import { describeUnleash } from './unleash-check';
import { createConditionalGet } from './unleash-conditional-get';
import { describeFlipFailure } from './unleash-errors';
import { UnleashEventTracker } from './unleash-event-tracker';
import { UnleashFlagDetails } from './unleash-flag-details';
import { toWireFlag } from './unleash-flag-mapping';
import { unleashWrite } from './unleash-flag-write';
import { parseAnswer, UnleashFeature, UnleashFeatureList, UnleashOneEnvironment, UnleashTags, UnleashUiConfig, UnleashUser } from './unleash-schemas';
import type { UnleashListFeature } from './unleash-schemas';

export type UnleashDefinition = Extract<FlagServiceDefinition, { type: 'unleash' }>;

export interface UnleashServiceOptions {
  /** Per request; a flip that takes longer is reported as unconfirmed, with what a re-read finds. Default 5 s. */
  timeoutMs?: number;
  /** Told of every write this console confirmed, so the event-log markers do not show it twice. */
  onConfirmedWrite?: (key: string, environment: string, at: number) => void;
}

/** The http client every Unleash adapter uses; `where` is "Unleash at https://…" for messages. */
export function unleashClient(def: UnleashDefinition, secrets: SecretReader, timeoutMs = 5_000): { client: AxiosInstance; where: string } {
  const label = def.name ?? 'Unleash';
  // Unleash takes its API tokens as the raw Authorization header, without "Bearer".
  const headers = () => ({ Authorization: requireSecret(secrets, def.tokenSecret, label) });
  return { client: createHttpClient({ name: label, baseURL: def.url, caFile: def.caFile, timeoutMs, headers }), where: `${label} at ${def.url}` };
}

/**
 * Unleash 8's Admin API as a FlagService. Reads poll cheaply (list by ETag, strategies only for
 * flags that changed, the event log for who and when); a write re-reads, refuses a change made
 * since the user looked, writes with JSON-Patch `test` guards, and reads back (guarded-write.ts).
 */
export function createUnleashFlagService(def: UnleashDefinition, secrets: SecretReader, options: UnleashServiceOptions = {}): FlagService {
  const { client, where } = unleashClient(def, secrets, options.timeoutMs);
  const features = `/api/admin/projects/${encodeURIComponent(def.project)}/features`;
  const featurePath = (key: string) => `${features}/${encodeURIComponent(key)}`;
  const getList = createConditionalGet(client, UnleashFeatureList, where, 'the flag list');
  const events = new UnleashEventTracker(client, def.project, where);
  const details = new UnleashFlagDetails(client, featurePath, where);
  let listed = new Map<string, UnleashListFeature>();
  let actor: string | null = null;

  const flagOf = (entry: UnleashListFeature): Flag => toWireFlag(entry, def.project, (env) => details.strategies(entry.name, env), events.lastChange(entry.name));

  /** Who the token is: a PAT's person, or an admin token's name, which is what Unleash's events record. */
  async function learnActor(signal: AbortSignal) {
    if (actor !== null) return;
    const response = await client.get<unknown>('/api/admin/user', { signal });
    const { user } = parseAnswer(UnleashUser, response.data, where, 'who this token is');
    actor = user.email ?? user.username ?? user.name ?? null;
  }

  /** The whole flag read fresh: strategies, tags (the single-flag read has none) and its last event. */
  async function read(key: string, signal: AbortSignal): Promise<Flag> {
    const [feature, tags] = await Promise.all([
      client.get<unknown>(featurePath(key), { signal }).then((r) => parseAnswer(UnleashFeature, r.data, where, `the flag ${key}`)),
      client.get<unknown>(`/api/admin/features/${encodeURIComponent(key)}/tags`, { signal }).then((r) => parseAnswer(UnleashTags, r.data, where, `the tags of ${key}`).tags),
      // Who and when are extras: the flag is read even if the event log will not say.
      events.newestFor(key, signal).catch((error: unknown) => {
        if (signal.aborted) throw error;
        return undefined;
      }),
    ]).catch((error: unknown) => Promise.reject(describeFlipFailure(error, { where, project: def.project, key, environment: '', action: 'read' })));
    return toWireFlag({ ...feature, tags }, def.project, (env) => feature.environments.find((e) => e.name === env)?.strategies, events.lastChange(key));
  }

  /**
   * After a write: the written environment read fresh (the same read a raw client would make), the
   * others as the last list had them. Who and when, when something was written: the token's owner,
   * which is exactly what Unleash records for it, at the confirmation time, until the next poll
   * reads Unleash's own event; when nothing needed writing, the flag's last event as before.
   */
  async function readBack(key: string, environment: string, wrote: boolean, signal: AbortSignal): Promise<Flag> {
    const entry = listed.get(key);
    if (!entry || actor === null || !entry.environments.some((e) => e.name === environment)) return read(key, signal);
    const response = await client.get<unknown>(`${featurePath(key)}/environments/${encodeURIComponent(environment)}`, { signal });
    const now = parseAnswer(UnleashOneEnvironment, response.data, where, `the flag ${key} in ${environment}`);
    const environments = entry.environments.map((e) => (e.name === environment ? { ...e, enabled: now.enabled } : e));
    const last = wrote ? { id: 0, at: Date.now(), by: actor } : events.lastChange(key);
    return toWireFlag({ ...entry, environments }, def.project, (env) => (env === environment ? now.strategies : details.strategies(key, env)), last);
  }

  return {
    id: def.id,
    kind: 'flags',
    name: def.name ?? `Unleash at ${new URL(def.url).host}`,

    async list(signal) {
      // Who we are is a nicety for the audit; a list never fails for it.
      await learnActor(signal).catch(() => undefined);
      // Events first: a change that lands after this read is seen by the next poll, never lost.
      details.invalidate(await events.refresh(signal));
      const { value } = await getList(features, signal);
      await details.refresh(value.features, signal);
      listed = new Map(value.features.map((f) => [f.name, f]));
      return value.features.map(flagOf);
    },

    read,

    async write(write, signal) {
      await learnActor(signal).catch(() => undefined);
      const flag = await guardedWrite(unleashWrite({ client, where, project: def.project, featurePath, readBack }, write), signal);
      details.invalidate([write.key]);
      options.onConfirmedWrite?.(write.key, write.environment, Date.now());
      return flag;
    },

    actor: () => actor ?? `Unleash token (${def.project})`,

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
}
