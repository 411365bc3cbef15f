import type { DashboardDefinition } from '../contract/backend-definitions';
import { DEMO_SERVICES } from './world';

const perService = (metric: string) => DEMO_SERVICES.map((s) => `aliasByNode(sumSeries(${s.name}.*.${metric}), 0)`);

/** What an on-call engineer would pin first: traffic, errors and latency for every service, and checkout up close. */
export const demoDashboards: DashboardDefinition[] = [
  {
    id: 'production',
    title: 'Production overview',
    panels: [
      { title: 'Requests per second', targets: perService('requests'), unit: 'req/s' },
      {
        title: 'Error rate',
        targets: DEMO_SERVICES.map((s) => `alias(asPercent(sumSeries(${s.name}.*.errors), sumSeries(${s.name}.*.requests)), "${s.name}")`),
        unit: '%',
        thresholds: { high: 2 },
      },
      {
        title: 'Latency p95',
        targets: DEMO_SERVICES.map((s) => `aliasByNode(consolidateBy(maxSeries(${s.name}.*.latency.p95), 'max'), 0)`),
        unit: 'ms',
        thresholds: { high: 400 },
      },
      {
        title: 'Checkout errors by host',
        targets: ['aliasByNode(consolidateBy(checkout.*.errors, \'max\'), 1)'],
        unit: 'err/s',
        service: 'checkout',
      },
    ],
  },
  {
    id: 'checkout',
    title: 'Checkout',
    panels: [
      { title: 'Checkout error rate', targets: ['alias(asPercent(sumSeries(checkout.*.errors), sumSeries(checkout.*.requests)), "checkout")'], unit: '%', service: 'checkout', thresholds: { high: 2 } },
      { title: 'Checkout requests per host', targets: ['aliasByNode(checkout.*.requests, 1)'], unit: 'req/s', service: 'checkout' },
      { title: 'Checkout latency p95', targets: ['aliasByNode(checkout.*.latency.p95, 1)'], unit: 'ms', service: 'checkout', thresholds: { high: 400 } },
    ],
  },
];
