import { clip } from '../clip';
import { DEFINITION_LIMITS as LIMITS } from '../contract/backend-definitions';
import type { DashboardDefinition, PanelDefinition } from '../contract/backend-definitions';
import { InvalidInputError } from '../errors';
import { GrafanaDashboard } from './grafana-schema';
import type { GrafanaDatasource, GrafanaPanel, GrafanaTarget, GrafanaVariable } from './grafana-schema';
import { fromGrafanaUnit } from './grafana-units';
import { substituteVariables } from './grafana-variables';

export interface GrafanaImport {
  dashboard: DashboardDefinition;
  /** One line per panel or target left out: `"Panel title": why`. */
  skipped: string[];
}

const DRAWN = new Set(['graph', 'timeseries', 'singlestat', 'stat']);

/**
 * A Grafana dashboard's JSON (the "Export → JSON" file, or the API's `{ dashboard, meta }`) as one
 * of ours, with what could not come along listed. Pure: nothing is saved.
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
  const skipped: string[] = [];
  const panels: PanelDefinition[] = [];
  const visit = (panel: GrafanaPanel, index: number) => {
    if (panel.type === 'row') return (panel.panels ?? []).forEach(visit);
    const converted = convertPanel(panel, `${index + 1}`, variables, skipped);
    if (!converted) return;
    if (panels.length < LIMITS.panels) panels.push(converted);
    else skipped.push(`"${converted.title}": a dashboard here holds at most ${LIMITS.panels} panels`);
  };
  (grafana.panels ?? []).forEach(visit);
  for (const row of grafana.rows ?? []) (row.panels ?? []).forEach(visit);

  const title = titleOf(grafana.title, 'Imported dashboard');
  if (panels.length === 0) {
    const why = skipped.length ? ` Left out: ${skipped.join('; ')}.` : ' It has no panels.';
    throw new InvalidInputError(`Nothing in "${title}" can be drawn from Graphite.${why}`);
  }
  return { dashboard: { id: toId(grafana.uid ?? title), title, panels }, skipped };
}

function convertPanel(panel: GrafanaPanel, position: string, variables: readonly GrafanaVariable[], skipped: string[]): PanelDefinition | null {
  const title = titleOf(panel.title, `Untitled panel ${position}`);
  const skip = (why: string) => void skipped.push(`"${title}": ${why}`);
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
    else targets.push(substituted.target);
  }
  if (targets.length === 0) {
    skip('no Graphite target is left to draw');
    return null;
  }
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
