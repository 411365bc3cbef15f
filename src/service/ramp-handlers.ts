import type { RenderQuery } from '../backends/backend-set';
import type { Series } from '../contract/wire-types';
import { NotConfiguredError } from '../errors';
import { RampRunner } from '../ramps/guarded-ramp';
import { RampStore } from '../ramps/ramp-store';
import type { Handlers } from './dispatcher';
import type { EventHub } from './event-hub';
import type { FlagHandlers } from './flag-handlers';
import { settingOf } from './flag-flip';
import type { LiveBackends } from './live-backends';

/** Every few seconds the running ramps are looked at: a 10 s Graphite bucket is judged soon after it closes. */
export const RAMP_WATCH_EVERY_MS = 5_000;

export interface RampOptions {
  /** `guarded-ramps.json` in the state directory. */
  file: string;
  /** Where this core runs, in words (every step's marker says it). */
  runner: string;
  /** How often the running ramps are looked at; null: never by itself (tests call `check`). */
  watchEveryMs?: number | null;
}

export interface RampServiceDeps extends RampOptions {
  live: LiveBackends;
  flags: Pick<FlagHandlers, 'flip' | 'mayFlip'>;
  events: EventHub;
  now: () => number;
  render: (query: RenderQuery, signal: AbortSignal) => Promise<Series[]>;
  onError: (event: string, error: unknown) => void;
}

export interface RampService {
  handlers: Pick<Handlers, 'ramps.list' | 'ramps.start' | 'ramps.stop' | 'ramps.resume'>;
  /** One look at every running ramp (what the ticker does every few seconds). */
  check: () => Promise<void>;
  start: () => void;
  stop: () => void;
}

/** The guarded ramps of this core: the runner over the guarded flip and Graphite, its file, its requests and its ticker. */
export function createRampService(deps: RampServiceDeps): RampService {
  const { live } = deps;
  const flagService = () => {
    const service = live.current.flags;
    if (!service) throw new NotConfiguredError('No flag service is configured. Add one in Settings → Backends, or in the config file.');
    return service;
  };
  const runner = new RampRunner({
    store: new RampStore(deps.file, deps.now(), deps.onError),
    flip: deps.flags.flip,
    read: async (key, environment, signal) => settingOf(await flagService().read(key, signal), key, environment),
    render: deps.render,
    emit: (ramp) => deps.events.emit('ramps.changed', { ramp }),
    actor: () => live.current.flags?.actor() ?? 'this console',
    runner: deps.runner,
    now: deps.now,
    mayFlip: () => (deps.flags.mayFlip(), void flagService()),
  });
  let stopTicker = () => {};
  return {
    handlers: {
      'ramps.list': async () => [...runner.list()],
      'ramps.start': async (input, { signal }) => runner.start(input, signal),
      'ramps.stop': async ({ id, setBack }, { signal }) => runner.stop(id, setBack, signal),
      'ramps.resume': async ({ id }, { signal }) => runner.resume(id, signal),
    },
    check: () => runner.check(),
    start: () => {
      const every = deps.watchEveryMs === undefined ? RAMP_WATCH_EVERY_MS : deps.watchEveryMs;
      if (every !== null) stopTicker = startRampTicker(runner, every, (error) => deps.onError('ramps.check_failed', error));
    },
    stop: () => stopTicker(),
  };
}

/**
 * Looks at the running ramps every `everyMs` while the core runs, one look at a time (a slow
 * Graphite never stacks them up). Returns the function that stops it: the ramps stop advancing
 * with the process, and come back paused.
 */
function startRampTicker(runner: RampRunner, everyMs: number, onError: (error: unknown) => void): () => void {
  let looking = false;
  const timer = setInterval(() => {
    if (looking) return;
    looking = true;
    runner
      .check()
      .catch(onError)
      .finally(() => (looking = false));
  }, everyMs);
  return () => clearInterval(timer);
}
