import type { PanelDefinition } from '../contract/backend-definitions';
import type { GrafanaAnnotation } from './grafana-schema';

// A Grafana dashboard's annotations, as marker filters. An annotation of Graphite events filtered
// by tags (`deploy checkout`) means "these panels show checkout's deploys", so it becomes a marker
// filter by the same tags: dashboard-wide, or on the panels Grafana scopes it to. Everything else
// annotations would have drawn is named, never dropped without a word.

export interface TagFilter {
  name: string;
  tags: string[];
  /** Grafana panel ids it applies to, or every panel when null; `exclude` turns the list around. */
  panelIds: number[] | null;
  exclude: boolean;
}

export interface ReadAnnotations {
  filters: TagFilter[];
  skipped: string[];
}

export function readAnnotations(list: readonly GrafanaAnnotation[]): ReadAnnotations {
  const filters: TagFilter[] = [];
  const skipped: string[] = [];
  for (const annotation of list) {
    const name = `Annotation "${annotation.name ?? 'untitled'}"`;
    if (annotation.enable === false) {
      skipped.push(`${name}: turned off in Grafana`);
      continue;
    }
    if (annotation.builtIn === 1 || datasourceType(annotation.datasource) === 'grafana') {
      skipped.push(`${name}: Grafana's own annotations and alerts live in Grafana, not Graphite; the console shows deploy and flip markers instead`);
      continue;
    }
    const type = datasourceType(annotation.datasource);
    if (type && type !== 'graphite') {
      skipped.push(`${name}: it comes from ${type}, not Graphite`);
      continue;
    }
    const query = annotation.target;
    const tags = tagsOf(annotation.tags ?? (typeof query === 'object' ? query.tags : undefined));
    const series = typeof query === 'string' ? query : (query?.target ?? query?.query);
    if (tags.length === 0) {
      skipped.push(
        series
          ? `${name}: a Graphite series drawn as annotations (${series}); the console draws deploys from its deploy source`
          : `${name}: every Graphite event, which the console's markers already show`,
      );
      continue;
    }
    const ids = annotation.filter?.ids?.filter((id): id is number => typeof id === 'number') ?? [];
    filters.push({ name, tags, panelIds: ids.length ? ids : null, exclude: ids.length > 0 && annotation.filter?.exclude === true });
  }
  return { filters, skipped };
}

/**
 * Annotations of Graphite events by tags become marker filters: the first dashboard-wide one for
 * the dashboard, a scoped one on its panels. Returns the dashboard's.
 */
export function applyTagFilters(read: ReadAnnotations, panels: { panel: PanelDefinition; grafanaId: number | undefined }[], found: { skipped: string[]; converted: string[] }): string[] | undefined {
  found.skipped.push(...read.skipped);
  let dashboardTags: string[] | undefined;
  const shows = (tags: string[]) => `only deploys tagged ${tags.join(' ')} and flips of a service among those tags`;
  for (const filter of read.filters) {
    const events = `${filter.name}: Graphite events tagged ${filter.tags.join(' ')}`;
    if (filter.panelIds === null) {
      if (dashboardTags) found.skipped.push(`${events}: one tag filter per dashboard is kept, and it is ${dashboardTags.join(' ')}`);
      else found.converted.push(`${events} → every panel shows ${shows((dashboardTags = filter.tags))}`);
      continue;
    }
    const ids = filter.panelIds;
    const on = panels.filter((p) => p.grafanaId !== undefined && ids.includes(p.grafanaId) !== filter.exclude && !p.panel.markerTags);
    for (const p of on) p.panel.markerTags = filter.tags;
    if (on.length) found.converted.push(`${events} → ${on.map((p) => `"${p.panel.title}"`).join(', ')} ${on.length === 1 ? 'shows' : 'show'} ${shows(filter.tags)}`);
    else found.skipped.push(`${events}: none of the panels it is scoped to came along`);
  }
  return dashboardTags;
}

/** Graphite's event tags: a space- or comma-separated string, or a list; `$var` tags cannot be kept. */
function tagsOf(value: unknown): string[] {
  const raw = Array.isArray(value) ? value.filter((t): t is string => typeof t === 'string') : typeof value === 'string' ? value.split(/[\s,]+/) : [];
  return raw.map((t) => t.trim()).filter(Boolean);
}

function datasourceType(datasource: unknown): string | null {
  if (typeof datasource === 'string') return datasource === '-- Grafana --' ? 'grafana' : null;
  if (typeof datasource === 'object' && datasource !== null && typeof (datasource as { type?: unknown }).type === 'string') return (datasource as { type: string }).type;
  return null;
}
