import type { AppInfo, FlagChange, HostKind, Marker } from '../contract/wire-types';
import type { BackendSet } from '../backends/backend-set';
import type { SecretVault } from '../config/secret-vault';
import type { SettingsService } from '../config/settings';
import { NotFoundError } from '../errors';
import { LogBuffer } from '../logs/log-buffer';
import { createBackendHealth } from './backend-health';
import type { Handlers } from './dispatcher';
import type { EventHub } from './event-hub';

export interface OpsServiceDeps {
  host: HostKind;
  version: string;
  backends: BackendSet;
  settings: SettingsService;
  secrets: SecretVault;
  events: EventHub;
  now?: () => number;
  /** Lines kept per log source. */
  logBufferLines?: number;
}

export interface OpsService {
  handlers: Handlers;
  /** Starts the background work (log tails). */
  start: () => void;
  stop: () => void;
}

/** The core behind every host: request handlers plus the live work that feeds events. */
export function createOpsService(deps: OpsServiceDeps): OpsService {
  const { backends, settings, secrets, events, now = Date.now } = deps;
  const startedAt = now();
  const health = createBackendHealth(
    uniqueById([backends.metrics, ...backends.markers, backends.flags, backends.changes, ...backends.logs]),
    (statuses) => events.emit('backends.changed', { statuses }),
    now,
  );
  const buffers = new Map(backends.logs.map((s) => [s.id, new LogBuffer(s.id, deps.logBufferLines ?? 100_000)]));
  const stops: (() => void)[] = [];

  const info: AppInfo = { name: 'Ops Console', version: deps.version, host: deps.host, dataSource: backends.dataSource, startedAt };

  const handlers: Handlers = {
    'app.info': async () => info,
    'settings.get': async () => settings.view(),
    'settings.update': async (patch) => settings.update(patch),
    'secrets.list': async () => ({ secrets: secrets.list(), storage: secrets.storage() }),
    'secrets.set': async ({ name, value }) => secrets.set(name, value),
    'secrets.clear': async ({ name }) => secrets.clear(name),
    'backends.status': async () => health.statuses(),

    'graphs.render': async (query, { signal }) => {
      const series = await health.track(backends.metrics, () => backends.metrics.render(query, signal));
      return { series, fetchedAt: now() };
    },

    'markers.list': async ({ from, until }, { signal }) => {
      const lists = await Promise.all(
        backends.markers.map((source) => health.track(source, () => source.list(from, until, signal))),
      );
      return lists.flat().sort((a, b) => a.at - b.at);
    },

    'flags.list': async (_input, { signal }) => {
      const flags = await health.track(backends.flags, () => backends.flags.list(signal));
      return { flags, fetchedAt: now() };
    },

    'flags.flip': async ({ key, environment, enabled, reason }, { signal }) => {
      const service = backends.flags;
      const flags = await health.track(service, () => service.list(signal));
      const before = findEnvironment(flags.find((f) => f.key === key), key, environment);
      const after = await health.track(service, () => service.setEnabled({ key, environment, enabled }, signal));
      const change: FlagChange = {
        key,
        environment,
        before: before.enabled,
        after: findEnvironment(after, key, environment).enabled,
        at: now(),
        by: service.actor(),
        reason,
      };
      events.emit('flags.changed', { change });
      events.emit('markers.added', { markers: [flipMarker(change)] });
      // The flip happened whatever becomes of its record; a failed record shows on the recorder's status.
      await health.track(backends.changes, () => backends.changes.record(change, signal)).catch(() => undefined);
      return change;
    },

    'logs.sources': async () => backends.logs.map((s) => s.info),
    'logs.tail': async ({ sourceId, limit }) => {
      const buffer = buffers.get(sourceId);
      if (!buffer) throw new NotFoundError(`There is no log source "${sourceId}". Pick one from the list of sources.`);
      return buffer.recent(limit);
    },
  };

  return {
    handlers,
    start() {
      for (const source of backends.logs) {
        const buffer = buffers.get(source.id)!;
        const stop = source.follow({
          onLines: (raw) => {
            health.report(source, null);
            events.emit('logs.lines', { sourceId: source.id, lines: buffer.append(raw) });
          },
          onError: (error) => health.report(source, error),
        });
        stops.push(stop);
      }
    },
    stop() {
      for (const stop of stops.splice(0)) stop();
    },
  };
}

function uniqueById<T extends { id: string }>(items: T[]): T[] {
  return [...new Map(items.map((item) => [item.id, item])).values()];
}

function findEnvironment(flag: { key: string; environments: { name: string; enabled: boolean }[] } | undefined, key: string, environment: string) {
  if (!flag) throw new NotFoundError(`The flag service has no flag "${key}". It may have been deleted: reload the list.`);
  const env = flag.environments.find((e) => e.name === environment);
  if (!env) throw new NotFoundError(`The flag "${key}" has no environment "${environment}".`);
  return env;
}

/** The marker every graph draws for a flip, so cause and effect sit on one screen. */
export function flipMarker(change: FlagChange): Marker {
  return {
    id: `flip:${change.key}:${change.environment}:${change.at}`,
    kind: 'flip',
    at: change.at,
    who: change.by,
    what: `${change.key} ${change.after ? 'on' : 'off'} in ${change.environment}: ${change.reason}`,
    link: null,
    tags: ['flag', change.key, change.environment],
  };
}
