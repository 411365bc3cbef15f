import { clip } from '../clip';
import { DEFINITION_LIMITS as LIMITS } from '../contract/backend-definitions';
import type { DashboardDefinition, PanelDefinition } from '../contract/backend-definitions';
import { InvalidInputError } from '../errors';
import { applyTagFilters, readAnnotations } from './grafana-annotations';
import { readDefaults } from './grafana-defaults';
import { GrafanaDashboard } from './grafana-schema';
import type { GrafanaDatasource, GrafanaPanel, GrafanaTarget, GrafanaVariable } from './grafana-schema';
import { fromGrafanaUnit } from './grafana-units';
import { substituteVariables } from './grafana-variables';

export interface GrafanaImport {
  dashboard: DashboardDefinition;
  /** One line per panel, target or setting left out: `"Panel title": why`. */
  skipped: string[];
  /** One line per thing kept in another form: `"Panel title": a singlestat panel → line chart`. */
  converted: string[];
}

const DRAWN = new Set(['graph', 'timeseries', 'singlestat', 'stat']);
/** Drawn here as lines, though Grafana drew them otherwise. */
const AS_LINES: Record<string, string> = { singlestat: 'a singlestat panel (one number)', stat: 'a stat panel (one number)' };

/** What one import found out, filled in as the dashboard is read. */
interface Findings {
  skipped: string[];
  converted: string[];
  /** Variables put in place, by name: the value each stands for. */
  used: Map<string, string>;
}

/**
 * A Grafana dashboard's JSON (the "Export → JSON" file, or the API's `{ dashboard, meta }`) as one
 * of ours, with what could not come along listed, and what came along in another form. Pure:
 * nothing is saved.
 */
export function importGrafanaDashboard(json: string): GrafanaImport {
  let raw: unknown;
  try {
    raw = JSON.parse(json);
  } catch (error) {
    throw new InvalidInputError(`This is not JSON (${error instanceof Error ? error.message : String(error)}). Paste the dashboard's JSON model from Grafana.`);
  }
  const body = isRecord(raw) && isRecord(raw.dashboard) ? raw.dashboard : raw;
  const parsed = GrafanaDashboard.safeParse(body);
  if (!parsed.success) throw new InvalidInputError('This JSON is not a Grafana dashboard: it should be an object with `panels`.');
  const grafana = parsed.data;
  const variables = grafana.templating?.list ?? [];
  const found: Findings = { skipped: [], converted: [], used: new Map() };
  const panels: { panel: PanelDefinition; grafanaId: number | undefined }[] = [];
  const visit = (panel: GrafanaPanel, index: number) => {
    if (panel.type === 'row') return visitRow(panel.title, panel.collapsed === true && (panel.panels ?? []).length > 0, panel.repeat, panel.panels ?? []);
    const converted = convertPanel(panel, `${index + 1}`, variables, found);
    if (!converted) return;
    if (panels.length < LIMITS.panels) panels.push({ panel: converted, grafanaId: panel.id });
    else found.skipped.push(`"${converted.title}": a dashboard here holds at most ${LIMITS.panels} panels`);
  };
  const visitRow = (title: string | undefined, collapsed: boolean, repeat: string | undefined, inside: GrafanaPanel[]) => {
    const row = `Row "${title?.trim() || 'untitled'}"`;
    if (collapsed) found.converted.push(`${row}: collapsed in Grafana; its panels are shown open here`);
    if (repeat) found.converted.push(`${row}: repeated for each value of $${repeat} in Grafana; shown once here`);
    inside.forEach(visit);
  };
  (grafana.panels ?? []).forEach(visit);
  for (const row of grafana.rows ?? []) visitRow(row.title, row.collapse === true, row.repeat, row.panels ?? []);

  const title = titleOf(grafana.title, 'Imported dashboard');
  if (panels.length === 0) {
    const why = found.skipped.length ? ` Left out: ${found.skipped.join('; ')}.` : ' It has no panels.';
    throw new InvalidInputError(`Nothing in "${title}" can be drawn from Graphite.${why}`);
  }
  for (const [name, value] of found.used) found.converted.push(`Variable $${name}: fixed at "${value}", its current value; the console has no variable picker`);
  const markerTags = applyTagFilters(readAnnotations(grafana.annotations?.list ?? []), panels, found);
  const { defaults, converted, skipped } = readDefaults(grafana.time, grafana.refresh);
  found.converted.push(...converted);
  found.skipped.push(...skipped);
  if (grafana.links?.length) found.skipped.push(`${grafana.links.length === 1 ? 'A dashboard link' : `${grafana.links.length} dashboard links`}: not kept; the console's tabs and links lead between dashboards`);
  const dashboard: DashboardDefinition = { id: toId(grafana.uid ?? title), title, panels: panels.map((p) => p.panel), ...(markerTags ? { markerTags } : {}), ...(defaults ? { defaults } : {}) };
  return { dashboard, skipped: found.skipped, converted: found.converted };
}

function convertPanel(panel: GrafanaPanel, position: string, variables: readonly GrafanaVariable[], found: Findings): PanelDefinition | null {
  // A title may name a variable ("Latency on $host"): it reads as Grafana showed it.
  const titled = substituteVariables(panel.title?.trim() ?? '', variables);
  const title = titleOf(titled.ok ? titled.target : panel.title, `Untitled panel ${position}`);
  if (titled.ok) for (const [variable, value] of titled.used) found.used.set(variable, value);
  const skip = (why: string) => void found.skipped.push(`"${title}": ${why}`);
  const convert = (what: string) => void found.converted.push(`"${title}": ${what}`);
  if (!DRAWN.has(panel.type ?? '')) {
    skip(`a ${panel.type ?? 'typeless'} panel; only graph, timeseries, singlestat and stat panels are drawn here`);
    return null;
  }
  const foreign = foreignType(panel.datasource);
  if (foreign) {
    skip(`its datasource is ${foreign}, not Graphite`);
    return null;
  }
  const targets: string[] = [];
  for (const target of panel.targets ?? []) {
    const name = target.refId ? `target ${target.refId}` : 'a target';
    if (target.hide) {
      skip(`${name} is hidden in Grafana`);
      continue;
    }
    const ownForeign = foreignType(target.datasource) ?? (target.target === undefined && (target.expr ?? target.query) !== undefined ? 'not Graphite' : null);
    if (ownForeign) {
      skip(`${name} queries ${ownForeign === 'not Graphite' ? 'another datasource' : ownForeign}, not Graphite`);
      continue;
    }
    const query = graphiteQuery(target);
    if (!query) continue;
    const substituted = substituteVariables(query, variables);
    if (!substituted.ok) skip(`${name} ${substituted.why}`);
    else if (substituted.target.length > LIMITS.target) skip(`${name} is longer than the ${LIMITS.target} characters Graphite is asked for`);
    else if (targets.length === LIMITS.targetsPerPanel) skip(`${name}: a panel here draws at most ${LIMITS.targetsPerPanel} targets`);
    else {
      targets.push(substituted.target);
      for (const [variable, value] of substituted.used) found.used.set(variable, value);
    }
  }
  if (targets.length === 0) {
    skip('no Graphite target is left to draw');
    return null;
  }
  const custom = panel.fieldConfig?.defaults?.custom;
  const drawnAs = AS_LINES[panel.type ?? ''] ?? (panel.bars || /bars|points/.test(custom?.drawStyle ?? '') ? 'drawn as bars or points in Grafana' : null);
  if (drawnAs) convert(`${drawnAs} → line chart`);
  if (panel.stack || (custom?.stacking?.mode && custom.stacking.mode !== 'none')) convert('stacked in Grafana → each series drawn on its own, not stacked');
  if ((panel.yaxes?.[0]?.logBase ?? 1) > 1 || custom?.scaleDistribution?.type === 'log') convert('a logarithmic y axis in Grafana → a linear one');
  if (panel.repeat) convert(`repeated for each value of $${panel.repeat} in Grafana; drawn once here`);
  if (panel.links?.length) skip(`its ${panel.links.length === 1 ? 'link is' : `${panel.links.length} links are`} not kept`);
  const thresholds = readThresholds(panel);
  return {
    title,
    targets,
    unit: fromGrafanaUnit(panel.fieldConfig?.defaults?.unit ?? panel.yaxes?.[0]?.format ?? panel.format),
    ...(thresholds ? { thresholds } : {}),
  };
}

/** The datasource's type when it is known and is not Graphite; null when it is Graphite or unknown (a name, the default). */
function foreignType(datasource: GrafanaDatasource): string | null {
  if (!isRecord(datasource)) return null;
  const type = typeof datasource.type === 'string' ? datasource.type : '';
  // `datasource` (Mixed, Dashboard) and `grafana` pick per target or reuse other panels; the targets decide.
  if (!type || type === 'graphite' || type === 'datasource' || type === 'grafana') return null;
  return type;
}

function graphiteQuery(target: GrafanaTarget): string | null {
  // A target that refers to another (`#A`) is only complete in `targetFull`.
  const query = target.targetFull && /#[A-Z]\b/.test(target.target ?? '') ? target.targetFull : target.target;
  return query?.trim() || null;
}

const GOOD = /green|blue|transparent|text/i;

/**
 * Grafana's threshold steps colour everything above each value; the base step (value null) is
 * the colour below the first. A good base with a bad step above is "too high"; a bad base with a
 * good step above is "too low". The legacy graph panel says it with `op`: gt is high, lt is low.
 */
function readThresholds(panel: GrafanaPanel): PanelDefinition['thresholds'] | null {
  const result: { low?: number; high?: number } = {};
  const steps = panel.fieldConfig?.defaults?.thresholds?.steps ?? [];
  const base = steps.find((s) => s.value === null || s.value === undefined);
  const valued = steps.filter((s): s is typeof s & { value: number } => typeof s.value === 'number').sort((a, b) => a.value - b.value);
  let goodBelow = base ? GOOD.test(base.color ?? '') : true;
  for (const step of valued) {
    const good = GOOD.test(step.color ?? '');
    if (goodBelow && !good && result.high === undefined) result.high = step.value;
    if (!goodBelow && good && result.low === undefined) result.low = step.value;
    goodBelow = good;
  }
  for (const legacy of panel.thresholds ?? []) {
    if (typeof legacy.value !== 'number') continue;
    if (legacy.op === 'lt') result.low ??= legacy.value;
    else if (legacy.op === 'gt') result.high ??= legacy.value;
  }
  return result.low === undefined && result.high === undefined ? null : result;
}

function titleOf(title: string | undefined, fallback: string): string {
  return clip(title?.trim() || fallback, LIMITS.title);
}

function toId(name: string): string {
  const slug = name.toLowerCase().replace(/[^a-z0-9_-]+/g, '-').replace(/^[-_]+|-+$/g, '').slice(0, 64);
  return slug || 'imported';
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
