import { describe, expect, it } from 'vitest';

import { DashboardDefinition } from '../../../../src/contract/backend-definitions';
import { importGrafanaDashboard } from '../../../../src/dashboards/grafana-import';
import { schema14Rows, schema27Panels, schema39Scoped } from './grafana-version-fixtures';

const read = (dashboard: unknown) => importGrafanaDashboard(JSON.stringify(dashboard));
const ALL_DEPLOYS_SAY = 'flips of a service among those tags';

describe('nothing that changes what a person sees is dropped without a word, in any schema version', () => {
  it('schema 14: the tag annotation filters every panel, the range and refresh become defaults, bars, repeats, a collapsed row and a link are named', () => {
    const { dashboard, skipped, converted } = read(schema14Rows);
    expect(dashboard.markerTags).toEqual(['deploy', 'checkout']);
    expect(dashboard.defaults).toEqual({ rangeMinutes: 24 * 60, refreshSeconds: 10 });
    expect(dashboard.panels.map((p) => [p.title, p.targets])).toEqual([
      ['Orders per minute', ['sumSeries(checkout.*.orders)']],
      ['Latency on web-1', ['checkout.web-1.latency.p95']],
      ['Errors', ['checkout.*.errors']],
    ]);
    expect(skipped).toEqual(['Annotation "Search deploys": turned off in Grafana', "A dashboard link: not kept; the console's tabs and links lead between dashboards"]);
    expect(converted).toEqual([
      '"Orders per minute": drawn as bars or points in Grafana → line chart',
      '"Latency on web-1": repeated for each value of $host in Grafana; drawn once here',
      'Row "Details": collapsed in Grafana; its panels are shown open here',
      'Variable $host: fixed at "web-1", its current value; the console has no variable picker',
      `Annotation "Checkout deploys": Graphite events tagged deploy checkout → every panel shows only deploys tagged deploy checkout and ${ALL_DEPLOYS_SAY}`,
      'Refresh every 5s → every 10 s: the console refreshes every 10 s, 30 s, 1 min or 5 min',
    ]);
  });

  it("schema 27: comma-separated tags, Grafana's own annotations and a series annotation named, yesterday kept as the last day, a hidden target and a panel link named", () => {
    const { dashboard, skipped, converted } = read(schema27Panels);
    expect(dashboard.markerTags).toEqual(['deploy', 'payments']);
    expect(dashboard.defaults).toEqual({ rangeMinutes: 24 * 60, refreshSeconds: 60 });
    expect(skipped).toEqual([
      '"Payments": target B is hidden in Grafana',
      '"Payments": its link is not kept',
      "Annotation \"Annotations & Alerts\": Grafana's own annotations and alerts live in Grafana, not Graphite; the console shows deploy and flip markers instead",
      'Annotation "Canary series": a Graphite series drawn as annotations (drawAsInfinite(deploys.canary)); the console draws deploys from its deploy source',
    ]);
    expect(converted).toEqual([
      '"Payments": stacked in Grafana → each series drawn on its own, not stacked',
      '"Payments": a logarithmic y axis in Grafana → a linear one',
      'Row "Internals": collapsed in Grafana; its panels are shown open here',
      `Annotation "Payments deploys": Graphite events tagged deploy payments → every panel shows only deploys tagged deploy payments and ${ALL_DEPLOYS_SAY}`,
      'Time range now-1d/d to now-1d/d → the last 1 d: rounded to whole units in Grafana, not here; it ended before now in Grafana; here it ends now',
    ]);
  });

  it('schema 39: annotations scoped to panels filter those panels only, a fixed range stays fixed, refresh off, other datasources named', () => {
    const { dashboard, skipped, converted } = read(schema39Scoped);
    expect(dashboard.markerTags).toBeUndefined();
    expect(dashboard.panels.map((p) => [p.title, p.markerTags])).toEqual([
      ['Checkout requests', ['deploy', 'checkout']],
      ['Search requests', ['deploy', 'search']],
    ]);
    expect(dashboard.defaults).toEqual({ from: Date.UTC(2026, 10, 20, 14), until: Date.UTC(2026, 10, 20, 18), refreshSeconds: 0 });
    expect(skipped).toEqual([
      '"Targets up": its datasource is prometheus, not Graphite',
      "Annotation \"Annotations & Alerts\": Grafana's own annotations and alerts live in Grafana, not Graphite; the console shows deploy and flip markers instead",
      'Annotation "Pod restarts": it comes from prometheus, not Graphite',
    ]);
    expect(converted).toEqual([
      '"Checkout requests": drawn as bars or points in Grafana → line chart',
      '"Search requests": stacked in Grafana → each series drawn on its own, not stacked',
      `Annotation "Checkout deploys": Graphite events tagged deploy checkout → "Checkout requests" shows only deploys tagged deploy checkout and ${ALL_DEPLOYS_SAY}`,
      `Annotation "Search deploys": Graphite events tagged deploy search → "Search requests" shows only deploys tagged deploy search and ${ALL_DEPLOYS_SAY}`,
    ]);
  });

  it('what it imports is a dashboard the config file and settings accept as they are', () => {
    for (const fixture of [schema14Rows, schema27Panels, schema39Scoped]) {
      const { dashboard } = read(fixture);
      expect(DashboardDefinition.parse(JSON.parse(JSON.stringify(dashboard)))).toEqual(dashboard);
    }
  });
});
