import type { BackendDefinition } from '../contract/backend-definitions';
import type { AppInfo, HostKind, Role } from '../contract/wire-types';
import type { BackendCatalog } from '../backends/backend-catalog';
import type { BackendSet, RenderQuery } from '../backends/backend-set';
import type { SecretVault } from '../config/secret-vault';
import type { SettingsService } from '../config/settings';
import { importGrafanaDashboard } from '../dashboards/grafana-import';
import { ConflictError, NotFoundError, describeError } from '../errors';
import type { Handlers } from './dispatcher';
import type { EventHub } from './event-hub';
import { createFlagHandlers } from './flag-handlers';
import { createGraphHandlers, renderOnLiveGraphite } from './graph-handlers';
import type { FlipRecordOptions } from './flag-handlers';
import { incidentHandlers } from './incident-handlers';
import type { IncidentHandlerDeps } from './incident-handlers';
import type { LastKnownStore } from './last-known-store';
import { LiveBackends } from './live-backends';
import { createLogHandlers } from './log-handlers';
import { createRampService } from './ramp-handlers';
import type { RampOptions } from './ramp-handlers';

/** Turns definitions into live adapters; the hosts pass the real one, tests may pass their own. */
export interface BackendFactory {
  build(definitions: BackendDefinition[], dataSource: BackendSet['dataSource']): BackendSet;
  /** "Test connection" for one definition, saved or not; `all` resolves references (a deploy source's graphite). */
  check(definition: BackendDefinition, all: BackendDefinition[], signal: AbortSignal): Promise<string>;
  /** Lets go of what outlives a backend set (the SSH log hosts' connections): the core is stopping. */
  close?(): void;
}

export interface OpsServiceDeps {
  host: HostKind;
  version: string;
  catalog: BackendCatalog;
  factory: BackendFactory;
  settings: SettingsService;
  secrets: SecretVault;
  events: EventHub;
  now?: () => number;
  /** Lines kept per log source. */
  logBufferLines?: number;
  /** Where flip attempts are recorded (the audit log), and how their Graphite events are retried. */
  flips: FlipRecordOptions;
  /** The dashboards' last-known renders, kept in the state directory. */
  lastKnown: LastKnownStore;
  /** The config file's `role:`: it overrides the setting, and the UI cannot change it. */
  configRole?: Role | undefined;
  /** The demo world's incident drill (`demo.drill`); null or absent outside the demo. */
  drill?: IncidentHandlerDeps['drill'];
  /** Where guarded ramps are kept and how often they are looked at. */
  ramps: RampOptions;
}

export interface OpsService {
  handlers: Handlers;
  /** One look at every running guarded ramp; the core's ticker does this every few seconds. */
  checkRamps: () => Promise<void>;
  /** Starts the background work (log tails). */
  start: () => void;
  /** Stops it; resolves once what must outlive the run (the last-known renders) is on disk. */
  stop: () => Promise<void>;
}

/** The core behind every host: request handlers plus the live work that feeds events. */
export function createOpsService(deps: OpsServiceDeps): OpsService {
  const { catalog, factory, settings, secrets, events, now = Date.now } = deps;
  const startedAt = now();
  const definitions = () => catalog.entries(settings.view().settings).map((e) => e.definition);
  const dataSource = (): BackendSet['dataSource'] => (catalog.usesDemo(settings.view().settings) ? 'demo' : 'configured');
  const live = new LiveBackends(factory.build(definitions(), dataSource()), events, now, deps.logBufferLines ?? 100_000);
  const rebuild = () => live.replace(factory.build(definitions(), dataSource()));

  const role = () => (deps.configRole ? { role: deps.configRole, source: 'config' as const } : { role: settings.view().settings.role, source: 'settings' as const });
  const flags = createFlagHandlers({ live, events, role, now, ...deps.flips });
  const renderNow = renderOnLiveGraphite(live);
  const render = async (query: RenderQuery, signal: AbortSignal) => (await renderNow(query, signal)).series;
  const ramps = createRampService({ ...deps.ramps, live, flags, events, now, render, onError: deps.flips.onError });

  const { lastKnown } = deps;
  const graphs = createGraphHandlers({ live, lastKnown, settings, catalog, now });

  const info = (): AppInfo => ({ name: 'Ops Console', version: deps.version, host: deps.host, dataSource: live.current.dataSource, startedAt, role: role().role, roleSource: role().source });

  const handlers: Handlers = {
    ...flags.handlers,
    ...incidentHandlers({ events, drill: deps.drill ?? null }),
    ...ramps.handlers,
    'app.info': async () => info(),
    'settings.get': async () => settings.view(),
    'settings.update': async (patch) => settings.update(patch),
    'secrets.list': async () => ({ secrets: secrets.list(), storage: secrets.storage() }),
    'secrets.set': async ({ name, value }) => secrets.set(name, value),
    'secrets.clear': async ({ name }) => secrets.clear(name),
    'backends.status': async () => live.health.statuses(),

    'backends.list': async () => ({ backends: catalog.entries(settings.view().settings), configFile: catalog.configStatus() }),
    'backends.save': async ({ definition }) => {
      if (catalog.isFromConfig(definition.id)) {
        throw new ConflictError(`"${definition.id}" is defined in the config file ${catalog.configStatus().path}; change it there.`);
      }
      const saved = settings.view().settings.backends.filter((b) => b.id !== definition.id);
      settings.update({ backends: [...saved, definition] });
      rebuild();
      return { definition, origin: 'settings' };
    },
    'backends.remove': async ({ id }) => {
      if (catalog.isFromConfig(id)) throw new ConflictError(`"${id}" is defined in the config file ${catalog.configStatus().path}; remove it there.`);
      const saved = settings.view().settings.backends;
      if (!saved.some((b) => b.id === id)) throw new NotFoundError(`No backend "${id}" was added in the app.`);
      settings.update({ backends: saved.filter((b) => b.id !== id) });
      rebuild();
      return { removed: id };
    },
    'backends.test': async ({ definition }, { signal }) => {
      try {
        return { ok: true, message: await factory.check(definition, [...definitions(), definition], signal) };
      } catch (error) {
        return { ok: false, message: describeError(error) };
      }
    },
    'dashboards.list': async () => catalog.dashboards(settings.view().settings),
    'dashboards.save': async ({ dashboard }) => {
      if (catalog.isDashboardFromConfig(dashboard.id)) {
        throw new ConflictError(`The dashboard "${dashboard.id}" is defined in the config file ${catalog.configStatus().path}; change it there.`);
      }
      const saved = settings.view().settings.dashboards;
      const at = saved.findIndex((d) => d.id === dashboard.id);
      // Replacing keeps its place, so the tabs do not reorder on every edit.
      settings.update({ dashboards: at < 0 ? [...saved, dashboard] : saved.map((d, i) => (i === at ? dashboard : d)) });
      return { dashboard, origin: 'settings' };
    },
    'dashboards.remove': async ({ id }) => {
      if (catalog.isDashboardFromConfig(id)) throw new ConflictError(`The dashboard "${id}" is defined in the config file ${catalog.configStatus().path}; remove it there.`);
      const saved = settings.view().settings.dashboards;
      if (!saved.some((d) => d.id === id)) throw new NotFoundError(`No dashboard "${id}" was added in the app.`);
      settings.update({ dashboards: saved.filter((d) => d.id !== id) });
      return { removed: id };
    },
    'dashboards.import': async ({ json }) => importGrafanaDashboard(json),

    ...graphs,

    ...createLogHandlers(live),
  };

  return {
    handlers,
    checkRamps: ramps.check,
    start: () => {
      live.start();
      flags.start();
      ramps.start();
    },
    stop: () => {
      ramps.stop();
      flags.stop();
      live.stop();
      // The tails are stopped; their connections would idle on for a while: closed now.
      factory.close?.();
      return lastKnown.flush();
    },
  };
}
