import type { BackendIdentity, MetricsSource, RenderQuery } from '../backends/backend-set';
import type { BackendCatalog } from '../backends/backend-catalog';
import type { SettingsService } from '../config/settings';
import type { DashboardDefinition } from '../contract/backend-definitions';
import { renderChunks } from '../contract/render-chunks';
import type { LastKnownDashboard, LastKnownRender, Series } from '../contract/wire-types';
import { NotConfiguredError } from '../errors';
import type { Handlers } from './dispatcher';
import type { LastKnownStore } from './last-known-store';
import type { LiveBackends } from './live-backends';

export interface GraphHandlerDeps {
  live: LiveBackends;
  lastKnown: LastKnownStore;
  settings: SettingsService;
  catalog: BackendCatalog;
  now: () => number;
}

type GraphHandlers = Pick<Handlers, 'graphs.render' | 'graphs.find' | 'graphs.lastKnown' | 'markers.list' | 'dashboards.open'>;

/**
 * The graphs' requests: renders and markers from the live backends, and what the dashboards last
 * showed. An answer asked for with `remember` is kept under what was asked (targets or marker
 * sources, from which backend definition, over which range length), so a changed dashboard,
 * range or Graphite never finds another's drawing.
 */
export function createGraphHandlers({ live, lastKnown, settings, catalog, now }: GraphHandlerDeps): GraphHandlers {
  const markerSources = () => live.current.markers;

  /** Each panel's last-known drawing over a live range of `spanMs`; null where any of its requests is unknown. */
  const lastKnownOf = (dashboard: DashboardDefinition, spanMs: number): LastKnownDashboard => {
    const metrics = live.current.metrics;
    return {
      dashboardId: dashboard.id,
      spanMs,
      panels: dashboard.panels.map((panel) => (metrics ? joined(renderChunks(panel.targets).map((chunk) => lastKnown.render(renderKey(metrics, chunk, spanMs)))) : null)),
      markers: lastKnown.markers(markersKey(markerSources(), spanMs)),
    };
  };

  const render = renderOnLiveGraphite(live);

  return {
    'graphs.render': async (query, { signal }) => {
      const { metrics, series } = await render(query, signal);
      const fetchedAt = now();
      if (query.remember) lastKnown.rememberRender(renderKey(metrics, query.targets, query.until - query.from), { series, from: query.from, until: query.until, fetchedAt });
      return { series, fetchedAt };
    },

    'graphs.find': async ({ query }, { signal }) => {
      const metrics = live.current.metrics ?? notConfigured('Graphite');
      if (!metrics.find) throw new NotConfiguredError(`${metrics.name} cannot list its metrics; type the targets instead.`);
      const find = metrics.find.bind(metrics);
      return live.health.track(metrics, () => find(query, signal));
    },

    'graphs.lastKnown': async ({ dashboardId, spanMs }) => {
      await lastKnown.ready;
      const dashboard = catalog.dashboards(settings.view().settings).find((e) => e.dashboard.id === dashboardId)?.dashboard;
      return dashboard ? lastKnownOf(dashboard, spanMs) : { dashboardId, spanMs, panels: [], markers: null };
    },

    'dashboards.open': async ({ dashboardId, rangeMinutes }) => {
      await lastKnown.ready;
      const view = settings.view();
      const dashboards = catalog.dashboards(view.settings);
      // The same choice the window makes: the one asked for, or the first.
      const shown = (dashboards.find((e) => e.dashboard.id === dashboardId) ?? dashboards[0])?.dashboard;
      const spanMs = (rangeMinutes ?? view.settings.rangeMinutes) * 60_000;
      return { settings: view, dashboards, lastKnown: shown ? lastKnownOf(shown, spanMs) : null };
    },

    'markers.list': async ({ from, until, remember }, { signal }) => {
      const sources = markerSources();
      const results = await Promise.allSettled(sources.map((s) => live.health.track(s, () => s.list(from, until, signal))));
      const found = results.flatMap((r) => (r.status === 'fulfilled' ? r.value : []));
      // One dead deploy source must not hide the others' markers; its failure shows on its status.
      const failure = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
      if (failure && found.length === 0 && results.every((r) => r.status === 'rejected')) throw failure.reason;
      const markers = found.sort((a, b) => a.at - b.at);
      // Only a complete list is worth showing again as what was there.
      if (remember && !failure) lastKnown.rememberMarkers(markersKey(sources, until - from), { markers, from, until, fetchedAt: now() });
      return markers;
    },
  };
}

/** A render from the Graphite in use now, its health tracked; for the graphs and the guarded ramps alike. */
export function renderOnLiveGraphite(live: LiveBackends) {
  return async (query: RenderQuery, signal: AbortSignal): Promise<{ metrics: MetricsSource; series: Series[] }> => {
    const metrics = live.current.metrics ?? notConfigured('Graphite');
    return { metrics, series: await live.health.track(metrics, () => metrics.render(query, signal)) };
  };
}

const identity = (backend: BackendIdentity) => backend.fingerprint ?? backend.id;

function renderKey(metrics: MetricsSource, targets: readonly string[], spanMs: number): string {
  return JSON.stringify(['render', identity(metrics), targets, spanMs]);
}

function markersKey(sources: readonly BackendIdentity[], spanMs: number): string {
  return JSON.stringify(['markers', sources.map(identity), spanMs]);
}

/** A panel asked in several requests is known only when all of them are, and is as old as the oldest. */
function joined(parts: (LastKnownRender | null)[]): LastKnownRender | null {
  if (parts.length === 0 || parts.some((p) => p === null)) return null;
  const known = parts as LastKnownRender[];
  if (known.length === 1) return known[0]!;
  return {
    series: known.flatMap((p) => p.series),
    from: Math.min(...known.map((p) => p.from)),
    until: Math.min(...known.map((p) => p.until)),
    fetchedAt: Math.min(...known.map((p) => p.fetchedAt)),
  };
}

function notConfigured(what: string): never {
  throw new NotConfiguredError(`No ${what} is configured. Add one in Settings → Backends, or in the config file.`);
}
