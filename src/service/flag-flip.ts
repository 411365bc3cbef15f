import type { FlagService } from '../backends/backend-set';
import type { AuditEntry, Flag, FlagSetting } from '../contract/wire-types';
import { BackendUnavailableError, NotFoundError, OpsError, TimeoutError } from '../errors';
import { describeSetting, settingMatches } from '../flags/describe-setting';

/** What a flip asked for, before anything was written. */
export interface FlipRequest {
  key: string;
  environment: string;
  to: FlagSetting;
  expected: FlagSetting;
  reason: string;
}

/** How an attempt ended, judged only by what the flag service reports (never by what was asked). */
export type Settled =
  | { outcome: 'confirmed'; after: FlagSetting; message: string | null }
  | { outcome: Exclude<AuditEntry['outcome'], 'confirmed'>; after: FlagSetting | null; message: string };

/**
 * Judges an attempt by the state read back: confirmed only when the service holds what was
 * asked. `failure` is why the write itself did not answer, when it did not; then a re-read that
 * shows the requested state still confirms the flip (the answer was lost, not the write).
 */
export function settle(request: FlipRequest, read: FlagSetting | null, failure: string | null, serviceName: string): Settled {
  const { key, environment, to, expected } = request;
  const said = failure ? `${failure} ` : '';
  if (read && settingMatches(to, read)) {
    return { outcome: 'confirmed', after: read, message: failure ? `${failure} A re-read shows the flip took effect.` : null };
  }
  if (!read) {
    return { outcome: 'unconfirmed', after: null, message: `${said}Whether ${key} changed in ${environment} is not known: ${serviceName} could not be read afterwards either. Reload the flags before trying again.` };
  }
  if (settingMatches(expected, read)) {
    return { outcome: 'failed', after: read, message: `${said}${key} did not change in ${environment}: it is still ${describeSetting(read)}.` };
  }
  return {
    outcome: 'unconfirmed',
    after: read,
    message: `${said}${serviceName} now reports ${key} in ${environment} as ${describeSetting(read)}, which is neither what it was (${describeSetting(expected)}) nor what you asked for (${describeSetting(to)}).`,
  };
}

/** The error a flip that was not confirmed answers with: the service's words, then what the flag is now. */
export function notConfirmedError(settled: Settled, timedOut: boolean, cause: unknown): OpsError {
  const message = settled.message ?? 'The flip was not confirmed.';
  return timedOut ? new TimeoutError(message, { cause }) : new BackendUnavailableError(message, { cause });
}

/** A refusal by the service itself (no such flag, a value it will not take): it answered, and wrote nothing. */
export function isRefusal(error: unknown): error is OpsError {
  return error instanceof OpsError && (error.code === 'not_found' || error.code === 'invalid_input' || error.code === 'forbidden');
}

/** The environment's switch as the service reports it, or null when it could not be read. */
export async function readSetting(service: FlagService, key: string, environment: string, signal: AbortSignal): Promise<FlagSetting | null> {
  try {
    return settingOf(await service.read(key, signal), key, environment);
  } catch {
    return null;
  }
}

export function settingOf(flag: Flag, key: string, environment: string): FlagSetting {
  const env = flag.environments.find((e) => e.name === environment);
  if (!env) throw new NotFoundError(`The flag "${key}" has no environment "${environment}".`);
  return { enabled: env.enabled, audience: env.audience, rolloutPercent: env.rolloutPercent };
}

/**
 * Runs work for one flag after the previous work for it ended: two flips of the same flag (a
 * double click, two windows) never overlap, so the second re-reads what the first wrote and
 * sees a conflict instead of writing again. Different flags run side by side.
 */
export class PerFlagQueue {
  private readonly tails = new Map<string, Promise<unknown>>();

  run<T>(key: string, work: () => Promise<T>): Promise<T> {
    const previous = this.tails.get(key) ?? Promise.resolve();
    const result = previous.then(work);
    const tail = result.catch(() => undefined);
    this.tails.set(key, tail);
    void tail.then(() => {
      if (this.tails.get(key) === tail) this.tails.delete(key);
    });
    return result;
  }
}
