import type { AxiosInstance } from 'axios';

import type { FlagWrite } from '../backends/backend-set';
import type { Flag } from '../contract/wire-types';
import { InvalidInputError } from '../errors';
import { guardedPatch, readAudience, sameAudience, strategyFor } from './unleash-audience';
import type { GuardedWrite } from './guarded-write';
import { httpAnswer } from '../backends/http-answer';
import { describeFlipFailure } from './unleash-errors';
import { parseAnswer, UnleashEventPage, UnleashOneEnvironment } from './unleash-schemas';
import type { UnleashStrategy } from './unleash-schemas';

/** One environment of one flag as Unleash holds it right now. */
interface EnvironmentState {
  enabled: boolean;
  strategies: UnleashStrategy[];
}

export interface UnleashWriteContext {
  client: AxiosInstance;
  where: string;
  project: string;
  featurePath(key: string): string;
  /** The flag after the write: the written environment read fresh; `wrote` false when nothing needed changing. */
  readBack(key: string, environment: string, wrote: boolean, signal: AbortSignal): Promise<Flag>;
}

// A body-less POST still needs a JSON type: Unleash answers 415 to one typed as a form.
const JSON_TYPE = { 'Content-Type': 'application/json' };

/**
 * Unleash's half of the guarded write (guarded-write.ts): the fresh read is the environment with
 * its strategies; the audience is changed on the environment's one strategy by a JSON Patch that
 * first `test`s what we read; on/off is Unleash's idempotent /on and /off. Turning on sets the
 * audience first, turning off switches off first, so nobody briefly gets the wrong audience.
 */
export function unleashWrite(context: UnleashWriteContext, { key, environment, expected, to }: FlagWrite): GuardedWrite<EnvironmentState> {
  const { client, where, project } = context;
  const envPath = `${context.featurePath(key)}/environments/${encodeURIComponent(environment)}`;
  const target = { where, project, key, environment };
  const failure = (error: unknown) => describeFlipFailure(error, target);
  const readFailure = (error: unknown) => describeFlipFailure(error, { ...target, action: 'read' });

  return {
    key,
    environment,
    expected,
    to,
    where,
    async read(signal) {
      const response = await client.get<unknown>(envPath, { signal }).catch((error: unknown) => Promise.reject(readFailure(error)));
      const now = parseAnswer(UnleashOneEnvironment, response.data, where, `the flag ${key} in ${environment}`);
      return { enabled: now.enabled, strategies: now.strategies };
    },
    settingOf: (state) => ({ enabled: state.enabled, ...readAudience(state.strategies) }),
    async lastChange(signal) {
      const query = new URLSearchParams({ project: `IS:${project}`, feature: `IS:${key}`, environment: `IS:${environment}`, limit: '1' });
      const response = await client.get<unknown>(`/api/admin/search/events?${query.toString()}`, { signal });
      const event = parseAnswer(UnleashEventPage, response.data, where, 'its event log').events[0];
      return event ? { by: event.createdBy, at: Date.parse(event.createdAt) } : null;
    },
    async apply(state, signal) {
      const audience = { audience: to.audience, rolloutPercent: to.rolloutPercent };
      const changeAudience = !sameAudience(readAudience(state.strategies), audience);
      if (changeAudience && state.strategies.length > 1) {
        throw new InvalidInputError(
          `${key} in ${environment} has ${state.strategies.length} strategies in Unleash; Ops Console changes the audience of a flag with one strategy only. ` +
            `Change it in Unleash, or turn it on or off here.`,
        );
      }
      const [only] = state.strategies;
      // Built before anything is sent: a rollout out of range is refused here, not half-written.
      const desired = strategyFor(audience, key, only);
      const setAudience = async () => {
        if (only?.id) await client.patch(`${envPath}/strategies/${encodeURIComponent(only.id)}`, guardedPatch(only, desired), { signal });
        else await client.post(`${envPath}/strategies`, desired, { signal });
      };
      const flip = () => client.post(`${envPath}/${to.enabled ? 'on' : 'off'}`, undefined, { signal, headers: JSON_TYPE });
      try {
        if (to.enabled && changeAudience) await setAudience();
        if (state.enabled !== to.enabled) await flip();
        if (!to.enabled && changeAudience) await setAudience();
      } catch (error) {
        throw failure(error);
      }
      return changeAudience || state.enabled !== to.enabled;
    },
    refusedByGuard(error) {
      const answer = httpAnswer(error);
      return answer?.status === 500 && JSON.stringify(answer.body).includes('TEST_OPERATION_FAILED');
    },
    readBack: (signal, wrote) => context.readBack(key, environment, wrote, signal),
  };
}
