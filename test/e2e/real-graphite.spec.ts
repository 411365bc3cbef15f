// The console against a real graphite-web 1.1.8 + carbon (test/integration/backends/graphite-backend.sh):
// seeded series and deploy events on screen, then Graphite stopped and started again under it.
import type { Locator } from '@playwright/test';

import { startHost } from './host';
import type { RunningHost } from './host';
import { expect, test } from './fixtures';
import { ConsolePage } from './pages/console-page';
import { startRealGraphite } from '../integration/support/real-graphite';
import type { RealGraphite } from '../integration/support/real-graphite';

const MINUTE = 60_000;
const SEEDED_MINUTES = 30;
const web1 = (minutesAgo: number) => 40 + minutesAgo;
const web2 = (minutesAgo: number) => 200 + 2 * minutesAgo;
/** Minutes (and seconds) before T0, who, what. */
const DEPLOYS = [
  { minutes: 25, seconds: 7, who: 'alice', what: 'deploy web 1.4.2' },
  { minutes: 12, seconds: 30, who: 'carol', what: 'deploy web 1.4.3' },
  { minutes: 3, seconds: 2, who: 'bob', what: 'deploy web 1.4.4' },
];

let graphite: RealGraphite | undefined;
let host: RunningHost | undefined;
test.afterEach(async () => {
  await host?.stop();
  await graphite?.dispose();
  host = graphite = undefined;
});

test('panels draw what a real Graphite holds, its deploys on every panel, and survive Graphite going away and coming back', async ({ page }) => {
  test.setTimeout(150_000);
  graphite = await startRealGraphite();
  const T0 = Math.floor(Date.now() / MINUTE) * MINUTE;
  const at = (minutes: number, seconds = 0) => (T0 - minutes * MINUTE) / 1000 + seconds;
  const lines: string[] = [];
  for (let i = 1; i <= SEEDED_MINUTES; i++) lines.push(`web.web-1.requests ${web1(i)} ${at(i)}`, `web.web-2.requests ${web2(i)} ${at(i)}`);
  await graphite.send(lines);
  for (const d of DEPLOYS) await graphite.postEvent({ what: d.what, tags: 'deploy web', data: `who=${d.who} sha=abc${d.minutes}`, when: at(d.minutes, d.seconds) });
  // carbon takes lines asynchronously: wait until graphite-web renders the newest seeded point.
  const newest = `${graphite.url}/render?target=sumSeries(web.*.requests)&from=${at(2)}&until=${at(0)}&format=json`;
  const points = async () => ((await (await fetch(newest)).json()) as { datapoints: [number | null, number][] }[])[0]?.datapoints ?? [];
  await expect.poll(points, { timeout: 20_000 }).toContainEqual([web1(1) + web2(1), at(1)]);

  host = await startHost({
    config: `
graphite:
  - { id: graphite, name: Graphite (real), url: '${graphite.url}' }
deploys:
  - { id: deploys, type: graphite-events, graphite: graphite, tags: [deploy] }
dashboards:
  - id: web
    title: Web
    panels:
      - { title: Per host, targets: ['web.web-1.requests', 'web.web-2.requests'] }
      - { title: Total, targets: ['sumSeries(web.*.requests)'] }
`,
  });
  const ops = new ConsolePage(page, host);
  await ops.open();
  await expect(ops.charts).toHaveCount(2);
  const [perHost, total] = [ops.charts.filter({ hasText: 'Per host' }), ops.charts.filter({ hasText: 'Total' })];

  // The seeded series, with the legend's last value equal to the newest seeded point.
  const last = (panel: Locator, name: string) => panel.getByTestId('legend-row').filter({ hasText: name }).locator('.legend-last');
  await expect(last(perHost, 'web.web-1.requests')).toHaveText(web1(1).toFixed(1));
  await expect(last(perHost, 'web.web-2.requests')).toHaveText(String(web2(1)));
  await expect(last(total, 'sumSeries(web.*.requests)')).toHaveText(String(web1(1) + web2(1)));
  for (const panel of [perHost, total]) await expect(panel.locator('path.series-line').first()).toHaveAttribute('d', /^M/);

  // Every deploy on every panel, at its own time (whole seconds: graphite-web keeps no more),
  // with who and what in its title; inside a cluster when another engineer's clusters group them.
  for (const panel of [perHost, total]) {
    const xs: number[] = [];
    for (const d of DEPLOYS) {
      const when = at(d.minutes, d.seconds) * 1000;
      const single = panel.locator(`[data-testid="deploy-marker"][data-at="${when}"]`);
      const cluster = panel.getByTestId('marker-cluster').filter({ has: panel.page().locator(`[data-at="${when}"]`) });
      const marker = single.or(cluster).first();
      await expect(marker).toBeAttached();
      if ((await single.count()) === 1) {
        await expect(single).toHaveAttribute('title', new RegExp(`${d.who} — ${d.what}`));
        const box = await single.boundingBox();
        if (box) xs.push(box.x + box.width / 2);
      }
    }
    if ((await panel.getByTestId('marker-cluster').count()) === 0) expect(xs).toHaveLength(DEPLOYS.length);
    // x is linear in time: the middle deploy sits where its time says between the other two.
    if (xs.length === 3) {
      const [a, b, c] = DEPLOYS.map((d) => at(d.minutes, d.seconds));
      const expected = xs[0]! + ((xs[2]! - xs[0]!) * (b! - a!)) / (c! - a!);
      expect(Math.abs(xs[1]! - expected)).toBeLessThanOrEqual(2);
    }
  }

  // Graphite goes away: a stale notice, and the last data still drawn.
  await graphite.stop();
  for (const panel of [perHost, total]) {
    await expect(panel.getByTestId('stale-notice')).toContainText('Graphite (real)', { timeout: 30_000 });
    await expect(panel.locator('path.series-line').first()).toHaveAttribute('d', /^M/);
    await expect(panel.getByTestId('legend-row').first()).toBeVisible();
  }

  // And comes back: the next refresh recovers without a reload.
  await graphite.start();
  for (const panel of [perHost, total]) await expect(panel.getByTestId('stale-notice')).toHaveCount(0, { timeout: 40_000 });
  await expect(last(total, 'sumSeries(web.*.requests)')).toHaveText(String(web1(1) + web2(1)));
  expect(ops.consoleErrors.filter((e) => !/Failed to load resource/.test(e))).toEqual([]);
});
