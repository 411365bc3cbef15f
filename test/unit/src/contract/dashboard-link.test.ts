import { describe, expect, it } from 'vitest';

import { formatDeepLink, formatHashLink, formatRangeParam, parseDeepLink, parseHashLink } from '../../../../src/contract/dashboard-link';

describe('dashboard links', () => {
  it('reads a deep link with an absolute range, a relative one, or none', () => {
    expect(parseDeepLink('ops-console://dashboards/production?from=1700000000000&to=1700003600000')).toEqual({
      dashboardId: 'production',
      from: 1700000000000,
      until: 1700003600000,
    });
    expect(parseDeepLink('ops-console://dashboards/checkout_v2?range=3h&tz=local')).toEqual({ dashboardId: 'checkout_v2', rangeMinutes: 180, timeZone: 'local' });
    expect(parseDeepLink('ops-console://dashboards/web/')).toEqual({ dashboardId: 'web' });
  });

  it.each([
    ['another scheme', 'https://dashboards/production'],
    ['another host', 'ops-console://settings/production'],
    ['upper case scheme trickery', 'OPS-CONSOLE://dashboards/production'],
    ['a bad id', 'ops-console://dashboards/Prod'],
    ['a path below the id', 'ops-console://dashboards/prod/../../etc'],
    ['an encoded id', 'ops-console://dashboards/%70rod'],
    ['credentials', 'ops-console://user@dashboards/prod'],
    ['no id', 'ops-console://dashboards/'],
    ['a non-numeric from', 'ops-console://dashboards/prod?from=now-1h&to=now'],
    ['a negative time', 'ops-console://dashboards/prod?from=-5&to=10'],
    ['an exponent', 'ops-console://dashboards/prod?from=1e12&to=2e12'],
    ['from without to', 'ops-console://dashboards/prod?from=1700000000000'],
    ['from after to', 'ops-console://dashboards/prod?from=1700003600000&to=1700000000000'],
    ['a range and times', 'ops-console://dashboards/prod?range=1h&from=1&to=2'],
    ['a range too long', 'ops-console://dashboards/prod?range=31d'],
    ['a range too short', 'ops-console://dashboards/prod?range=1m'],
    ['an unknown parameter', 'ops-console://dashboards/prod?range=1h&exec=calc'],
    ['a repeated parameter', 'ops-console://dashboards/prod?range=1h&range=3h'],
    ['a bad zone', 'ops-console://dashboards/prod?tz=mars'],
    ['a fragment', 'ops-console://dashboards/prod#x'],
    ['a huge link', `ops-console://dashboards/prod?range=1h${'&'.repeat(3000)}`],
  ])('refuses %s', (_what, url) => {
    expect(parseDeepLink(url)).toBeNull();
  });

  it('reads the browser hash with the same rules, and ignores other fragments', () => {
    expect(parseHashLink('#/d/production?range=15m')).toEqual({ dashboardId: 'production', rangeMinutes: 15 });
    expect(parseHashLink('#token=abc')).toBeNull();
    expect(parseHashLink('#/d/prod?from=2&to=1')).toBeNull();
  });

  it('writes what it reads', () => {
    const absolute = { dashboardId: 'prod', from: 1700000000000, until: 1700003600000, timeZone: 'utc' as const };
    expect(formatHashLink(absolute)).toBe('#/d/prod?from=1700000000000&to=1700003600000&tz=utc');
    expect(parseHashLink(formatHashLink(absolute))).toEqual(absolute);
    expect(parseDeepLink(formatDeepLink({ dashboardId: 'prod', rangeMinutes: 10080 }))).toEqual({ dashboardId: 'prod', rangeMinutes: 10080 });
    expect([15, 60, 90, 1440, 43200].map(formatRangeParam)).toEqual(['15m', '1h', '90m', '1d', '30d']);
  });
});
