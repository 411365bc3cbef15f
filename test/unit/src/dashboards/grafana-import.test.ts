import { describe, expect, it } from 'vitest';

import { DashboardDefinition } from '../../../../src/contract/backend-definitions';
import { importGrafanaDashboard } from '../../../../src/dashboards/grafana-import';
import { InvalidInputError } from '../../../../src/errors';
import { legacyGraphDashboard, rowsDashboard, timeseriesDashboard } from './grafana-fixtures';

const read = (dashboard: unknown) => importGrafanaDashboard(JSON.stringify(dashboard));

describe('importing a Grafana dashboard', () => {
  it('an old graph dashboard: units from yaxes and format, gt/lt thresholds, a collapsed row, variables with one value put in place', () => {
    const { dashboard, skipped, converted } = read(legacyGraphDashboard);
    expect(dashboard.id).toBe('web_legacy');
    expect(dashboard.title).toBe('Web (legacy)');
    expect(dashboard.panels).toEqual([
      { title: 'Web requests', targets: ['sumSeries(web.*.requests)'], unit: 'req/s', thresholds: { high: 900 } },
      { title: 'Checkout p95', targets: ['averageSeries(checkout.web-1.latency.p95)'], unit: 'ms' },
      { title: 'Search queue', targets: ['search.eu.queue.depth'], unit: '', thresholds: { low: 5 } },
    ]);
    expect(skipped).toEqual([
      '"Web requests": target B is hidden in Grafana',
      '"Search queue": target B uses the variable $shard, which has no single current value to put in its place',
      '"Runbook": a text panel; only graph, timeseries, singlestat and stat panels are drawn here',
      'Annotation "Annotations & Alerts": Grafana\'s own annotations and alerts live in Grafana, not Graphite; the console shows deploy and flip markers instead',
    ]);
    expect(converted).toEqual([
      '"Checkout p95": a singlestat panel (one number) → line chart',
      'Row "Search": collapsed in Grafana; its panels are shown open here',
      'Variable $host: fixed at "web-1", its current value; the console has no variable picker',
      'Variable $dc: fixed at "eu", its current value; the console has no variable picker',
    ]);
    // Its time range and refresh are what it opens with.
    expect(dashboard.defaults).toEqual({ rangeMinutes: 360, refreshSeconds: 30 });
  });

  it('a new timeseries dashboard: fieldConfig units and steps, #A references expanded, other datasources skipped by panel and by target', () => {
    const { dashboard, skipped, converted } = read(timeseriesDashboard);
    expect(dashboard.id).toBe('a1b2c3d4');
    expect(dashboard.panels).toEqual([
      { title: 'Error rate', targets: ['web.*.requests', 'asPercent(sumSeries(web.*.errors), web.*.requests)'], unit: '%', thresholds: { high: 2 } },
      { title: 'Orders', targets: ['sumSeries(checkout.*.orders)'], unit: 'req/s', thresholds: { low: 50 } },
      { title: 'Payments heap', targets: ['payments.*.heap'], unit: 'decbytes' },
    ]);
    expect(skipped).toEqual(['"Memory": its datasource is prometheus, not Graphite', '"Payments heap": target B queries loki, not Graphite']);
    expect(converted).toEqual(['"Orders": a stat panel (one number) → line chart']);
  });

  it('legacy rows[].panels are read too', () => {
    expect(read(rowsDashboard).dashboard.panels).toEqual([{ title: 'Feed latency', targets: ['feed.latency.p99'], unit: 's' }]);
  });

  it('refuses what is not JSON, not a dashboard, or has nothing Graphite can draw, saying why', () => {
    expect(() => importGrafanaDashboard('{ panels: ')).toThrow(/not JSON/);
    expect(() => importGrafanaDashboard('[1, 2]')).toThrow(InvalidInputError);
    const onlyPrometheus = { title: 'Nodes', panels: [timeseriesDashboard.dashboard.panels[2]] };
    expect(() => read(onlyPrometheus)).toThrow(/Nothing in "Nodes" can be drawn from Graphite\. Left out: "Memory": its datasource is prometheus/);
  });

  it('a panel with no usable target is skipped; junk fields do not stop the rest', () => {
    const { dashboard, skipped } = read({
      title: 'Odd',
      panels: [
        { type: 'graph', title: 'Empty', targets: [{ refId: 'A', target: '' }] },
        { type: 'graph', title: 'Fine', targets: [{ refId: 'A', target: 'a.b' }, 42], yaxes: 'nonsense', fieldConfig: { defaults: { unit: 7 } } },
        { type: 'stat', targets: [{ refId: 'A', target: 'c.d' }] },
      ],
    });
    expect(dashboard.panels.map((p) => p.title)).toEqual(['Fine', 'Untitled panel 3']);
    expect(skipped).toEqual(['"Empty": no Graphite target is left to draw']);
  });

  it('keeps within what a dashboard may hold, so the preview can always be saved: long titles cut, extra panels and targets listed as left out', () => {
    const target = (n: number) => ({ refId: `T${n}`, target: `web.web-${n}.requests` });
    const { dashboard, skipped } = read({
      title: 'Wall '.repeat(200),
      panels: [
        { type: 'graph', title: 'Every host', targets: Array.from({ length: 103 }, (_, n) => target(n)) },
        { type: 'graph', title: 'Too long', targets: [{ refId: 'A', target: `sumSeries(${'a.b,'.repeat(600)}c.d)` }, target(1)] },
        ...Array.from({ length: 500 }, (_, n) => ({ type: 'stat', title: `Host ${n}`, targets: [target(n)] })),
      ],
    });
    expect(DashboardDefinition.safeParse(dashboard).success).toBe(true);
    expect(dashboard.title).toHaveLength(500);
    expect(dashboard.title.endsWith('Wall…')).toBe(true);
    expect(dashboard.panels).toHaveLength(500);
    expect(dashboard.panels[0]!.targets).toHaveLength(100);
    expect(dashboard.panels[1]!.targets).toEqual(['web.web-1.requests']);
    expect(skipped).toEqual([
      '"Every host": target T100: a panel here draws at most 100 targets',
      '"Every host": target T101: a panel here draws at most 100 targets',
      '"Every host": target T102: a panel here draws at most 100 targets',
      '"Too long": target A is longer than the 2000 characters Graphite is asked for',
      '"Host 498": a dashboard here holds at most 500 panels',
      '"Host 499": a dashboard here holds at most 500 panels',
    ]);
  });
});
