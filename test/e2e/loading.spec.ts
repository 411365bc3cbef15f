import { expect, test } from './fixtures';

test('opening the printed address shows a dashboard, flags and logs with sample data, and the token leaves the address bar', async ({ ops, page }) => {
  await ops.open();
  await ops.waitUntilLoaded();

  expect(await ops.charts.count()).toBeGreaterThan(0);
  expect(await ops.deployMarkers.count()).toBeGreaterThan(0);
  expect(await ops.flagRows.count()).toBeGreaterThan(0);
  await expect(ops.sampleDataBadge).toBeVisible();
  expect(await ops.backendStatuses.count()).toBeGreaterThanOrEqual(4);
  await ops.waitUntilAllBackendsOk();

  expect(page.url()).not.toContain('#token');
  expect(page.url()).not.toContain(ops.host.token);
});

test('loading the console logs no console errors and breaks no CSP rule', async ({ ops }) => {
  await ops.open();
  await ops.waitUntilLoaded();
  await ops.waitUntilAllBackendsOk();
  // Hover and a redraw too: recharts measures text and we move elements by style on mousemove.
  const first = ops.charts.first();
  await first.locator('.chart-hit-layer').hover({ position: { x: 200, y: 60 } });
  await expect(first.locator('.chart-tooltip')).toBeVisible();
  expect(ops.consoleErrors).toEqual([]);
  expect(await ops.cspViolations()).toEqual([]);
});

test('hovering one panel moves the crosshair on every panel to the same moment', async ({ ops }) => {
  await ops.open();
  await ops.waitUntilLoaded();
  const count = await ops.charts.count();
  test.skip(count < 2, 'the dashboard on screen has a single panel');
  await ops.charts.first().locator('.chart-hit-layer').hover({ position: { x: 300, y: 60 } });
  const crosshairs = ops.charts.getByTestId('crosshair');
  await expect(crosshairs).toHaveCount(count);
  for (const line of await crosshairs.all()) await expect(line).toBeVisible();
  const positions = await crosshairs.evaluateAll((lines) => lines.map((line) => (line as HTMLElement).style.transform));
  expect(new Set(positions).size).toBe(1);
  // Only the hovered panel has a tooltip.
  await expect(ops.charts.locator('.chart-tooltip:visible')).toHaveCount(1);
});

test('a page opened without the token says how to sign in', async ({ ops, page }) => {
  await page.goto(ops.host.origin + '/');
  await expect(page.getByText('Open the address Ops Console printed (with its #token=…)')).toBeVisible();
  await expect(ops.charts).toHaveCount(0);
});
