import { expect, test } from './fixtures';

test('opening the printed address shows every panel with stand-in data, and the token leaves the address bar', async ({ ops, page }) => {
  await ops.open();
  await ops.waitUntilLoaded();

  await expect(ops.chart).toContainText('web requests/s');
  expect(await ops.deployMarkers.count()).toBeGreaterThan(0);
  await expect(ops.flagRows).toHaveCount(4);
  await expect(ops.standInBadge).toBeVisible();
  await expect(ops.backendStatuses).toHaveCount(4);
  await ops.waitUntilAllBackendsOk();

  expect(page.url()).not.toContain('#token');
  expect(page.url()).not.toContain(ops.host.token);
});

test('loading the console logs no console errors and breaks no CSP rule', async ({ ops }) => {
  await ops.open();
  await ops.waitUntilLoaded();
  await ops.waitUntilAllBackendsOk();
  // Hover and a redraw too: recharts measures text and we move elements by style on mousemove.
  const plot = ops.chart.locator('.chart-hit-layer');
  await plot.hover({ position: { x: 200, y: 60 } });
  await expect(ops.chart.locator('.chart-tooltip')).toBeVisible();
  expect(ops.consoleErrors).toEqual([]);
  expect(await ops.cspViolations()).toEqual([]);
});

test('a page opened without the token says how to sign in', async ({ ops, page }) => {
  await page.goto(ops.host.origin + '/');
  await expect(page.getByText('Open the address Ops Console printed (with its #token=…)')).toBeVisible();
  await expect(ops.chart).toHaveCount(0);
});
