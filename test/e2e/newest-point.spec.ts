// The newest point on screen, against a real graphite-web 1.1.8: a range whose last consolidated
// bucket graphite-web labels after the range's end (views.py's nudge) still shows that bucket's
// value as the panel's last value, and draws it at the range's right edge.
import { startHost } from './host';
import type { RunningHost } from './host';
import { expect, test } from './fixtures';
import { ConsolePage } from './pages/console-page';
import { plotRect } from '../../renderer/features/graphs/chart/chart-geometry';
import { formatValue } from '../../renderer/lib/format-value';
import { startRealGraphite } from '../integration/support/real-graphite';
import type { RealGraphite } from '../integration/support/real-graphite';

const RANGE_S = 5.5 * 3600;
/** A value no average of its neighbours can fake. */
const seeded = (t: number) => ((t / 10) * 7919) % 1000;

let graphite: RealGraphite | undefined;
let host: RunningHost | undefined;
test.afterEach(async () => {
  await host?.stop();
  await graphite?.dispose();
  host = graphite = undefined;
});

test('the bucket holding the newest points is shown and drawn, though graphite-web labels it after the range', async ({ page }) => {
  test.setTimeout(120_000);
  graphite = await startRealGraphite({ tenSecondPattern: '^ten\\.' });
  const newest = Math.floor(Date.now() / 60_000) * 60 - 60;
  const lines: string[] = [];
  for (let t = newest - RANGE_S - 600; t <= newest; t += 10) lines.push(`ten.load ${seeded(t)} ${t}`);
  await graphite.send(lines);
  const answer = async (from: number, until: number, maxDataPoints?: number) => {
    const query = `target=ten.load&from=${from}&until=${until}&format=json${maxDataPoints ? `&maxDataPoints=${maxDataPoints}` : ''}`;
    return ((await (await fetch(`${graphite!.url}/render?${query}`)).json()) as { datapoints: [number | null, number][] }[])[0]?.datapoints ?? [];
  };
  await expect.poll(async () => (await answer(newest - 60, newest + 1)).some(([v, t]) => t === newest && v === seeded(newest)), { timeout: 20_000 }).toBe(true);

  host = await startHost({
    config: `
graphite:
  - { id: graphite, name: Graphite (real), url: '${graphite.url}' }
dashboards:
  - id: newest
    title: Newest
    panels:
      - { title: Load, targets: ['ten.load'] }
`,
  });
  const ops = new ConsolePage(page, host);
  await ops.open();
  const chart = ops.charts.first().locator('.chart');
  await expect(chart).toBeVisible();
  // The panel asks for about one point per 20 px of plot (use-panel-series.ts).
  const width = Number((await chart.evaluate((el) => (el as HTMLElement).style.width)).replace('px', ''));
  const plot = plotRect(width);
  const maxDataPoints = Math.max(10, Math.round(plot.width / 20) * 20);

  // A range ending between two raw points, whose last bucket graphite-web labels after its end
  // while the bucket's value comes from points inside it.
  let range: { from: number; until: number; last: number } | undefined;
  for (let shift = 0; shift < 1200 && !range; shift += 10) {
    // One second after a raw point: its bucket is labelled 9 s after the range's end.
    const until = newest - shift + 1;
    const from = until - RANGE_S;
    const points = await answer(from, until, maxDataPoints);
    const [value, label] = points.at(-1) ?? [null, 0];
    if (label > until && value !== null) range = { from: from * 1000, until: until * 1000, last: value };
  }
  expect(range, 'graphite-web labelled no last bucket after the range').toBeDefined();

  await page.goto('about:blank');
  await page.goto(`${host.origin}/#/d/newest?from=${range!.from}&to=${range!.until}&tz=utc`);
  const panel = ops.charts.first();
  await expect(panel.getByTestId('legend-row').filter({ hasText: 'ten.load' }).locator('.legend-last')).toHaveText(formatValue(range!.last, ''));
  // Drawn at the plot's right edge, not past it where the chart clips it. The label is a fraction
  // of a pixel past the edge (consolidation means under a pixel per raw step), which the path's
  // one-decimal coordinates still show.
  const d = (await panel.locator('path.series-line').first().getAttribute('d')) ?? '';
  const lastX = Number(d.match(/([\d.]+),[\d.]+$/)?.[1]);
  expect(lastX).toBe(plot.left + plot.width);
  expect(ops.consoleErrors.filter((e) => !/Failed to load resource/.test(e))).toEqual([]);
});
