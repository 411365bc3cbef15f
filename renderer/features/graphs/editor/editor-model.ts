import type { DashboardDefaults, DashboardDefinition, PanelDefinition } from '../../../../src/contract/backend-definitions';

/** A panel as the form holds it: text boxes, so a half-typed number or target is not lost. */
export interface PanelDraft {
  /** Stable across reorders, for React keys and focus. */
  key: number;
  title: string;
  /** One target per line. */
  targets: string;
  unit: string;
  service: string;
  /** Deploy tags the panel's markers must carry, space-separated (empty: the dashboard's). */
  markerTags: string;
  low: string;
  high: string;
}

export interface DashboardDraft {
  id: string;
  title: string;
  panels: PanelDraft[];
  /** Kept as they came (an import's, or the saved ones): the form does not edit them. */
  markerTags?: string[] | undefined;
  defaults?: DashboardDefaults | undefined;
}

let nextKey = 1;

export function emptyPanel(overrides: Partial<PanelDraft> = {}): PanelDraft {
  return { key: nextKey++, title: '', targets: '', unit: '', service: '', markerTags: '', low: '', high: '', ...overrides };
}

export function toDraft(dashboard: DashboardDefinition | null): DashboardDraft {
  if (!dashboard) return { id: '', title: '', panels: [] };
  return {
    id: dashboard.id,
    title: dashboard.title,
    markerTags: dashboard.markerTags,
    defaults: dashboard.defaults,
    panels: dashboard.panels.map((p) =>
      emptyPanel({
        title: p.title,
        targets: p.targets.join('\n'),
        unit: p.unit,
        service: p.service ?? '',
        markerTags: p.markerTags?.join(' ') ?? '',
        low: p.thresholds?.low?.toString() ?? '',
        high: p.thresholds?.high?.toString() ?? '',
      }),
    ),
  };
}

/** A leaf picked in the metric browser as a panel of its own, titled by its path. */
export function panelForMetric(path: string): PanelDraft {
  return emptyPanel({ title: path, targets: path });
}

export function appendTarget(panel: PanelDraft, path: string): PanelDraft {
  const lines = panel.targets.split('\n').filter((l) => l.trim() !== '');
  return { ...panel, targets: [...lines, path].join('\n') };
}

/** A new dashboard's id from its title; the core checks the id's form again. */
export function idFromTitle(title: string): string {
  return title.toLowerCase().replace(/[^a-z0-9_-]+/g, '-').replace(/^[-_]+|-+$/g, '').slice(0, 64);
}

export type DraftResult = { ok: true; dashboard: DashboardDefinition } | { ok: false; problems: string[] };

/** What the form holds as a definition, or each problem in words (the core validates again on save). */
export function fromDraft(draft: DashboardDraft): DraftResult {
  const problems: string[] = [];
  if (!draft.title.trim()) problems.push('The dashboard needs a title.');
  if (!draft.id) problems.push('The dashboard needs an id: lower-case letters, digits, - or _.');
  if (draft.panels.length === 0) problems.push('Add at least one panel.');
  const panels = draft.panels.map((p, i): PanelDefinition => {
    const name = p.title.trim() || `Panel ${i + 1}`;
    const targets = p.targets.split('\n').map((t) => t.trim()).filter(Boolean);
    if (!p.title.trim()) problems.push(`${name} needs a title.`);
    if (targets.length === 0) problems.push(`${name} needs at least one target.`);
    const low = number(p.low, `${name}: the low threshold`, problems);
    const high = number(p.high, `${name}: the high threshold`, problems);
    const thresholds = low === undefined && high === undefined ? undefined : { ...(low !== undefined && { low }), ...(high !== undefined && { high }) };
    const markerTags = p.markerTags.split(/\s+/).filter(Boolean);
    return {
      title: p.title.trim(),
      targets,
      unit: p.unit.trim(),
      ...(p.service.trim() && { service: p.service.trim() }),
      ...(markerTags.length && { markerTags }),
      ...(thresholds && { thresholds }),
    };
  });
  const kept = { ...(draft.markerTags && { markerTags: draft.markerTags }), ...(draft.defaults && { defaults: draft.defaults }) };
  return problems.length ? { ok: false, problems } : { ok: true, dashboard: { id: draft.id, title: draft.title.trim(), panels, ...kept } };
}

function number(text: string, what: string, problems: string[]): number | undefined {
  if (!text.trim()) return undefined;
  const value = Number(text);
  if (!Number.isFinite(value)) problems.push(`${what} is not a number.`);
  return Number.isFinite(value) ? value : undefined;
}

export function move<T>(items: readonly T[], from: number, to: number): T[] {
  if (to < 0 || to >= items.length) return [...items];
  const next = [...items];
  const [item] = next.splice(from, 1);
  next.splice(to, 0, item!);
  return next;
}

const MAX_CONSOLIDATION = /^consolidateBy\((.*),\s*['"]max['"]\)$/;

/** Whether every target already keeps its spikes when Graphite consolidates points to the panel's width. */
export function keepsSpikes(targets: string): boolean {
  const lines = targets.split('\n').map((t) => t.trim()).filter(Boolean);
  return lines.length > 0 && lines.every((line) => MAX_CONSOLIDATION.test(line));
}

/**
 * Wraps each target in consolidateBy(…, 'max'), or unwraps it. Graphite averages the points
 * it merges to fit the panel, which flattens the error and latency spikes people look for.
 */
export function toggleKeepSpikes(targets: string): string {
  const keep = !keepsSpikes(targets);
  return targets
    .split('\n')
    .map((line) => {
      const trimmed = line.trim();
      if (!trimmed) return line;
      const inner = MAX_CONSOLIDATION.exec(trimmed)?.[1] ?? trimmed;
      return keep ? `consolidateBy(${inner}, 'max')` : inner;
    })
    .join('\n');
}
