// How the dashboard loads: once per panel at its drawn size on a cold load, and at once from the
// core's last-known renders (marked with their age, never as fresh) on a reload or the next start.
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import type { Page, Request, Route } from '@playwright/test';

import { startRealGraphite } from '../integration/support/real-graphite';
import type { RealGraphite } from '../integration/support/real-graphite';
import { startHost } from './host';
import type { RunningHost } from './host';
import { expect, test } from './fixtures';
import { ConsolePage } from './pages/console-page';

interface RenderInput {
  targets: string[];
  from: number;
  until: number;
  maxDataPoints: number;
}

const renderOf = (req: Request): RenderInput | null => {
  if (!req.url().endsWith('/api/request')) return null;
  const body = req.postDataJSON() as { name?: string; input?: RenderInput } | null;
  return body?.name === 'graphs.render' ? body.input! : null;
};

/** Every graphs.render the page sends, those it aborted, and how many are still on their way. */
function watchRenders(page: Page) {
  const sent: RenderInput[] = [];
  const aborted: RenderInput[] = [];
  let open = 0;
  page.on('request', (req) => {
    const input = renderOf(req);
    if (!input) return;
    sent.push(input);
    open++;
  });
  page.on('requestfinished', (req) => {
    if (renderOf(req)) open--;
  });
  page.on('requestfailed', (req) => {
    const input = renderOf(req);
    if (!input) return;
    aborted.push(input);
    open--;
  });
  return { sent, aborted, inFlight: () => open };
}

/** Every panel on screen has each of its series drawn. */
async function expectAllDrawn(ops: ConsolePage) {
  await expect(ops.charts.first()).toBeVisible();
  for (const chart of await ops.charts.all()) await expect(chart.locator('path.series-line').first()).toHaveAttribute('d', /^M/);
}

/** Holds every render the page asks for until `release()`: what is on screen meanwhile came from elsewhere. */
async function holdRenders(page: Page) {
  const held: Route[] = [];
  const handler = (route: Route) => (renderOf(route.request()) ? void held.push(route) : route.continue());
  await page.route('**/api/request', handler);
  return {
    held: () => held.length,
    release: async () => {
      await page.unroute('**/api/request', handler);
      // A render the page gave up on meanwhile (it reloaded) is already handled: nothing to let through.
      for (const route of held.splice(0)) await route.continue().catch(() => {});
    },
  };
}

test('a cold load asks Graphite once per panel and window, at the size it draws, and aborts nothing', async ({ ops, page }) => {
  const renders = watchRenders(page);
  await ops.open();
  await expectAllDrawn(ops);
  await expect.poll(renders.inFlight).toBe(0);
  expect(renders.aborted).toEqual([]);
  // One request per panel per window: a refresh tick may have asked again, for a later window.
  const perWindow = new Map<string, number>();
  for (const { targets, from, until } of renders.sent) {
    const key = JSON.stringify([targets, from, until]);
    perWindow.set(key, (perWindow.get(key) ?? 0) + 1);
  }
  expect([...perWindow.values()].filter((n) => n > 1)).toEqual([]);
  expect(new Set(renders.sent.map((r) => JSON.stringify(r.targets))).size).toBe(await ops.charts.count());
  // About one point per pixel of the plot as drawn (Graphite is asked in steps of 20 px).
  const plotWidth = await ops.charts.first().locator('.chart-hit-layer').evaluate((layer) => layer.getBoundingClientRect().width);
  expect(renders.sent[0]!.maxDataPoints).toBe(Math.max(10, Math.round(plotWidth / 20) * 20));
});

test('a reload draws every panel at once from what the core kept, says how old it is, and shows it as fresh only once Graphite answered', async ({ ops, page }) => {
  await ops.open();
  await expectAllDrawn(ops);
  const panels = await ops.charts.count();
  const graphite = await holdRenders(page);
  await page.reload();
  await expectAllDrawn(ops);
  const aged = ops.charts.getByTestId('last-known');
  await expect(aged).toHaveCount(panels);
  for (const badge of await aged.all()) await expect(badge).toHaveText(/^last known (just now|\d+ min ago)$/);
  expect(graphite.held()).toBeGreaterThan(0);
  await graphite.release();
  await expect(aged).toHaveCount(0);
  await expectAllDrawn(ops);
});

let graphite: RealGraphite | undefined;
let hosts: RunningHost[] = [];
let stateDir: string | undefined;
test.afterEach(async () => {
  for (const host of hosts) await host.stop();
  await graphite?.dispose();
  if (stateDir) rmSync(stateDir, { recursive: true, force: true });
  hosts = [];
  graphite = stateDir = undefined;
});

test("the next start draws the last-known renders kept in the core's state directory, though the new port makes a new origin", async ({ page }) => {
  test.setTimeout(120_000);
  graphite = await startRealGraphite();
  const now = Math.floor(Date.now() / 60_000) * 60;
  await graphite.send(Array.from({ length: 30 }, (_, i) => `web.web-1.requests ${100 + i} ${now - i * 60}`));
  const newest = `${graphite.url}/render?target=web.web-1.requests&from=${now - 120}&until=${now}&format=json`;
  await expect.poll(async () => JSON.stringify(await (await fetch(newest)).json()), { timeout: 20_000 }).toContain('[100,');
  const config = `
graphite:
  - { id: graphite, name: Graphite (real), url: '${graphite.url}' }
dashboards:
  - id: web
    title: Web
    panels:
      - { title: Requests, targets: ['web.web-1.requests'] }
      - { title: Doubled, targets: ['scale(web.web-1.requests,2)'] }
`;
  stateDir = mkdtempSync(path.join(os.tmpdir(), 'ops-console-restart-'));
  const first = await startHost({ config, stateDir });
  hosts.push(first);
  const ops = new ConsolePage(page, first);
  await ops.open();
  await expectAllDrawn(ops);
  await expect(ops.charts.getByTestId('last-known')).toHaveCount(0);
  await first.stop();

  const second = await startHost({ config, stateDir });
  hosts.push(second);
  expect(new URL(second.url).origin).not.toBe(new URL(first.url).origin);
  const held = await holdRenders(page);
  await page.goto(second.url);
  await expectAllDrawn(ops);
  await expect(ops.charts.getByTestId('last-known')).toHaveCount(2);
  await held.release();
  await expect(ops.charts.getByTestId('last-known')).toHaveCount(0);
});
