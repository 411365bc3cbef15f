// Dashboards written for these tests in the shapes three Grafana generations save, each with
// what changes what a person sees: annotations of Graphite events by tags, a time range and a
// refresh, repeats, collapsed rows, links, bars, hidden targets and other datasources.

/** Grafana 4.x (schema 14): everything in rows; annotations with `tags` as one string. */
export const schema14Rows = {
  annotations: {
    list: [
      { datasource: 'graphite-prod', enable: true, iconColor: 'rgba(255, 96, 96, 1)', name: 'Checkout deploys', tags: 'deploy checkout' },
      { datasource: 'graphite-prod', enable: false, name: 'Search deploys', tags: 'deploy search' },
    ],
  },
  links: [{ icon: 'external link', tags: [], title: 'Runbook', type: 'link', url: 'https://wiki.example/checkout' }],
  refresh: '5s',
  rows: [
    {
      collapse: false,
      height: '250px',
      panels: [
        { bars: true, datasource: 'graphite-prod', id: 1, lines: false, span: 6, targets: [{ refId: 'A', target: 'sumSeries(checkout.*.orders)' }], title: 'Orders per minute', type: 'graph', yaxes: [{ format: 'short' }] },
        { datasource: 'graphite-prod', id: 2, span: 6, targets: [{ refId: 'A', target: 'checkout.$host.latency.p95' }], title: 'Latency on $host', type: 'graph', yaxes: [{ format: 'ms' }], repeat: 'host' },
      ],
      title: 'Checkout',
    },
    { collapse: true, panels: [{ datasource: 'graphite-prod', id: 3, targets: [{ refId: 'A', target: 'checkout.*.errors' }], title: 'Errors', type: 'graph' }], title: 'Details' },
  ],
  schemaVersion: 14,
  templating: { list: [{ current: { text: 'web-1', value: 'web-1' }, multi: false, name: 'host', type: 'query' }] },
  time: { from: 'now-24h', to: 'now' },
  title: 'Checkout (Grafana 4)',
};

/** Grafana 7.x (schema 27): panels with gridPos, a collapsed row, panel links, yesterday as the range. */
export const schema27Panels = {
  annotations: {
    list: [
      { builtIn: 1, datasource: '-- Grafana --', enable: true, hide: true, name: 'Annotations & Alerts', type: 'dashboard' },
      { datasource: 'graphite-prod', enable: true, name: 'Payments deploys', tags: 'deploy,payments', type: 'tags' },
      { datasource: 'graphite-prod', enable: true, name: 'Canary series', target: 'drawAsInfinite(deploys.canary)' },
    ],
  },
  links: [],
  panels: [
    {
      datasource: 'graphite-prod',
      gridPos: { h: 8, w: 12, x: 0, y: 0 },
      id: 4,
      links: [{ title: 'Payments logs', url: 'https://logs.example/payments' }],
      targets: [
        { refId: 'A', target: 'sumSeries(payments.*.requests)' },
        { refId: 'B', target: 'sumSeries(payments.*.retries)', hide: true },
      ],
      title: 'Payments',
      type: 'graph',
      stack: true,
      yaxes: [{ format: 'short', logBase: 10 }, { format: 'short', logBase: 1 }],
    },
    {
      collapsed: true,
      gridPos: { h: 1, w: 24, x: 0, y: 8 },
      id: 5,
      panels: [{ datasource: 'graphite-prod', gridPos: { h: 8, w: 12, x: 0, y: 9 }, id: 6, targets: [{ refId: 'A', target: 'payments.queue.depth' }], title: 'Queue', type: 'graph' }],
      title: 'Internals',
      type: 'row',
    },
  ],
  refresh: '1m',
  schemaVersion: 27,
  time: { from: 'now-1d/d', to: 'now-1d/d' },
  title: 'Payments (Grafana 7)',
  uid: 'payments7',
};

/** Grafana 11 (schema 39): datasource objects, annotations with `target.tags` scoped by panel ids, a fixed range. */
export const schema39Scoped = {
  annotations: {
    list: [
      { builtIn: 1, datasource: { type: 'grafana', uid: '-- Grafana --' }, enable: true, hide: true, name: 'Annotations & Alerts', type: 'dashboard' },
      { datasource: { type: 'graphite', uid: 'g1' }, enable: true, name: 'Checkout deploys', target: { fromAnnotations: true, tags: ['deploy', 'checkout'], type: 'tags' }, filter: { exclude: false, ids: [10] } },
      { datasource: { type: 'graphite', uid: 'g1' }, enable: true, name: 'Search deploys', target: { fromAnnotations: true, tags: ['deploy', 'search'], type: 'tags' }, filter: { exclude: true, ids: [10] } },
      { datasource: { type: 'prometheus', uid: 'p1' }, enable: true, name: 'Pod restarts', expr: 'changes(kube_pod_restarts[1m]) > 0' },
    ],
  },
  panels: [
    {
      datasource: { type: 'graphite', uid: 'g1' },
      fieldConfig: { defaults: { custom: { drawStyle: 'bars' }, unit: 'reqps' } },
      gridPos: { h: 8, w: 12, x: 0, y: 0 },
      id: 10,
      targets: [{ refId: 'A', target: 'sumSeries(checkout.*.requests)' }],
      title: 'Checkout requests',
      type: 'timeseries',
    },
    {
      datasource: { type: 'graphite', uid: 'g1' },
      gridPos: { h: 8, w: 12, x: 12, y: 0 },
      fieldConfig: { defaults: { custom: { stacking: { group: 'A', mode: 'normal' } } } },
      id: 11,
      targets: [{ refId: 'A', target: 'sumSeries(search.*.requests)' }],
      title: 'Search requests',
      type: 'timeseries',
    },
    { datasource: { type: 'prometheus', uid: 'p1' }, id: 12, targets: [{ expr: 'up', refId: 'A' }], title: 'Targets up', type: 'stat' },
  ],
  refresh: '',
  schemaVersion: 39,
  time: { from: '2026-11-20T14:00:00.000Z', to: '2026-11-20T18:00:00.000Z' },
  title: 'Requests (Grafana 11)',
  uid: 'requests11',
};
