// Dashboards as Grafana exports them, trimmed to a few panels but keeping the fields each
// version really writes (gridPos, ids, options, yaxes, fieldConfig), so the importer meets the
// noise it will meet in a real file.

/** Grafana 6.x (schema 18): graph and singlestat panels, datasource by name, a collapsed row, a templated target. */
export const legacyGraphDashboard = {
  annotations: { list: [{ builtIn: 1, datasource: '-- Grafana --', enable: true, hide: true, name: 'Annotations & Alerts', type: 'dashboard' }] },
  editable: true,
  gnetId: null,
  graphTooltip: 0,
  id: 17,
  links: [],
  panels: [
    {
      aliasColors: {},
      bars: false,
      datasource: 'graphite-prod',
      fill: 1,
      gridPos: { h: 8, w: 12, x: 0, y: 0 },
      id: 2,
      legend: { avg: false, current: false, show: true },
      lines: true,
      targets: [
        { refCount: 0, refId: 'A', target: 'sumSeries(web.*.requests)' },
        { refId: 'B', target: 'sumSeries(web.*.errors)', hide: true },
      ],
      thresholds: [{ colorMode: 'critical', fill: true, line: true, op: 'gt', value: 900, yaxis: 'left' }],
      title: 'Web requests',
      type: 'graph',
      xaxis: { mode: 'time', show: true, values: [] },
      yaxes: [
        { format: 'reqps', label: null, logBase: 1, show: true },
        { format: 'short', label: null, logBase: 1, show: true },
      ],
    },
    {
      datasource: 'graphite-prod',
      format: 'ms',
      gridPos: { h: 4, w: 6, x: 12, y: 0 },
      id: 3,
      targets: [{ refId: 'A', target: 'averageSeries(checkout.$host.latency.p95)' }],
      thresholds: '300,800',
      title: 'Checkout p95',
      type: 'singlestat',
      valueName: 'current',
    },
    {
      collapsed: true,
      gridPos: { h: 1, w: 24, x: 0, y: 8 },
      id: 10,
      panels: [
        {
          datasource: 'graphite-prod',
          gridPos: { h: 8, w: 12, x: 0, y: 9 },
          id: 11,
          targets: [
            { refId: 'A', target: 'search.[[dc]].queue.depth' },
            { refId: 'B', target: 'aliasByNode(search.$shard.queue.depth, 2)' },
          ],
          thresholds: [{ colorMode: 'warning', op: 'lt', value: 5 }],
          title: 'Search queue',
          type: 'graph',
          yaxes: [{ format: 'short' }, { format: 'short' }],
        },
      ],
      title: 'Search',
      type: 'row',
    },
    { content: '# Runbook\nSee the wiki.', gridPos: { h: 4, w: 6, x: 18, y: 0 }, id: 4, mode: 'markdown', title: 'Runbook', type: 'text' },
  ],
  refresh: '30s',
  schemaVersion: 18,
  style: 'dark',
  tags: ['web'],
  templating: {
    list: [
      { current: { text: 'web-1', value: 'web-1' }, name: 'host', type: 'query', query: 'checkout.*' },
      { current: { text: 'eu', value: ['eu'] }, name: 'dc', type: 'custom', multi: true },
      { current: { text: 'All', value: '$__all' }, includeAll: true, name: 'shard', type: 'query' },
    ],
  },
  time: { from: 'now-6h', to: 'now' },
  timezone: '',
  title: 'Web (legacy)',
  uid: 'Web_Legacy',
  version: 42,
};

/** Grafana 10.x (schema 38): timeseries and stat with fieldConfig, datasource objects, a Prometheus panel. */
export const timeseriesDashboard = {
  dashboard: {
    editable: true,
    panels: [
      {
        datasource: { type: 'graphite', uid: 'P1809F7CD0C75ACF3' },
        fieldConfig: {
          defaults: {
            color: { mode: 'palette-classic' },
            custom: { drawStyle: 'line', lineWidth: 1 },
            thresholds: { mode: 'absolute', steps: [{ color: 'green', value: null }, { color: 'orange', value: 2 }, { color: 'red', value: 5 }] },
            unit: 'percent',
          },
          overrides: [],
        },
        gridPos: { h: 8, w: 12, x: 0, y: 0 },
        id: 1,
        options: { legend: { displayMode: 'list', placement: 'bottom' }, tooltip: { mode: 'single' } },
        targets: [
          { datasource: { type: 'graphite', uid: 'P1809F7CD0C75ACF3' }, refId: 'A', target: 'web.*.requests', hide: false },
          {
            datasource: { type: 'graphite', uid: 'P1809F7CD0C75ACF3' },
            refId: 'B',
            target: 'asPercent(sumSeries(web.*.errors), #A)',
            targetFull: 'asPercent(sumSeries(web.*.errors), web.*.requests)',
          },
        ],
        title: 'Error rate',
        type: 'timeseries',
      },
      {
        datasource: { type: 'graphite', uid: 'P1809F7CD0C75ACF3' },
        fieldConfig: {
          defaults: { thresholds: { mode: 'absolute', steps: [{ color: 'red', value: null }, { color: 'green', value: 50 }] }, unit: 'reqps' },
          overrides: [],
        },
        gridPos: { h: 4, w: 6, x: 12, y: 0 },
        id: 2,
        options: { reduceOptions: { calcs: ['lastNotNull'] } },
        targets: [{ refId: 'A', target: 'sumSeries(checkout.*.orders)' }],
        title: 'Orders',
        type: 'stat',
      },
      {
        datasource: { type: 'prometheus', uid: 'prom-main' },
        fieldConfig: { defaults: { unit: 'bytes' }, overrides: [] },
        gridPos: { h: 8, w: 12, x: 0, y: 8 },
        id: 3,
        targets: [{ datasource: { type: 'prometheus', uid: 'prom-main' }, expr: 'process_resident_memory_bytes{job="web"}', refId: 'A' }],
        title: 'Memory',
        type: 'timeseries',
      },
      {
        datasource: { type: 'datasource', uid: '-- Mixed --' },
        fieldConfig: { defaults: { unit: 'decbytes' }, overrides: [] },
        gridPos: { h: 8, w: 12, x: 12, y: 8 },
        id: 4,
        targets: [
          { datasource: { type: 'graphite', uid: 'P1809F7CD0C75ACF3' }, refId: 'A', target: 'payments.*.heap' },
          { datasource: { type: 'loki', uid: 'loki-1' }, expr: 'count_over_time({app="payments"}[1m])', refId: 'B' },
        ],
        title: 'Payments heap',
        type: 'timeseries',
      },
    ],
    schemaVersion: 38,
    tags: [],
    templating: { list: [] },
    time: { from: 'now-1h', to: 'now' },
    title: 'Web overview',
    uid: 'a1b2c3d4',
    version: 7,
  },
  meta: { type: 'db', canSave: true, slug: 'web-overview' },
};

/** Schema 16's converted files can still carry the old `rows`. */
export const rowsDashboard = {
  rows: [{ collapse: false, panels: [{ id: 1, title: 'Feed latency', type: 'graph', targets: [{ refId: 'A', target: 'feed.latency.p99' }], yaxes: [{ format: 's' }] }], title: 'Feed' }],
  schemaVersion: 16,
  title: 'Feed',
};
