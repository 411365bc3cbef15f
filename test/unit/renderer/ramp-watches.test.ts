import { describe, expect, it } from 'vitest';

import type { DashboardEntry } from '../../../src/contract/backend-definitions';
import { demoDashboards } from '../../../src/demo/demo-dashboards';
import { parseSteps } from '../../../renderer/features/ramps/ramp-form';
import { watchChoices } from '../../../renderer/features/ramps/ramp-watches';

// What a guarded ramp offers to watch, and how its steps are read.

const demo: DashboardEntry[] = demoDashboards.map((dashboard) => ({ dashboard, origin: 'demo' }));
const seriesOf = new Map([
  ['Error rate', ['web', 'api', 'search', 'checkout']],
  ['Latency p95', ['web', 'api', 'search', 'checkout']],
]);

describe('the series a ramp watches', () => {
  it('offers every panel with a threshold; by default the flag’s service’s, with their thresholds, first', () => {
    const search = watchChoices(demo, 'search.autocomplete-v2', seriesOf);
    expect(search.filter((c) => c.byDefault).map((c) => [c.watch.label, c.watch.series, c.watch.high, c.watch.unit])).toEqual([
      ['Error rate · search', 'search', 2, '%'],
      ['Latency p95 · search', 'search', 400, 'ms'],
    ]);
    // Requests per second has no threshold: nothing to judge a step by.
    expect(search.some((c) => c.watch.label.startsWith('Requests'))).toBe(false);
    expect(search.find((c) => c.watch.label === 'Checkout error rate')).toMatchObject({ byDefault: false, watch: { series: null } });

    const checkout = watchChoices(demo, 'checkout.new-tax-engine', seriesOf).filter((c) => c.byDefault).map((c) => c.watch.label);
    expect(checkout).toEqual(['Error rate · checkout', 'Latency p95 · checkout', 'Checkout error rate', 'Checkout latency p95']);
  });

  it('reads steps as shares that rise, 1 to 100', () => {
    expect(parseSteps('1, 5, 25, 50, 100')).toEqual([1, 5, 25, 50, 100]);
    expect(parseSteps('1 → 5 → 25 %')).toEqual([1, 5, 25]);
    expect(parseSteps('5, 5')).toMatch(/higher than the one before/);
    expect(parseSteps('0, 150')).toMatch(/from 1 to 100/);
    expect(parseSteps('')).toMatch(/name the shares/);
  });
});
